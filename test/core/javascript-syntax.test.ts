/**
 * The TS/JS rule vocabulary: what calls resolve to through imports, literal values, options
 * objects, and edits that must look like the file they land in (quotes, semicolons, module
 * system, layout) and keep it parsing.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { FileFacts } from '../../server/src/core/facts';
import {
  addArgument,
  addProperty,
  callName,
  codeStyle,
  ensureImport,
  ensureImports,
  hasSpreadProperty,
  insertArgument,
  literalPrefix,
  objectLiteral,
  propertyValue,
  stringValue,
  type ImportRequest,
} from '../../server/src/core/javascript/syntax';
import { javascriptSupport } from '../../server/src/core/javascript/support';
import type { GrammarName } from '../../server/src/core/languages';
import { ParserPool, type Node, type Tree } from '../../server/src/core/parser';
import { createNodeHost } from '../../server/src/node/host';
import { applyEdits } from '../support/edits';

let pool: Promise<ParserPool> | undefined;

interface Parsed {
  text: string;
  tree: Tree;
  root: Node;
  facts: FileFacts;
  grammar: GrammarName;
}

async function parse(text: string, grammar: GrammarName = 'typescript'): Promise<Parsed> {
  pool ??= ParserPool.create(createNodeHost(), ['typescript', 'tsx', 'javascript']);
  const parsers = await pool;
  const tree = parsers.parse(grammar, text);
  const list = parsers.query(grammar, javascriptSupport.factQuery).captures(tree.rootNode).flatMap((capture) => javascriptSupport.factsOf(capture.node));
  return { text, tree, root: tree.rootNode, facts: new FileFacts(list), grammar };
}

/** The outermost node of `type` whose text starts at the first occurrence of `needle`. */
function nodeAt(parsed: Parsed, needle: string, type: string): Node {
  const offset = parsed.text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in the text`);
  let found: Node | undefined;
  for (let node: Node | null = parsed.root.descendantForIndex(offset); node; node = node.parent) {
    if (node.type === type && node.startIndex === offset) found = node;
  }
  assert.ok(found, `no ${type} at ${needle}`);
  return found;
}

/** Parse, and check that an edited text still parses cleanly. */
async function assertParses(text: string, grammar: GrammarName): Promise<void> {
  const parsed = await parse(text, grammar);
  try {
    assert.equal(parsed.root.hasError, false, `does not parse:\n${text}`);
  } finally {
    parsed.tree.delete();
  }
}

describe('javascript/syntax: callName', () => {
  const cases: [string, string, string, boolean, GrammarName?][] = [
    ["import cp from 'node:child_process';\ncp.exec('ls');", 'cp.exec(', 'child_process.exec', true],
    ["const { exec: run } = require('child_process');\nrun('ls');", "run('ls')", 'child_process.exec', true],
    ["import { execFile } from 'child_process';\nexecFile('ls');", "execFile('ls')", 'child_process.execFile', true],
    ["import * as fs from 'fs';\nfs.promises.writeFile(p, d);", 'fs.promises', 'fs.promises.writeFile', true],
    ["import fs = require('fs');\nfs.readFileSync(p);", 'fs.readFileSync', 'fs.readFileSync', true],
    ["require('fs').readFileSync(p);", "require('fs').readFileSync", 'fs.readFileSync', true],
    ["const axios = require('axios').default;\naxios.get(u);", 'axios.get', 'axios.get', true],
    ["import axios from 'axios';\nconst api = axios.create();\napi.get(u);", 'api.get', 'axios.create().get', true],
    ["import fs from 'fs';\nfs['writeFileSync'](p, d);", "fs['writeFileSync']", 'fs.writeFileSync', true],
    ['async function f() { await fetch<Response>(u); }', 'fetch<', 'fetch', false],
    ['fetch(u);', 'fetch(', 'fetch', false],
    ['globalThis.fetch(u);', 'globalThis', 'fetch', false],
    ["new URL('https://example.com');", 'new URL', 'URL', false],
    ['function load(p) {}\nload(p);', 'load(p);', 'load', false],
    ["const http = require('node:http');\nhttp.get(u, (res) => res.resume());", 'http.get', 'http.get', true, 'javascript'],
  ];
  for (const [text, needle, name, imported, grammar] of cases) {
    it(`${needle} in ${JSON.stringify(text.split('\n')[0])} → ${name}`, async () => {
      const parsed = await parse(text, grammar);
      try {
        // The outermost call starting at the needle: `require('fs').readFileSync(p)`, not `require('fs')`.
        const offset = text.indexOf(needle);
        let call: Node | undefined;
        for (let node: Node | null = parsed.root.descendantForIndex(offset); node; node = node.parent) {
          if ((node.type === 'call_expression' || node.type === 'new_expression') && (!call || node.startIndex === call.startIndex)) call = node;
        }
        assert.ok(call, 'a call at the needle');
        assert.deepEqual(callName(call, parsed.facts), { name, imported });
      } finally {
        parsed.tree.delete();
      }
    });
  }
});

describe('javascript/syntax: literals and options objects', () => {
  it('reads strings, templates without substitutions and + of them; nothing computed', async () => {
    const parsed = await parse("f('a', \"b\\n\", `plain`, `a${b}`, 'x' + \"y\", name, ('p'));");
    try {
      const args = nodeAt(parsed, "('a'", 'arguments').namedChildren.map((arg) => stringValue(arg));
      assert.deepEqual(args, ['a', 'b\\n', 'plain', undefined, 'xy', undefined, 'p']);
    } finally {
      parsed.tree.delete();
    }
  });

  it('reads the literal prefix of a template with substitutions', async () => {
    const parsed = await parse('f(`/tmp/${name}.json`);');
    try {
      assert.equal(literalPrefix(nodeAt(parsed, '`/tmp', 'template_string')), '/tmp/');
    } finally {
      parsed.tree.delete();
    }
  });

  it('finds properties by any static key form, the last one winning, and sees spreads', async () => {
    const parsed = await parse("f({ timeout: 1, 'signal': s, ['revision']: 'main', timeout: 2, retry, ...rest } as Options);");
    try {
      const object = objectLiteral(nodeAt(parsed, '{ timeout', 'object'))!;
      assert.equal(propertyValue(object, 'timeout')?.text, '2');
      assert.equal(propertyValue(object, 'signal')?.text, 's');
      assert.equal(stringValue(propertyValue(object, 'revision')), 'main');
      assert.equal(propertyValue(object, 'retry')?.text, 'retry');
      assert.equal(propertyValue(object, 'missing'), undefined);
      assert.equal(hasSpreadProperty(object), true);
    } finally {
      parsed.tree.delete();
    }
  });
});

describe('javascript/syntax: adding properties and arguments keeps the layout', () => {
  const propertyCases: [string, string][] = [
    ['f({});', 'f({ timeout: 5 });'],
    ['f({ a });', 'f({ a, timeout: 5 });'],
    ['f({ a, });', 'f({ a, timeout: 5, });'],
    ['f({\n  a: 1,\n  b: 2,\n});', 'f({\n  a: 1,\n  b: 2,\n  timeout: 5,\n});'],
    ['f({\n  a: 1,\n  b: 2 // two\n});', 'f({\n  a: 1,\n  b: 2, // two\n  timeout: 5\n});'],
    ['f({ /* none */ });', 'f({ /* none */ timeout: 5 });'],
  ];
  for (const [before, after] of propertyCases) {
    it(`${JSON.stringify(before)} → ${JSON.stringify(after)}`, async () => {
      const parsed = await parse(before);
      try {
        const result = applyEdits(before, [addProperty(nodeAt(parsed, '{', 'object'), 'timeout: 5', before)]);
        assert.equal(result, after);
        await assertParses(result, 'typescript');
      } finally {
        parsed.tree.delete();
      }
    });
  }

  const argumentCases: [string, number, string][] = [
    ['f();', 0, 'f(x);'],
    ['f(a);', 1, 'f(a, x);'],
    ['f(a,);', 1, 'f(a, x,);'],
    ['f(a, (res) => res);', 1, 'f(a, x, (res) => res);'],
    ['f(\n  a,\n  b,\n);', 2, 'f(\n  a,\n  b,\n  x,\n);'],
    ['f(\n  a,\n  b\n);', 2, 'f(\n  a,\n  b,\n  x\n);'],
    ['f(\n  a,\n  cb,\n);', 1, 'f(\n  a,\n  x,\n  cb,\n);'],
  ];
  for (const [before, index, after] of argumentCases) {
    it(`${JSON.stringify(before)} + x at ${index} → ${JSON.stringify(after)}`, async () => {
      const parsed = await parse(before);
      try {
        const call = nodeAt(parsed, 'f(', 'call_expression');
        const edit = index === call.childForFieldName('arguments')!.namedChildCount ? addArgument(call, 'x', before) : insertArgument(call, index, 'x', before);
        const result = applyEdits(before, [edit]);
        assert.equal(result, after);
        await assertParses(result, 'typescript');
      } finally {
        parsed.tree.delete();
      }
    });
  }
});

describe('javascript/syntax: imports in the file’s own style', () => {
  /** Ask for `requests` at `needle` and return the edited text and the references to use. */
  async function plan(text: string, needle: string, requests: ImportRequest[], grammar: GrammarName = 'typescript', path?: string) {
    const parsed = await parse(text, grammar);
    try {
      const at = parsed.root.descendantForIndex(text.indexOf(needle))!;
      const result = ensureImports(parsed.root, text, parsed.facts, at, requests, path);
      const edited = applyEdits(text, result.edits);
      await assertParses(edited, grammar);
      return { text: edited, references: result.references };
    } finally {
      parsed.tree.delete();
    }
  }

  const osAndPath: ImportRequest[] = [
    { module: 'os', member: 'tmpdir' },
    { module: 'path', member: 'join' },
  ];

  it('ESM: default imports with node:, in sorted position among the built-ins, one edit for both', async () => {
    const text = "import { spawn } from 'node:child_process';\nimport fs from 'node:fs';\nimport { z } from 'zod';\n\nfs.writeFileSync(X, '');\n";
    const result = await plan(text, 'X', osAndPath, 'javascript', 'a.mjs');
    assert.deepEqual(result.references, ['os.tmpdir', 'path.join']);
    assert.equal(
      result.text,
      "import { spawn } from 'node:child_process';\nimport fs from 'node:fs';\nimport os from 'node:os';\nimport path from 'node:path';\nimport { z } from 'zod';\n\nfs.writeFileSync(X, '');\n",
    );
  });

  it('ESM: namespace imports without node:, double quotes and no semicolons, like the file', async () => {
    const text = 'import * as fs from "fs"\nimport * as path from "path"\n\nfs.writeFileSync(X, "")\n';
    const result = await plan(text, 'X', osAndPath);
    assert.deepEqual(result.references, ['os.tmpdir', 'path.join']);
    assert.equal(result.text, 'import * as fs from "fs"\nimport * as os from "os"\nimport * as path from "path"\n\nfs.writeFileSync(X, "")\n');
  });

  it('CommonJS: require with the file’s keyword, after the directive; CRLF kept', async () => {
    const text = "'use strict';\r\nvar fs = require('fs');\r\n\r\nfunction f() { fs.writeFileSync(X, ''); }\r\n";
    const result = await plan(text, 'X', [{ module: 'os', member: 'tmpdir' }], 'javascript', 'a.js');
    assert.equal(result.text, "'use strict';\r\nvar fs = require('fs');\r\nvar os = require('os');\r\n\r\nfunction f() { fs.writeFileSync(X, ''); }\r\n");
  });

  it('TypeScript import = require stays import = require', async () => {
    const text = "import fs = require('node:fs');\n\nfs.writeFileSync(X, '');\n";
    const result = await plan(text, 'X', [{ module: 'os', member: 'tmpdir' }]);
    assert.equal(result.text, "import fs = require('node:fs');\nimport os = require('node:os');\n\nfs.writeFileSync(X, '');\n");
  });

  it('reuses an existing import, a named one directly', async () => {
    const text = "import { tmpdir } from 'node:os';\nimport * as p from 'path';\n\nf(X);\n";
    const result = await plan(text, 'X', osAndPath);
    assert.deepEqual(result.references, ['tmpdir', 'p.join']);
    assert.equal(result.text, text);
  });

  it('does not reuse an import a parameter shadows, and picks a name nothing else uses', async () => {
    const text = "import fs from 'fs';\nimport path from 'path';\n\nexport function load(path: string) {\n  return fs.readFileSync(X);\n}\n";
    const result = await plan(text, 'X', osAndPath, 'typescript', 'a.ts');
    assert.deepEqual(result.references, ['os.tmpdir', 'nodePath.join']);
    assert.equal(result.text, "import fs from 'fs';\nimport os from 'os';\nimport path from 'path';\nimport nodePath from 'path';\n\nexport function load(path: string) {\n  return fs.readFileSync(X);\n}\n");
  });

  it('CommonJS: a require never lands after the top-level statement that needs it', async () => {
    const text = "const fs = require('fs');\nfs.writeFileSync(X, '');\nconst path = require('path');\n";
    const result = await plan(text, 'X', osAndPath, 'javascript', 'a.cjs');
    // `path` is required after the use: reusing it would throw at load time.
    assert.deepEqual(result.references, ['os.tmpdir', 'nodePath.join']);
    assert.equal(result.text, "const fs = require('fs');\nconst os = require('os');\nconst nodePath = require('path');\nfs.writeFileSync(X, '');\nconst path = require('path');\n");
  });

  it('without imports: after the shebang and a header comment, by extension (.js → require)', async () => {
    const text = '#!/usr/bin/env node\n// Copyright header\n\n/** Docs of main. */\nfunction main() { return X; }\n';
    const parsed = await parse(text, 'javascript');
    try {
      const at = parsed.root.descendantForIndex(text.indexOf('X'))!;
      const { local, edits } = ensureImport(parsed.root, text, parsed.facts, at, 'os', 'tool.js');
      assert.equal(local, 'os');
      assert.equal(applyEdits(text, edits), '#!/usr/bin/env node\n// Copyright header\nconst os = require(\'node:os\');\n\n/** Docs of main. */\nfunction main() { return X; }\n');
    } finally {
      parsed.tree.delete();
    }
  });

  it('detects quotes and semicolons by majority when there are no imports', async () => {
    const parsed = await parse('const a = "x"\nconst b = "y"\nf(\'z\')\n');
    try {
      const style = codeStyle(parsed.root, parsed.text, 'a.ts');
      assert.equal(style.quote, '"');
      assert.equal(style.semicolons, false);
      assert.equal(style.modules, 'esm');
    } finally {
      parsed.tree.delete();
    }
  });
});
