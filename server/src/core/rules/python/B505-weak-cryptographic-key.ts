import { cachedCallName, integerValue, keywordValue, lastName, positionalArguments } from '../../python/syntax';
import { defineRule } from '../../rule';
import type { Severity } from '../../types';

type KeyType = 'DSA' | 'RSA' | 'EC';

/** Bandit's defaults: below the first size is high severity, below the second medium. */
const THRESHOLDS: Readonly<Record<KeyType, [number, number]>> = { DSA: [1024, 2048], RSA: [1024, 2048], EC: [160, 224] };
const WEAK_CURVES: Readonly<Record<string, number>> = { SECP192R1: 192, SECT163K1: 163, SECT163R2: 163 };

/** Key generators: name → key type and where the size (or curve) is passed. */
const GENERATORS: Readonly<Record<string, { type: KeyType; position: number; keyword: string }>> = {
  'cryptography.hazmat.primitives.asymmetric.dsa.generate_private_key': { type: 'DSA', position: 0, keyword: 'key_size' },
  'cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key': { type: 'RSA', position: 1, keyword: 'key_size' },
  'cryptography.hazmat.primitives.asymmetric.ec.generate_private_key': { type: 'EC', position: 0, keyword: 'curve' },
  'Crypto.PublicKey.DSA.generate': { type: 'DSA', position: 0, keyword: 'bits' },
  'Crypto.PublicKey.RSA.generate': { type: 'RSA', position: 0, keyword: 'bits' },
  'Cryptodome.PublicKey.DSA.generate': { type: 'DSA', position: 0, keyword: 'bits' },
  'Cryptodome.PublicKey.RSA.generate': { type: 'RSA', position: 0, keyword: 'bits' },
};

export const weakCryptographicKey = defineRule({
  meta: {
    id: 'B505',
    name: 'weak_cryptographic_key',
    title: 'Cryptographic key too small',
    severity: 'high',
    confidence: 'high',
    cwe: 326,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['generate'],
  check(call, ctx) {
    const callee = cachedCallName(call, ctx.facts);
    const generator = callee?.imported ? GENERATORS[callee.name] : undefined;
    if (!generator) return undefined;
    const size = keywordValue(call, generator.keyword) ?? positionalArguments(call)[generator.position];
    if (!size) return undefined;
    let bits: number | undefined;
    if (generator.type === 'EC') {
      const curve = lastName(size);
      bits = curve === undefined ? undefined : WEAK_CURVES[curve];
    } else {
      bits = integerValue(size);
    }
    if (bits === undefined) return undefined;
    const [high, medium] = THRESHOLDS[generator.type];
    const severity: Severity | undefined = bits < high ? 'high' : bits < medium ? 'medium' : undefined;
    if (!severity) return undefined;
    const limit = severity === 'high' ? high : medium;
    return { node: size, message: `${generator.type} key sizes below ${limit} bits are considered breakable.`, severity };
  },
  docs: `
## What it does
Reports RSA and DSA keys generated with fewer than 2048 bits and elliptic-curve keys on
curves under 224 bits, with \`cryptography\` and PyCrypto/PyCryptodome. Below 1024 bits
(160 for EC) severity is high, otherwise medium, as in Bandit.

## Why is this bad?
Small keys can be factored or solved with affordable computing power; RSA-512 falls in hours
and 1024-bit keys are within reach of well-funded attackers. Anything the key protects — a
signature, a session key, a certificate — can then be forged or read (CWE-326).

## Example
\`\`\`python
from cryptography.hazmat.primitives.asymmetric import rsa
key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
\`\`\`

## Use instead
\`\`\`python
from cryptography.hazmat.primitives.asymmetric import rsa
key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
\`\`\`

## Beyond Bandit
Vigil resolves aliases and reads curves written as instances (\`ec.SECP192R1()\`, the
current API) as well as classes. The finding is on the size or curve argument.

## Fix safety
No fix: a larger key changes key-exchange and interoperability with existing peers.

## References
- [NIST SP 800-131A Rev. 2: key lengths](https://csrc.nist.gov/publications/detail/sp/800-131a/rev-2/final)
- [cryptography: RSA key generation](https://cryptography.io/en/latest/hazmat/primitives/asymmetric/rsa/#generation)
- [CWE-326: Inadequate Encryption Strength](https://cwe.mitre.org/data/definitions/326.html)
`,
});

