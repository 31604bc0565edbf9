import type { Node } from '../../parser';
import { addKeywordArgument, argument, cachedCallName, expressionName, keywordArgument, lastName, replaceCallee, replaceNode, stringValue } from '../../python/syntax';
import { defineRule } from '../../rule';
import type { Fix, TextEdit } from '../../types';

const WEAK_HASHES = new Set(['md4', 'md5', 'sha', 'sha1']);
const WEAK_CRYPT_METHODS = new Set(['METHOD_CRYPT', 'METHOD_MD5', 'METHOD_BLOWFISH']);

interface State {
  kind: 'constructor' | 'new' | 'crypt';
  /** The `usedforsecurity=True` keyword, if given. */
  usedForSecurity?: Node;
}

export const hashlibInsecure = defineRule<State>({
  meta: {
    id: 'B324',
    name: 'hashlib',
    title: 'Weak hash function (MD4, MD5, SHA1) used for security',
    severity: 'high',
    confidence: 'high',
    cwe: 327,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['hashlib', 'crypt'],
  check(call, ctx) {
    const callee = cachedCallName(call, ctx.facts);
    if (!callee?.imported) return undefined;
    const parts = callee.name.split('.');
    const func = parts.at(-1)!;
    if (parts.includes('hashlib')) {
      const usedForSecurity = keywordArgument(call, 'usedforsecurity');
      if (usedForSecurity && usedForSecurity.childForFieldName('value')?.type !== 'true') return undefined;
      if (WEAK_HASHES.has(func)) {
        return {
          node: call.childForFieldName('function')!,
          message: `Use of weak ${func.toUpperCase()} hash for security. Consider usedforsecurity=False, or a SHA-2/SHA-3 hash.`,
          state: { kind: 'constructor', usedForSecurity },
        };
      }
      if (func === 'new') {
        const name = argument(call, 0, 'name');
        const value = name && stringValue(name);
        if (value === undefined || !WEAK_HASHES.has(value.toLowerCase())) return undefined;
        return {
          node: name!,
          message: `Use of weak ${value.toUpperCase()} hash for security. Consider usedforsecurity=False, or a SHA-2/SHA-3 hash.`,
          state: { kind: 'new', usedForSecurity },
        };
      }
      return undefined;
    }
    if (parts.includes('crypt') && (func === 'crypt' || func === 'mksalt')) {
      const method = func === 'crypt' ? argument(call, 1, 'salt') : argument(call, 0, 'method');
      const methodName = method && (expressionName(method, ctx.facts)?.imported ? lastName(method) : undefined);
      if (!methodName || !WEAK_CRYPT_METHODS.has(methodName)) return undefined;
      return { node: method!, message: `Use of insecure crypt.${methodName} hash function.`, severity: 'medium', state: { kind: 'crypt' } };
    }
    return undefined;
  },
  fix(report, ctx) {
    const { kind, usedForSecurity } = report.state!;
    if (kind === 'crypt') return [];
    let call = report.node.parent!;
    while (call.type !== 'call') call = call.parent!;
    const notForSecurity = usedForSecurity
      ? replaceNode(usedForSecurity.childForFieldName('value')!, 'False')
      : addKeywordArgument(call, 'usedforsecurity=False', ctx.text);
    const sha256 = kind === 'constructor' ? replaceCallee(call, 'hashlib', 'sha256', ctx.root, ctx.text, ctx.facts) : report.node.type === 'string' ? [replaceStringContent(report.node, 'sha256')] : undefined;
    const fixes: Fix[] = [
      {
        title: 'Mark as not used for security (usedforsecurity=False)',
        applicability: 'unsafe',
        caveat: 'Declares that this hash protects nothing (a checksum, a cache key). Only you know that: a password, token or signature hash must switch to a strong algorithm instead.',
        edits: [notForSecurity],
      },
    ];
    if (sha256) {
      fixes.push({
        title: 'Use SHA-256',
        applicability: 'unsafe',
        caveat: 'Changes every digest: stored hashes, cache keys and checksums computed before no longer match.',
        edits: sha256,
      });
    }
    return fixes;
  },
  docs: `
## What it does
Reports MD4, MD5 and SHA-1 hashes made with \`hashlib\` (\`hashlib.md5(…)\`,
\`hashlib.new("sha1")\`) unless \`usedforsecurity=False\` is passed, and the weak
\`crypt\` methods (\`crypt.METHOD_CRYPT\`, \`METHOD_MD5\`, \`METHOD_BLOWFISH\`). Severity is
high for \`hashlib\`, medium for \`crypt\`, as in Bandit.

## Why is this bad?
Collisions for MD5 and SHA-1 can be computed cheaply, and MD4 is broken outright. A weak hash
protecting a password, a signature, a token or an integrity check can be forged or
brute-forced (CWE-327).

## Example
\`\`\`python
import hashlib
digest = hashlib.md5(password.encode()).hexdigest()
\`\`\`

## Use instead
\`\`\`python
import hashlib
digest = hashlib.sha256(payload).hexdigest()
# for a non-security use, say so:
etag = hashlib.md5(body, usedforsecurity=False).hexdigest()
# for passwords, use a password hash: hashlib.scrypt, argon2, bcrypt
\`\`\`

## Beyond Bandit
Vigil resolves aliases (\`from hashlib import md5 as m\`), reports on the narrowest node (the
callee, or the algorithm name in \`hashlib.new\`), and offers two fixes.

## Fix safety
Both fixes are **unsafe**, for different reasons:
- "Mark as not used for security" adds \`usedforsecurity=False\` (Python 3.9+). The digest is
  unchanged, so it is behaviour-preserving, but it *declares* that the hash protects nothing;
  applied in bulk it would silence real weaknesses (a password hashed with MD5), so it is
  left to a person, one call at a time.
- "Use SHA-256" switches the algorithm (\`hashlib.sha256\`, or \`"sha256"\` in
  \`hashlib.new\`). Every digest changes: stored hashes, cache keys and published checksums
  no longer match.

## References
- [hashlib: usedforsecurity](https://docs.python.org/3/library/hashlib.html#hashlib.new)
- [Bandit B324](https://bandit.readthedocs.io/en/latest/plugins/b324_hashlib.html)
- [CWE-327: Use of a Broken or Risky Cryptographic Algorithm](https://cwe.mitre.org/data/definitions/327.html)
`,
});

/** Replace a string literal's content, keeping its prefix and quotes. */
function replaceStringContent(string: Node, content: string): TextEdit {
  return { start: string.firstChild!.endIndex, end: string.lastChild!.startIndex, newText: content };
}
