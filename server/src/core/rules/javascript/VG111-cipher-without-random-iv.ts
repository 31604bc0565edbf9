import { cachedCallName, callArguments, calleeOf, isNullish, mentions, numberValue, stringValue, unwrap } from '../../javascript/syntax';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';

/** Modes that take no IV: a fixed one (or none) is expected there. */
const NO_IV = /(?:^|-)ecb$|^des-ede3?$|wrap/i;

/** Words one of which a file must contain for this rule to find anything. */
const TRIGGERS = ['createCipher', 'createDecipher'];

export const jsCipherWithoutRandomIv = defineRule<undefined>({
  meta: {
    id: 'VG111',
    name: 'cipher_without_random_iv',
    title: 'Encryption without a fresh random IV',
    severity: 'medium',
    confidence: 'high',
    cwe: 329,
  },
  family: 'javascript',
  nodeTypes: ['call_expression'],
  triggers: TRIGGERS,
  check(call, ctx) {
    if (!mentions(ctx, TRIGGERS)) return undefined;
    const callee = cachedCallName(call, ctx.facts);
    if (!callee?.imported) return undefined;
    if (callee.name === 'crypto.createCipher' || callee.name === 'crypto.createDecipher') {
      return {
        node: calleeOf(call)!,
        message: `${callee.name} derives the key and IV from the password with one round of MD5 and no salt: every message under the same password gets the same IV (and, in CTR or GCM modes, the same keystream). It is removed in Node.js 22; use createCipheriv with a key from crypto.scrypt and a random IV.`,
      };
    }
    if (callee.name !== 'crypto.createCipheriv') return undefined;
    const [algorithm, , iv] = callArguments(call);
    const name = stringValue(algorithm);
    if (!iv || (name !== undefined && NO_IV.test(name)) || isNullish(iv) || !isFixedBytes(iv)) return undefined;
    return {
      node: unwrap(iv),
      message: 'A fixed IV makes every message under this key start alike (CBC) or reuse the keystream (CTR, GCM, which also lets tags be forged). Use crypto.randomBytes() for each message and store the IV with the ciphertext.',
    };
  },
  docs: `
## What it does
Reports encryption whose IV is not fresh and random: Node's deprecated
\`crypto.createCipher\`/\`createDecipher\` (which derive the IV from the password), and
\`crypto.createCipheriv\` given a constant IV — a string literal, \`Buffer.alloc(16)\`,
\`Buffer.alloc(16, 0)\`, \`Buffer.from('…')\`, \`Buffer.from([0, 0, …])\` or \`new Uint8Array(16)\`.
Modes that take no IV (ECB, key wrap) are left to B305.

## Why is this bad?
An IV must differ for every message under the same key. With a fixed IV, CBC leaks which
messages start with the same blocks; CTR and GCM reuse the keystream, so XORing two
ciphertexts gives the XOR of the plaintexts, and GCM's authentication key can be recovered to
forge messages (CWE-329). \`createCipher\` also derives its key with a single unsalted MD5
(EVP_BytesToKey), so weak passwords fall to a dictionary quickly; it was removed in Node.js 22.

## Example
\`\`\`ts
import crypto from 'node:crypto';
const cipher = crypto.createCipheriv('aes-256-cbc', key, Buffer.alloc(16, 0));
\`\`\`

## Use instead
\`\`\`ts
import crypto from 'node:crypto';
const iv = crypto.randomBytes(16);
const cipher = crypto.createCipheriv('aes-256-cbc', key, iv);
const message = Buffer.concat([iv, cipher.update(data), cipher.final()]); // the IV travels with it
\`\`\`

## Beyond Bandit
Bandit has no such check. eslint-plugin-security and @microsoft/eslint-plugin-sdl do not look
at IVs. Vigil reports only IVs written as constants in the call; an IV computed elsewhere
(a variable) is not followed, and \`createDecipheriv\` with a fixed IV is not reported (the
encrypting side is).

## Fix safety
No fix: a random IV has to be stored with each ciphertext and read back before decrypting,
and \`createCipher\`'s replacement needs a key derivation, which changes the stored format.

## References
- [Node.js: crypto.createCipher() (removed)](https://nodejs.org/api/deprecations.html#DEP0106)
- [Node.js: crypto.createCipheriv()](https://nodejs.org/api/crypto.html#cryptocreatecipherivalgorithm-key-iv-options)
- [CWE-329: Generation of Predictable IV with CBC Mode](https://cwe.mitre.org/data/definitions/329.html)
`,
});

/** Bytes written as a constant: a string, `Buffer.alloc(n[, fill])`, `Buffer.from('…' | [numbers])`, `new Uint8Array(n)`. */
function isFixedBytes(node: Node): boolean {
  const inner = unwrap(node);
  if (stringValue(inner) !== undefined) return true;
  if (inner.type !== 'call_expression' && inner.type !== 'new_expression') return false;
  const callee = (inner.childForFieldName('function') ?? inner.childForFieldName('constructor'))?.text;
  const args = callArguments(inner);
  if (callee === 'Buffer.alloc') return args.every((arg) => numberValue(arg) !== undefined || stringValue(arg) !== undefined);
  if (callee === 'Buffer.from') {
    const source = args[0] && unwrap(args[0]);
    return !!source && (stringValue(source) !== undefined || (source.type === 'array' && source.namedChildren.every((item) => !item || item.type === 'comment' || numberValue(item) !== undefined)));
  }
  if (callee && /^(?:Uint8Array|Buffer)$/.test(callee) && inner.type === 'new_expression') return args.length === 1 && numberValue(args[0]) !== undefined;
  return false;
}
