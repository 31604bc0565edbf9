import { mentions, qualifiedName } from '../../javascript/syntax';
import { defineRule } from '../../rule';
import { cipherAlgorithm } from './B304-ciphers';
import { twinMeta } from '../python/index';

/** OpenSSL/node-forge ECB names: `aes-128-ecb`, `AES-ECB`, `des-ecb`; 3DES without a mode (`des-ede3`) is ECB too. */
const ECB = /(?:^|-)ecb$|^des-ede3?$/i;

/** Words one of which a file must contain for this rule to find anything. */
const TRIGGERS = ['ecb', 'ECB', 'des-ede'];

export const jsCipherModes = defineRule<undefined>({
  meta: twinMeta('B305'),
  family: 'javascript',
  nodeTypes: ['call_expression', 'member_expression', 'pair'],
  triggers: TRIGGERS,
  check(node, ctx) {
    if (!mentions(ctx, TRIGGERS)) return undefined;
    if (node.type === 'member_expression') {
      // crypto-js: `mode: CryptoJS.mode.ECB`.
      if (node.childForFieldName('property')?.text !== 'ECB') return undefined;
      const name = qualifiedName(node, ctx.facts);
      if (!name?.imported || name.name !== 'crypto-js.mode.ECB') return undefined;
      return { node, message: 'ECB mode encrypts equal blocks to equal ciphertext: patterns of the data show through. Use an authenticated mode (AES-GCM).' };
    }
    if (node.type === 'pair') {
      // `import ECB from 'crypto-js/mode-ecb'` … `{ mode: ECB }`.
      const value = node.childForFieldName('value');
      if (value?.type !== 'identifier') return undefined;
      const name = qualifiedName(value, ctx.facts);
      if (!name?.imported || name.name !== 'crypto-js/mode-ecb') return undefined;
      return { node: value, message: 'ECB mode encrypts equal blocks to equal ciphertext: patterns of the data show through. Use an authenticated mode (AES-GCM).' };
    }
    const cipher = cipherAlgorithm(node, ctx.facts);
    if (!cipher || !ECB.test(cipher.name)) return undefined;
    return { node: cipher.node, message: `${cipher.name} uses ECB mode, which encrypts equal blocks to equal ciphertext: patterns of the data show through. Use an authenticated mode (aes-256-gcm).` };
  },
  docs: `
## What it does
Reports block ciphers in ECB mode: an algorithm ending in \`-ecb\` (\`'aes-128-ecb'\`,
\`'AES-ECB'\` in node-forge) or a 3DES name without a mode (\`'des-ede'\`, \`'des-ede3'\`, which
OpenSSL runs in ECB) given to Node's \`crypto.createCipheriv\`/\`createDecipheriv\` (and
\`createCipher\`/\`createDecipher\`) or node-forge's \`forge.cipher.createCipher\`/\`createDecipher\`,
and crypto-js's \`mode: CryptoJS.mode.ECB\` (or the \`crypto-js/mode-ecb\` module).

## Why is this bad?
ECB encrypts each block on its own with the same key: equal plaintext blocks give equal
ciphertext blocks, so the structure of the data (the famous ECB penguin) and repeated
records show through, and blocks can be cut, reordered and replayed without the key
(CWE-327).

## Example
\`\`\`ts
import crypto from 'node:crypto';
const cipher = crypto.createCipheriv('aes-256-ecb', key, null);
\`\`\`

## Use instead
\`\`\`ts
import crypto from 'node:crypto';
const iv = crypto.randomBytes(12);
const cipher = crypto.createCipheriv('aes-256-gcm', key, iv); // store iv and cipher.getAuthTag()
\`\`\`

## Beyond Bandit
Bandit's B305 blacklists cryptography's \`modes.ECB\`; this is its TS/JS twin, so
\`// nosec B305\` means the same in both languages. Algorithms chosen at run time are not
followed. A broken cipher in ECB mode (\`'des-ecb'\`) is also B304.

## Fix safety
No fix: other modes need an IV (and GCM an authentication tag) that must be stored with the
ciphertext, and existing data must still be decrypted in ECB.

## References
- [Node.js: crypto.createCipheriv()](https://nodejs.org/api/crypto.html#cryptocreatecipherivalgorithm-key-iv-options)
- [Wikipedia: ECB mode](https://en.wikipedia.org/wiki/Block_cipher_mode_of_operation#Electronic_codebook_(ECB))
- [CWE-327: Use of a Broken or Risky Cryptographic Algorithm](https://cwe.mitre.org/data/definitions/327.html)
`,
});
