import { cachedCallName, callArguments, mentions, numberValue, objectLiteral, propertyValue, quoteOf, replaceNode, stringValue, unwrap } from '../../javascript/syntax';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';
import type { Severity } from '../../types';
import { twinMeta } from '../python/index';

type KeyType = 'RSA' | 'DSA' | 'DH' | 'EC';

/** Bandit's thresholds: below the first size is high severity, below the second medium (DH as RSA). */
const THRESHOLDS: Readonly<Record<KeyType, [number, number]>> = { RSA: [1024, 2048], DSA: [1024, 2048], DH: [1024, 2048], EC: [160, 224] };
/** What each fix writes instead. */
const STRONG: Readonly<Record<KeyType, string>> = { RSA: '2048', DSA: '2048', DH: '2048', EC: 'prime256v1' };
/** Node's built-in Diffie-Hellman groups and their sizes. */
const DH_GROUPS: Readonly<Record<string, number>> = { modp1: 768, modp2: 1024, modp5: 1536 };

interface State {
  type: KeyType;
  /** Replacement text for the reported literal. */
  replacement: string;
}

/** Words one of which a file must contain for this rule to find anything. */
const TRIGGERS = ['generateKey', 'DiffieHellman', 'ECDH', 'NodeRSA'];

export const jsWeakCryptographicKey = defineRule<State>({
  meta: twinMeta('B505'),
  family: 'javascript',
  nodeTypes: ['call_expression', 'new_expression'],
  triggers: TRIGGERS,
  check(call, ctx) {
    if (!mentions(ctx, TRIGGERS)) return undefined;
    const callee = cachedCallName(call, ctx.facts);
    if (!callee || !/generateKey|DiffieHellman|ECDH|node-rsa/.test(callee.name)) return undefined;
    const name = callee.name;
    const args = callArguments(call);
    const webCrypto = (!callee.imported && name === 'crypto.subtle.generateKey') || (callee.imported && (name === 'crypto.subtle.generateKey' || name === 'crypto.webcrypto.subtle.generateKey'));
    if (webCrypto) {
      // { name: 'RSA-OAEP', modulusLength: 1024, … }: Web Crypto's curves are all P-256 or larger.
      const algorithm = objectLiteral(args[0]);
      const size = algorithm && propertyValue(algorithm, 'modulusLength');
      return size ? sized('RSA', size, 'modulusLength') : undefined;
    }
    if (!callee.imported) return undefined;
    if (name === 'crypto.generateKeyPair' || name === 'crypto.generateKeyPairSync') {
      const type = stringValue(args[0])?.toLowerCase();
      const options = objectLiteral(args[1]);
      if (!type || !options) return undefined;
      if (type === 'rsa' || type === 'rsa-pss' || type === 'dsa') {
        const size = propertyValue(options, 'modulusLength');
        return size ? sized(type === 'dsa' ? 'DSA' : 'RSA', size, 'modulusLength') : undefined;
      }
      if (type === 'ec') {
        const curve = propertyValue(options, 'namedCurve');
        return curve ? curved(curve) : undefined;
      }
      if (type === 'dh') {
        const prime = propertyValue(options, 'primeLength');
        const group = propertyValue(options, 'group');
        return prime ? sized('DH', prime, 'primeLength') : group ? grouped(group) : undefined;
      }
      return undefined;
    }
    if (name === 'crypto.createDiffieHellman') {
      // A number is a prime length; a string or buffer is the prime itself.
      return args[0] && numberValue(args[0]) !== undefined ? sized('DH', args[0], 'prime length') : undefined;
    }
    if (name === 'crypto.getDiffieHellman' || name === 'crypto.createDiffieHellmanGroup') return args[0] ? grouped(args[0]) : undefined;
    if (name === 'crypto.createECDH') return args[0] ? curved(args[0]) : undefined;
    if (name === 'node-forge.pki.rsa.generateKeyPair') {
      const options = objectLiteral(args[0]);
      const size = options ? propertyValue(options, 'bits') : args[0];
      return size ? sized('RSA', size, 'bits') : undefined;
    }
    if (name === 'node-rsa' && call.type === 'new_expression') {
      const options = objectLiteral(args[0]);
      const size = options && propertyValue(options, 'b');
      return size ? sized('RSA', size, 'b') : undefined;
    }
    return undefined;
  },
  fix(report) {
    const { type, replacement } = report.state!;
    const literal = report.node;
    const text = literal.type === 'string' ? `${quoteOf(literal)}${replacement}${quoteOf(literal)}` : replacement;
    const what = type === 'EC' ? `the ${replacement} curve (P-256)` : type === 'DH' && literal.type === 'string' ? `the ${replacement} group (2048 bits)` : `${replacement}-bit keys`;
    return [
      {
        title: `Use ${what}`,
        applicability: 'unsafe',
        edits: [replaceNode(literal, text)],
        caveat: 'Keys, signatures and shared secrets change size: peers, hardware tokens or stored formats that only accept the old size reject them, and key generation is slower.',
      },
    ];
  },
  docs: `
## What it does
Reports key generation with keys that can be broken: RSA, RSA-PSS and DSA \`modulusLength\`
and Diffie-Hellman \`primeLength\` under 2048 bits (\`crypto.generateKeyPair(Sync)\`,
\`crypto.createDiffieHellman(1024)\`, Web Crypto's \`crypto.subtle.generateKey\`, node-forge's
\`pki.rsa.generateKeyPair\`, \`new NodeRSA({ b: 1024 })\`); Diffie-Hellman groups \`modp1\`,
\`modp2\` and \`modp5\`; and elliptic curves under 224 bits (\`namedCurve: 'secp192k1'\`,
\`'prime192v1'\`, \`crypto.createECDH('secp160r1')\`). Below 1024 bits (160 for EC) severity is
high, otherwise medium, as in Bandit.

## Why is this bad?
512-bit RSA keys are factored in hours on rented machines and 768-bit ones have been; 1024-bit
RSA and DH are within reach of well-funded attackers (Logjam precomputed 1024-bit DH groups).
Curves under 224 bits give less than 112 bits of security. Data protected by such keys, and
signatures made with them, cannot be trusted for long (CWE-326).

## Example
\`\`\`ts
import { generateKeyPairSync } from 'node:crypto';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
\`\`\`

## Use instead
\`\`\`ts
import { generateKeyPairSync } from 'node:crypto';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
// or an elliptic curve: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }), or 'ed25519'
\`\`\`

## Beyond Bandit
Bandit's B505 covers Python's cryptography and PyCrypto(dome) key generation; this is its
TS/JS twin, so \`// nosec B505\` means the same in both languages, with the same thresholds.
Sizes computed at run time and options built in another statement are not followed.

## Fix safety
The fix writes 2048 bits for RSA, DSA and DH sizes, \`modp14\` for the small DH groups and
\`prime256v1\` (P-256) for weak curves. It is unsafe: keys, signatures and shared secrets
change size, so peers, hardware tokens and stored formats limited to the old size reject them,
and generation is slower. Choose 3072 bits or more for keys meant to last past 2030.

## References
- [Node.js: crypto.generateKeyPair()](https://nodejs.org/api/crypto.html#cryptogeneratekeypairtype-options-callback)
- [NIST SP 800-131A Rev. 2: transitioning key lengths](https://csrc.nist.gov/pubs/sp/800/131/a/r2/final)
- [CWE-326: Inadequate Encryption Strength](https://cwe.mitre.org/data/definitions/326.html)
`,
});

type Found = { node: Node; message: string; severity: Severity; state: State } | undefined;

function severityFor(type: KeyType, bits: number): Severity | undefined {
  const [high, medium] = THRESHOLDS[type];
  return bits < high ? 'high' : bits < medium ? 'medium' : undefined;
}

/** A key size given as a number literal. */
function sized(type: KeyType, size: Node, option: string): Found {
  const bits = numberValue(size);
  const severity = bits === undefined ? undefined : severityFor(type, bits);
  if (!severity) return undefined;
  const limit = THRESHOLDS[type][severity === 'high' ? 0 : 1];
  return { node: unwrap(size), message: `${type} ${option} ${bits}: key sizes below ${limit} bits are considered breakable.`, severity, state: { type, replacement: STRONG[type] } };
}

/** A named curve given as a string literal. */
function curved(curve: Node): Found {
  const name = stringValue(curve);
  const bits = name === undefined ? undefined : curveBits(name);
  const severity = bits === undefined ? undefined : severityFor('EC', bits);
  if (!severity) return undefined;
  const limit = THRESHOLDS.EC[severity === 'high' ? 0 : 1];
  return { node: unwrap(curve), message: `The ${name} curve has ${bits}-bit keys: elliptic curves below ${limit} bits are considered breakable.`, severity, state: { type: 'EC', replacement: STRONG.EC } };
}

/** A built-in Diffie-Hellman group given by name. */
function grouped(group: Node): Found {
  const name = stringValue(group);
  const bits = name === undefined ? undefined : DH_GROUPS[name.toLowerCase()];
  const severity = bits === undefined ? undefined : severityFor('DH', bits);
  if (!severity) return undefined;
  return { node: unwrap(group), message: `The ${name} group is a ${bits}-bit Diffie-Hellman prime: below 2048 bits it is considered breakable.`, severity, state: { type: 'DH', replacement: 'modp14' } };
}

/** The key size of a named curve with fewer than 224 bits (`secp192k1` → 192), else undefined. */
function curveBits(name: string): number | undefined {
  const lower = name.toLowerCase();
  if (lower.startsWith('wap-wsg-idm-ecid-wtls')) return 112;
  if (lower === 'oakley-ec2n-3') return 155;
  if (lower === 'oakley-ec2n-4') return 185;
  const bits = /^(?:secp|sect|prime|brainpoolp|c2pnb|c2tnb|c2onb|p-)(\d{3})/.exec(lower)?.[1];
  const value = bits === undefined ? undefined : Number(bits);
  return value !== undefined && value < 224 ? value : undefined;
}
