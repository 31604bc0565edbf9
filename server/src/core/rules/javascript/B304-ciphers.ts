import type { FileFacts } from '../../facts';
import { cachedCallName, callArguments, mentions, stringValue, unwrap } from '../../javascript/syntax';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';
import { twinMeta } from '../python/index';

/** Calls whose first argument names a cipher: Node's crypto, and node-forge's. */
const CIPHER_CALLS = new Set([
  'crypto.createCipheriv', 'crypto.createDecipheriv', 'crypto.createCipher', 'crypto.createDecipher',
  'node-forge.cipher.createCipher', 'node-forge.cipher.createDecipher',
]);
/** crypto-js ciphers that are broken by name: `CryptoJS.DES.encrypt(…)`, `import TripleDES from 'crypto-js/tripledes'`. */
const CRYPTO_JS = /^crypto-js(?:\.(DES|TripleDES|RC4|RC4Drop)|\/(tripledes|rc4))\.(?:encrypt|decrypt|create\w*)$/;

/** DES and 3DES (64-bit blocks, 56-bit keys), RC2, RC4, Blowfish, IDEA, CAST: OpenSSL and node-forge spellings. */
const WEAK_CIPHER = /^(?:des|desx|des3|des-ede3?|3des|rc2|rc4|rc5|arc4|bf|blowfish|idea|cast|cast5|cast-?128)(?:-[\w-]+)?$/i;

/** A cipher call of Node's crypto or node-forge with its algorithm string, if written as a literal. */
export function cipherAlgorithm(call: Node, facts: FileFacts): { callee: string; node: Node; name: string } | undefined {
  const callee = cachedCallName(call, facts);
  if (!callee?.imported || !CIPHER_CALLS.has(callee.name)) return undefined;
  const first = callArguments(call)[0];
  const name = stringValue(first);
  return first && name !== undefined ? { callee: callee.name, node: unwrap(first), name } : undefined;
}

/** Words one of which a file must contain for this rule to find anything. */
const TRIGGERS = ['Cipher', 'DES', 'RC4'];

export const jsCiphers = defineRule<undefined>({
  meta: twinMeta('B304'),
  family: 'javascript',
  nodeTypes: ['call_expression'],
  triggers: TRIGGERS,
  check(call, ctx) {
    if (!mentions(ctx, TRIGGERS)) return undefined;
    const cipher = cipherAlgorithm(call, ctx.facts);
    if (cipher) {
      if (!WEAK_CIPHER.test(cipher.name)) return undefined;
      return { node: cipher.node, message: `${cipher.name} is a broken or outdated cipher (DES, 3DES, RC2, RC4, Blowfish, IDEA and CAST have tiny keys, 64-bit blocks or biased keystreams). Use AES-256-GCM or ChaCha20-Poly1305.` };
    }
    const callee = cachedCallName(call, ctx.facts);
    const match = callee?.imported ? CRYPTO_JS.exec(callee.name) : null;
    if (!match) return undefined;
    const name = match[1] ?? match[2]!;
    return { node: call.childForFieldName('function')!, message: `crypto-js ${name} is a broken or outdated cipher. Use AES (in an authenticated mode) or the Web Crypto API.` };
  },
  docs: `
## What it does
Reports encryption with DES, 3DES (\`des-ede3-cbc\`), DESX, RC2, RC4, RC5, Blowfish (\`bf-cbc\`),
IDEA and CAST: the algorithm passed to Node's \`crypto.createCipheriv\`/\`createDecipheriv\`
(and the deprecated \`createCipher\`/\`createDecipher\`), to node-forge's
\`forge.cipher.createCipher\`/\`createDecipher\` (\`'DES-CBC'\`, \`'3DES-CBC'\`, \`'RC2'\`), and
crypto-js's \`DES\`, \`TripleDES\`, \`RC4\` and \`RC4Drop\`.

## Why is this bad?
DES keys are found by brute force in hours; 3DES and Blowfish have 64-bit blocks, so long
sessions leak plaintext (Sweet32); RC4's keystream is biased enough to recover cookies and
passwords; RC2, IDEA and CAST are legacy ciphers nobody maintains. Data encrypted with them
should be treated as readable (CWE-327).

## Example
\`\`\`ts
import crypto from 'node:crypto';
const cipher = crypto.createCipheriv('des-ede3-cbc', key, iv);
\`\`\`

## Use instead
\`\`\`ts
import crypto from 'node:crypto';
const iv = crypto.randomBytes(12);
const cipher = crypto.createCipheriv('aes-256-gcm', key, iv); // store iv and cipher.getAuthTag()
\`\`\`

## Beyond Bandit
Bandit's B304 blacklists PyCrypto and cryptography cipher classes; this is its TS/JS twin, so
\`// nosec B304\` means the same in both languages. Algorithms chosen at run time are not
followed; a decipher call is reported too (it keeps old data in a broken cipher), so suppress
it with a reason during a migration. ECB mode is B305; ciphers without a random IV are VG111.

## Fix safety
No fix: another cipher needs another key size, IV and (for AEAD modes) an authentication tag,
and data already encrypted must still be decrypted with the old one.

## References
- [Node.js: crypto.createCipheriv()](https://nodejs.org/api/crypto.html#cryptocreatecipherivalgorithm-key-iv-options)
- [Sweet32: birthday attacks on 64-bit block ciphers](https://sweet32.info/)
- [CWE-327: Use of a Broken or Risky Cryptographic Algorithm](https://cwe.mitre.org/data/definitions/327.html)
`,
});
