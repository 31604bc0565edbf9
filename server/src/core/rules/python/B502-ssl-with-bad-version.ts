import type { FileFacts } from '../../facts';
import type { Node } from '../../parser';
import { argument, cachedCallName, expressionName, keywordValue, lastName } from '../../python/syntax';
import { defineRule } from '../../rule';

/** Bandit's `bad_protocol_versions`: SSL 2/3, TLS 1.0/1.1 and pyOpenSSL's SSLv23 method. */
export const BAD_SSL_VERSIONS = new Set([
  'PROTOCOL_SSLv2', 'SSLv2_METHOD', 'SSLv23_METHOD', 'PROTOCOL_SSLv3', 'PROTOCOL_TLSv1',
  'SSLv3_METHOD', 'TLSv1_METHOD', 'PROTOCOL_TLSv1_1', 'TLSv1_1_METHOD',
]);

/** Calls whose protocol parameter we know: name → [position, keyword]. */
const PROTOCOL_PARAMETER: Readonly<Record<string, [number, string]>> = {
  'ssl.wrap_socket': [5, 'ssl_version'],
  'ssl.SSLContext': [0, 'protocol'],
  'ssl.get_server_certificate': [1, 'ssl_version'],
  'OpenSSL.SSL.Context': [0, 'method'],
};

export const sslWithBadVersion = defineRule({
  meta: {
    id: 'B502',
    name: 'ssl_with_bad_version',
    title: 'SSL/TLS with a broken protocol version',
    severity: 'high',
    confidence: 'high',
    cwe: 327,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['SSLv', 'TLSv1'],
  check(call, ctx) {
    const callee = cachedCallName(call, ctx.facts);
    const known = callee?.imported ? PROTOCOL_PARAMETER[callee.name] : undefined;
    if (known) {
      const version = argument(call, known[0], known[1]);
      const name = versionName(version, ctx.facts);
      if (!name || !BAD_SSL_VERSIONS.has(name)) return undefined;
      return { node: version!, message: `${callee!.name} call with insecure SSL/TLS protocol version ${name}.` };
    }
    // Any other call given `method=` or `ssl_version=` a broken version: Bandit's generic case.
    for (const version of [keywordValue(call, 'method'), keywordValue(call, 'ssl_version')]) {
      const name = versionName(version, ctx.facts);
      if (name && BAD_SSL_VERSIONS.has(name)) {
        return { node: version!, message: `Function call with insecure SSL/TLS protocol ${name}, possible security issue.`, severity: 'medium', confidence: 'medium' };
      }
    }
    return undefined;
  },
  docs: `
## What it does
Reports SSL/TLS connections and contexts created with a broken protocol version: SSL 2,
SSL 3, TLS 1.0, TLS 1.1, or pyOpenSSL's \`SSLv23_METHOD\`.

## Why is this bad?
These versions have practical attacks (DROWN, POODLE, BEAST) and are disabled by current
browsers and servers. A connection that offers or accepts them can be downgraded and
decrypted by an attacker on the network path (CWE-327).

## Example
\`\`\`python
import ssl
context = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
\`\`\`

## Use instead
\`\`\`python
import ssl
context = ssl.create_default_context()
context.minimum_version = ssl.TLSVersion.TLSv1_2
\`\`\`

## Beyond Bandit
Bandit only reads the \`ssl_version=\`/\`method=\` keywords, and its pyOpenSSL check looks
for a module named \`pyOpenSSL\` that does not exist. Vigil resolves imports and knows the
positional protocol parameter of \`ssl.SSLContext(…)\`, \`ssl.wrap_socket(…)\`,
\`ssl.get_server_certificate(…)\` and \`OpenSSL.SSL.Context(…)\`, reporting those with high
severity and confidence; any other call given \`method=\`/\`ssl_version=\` a broken version
is reported with medium severity and confidence, as by Bandit. The finding is on the
version.

## Fix safety
No fix: the replacement (\`ssl.create_default_context()\`, \`PROTOCOL_TLS_CLIENT\`) may not
be reachable by old peers, and that needs a decision.

## References
- [ssl: protocol versions](https://docs.python.org/3/library/ssl.html#ssl.SSLContext.minimum_version)
- [RFC 8996: Deprecating TLS 1.0 and TLS 1.1](https://www.rfc-editor.org/rfc/rfc8996)
- [CWE-327: Use of a Broken or Risky Cryptographic Algorithm](https://cwe.mitre.org/data/definitions/327.html)
`,
});

/** The protocol constant's own name, through import aliases (`from ssl import PROTOCOL_TLSv1 as OLD`). */
export function versionName(node: Node | undefined, facts: FileFacts): string | undefined {
  if (!node || node.type === 'call') return undefined;
  const resolved = expressionName(node, facts);
  return resolved?.imported ? resolved.name.split('.').at(-1) : lastName(node);
}
