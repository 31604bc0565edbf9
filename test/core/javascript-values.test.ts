/**
 * The TS/JS vocabulary rules use to judge a value by where it goes (B311, B324, B104) and the
 * edits their fixes are built from: removing a property, adding a named import next to the one
 * that is there. Edits must keep the file parsing and look like it.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { FileFacts } from '../../server/src/core/facts';
import { addNamedImport, booleanValue, nameWords, numberValue, removeProperty, valueDestination } from '../../server/src/core/javascript/syntax';
import { javascriptSupport } from '../../server/src/core/javascript/support';
import type { GrammarName } from '../../server/src/core/languages';
import { ParserPool, type Node } from '../../server/src/core/parser';
import { createNodeHost } from '../../server/src/node/host';
import { applyEdits } from '../support/edits';

let pool: Promise<ParserPool> | undefined;

async function withTree<T>(text: string, use: (root: Node, facts: FileFacts) => T, grammar: GrammarName = 'typescript'): Promise<T> {
  pool ??= ParserPool.create(createNodeHost(), ['typescript', 'tsx', 'javascript']);
  const parsers = await pool;
  const tree = parsers.parse(grammar, text);
  try {
    const facts = new FileFacts(parsers.query(grammar, javascriptSupport.factQuery).captures(tree.rootNode).flatMap((capture) => javascriptSupport.factsOf(capture.node)));
    return use(tree.rootNode, facts);
  } finally {
    tree.delete();
  }
}

async function parsesCleanly(text: string, grammar: GrammarName = 'typescript'): Promise<boolean> {
  return withTree(text, (root) => !root.hasError, grammar);
}

/** The smallest node of `type` starting at the first occurrence of `needle`. */
function nodeAt(root: Node, text: string, needle: string, type: string): Node {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in the text`);
  for (let node: Node | null = root.descendantForIndex(offset); node; node = node.parent) {
    if (node.type === type && node.startIndex === offset) return node;
  }
  assert.fail(`no ${type} at ${needle}`);
}

/** Where the `Math.random()` of a snippet ends up, as `via name`. */
async function destinationOfRandom(text: string, grammar: GrammarName = 'typescript'): Promise<string | undefined> {
  return withTree(
    text,
    (root, facts) => {
      const found = valueDestination(nodeAt(root, text, 'Math.random()', 'call_expression'), facts);
      return found && `${found.via} ${found.name}`;
    },
    grammar,
  );
}

describe('valueDestination', () => {
  it('follows a value through arithmetic, string building and pass-through calls to the name it is stored under', async () => {
    assert.equal(await destinationOfRandom('const resetToken = Math.random().toString(36).slice(2);'), 'variable resetToken');
    assert.equal(await destinationOfRandom('const otp = Math.floor(100000 + Math.random() * 900000);'), 'variable otp');
    assert.equal(await destinationOfRandom('password += chars[Math.floor(Math.random() * chars.length)];'), 'variable password');
    assert.equal(await destinationOfRandom('user.session.secret = `s-${Math.random()}`;'), 'variable secret');
    assert.equal(await destinationOfRandom("headers['x-csrf-token'] = String(Math.random());"), 'variable x-csrf-token');
    assert.equal(await destinationOfRandom('const key = Array.from({ length: 8 }, () => chars.charAt(Math.floor(Math.random() * 62))).join("");'), 'variable key');
    assert.equal(await destinationOfRandom('const [token, setToken] = useState(() => Math.random());'), 'variable token');
  });

  it('names properties, JSX attributes, class fields, parameter defaults, callees and keyed setters', async () => {
    assert.equal(await destinationOfRandom('send({ nonce: Math.random() });'), 'property nonce');
    assert.equal(await destinationOfRandom("store.set('sid', Math.random());"), 'property sid');
    assert.equal(await destinationOfRandom('setPassword(Math.random());'), 'argument setPassword');
    assert.equal(await destinationOfRandom('class A { private salt = Math.random(); }'), 'variable salt');
    assert.equal(await destinationOfRandom('function f(iv = Math.random()) {}'), 'variable iv');
    assert.equal(await destinationOfRandom('const a = <script nonce={String(Math.random())} />;', 'tsx'), 'attribute nonce');
  });

  it('stops where the value is consumed: comparisons, conditions, returns, other statements', async () => {
    assert.equal(await destinationOfRandom('const token = Math.random() > 0.5;'), undefined);
    assert.equal(await destinationOfRandom('const token = Math.random() ? a : b;'), undefined);
    assert.equal(await destinationOfRandom('function token() { return Math.random(); }'), undefined);
    assert.equal(await destinationOfRandom('if (Math.random()) token = 1;'), undefined);
  });
});

describe('names and literals', () => {
  it('splits names into lower-case words, keeping runs of capitals together', () => {
    assert.deepEqual(nameWords('resetToken'), ['reset', 'token']);
    assert.deepEqual(nameWords('SESSION_SECRET'), ['session', 'secret']);
    assert.deepEqual(nameWords('x-csrf-token'), ['x', 'csrf', 'token']);
    assert.deepEqual(nameWords('APIKey'), ['apikey']);
    assert.deepEqual(nameWords('ETag'), ['etag']);
  });

  it('reads booleans and numbers as written, minified forms included', async () => {
    const values = await withTree('f(true, !1, !0, 0x800, 2_048, -1, x);', (root) => {
      const args = root.descendantsOfType('arguments')[0]!.namedChildren.filter((node): node is Node => !!node);
      return args.map((arg) => [booleanValue(arg), numberValue(arg)]);
    });
    assert.deepEqual(values, [[true, undefined], [false, undefined], [true, undefined], [undefined, 2048], [undefined, 2048], [undefined, -1], [undefined, undefined]]);
  });
});

describe('removeProperty', () => {
  const cases: [string, string][] = [
    ["spawn(c, { shell: true });", 'spawn(c, {});'],
    ["spawn(c, { a: 1, shell: true });", 'spawn(c, { a: 1 });'],
    ["spawn(c, { shell: true, a: 1 });", 'spawn(c, { a: 1 });'],
    ["spawn(c, { a: 1, shell: true, });", 'spawn(c, { a: 1 });'],
    ['spawn(c, {\n  a: 1,\n  shell: true, // why\n});', 'spawn(c, {\n  a: 1,\n});'],
    ['spawn(c, {\n  a: 1,\n  shell: true\n});', 'spawn(c, {\n  a: 1\n});'],
    ['spawn(c, {\n  shell: true,\n  a: 1,\n});', 'spawn(c, {\n  a: 1,\n});'],
  ];
  for (const [before, after] of cases) {
    it(`${JSON.stringify(before)} → ${JSON.stringify(after)}`, async () => {
      const edited = await withTree(before, (root) => {
        const pair = nodeAt(root, before, 'shell', 'pair');
        return applyEdits(before, [removeProperty(pair.parent!, pair, before)]);
      });
      assert.equal(edited, after);
      assert.ok(await parsesCleanly(edited));
    });
  }
});

describe('addNamedImport', () => {
  async function add(text: string, local: string, replace: boolean): Promise<string | undefined> {
    const edits = await withTree(text, (root, facts) => addNamedImport(root, text, facts, local, 'execFile', replace));
    return edits && applyEdits(text, edits);
  }

  it('adds the member next to a named import or a destructured require, in its layout', async () => {
    assert.equal(await add("import { exec } from 'node:child_process';\nexec(x);\n", 'exec', false), "import { exec, execFile } from 'node:child_process';\nexec(x);\n");
    assert.equal(await add("const { exec: run } = require('child_process')\n", 'run', true), "const { exec: run, execFile } = require('child_process')\n");
    assert.equal(
      await add("import {\n  exec,\n  spawn,\n} from 'child_process';\n", 'exec', false),
      "import {\n  exec,\n  spawn,\n  execFile,\n} from 'child_process';\n",
    );
  });

  it('renames the binding itself when asked to (a name used nowhere else)', async () => {
    assert.equal(await add("import { exec } from 'child_process';\n", 'exec', true), "import { execFile } from 'child_process';\n");
  });

  it('declines when the name is bound another way or the new name is taken', async () => {
    assert.equal(await add("import cp from 'child_process';\n", 'cp', false), undefined);
    assert.equal(await add("import { exec } from 'child_process';\nconst execFile = 1;\n", 'exec', false), undefined);
  });
});
