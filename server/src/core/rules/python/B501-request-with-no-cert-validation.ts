import { cachedCallName, isFalse, keywordArgument, replaceNode } from '../../python/syntax';
import { defineRule } from '../../rule';

const HTTP_VERBS = ['get', 'options', 'head', 'post', 'put', 'patch', 'delete', 'request'];
const HTTPX_CALLS = new Set([...HTTP_VERBS, 'stream', 'Client', 'AsyncClient', 'HTTPTransport', 'AsyncHTTPTransport']);

/** `requests.get`, `requests.Session().post`, `httpx.Client`, `httpx.AsyncClient().get`, … */
function sendsWithVerify(name: string): boolean {
  const parts = name.split('.');
  const last = parts.at(-1)!;
  if (parts[0] === 'requests') return HTTP_VERBS.includes(last) && parts.length >= 2;
  if (parts[0] === 'httpx') return HTTPX_CALLS.has(last) && parts.length >= 2;
  return false;
}

export const requestWithNoCertValidation = defineRule({
  meta: {
    id: 'B501',
    name: 'request_with_no_cert_validation',
    title: 'HTTPS request with certificate validation disabled',
    severity: 'high',
    confidence: 'high',
    cwe: 295,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['verify'],
  trackedFactories: ['requests.Session', 'requests.session', 'requests.sessions.Session', 'httpx.Client', 'httpx.AsyncClient'],
  check(call, ctx) {
    const verify = keywordArgument(call, 'verify');
    if (!verify || !isFalse(verify.childForFieldName('value') ?? undefined)) return undefined;
    const callee = cachedCallName(call, ctx.facts);
    if (!callee?.imported || !sendsWithVerify(callee.name)) return undefined;
    const library = callee.name.split('.')[0];
    return { node: verify, message: `Call to ${library} with verify=False disables TLS certificate checks.` };
  },
  fix(report) {
    return [
      {
        title: 'Verify certificates (verify=True)',
        applicability: 'unsafe',
        caveat: 'Requests to servers with self-signed or private-CA certificates now fail; pass verify="/path/to/ca-bundle.pem" for those.',
        edits: [replaceNode(report.node.childForFieldName('value')!, 'True')],
      },
    ];
  },
  docs: `
## What it does
Reports \`requests\` and \`httpx\` calls, sessions and clients given \`verify=False\`.

## Why is this bad?
Without certificate validation, anyone on the network path — a café Wi-Fi, a compromised
router, a malicious proxy — can impersonate the server, read the traffic (credentials,
tokens) and change the responses (CWE-295).

## Example
\`\`\`python
import requests
requests.get("https://internal.example.com/api", verify=False, timeout=10)
\`\`\`

## Use instead
\`\`\`python
import requests
requests.get("https://internal.example.com/api", verify="/etc/ssl/internal-ca.pem", timeout=10)
\`\`\`

## Beyond Bandit
Vigil resolves aliases (\`import requests as r\`, \`from requests import get\`) and session
objects (\`s = requests.Session(); s.get(…, verify=False)\`, as Bandit 1.9.5 does), and also
covers \`requests.request\` and \`httpx.HTTPTransport\`. The finding is on the
\`verify=False\` argument.

## Fix safety
"Verify certificates" sets \`verify=True\`. It is **unsafe**: requests to servers with
self-signed or private-CA certificates start failing. For those, pass the CA bundle's path as
\`verify=\` instead of turning validation off.

## References
- [Requests: SSL certificate verification](https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification)
- [HTTPX: SSL](https://www.python-httpx.org/advanced/ssl/)
- [CWE-295: Improper Certificate Validation](https://cwe.mitre.org/data/definitions/295.html)
`,
});
