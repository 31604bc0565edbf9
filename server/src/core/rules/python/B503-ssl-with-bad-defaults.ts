import { defineRule } from '../../rule';
import { BAD_SSL_VERSIONS, versionName } from './B502-ssl-with-bad-version';

export const sslWithBadDefaults = defineRule({
  meta: {
    id: 'B503',
    name: 'ssl_with_bad_defaults',
    title: 'Function defaulting to a broken SSL/TLS version',
    severity: 'medium',
    confidence: 'medium',
    cwe: 327,
  },
  family: 'python',
  nodeTypes: ['default_parameter', 'typed_default_parameter'],
  triggers: ['SSLv', 'TLSv1'],
  check(parameter, ctx) {
    const value = parameter.childForFieldName('value');
    const name = versionName(value ?? undefined, ctx.facts);
    if (!name || !BAD_SSL_VERSIONS.has(name)) return undefined;
    return { node: value!, message: `Function definition with insecure SSL/TLS protocol version ${name} by default, possible security issue.` };
  },
  docs: `
## What it does
Reports function parameters whose default value is a broken SSL/TLS protocol version
(\`ssl.PROTOCOL_SSLv3\`, \`SSL.TLSv1_METHOD\`, …; the list of B502).

## Why is this bad?
Every caller that does not pass the argument gets a protocol with practical attacks (POODLE,
BEAST): the insecure choice is made once, in the signature, and inherited silently
(CWE-327).

## Example
\`\`\`python
from OpenSSL import SSL

def open_connection(host, method=SSL.TLSv1_METHOD):
    ...
\`\`\`

## Use instead
\`\`\`python
from OpenSSL import SSL

def open_connection(host, method=SSL.TLS_CLIENT_METHOD):
    ...
\`\`\`

## Beyond Bandit
Bandit reads only positional parameters' defaults; Vigil also reads keyword-only and typed
parameters (\`*, method: int = SSL.TLSv1_METHOD\`) and lambda defaults. The finding is on the
default value.

## Fix safety
No fix: the right default depends on the peers the function talks to.

## References
- [ssl: protocol versions](https://docs.python.org/3/library/ssl.html#ssl.SSLContext.minimum_version)
- [Bandit B503](https://bandit.readthedocs.io/en/latest/plugins/b503_ssl_with_bad_defaults.html)
- [CWE-327: Use of a Broken or Risky Cryptographic Algorithm](https://cwe.mitre.org/data/definitions/327.html)
`,
});
