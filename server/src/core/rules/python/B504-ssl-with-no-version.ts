import { argument, cachedCallName, hasKeywordSplat } from '../../python/syntax';
import { defineRule } from '../../rule';

export const sslWithNoVersion = defineRule({
  meta: {
    id: 'B504',
    name: 'ssl_with_no_version',
    title: 'ssl.wrap_socket without a protocol version',
    severity: 'low',
    confidence: 'medium',
    cwe: 327,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['wrap_socket'],
  check(call, ctx) {
    const callee = cachedCallName(call, ctx.facts);
    if (!callee?.imported || callee.name !== 'ssl.wrap_socket') return undefined;
    if (argument(call, 5, 'ssl_version')) return undefined;
    return {
      node: call.childForFieldName('function')!,
      message: 'ssl.wrap_socket call with no SSL/TLS protocol version: the default negotiates old versions too.',
      // `**kwargs` may carry the version: still reported, as by Bandit, but as a guess.
      ...(hasKeywordSplat(call) ? { confidence: 'low' as const } : {}),
    };
  },
  docs: `
## What it does
Reports \`ssl.wrap_socket(…)\` called without \`ssl_version\`.

## Why is this bad?
\`ssl.wrap_socket\` builds a context that negotiates the highest version both sides support
but does not rule out broken ones, and it neither checks the certificate nor the host name.
A peer or an attacker in the middle can pick a weak protocol (CWE-327). The function was
deprecated in Python 3.7 and removed in 3.12.

## Example
\`\`\`python
import socket, ssl
sock = ssl.wrap_socket(socket.create_connection((host, 443)))
\`\`\`

## Use instead
\`\`\`python
import socket, ssl
context = ssl.create_default_context()
sock = context.wrap_socket(socket.create_connection((host, 443)), server_hostname=host)
\`\`\`

## Beyond Bandit
Vigil accepts the version passed by position (the sixth parameter) as well as by keyword,
reports calls passing \`**kwargs\` (which may carry it) with low confidence, and resolves
aliases. The
finding is on the callee.

## Fix safety
No fix: moving to \`SSLContext.wrap_socket\` also turns on certificate and host-name checks,
which needs the server name and a trust store.

## References
- [ssl.SSLContext.wrap_socket](https://docs.python.org/3/library/ssl.html#ssl.SSLContext.wrap_socket)
- [Bandit B504](https://bandit.readthedocs.io/en/latest/plugins/b504_ssl_with_no_version.html)
- [CWE-327: Use of a Broken or Risky Cryptographic Algorithm](https://cwe.mitre.org/data/definitions/327.html)
`,
});
