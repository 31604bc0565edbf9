import { cachedCallName, callArguments, calleeOf, mentions, nameWords, objectLiteral, propertyValue, quoteOf, replaceNode, stringValue, unwrap, valueDestination } from '../../javascript/syntax';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';
import { twinMeta } from '../python/index';

/** OpenSSL and WebCrypto names of MD2/MD4/MD5/SHA-1 digests (and RSA signatures over them). */
const WEAK_DIGEST = /^(?:rsa-)?(?:md2|md4|md5|sha-?1)(?:-2)?$|^(?:md2|md4|md5|sha1)withrsaencryption$|^md5-sha1$/i;
/** Of those, the ones whose HMAC is weak too: HMAC-SHA1 is still sound (TOTP, many webhooks). */
const WEAK_HMAC = /^(?:md2|md4|md5)$/i;

/** Calls whose first argument names a digest algorithm. */
const DIGEST_CALLS = new Set(['crypto.createHash', 'crypto.hash', 'crypto.createSign', 'crypto.subtle.digest', 'crypto.webcrypto.subtle.digest']);
/** Packages and functions that are a weak digest by name. */
const WEAK_FUNCTIONS = new Set(['md5', 'js-md5', 'blueimp-md5', 'sha1', 'crypto-js.MD5', 'crypto-js.SHA1', 'crypto-js/md5', 'crypto-js/sha1']);

/** Words of a name that say the digest is not for security: a cache key, an ETag, a checksum. */
const NON_SECURITY_WORDS = new Set(['etag', 'checksum', 'cache', 'cachekey', 'fingerprint', 'thumbprint', 'gravatar', 'avatar', 'dedup', 'dedupe', 'bust', 'cachebust']);

interface State {
  /** The algorithm string, when the fix can rewrite it. */
  algorithm?: Node;
}

/** Words one of which a file must contain for this rule to find anything. */
const TRIGGERS = ['md', 'MD', 'sha', 'SHA'];

export const jsHashlib = defineRule<State>({
  meta: twinMeta('B324'),
  family: 'javascript',
  nodeTypes: ['call_expression'],
  triggers: TRIGGERS,
  check(call, ctx) {
    if (!mentions(ctx, TRIGGERS)) return undefined;
    const callee = cachedCallName(call, ctx.facts);
    if (!callee) return undefined;
    // `crypto.subtle` is also the global Web Crypto API.
    const webCrypto = !callee.imported && /^crypto\.subtle\.digest$/.test(callee.name);
    if (callee.imported && WEAK_FUNCTIONS.has(callee.name)) {
      return withPurpose(call, ctx.facts, { node: calleeOf(call)!, message: `${callee.name} computes an MD5 or SHA-1 digest: both have practical collision attacks. Use SHA-256 or better.`, state: {} });
    }
    const hmac = callee.imported && callee.name === 'crypto.createHmac';
    if (!hmac && !webCrypto && !(callee.imported && DIGEST_CALLS.has(callee.name))) return undefined;
    const first = callArguments(call)[0];
    // WebCrypto also takes `{ name: 'SHA-1' }`.
    const algorithm = first && (objectLiteral(first) ? propertyValue(objectLiteral(first)!, 'name') : first);
    const name = stringValue(algorithm);
    if (!algorithm || name === undefined || !(hmac ? WEAK_HMAC : WEAK_DIGEST).test(name)) return undefined;
    const literal = unwrap(algorithm);
    if (hmac) {
      return {
        node: literal,
        message: `HMAC-${name.toUpperCase()} is outdated: prefer HMAC-SHA256.`,
        severity: 'low',
        state: { algorithm: literal.type === 'string' ? literal : undefined },
      };
    }
    const what = callee.name.endsWith('createSign') ? 'Signatures over' : 'The';
    return withPurpose(call, ctx.facts, {
      node: literal,
      message: `${what} ${name} digest${what === 'The' ? ' has' : ' have'} practical collision attacks: do not use it for passwords, signatures, tokens or integrity. Use SHA-256 or better.`,
      state: { algorithm: literal.type === 'string' && strongerName(name) ? literal : undefined },
    });
  },
  fix(report) {
    const algorithm = report.state!.algorithm;
    const stronger = algorithm && strongerName(stringValue(algorithm)!);
    if (!algorithm || !stronger) return [];
    const quote = quoteOf(algorithm);
    return [
      {
        title: `Use ${stronger}`,
        applicability: 'unsafe',
        edits: [replaceNode(algorithm, `${quote}${stronger}${quote}`)],
        caveat: 'The digest changes: values stored or compared elsewhere (hashes in a database, signatures a peer checks, cache keys) no longer match, and hex digests grow from 32 or 40 to 64 characters.',
      },
    ];
  },
  docs: `
## What it does
Reports MD2, MD4, MD5 and SHA-1 digests in Node.js and the browser: \`crypto.createHash\`,
\`crypto.hash\` and \`crypto.createSign\` given \`'md5'\`, \`'sha1'\`, \`'RSA-SHA1'\` and the like,
\`crypto.subtle.digest('SHA-1', …)\`, the \`md5\`, \`js-md5\`, \`blueimp-md5\` and \`sha1\` packages and
crypto-js's \`MD5\`/\`SHA1\`; and \`crypto.createHmac\` with MD4/MD5 (low severity). A digest whose
result is stored under a name that says it is not for security (\`etag\`, \`checksum\`,
\`cacheKey\`, \`fingerprint\`, a certificate \`thumbprint\`, \`gravatar\`) is reported at low severity.

## Why is this bad?
Collisions can be computed for MD5 in seconds and for SHA-1 at moderate cost (SHAttered,
Shambles): two different inputs with the same digest defeat signatures, integrity checks and
deduplication, and both are far too fast for passwords (CWE-327, CWE-328).

## Example
\`\`\`ts
import { createHash } from 'node:crypto';
const digest = createHash('md5').update(password).digest('hex');
\`\`\`

## Use instead
\`\`\`ts
import { createHash } from 'node:crypto';
const digest = createHash('sha256').update(document).digest('hex');
// For passwords, a slow salted KDF: crypto.scrypt, argon2 or bcrypt.
\`\`\`

## Beyond Bandit
Bandit's B324 covers Python's \`hashlib\`, where \`usedforsecurity=False\` marks other uses; this
is its TS/JS twin, so \`// nosec B324\` means the same in both languages. JavaScript has no
such flag, so Vigil reads the name the digest is stored under: an ETag, checksum or cache key
lowers the finding to low severity. HMAC-SHA1 is not reported (HMAC does not rely on collision
resistance; TOTP and many webhooks use it). Algorithms chosen at run time are not followed.

## Fix safety
The fix replaces the algorithm by its SHA-256 counterpart in the same spelling (\`'md5'\` →
\`'sha256'\`, \`'SHA-1'\` → \`'SHA-256'\`, \`'RSA-SHA1'\` → \`'RSA-SHA256'\`). It is unsafe: the
output changes, so digests stored or compared elsewhere no longer match, signatures a peer
verifies with SHA-1 fail, and hex digests grow to 64 characters. For password hashing use a
slow KDF instead (\`crypto.scrypt\`), which needs a person. No fix for the packages.

## References
- [Node.js: crypto.createHash()](https://nodejs.org/api/crypto.html#cryptocreatehashalgorithm-options)
- [SHAttered: the first SHA-1 collision](https://shattered.io/)
- [CWE-328: Use of Weak Hash](https://cwe.mitre.org/data/definitions/328.html)
`,
});

/** Lower a finding whose digest lands under a non-security name (`const etag = …`). */
function withPurpose<T extends { node: Node; message: string; state: State }>(call: Node, facts: Parameters<typeof valueDestination>[1], report: T): T & { severity?: 'low'; confidence?: 'medium' } {
  const destination = valueDestination(call, facts);
  const words = destination ? nameWords(destination.name) : [];
  if (!words.some((word) => NON_SECURITY_WORDS.has(word))) return report;
  return { ...report, severity: 'low', confidence: 'medium', message: `${report.message} (Its name says it is not for security: ${destination!.name}.)` };
}

/** `md5` → `sha256`, `SHA-1` → `SHA-256`, `RSA-SHA1` → `RSA-SHA256`, keeping the spelling's case. */
function strongerName(name: string): string | undefined {
  if (/^md5-sha1$/i.test(name)) return undefined;
  return name.replace(/md[245]|sha-?1/i, (weak) => {
    const upper = weak === weak.toUpperCase();
    return `${upper ? 'SHA' : 'sha'}${weak.includes('-') ? '-' : ''}256`;
  });
}
