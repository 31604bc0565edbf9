import type { FileFacts } from '../../facts';
import {
  addNamedImport,
  cachedCallName,
  callArguments,
  calleeOf,
  codeStyle,
  ensureImports,
  identifierCount,
  isNodeBuiltin,
  mentions,
  nameWords,
  numberValue,
  qualifiedName,
  replaceNode,
  unwrap,
  valueDestination,
} from '../../javascript/syntax';
import type { Node } from '../../parser';
import { defineRule, type FixContext } from '../../rule';
import type { Fix, TextEdit } from '../../types';
import { twinMeta } from '../python/index';

/** Words that make a name a secret on their own: `token`, `csrfToken`, `SESSION_SECRET`, `salt`, `otp`, `iv`. */
const SECRET_WORDS = new Set([
  'token', 'tokens', 'secret', 'secrets', 'password', 'passwords', 'passwd', 'pwd', 'passphrase', 'passcode', 'salt', 'nonce', 'otp', 'totp', 'hotp',
  'csrf', 'xsrf', 'apikey', 'credential', 'credentials', 'iv', 'session', 'sessionid', 'sid', 'captcha',
]);
/** Words that make a generic word (`key`, `id`, `code`, `link`) secret: `apiKey`, `resetCode`, `inviteLink`, `authId`. */
const QUALIFIERS = new Set(['api', 'private', 'access', 'signing', 'encryption', 'auth', 'verification', 'verify', 'reset', 'activation', 'invite', 'invitation', 'recovery', 'confirmation', 'confirm', 'magic', 'login', 'bearer', 'hmac', 'aes', 'crypto', 'unlock']);
const GENERIC = new Set(['key', 'keys', 'id', 'code', 'link', 'hash', 'url', 'string', 'str', 'value']);
/** A last word that makes the value a measure of the secret, not the secret (`tokenLength`, `sessionTimeout`). */
const MEASURES = new Set([
  'count', 'length', 'len', 'size', 'index', 'idx', 'delay', 'timeout', 'interval', 'ttl', 'expiry', 'expires', 'expiration', 'ms', 'seconds', 'secs', 'retry',
  'retries', 'attempt', 'attempts', 'position', 'pos', 'offset', 'jitter', 'ratio', 'chance', 'probability', 'percent', 'rate', 'limit', 'max', 'min', 'duration',
  'backoff', 'wait', 'sleep', 'timer', 'color', 'colour', 'width', 'height', 'age',
]);

/** Whether a name says it holds something that must not be guessed. */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0 || MEASURES.has(words.at(-1)!)) return false;
  return words.some((word) => SECRET_WORDS.has(word)) || (words.some((word) => QUALIFIERS.has(word)) && words.some((word) => GENERIC.has(word)));
}

type Shape =
  /** `Math.floor(Math.random() * n)` (with an integer added inside or out): `crypto.randomInt(n)`. */
  | { kind: 'int'; replace: Node; bound: Node; offset?: Node; offsetFirst?: boolean }
  /** `Math.random().toString(36).slice(2)`: a random string, `crypto.randomUUID()`. */
  | { kind: 'uuid'; replace: Node };

interface State {
  shape?: Shape;
  /** `crypto.pseudoRandomBytes`, the deprecated name of `randomBytes`. */
  alias?: boolean;
}

const ALIASES = ['pseudoRandomBytes'];

/** Words one of which a file must contain for this rule to find anything. */
const TRIGGERS = ['random', 'pseudoRandomBytes'];

export const jsRandom = defineRule<State>({
  meta: twinMeta('B311'),
  family: 'javascript',
  nodeTypes: ['call_expression'],
  triggers: TRIGGERS,
  check(call, ctx) {
    if (!mentions(ctx, TRIGGERS)) return undefined;
    // A cheap text test first: this runs on every call of the file.
    if (!/random\(\s*\)$/.test(ctx.text.slice(Math.max(call.startIndex, call.endIndex - 12), call.endIndex))) {
      if (!mentions(ctx, ALIASES)) return undefined;
      const alias = cachedCallName(call, ctx.facts);
      if (!alias?.imported || alias.name !== 'crypto.pseudoRandomBytes') return undefined;
      return {
        node: calleeOf(call)!,
        message: 'crypto.pseudoRandomBytes is a deprecated, undocumented name: it was once a weaker generator, and it is randomBytes today. Call crypto.randomBytes.',
        state: { alias: true },
      };
    }
    const callee = calleeOf(call);
    if (callee?.type !== 'member_expression' || callee.childForFieldName('property')?.text !== 'random') return undefined;
    const name = qualifiedName(callee, ctx.facts);
    if (!name || name.imported || name.name !== 'Math.random' || callArguments(call).length > 0) return undefined;
    const destination = valueDestination(call, ctx.facts);
    if (!destination || !isSecretName(destination.name)) return undefined;
    return {
      node: call,
      message: `${destination.via === 'argument' ? `The value given to ${destination.name}` : destination.name} comes from Math.random(), which is predictable: it can be guessed from a few other outputs. Use crypto.randomInt(), crypto.randomUUID() or crypto.getRandomValues().`,
      severity: 'medium',
      state: { shape: shapeOf(call) },
    };
  },
  fix(report, ctx) {
    if (report.state!.alias) {
      const callee = report.node;
      // A promisified pseudoRandomBytes: randomBytes would need promisifying too.
      if (ctx.facts.wrappers.has(callee.text.split('.')[0]!)) return [];
      if (callee.type === 'member_expression') {
        return [{ title: 'Call crypto.randomBytes', applicability: 'safe', edits: [replaceNode(callee.childForFieldName('property')!, 'randomBytes')] }];
      }
      // `pseudoRandomBytes` imported by name and used only here: rename the import itself.
      const renamed = callee.type === 'identifier' && identifierCount(ctx.root, ctx.text, callee.text) <= 2 ? addNamedImport(ctx.root, ctx.text, ctx.facts, callee.text, 'randomBytes', true) : undefined;
      if (renamed) return [{ title: 'Call crypto.randomBytes', applicability: 'safe', edits: [...renamed, replaceNode(callee, 'randomBytes')] }];
      const reference = cryptoMember(ctx, callee, 'randomBytes');
      return [{ title: `Call ${reference.name}`, applicability: 'safe', edits: [...reference.edits, replaceNode(callee, reference.name)] }];
    }
    const shape = report.state!.shape;
    if (!shape) return [];
    const node = nodeFile(ctx);
    if (shape.kind === 'int') {
      // crypto.randomInt is Node's: a file that may run in a browser gets no fix.
      if (!node) return [];
      const reference = cryptoMember(ctx, report.node, 'randomInt');
      const bound = unwrap(shape.bound).text;
      let text = `${reference.name}(${bound})`;
      if (shape.offset) text = shape.offsetFirst ? `${shape.offset.text} + ${text}` : `${text} + ${shape.offset.text}`;
      return [
        fix(`Use ${reference.name}(${bound})`, [...reference.edits, replaceNode(shape.replace, text)],
          'crypto.randomInt throws a RangeError where Math.floor(Math.random() * n) quietly returned a number: when n is not a safe integer, is 0 or less, or is 2^48 or more.'),
      ];
    }
    const reference = node ? cryptoMember(ctx, report.node, 'randomUUID') : { name: globalCrypto(ctx), edits: [] };
    return [
      fix(`Use ${reference.name}()`, [...reference.edits, replaceNode(shape.replace, `${reference.name}()`)],
        'The value changes shape: a 36-character UUID (122 random bits, with dashes) instead of about 11 base-36 characters. Code that parses it, or a column sized for it, may need a change. In browsers crypto.randomUUID needs a secure context (HTTPS).'),
    ];
  },
  docs: `
## What it does
Reports \`Math.random()\` whose result becomes something that must not be guessed, judged in
its own statement by the name it lands in: a variable, property, class field, JSX attribute or
setting named as a token, secret, password, salt, nonce, OTP, CSRF token, API key, session id,
IV or reset/invite/verification code (\`const resetToken = …\`, \`{ nonce: … }\`,
\`res.cookie('sid', …)\`, \`setPassword(…)\`), followed through arithmetic, string building
(\`.toString(36).slice(2)\`, \`chars[Math.floor(Math.random() * n)]\`, templates, \`+=\`),
\`Math.floor\`, \`Array.from\` and \`.map\` callbacks. Reported at medium severity. Also reports
\`crypto.pseudoRandomBytes\`, the deprecated name of \`randomBytes\` (low severity).

## Why is this bad?
\`Math.random()\` is a fast generator (xorshift128+ in V8) meant for simulations: from a few
outputs its state can be recovered and every past and future value computed. Tokens,
passwords and session ids made from it can be predicted by an attacker who sees a few of them
(CWE-330, CWE-338).

## Example
\`\`\`ts
const resetToken = Math.random().toString(36).slice(2);
const otp = Math.floor(100000 + Math.random() * 900000);
\`\`\`

## Use instead
\`\`\`ts
import crypto from 'node:crypto';
const resetToken = crypto.randomUUID();
const otp = 100000 + crypto.randomInt(900000);
\`\`\`

## Beyond Bandit
Bandit's B311 reports every use of Python's \`random\` module at low severity; this is its TS/JS
twin, so \`// nosec B311\` means the same in both languages. Vigil reports only values whose
name says they are secret, so shuffles, jitter, sampling, colours, React keys and element ids
are left alone (a name ending in \`Count\`, \`Length\`, \`Timeout\`, \`Delay\`… is a measure, not a
secret). It misses secrets whose name does not say so (\`const code = …\`, \`let result = …;
return result\` in \`generatePassword()\`): the rule judges one statement at a time.

## Fix safety
\`crypto.pseudoRandomBytes\` becomes \`crypto.randomBytes\`: safe, as current Node.js versions
give the same function under both names. For \`Math.random()\`, two shapes have a fix, both unsafe. \`Math.floor(Math.random() * n)\` (also with an integer
literal added inside or outside the floor) becomes \`crypto.randomInt(n)\`: the same
distribution, but it throws where the old code returned a number (\`n\` not a safe integer, 0 or
less, or 2^48 or more); it needs Node's crypto, so it is offered only in files that use Node
built-ins or \`require\`. \`Math.random().toString(36).slice(2)\` (or \`.substring(2)\`,
\`.substr(2)\`, any radix) becomes \`crypto.randomUUID()\`: a 36-character UUID instead of about
11 characters, so code that parses the value or stores it in a sized column may need a change.
In Node files it uses \`node:crypto\` (reusing the file's import, adding a named import next to
an existing one, or importing it in the file's style); elsewhere the Web Crypto global
\`crypto.randomUUID()\`, which browsers offer in secure contexts (HTTPS) only.

## References
- [Node.js: crypto.randomInt()](https://nodejs.org/api/crypto.html#cryptorandomintmin-max-callback)
- [MDN: Crypto.randomUUID()](https://developer.mozilla.org/en-US/docs/Web/API/Crypto/randomUUID)
- [MDN: Math.random() is not cryptographically secure](https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Math/random)
- [CWE-338: Use of Cryptographically Weak PRNG](https://cwe.mitre.org/data/definitions/338.html)
`,
});

function fix(title: string, edits: TextEdit[], caveat: string): Fix {
  return { title, applicability: 'unsafe', edits, caveat };
}

/** The shapes a fix knows around a `Math.random()` call. */
function shapeOf(random: Node): Shape | undefined {
  const up = (node: Node): Node | null => {
    let parent = node.parent;
    while (parent?.type === 'parenthesized_expression') parent = parent.parent;
    return parent;
  };
  // Math.random().toString(radix).slice(2)
  const toString = random.parent;
  if (toString?.type === 'member_expression' && toString.childForFieldName('property')?.text === 'toString') {
    const toStringCall = toString.parent;
    const slice = toStringCall?.type === 'call_expression' ? toStringCall.parent : null;
    const sliceCall = slice?.type === 'member_expression' ? slice.parent : null;
    if (slice && sliceCall?.type === 'call_expression' && ['slice', 'substring', 'substr'].includes(slice.childForFieldName('property')?.text ?? '')) {
      const args = callArguments(sliceCall);
      if (args.length === 1 && numberValue(args[0]) === 2) return { kind: 'uuid', replace: sliceCall };
    }
    return undefined;
  }
  // Math.floor(Math.random() * n), Math.floor(a + Math.random() * n), Math.floor(Math.random() * n) + a
  const product = up(random);
  if (product?.type !== 'binary_expression' || product.childForFieldName('operator')?.text !== '*') return undefined;
  const left = product.childForFieldName('left')!;
  const bound = unwrap(left).id === random.id ? product.childForFieldName('right')! : left;
  let inner: Node = product;
  let offset: Node | undefined;
  let offsetFirst = false;
  const sum = up(product);
  if (sum?.type === 'binary_expression' && sum.childForFieldName('operator')?.text === '+') {
    const other = sum.childForFieldName('left')!.id === product.id || unwrap(sum.childForFieldName('left')!).id === product.id ? sum.childForFieldName('right')! : sum.childForFieldName('left')!;
    if (!isInteger(other)) return undefined;
    offset = other;
    offsetFirst = other.id === sum.childForFieldName('left')!.id;
    inner = sum;
  }
  const args = up(inner);
  const floor = args?.type === 'arguments' ? args.parent : null;
  if (!floor || floor.type !== 'call_expression' || floor.childForFieldName('function')?.text !== 'Math.floor' || callArguments(floor).length !== 1) return undefined;
  const literal = numberValue(bound);
  if (literal !== undefined && !(Number.isSafeInteger(literal) && literal > 0 && literal <= 2 ** 48)) return undefined;
  return { kind: 'int', replace: floor, bound, offset, offsetFirst };
}

function isInteger(node: Node): boolean {
  const value = numberValue(node);
  return value !== undefined && Number.isSafeInteger(value);
}

/** Whether the file runs on Node: it loads a Node built-in, or uses `require`. */
function nodeFile(ctx: FixContext): boolean {
  if ([...ctx.facts.aliases.values()].some((qualified) => isNodeBuiltin(qualified.split('.')[0]!))) return true;
  return codeStyle(ctx.root, ctx.text, ctx.options.path).modules === 'commonjs';
}

/** How to call `crypto.<member>` at `at`, and the import edits that takes. */
function cryptoMember(ctx: FixContext, at: Node, member: string): { name: string; edits: TextEdit[] } {
  const plan = ensureImports(ctx.root, ctx.text, ctx.facts, at, [{ module: 'crypto', member }], ctx.options.path);
  if (plan.edits.length === 0) return { name: plan.references[0]!, edits: [] };
  // Next to the file's named import of crypto: `import { createHash, randomInt } from 'node:crypto'`.
  const named = namedImportOf(ctx.facts, 'crypto');
  const added = named && addNamedImport(ctx.root, ctx.text, ctx.facts, named, member, false);
  if (added) return { name: member, edits: added };
  return { name: plan.references[0]!, edits: plan.edits };
}

function namedImportOf(facts: FileFacts, module: string): string | undefined {
  return [...facts.aliases].find(([, qualified]) => qualified.startsWith(`${module}.`) && !qualified.slice(module.length + 1).includes('.'))?.[0];
}

/** The Web Crypto global, as `crypto` unless the file gives that name another meaning. */
function globalCrypto(ctx: FixContext): string {
  const taken = ctx.facts.aliases.has('crypto') || /\b(?:const|let|var|function|class)\s+crypto\b/.test(ctx.text);
  return `${taken ? 'globalThis.crypto' : 'crypto'}.randomUUID`;
}
