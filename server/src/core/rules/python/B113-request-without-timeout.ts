import { callName, addKeywordArgument, hasKeywordSplat, isNone, keywordArgument, replaceNode } from '../../python/syntax';
import { defineRule } from '../../rule';

const HTTP_METHODS = ['get', 'options', 'head', 'post', 'put', 'patch', 'delete', 'request'];
const CLIENT_METHODS = [...HTTP_METHODS, 'stream', 'send'];

/** Calls that open a connection and wait on it forever unless given a timeout. */
const CALLS = new Set([
  ...HTTP_METHODS.map((method) => `requests.${method}`),
  ...HTTP_METHODS.map((method) => `requests.api.${method}`),
  ...HTTP_METHODS.map((method) => `requests.Session().${method}`),
  ...HTTP_METHODS.map((method) => `requests.session().${method}`),
  ...HTTP_METHODS.map((method) => `requests.sessions.Session().${method}`),
  ...[...HTTP_METHODS, 'stream'].map((method) => `httpx.${method}`),
]);

/**
 * httpx has a default timeout (5 s), so only an explicit `timeout=None` disables it. Its clients
 * likewise: `httpx.Client(timeout=None)` is flagged at the constructor.
 */
const HTTPX_CLIENTS = new Set(['httpx.Client', 'httpx.AsyncClient']);

interface State {
  kind: 'missing' | 'none';
}

export const requestWithoutTimeout = defineRule<State>({
  meta: {
    id: 'B113',
    name: 'request_without_timeout',
    title: 'HTTP request without a timeout',
    severity: 'medium',
    confidence: 'low',
    cwe: 400,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['requests', 'httpx'],
  trackedFactories: ['requests.Session', 'requests.session', 'requests.sessions.Session', 'httpx.Client', 'httpx.AsyncClient'],
  check(call, ctx) {
    const callee = callName(call, ctx.facts);
    if (!callee?.imported) return undefined;
    const isHttpxClient = HTTPX_CLIENTS.has(callee.name);
    if (!CALLS.has(callee.name) && !isHttpxClient && !isClientMethod(callee.name)) return undefined;
    const timeout = keywordArgument(call, 'timeout');
    if (timeout) {
      const value = timeout.childForFieldName('value');
      if (!isNone(value ?? undefined)) return undefined;
      return { node: timeout, message: `Call to ${callee.name} with timeout=None may wait forever.`, state: { kind: 'none' } };
    }
    // httpx applies a 5 s default; requests applies none. `**kwargs` may carry a timeout.
    if (callee.name.startsWith('httpx') || hasKeywordSplat(call)) return undefined;
    return { node: call.childForFieldName('function')!, message: `Call to ${callee.name} without a timeout may wait forever.`, state: { kind: 'missing' } };
  },
  fix(report, ctx) {
    const seconds = ctx.options.timeoutSeconds;
    const edit =
      report.state!.kind === 'none'
        ? replaceNode(report.node.childForFieldName('value')!, String(seconds))
        : addKeywordArgument(report.node.parent!, `timeout=${seconds}`, ctx.text);
    return [{ title: `Add timeout=${seconds}`, applicability: 'safe', edits: [edit] }];
  },
  docs: `
## What it does
Reports HTTP calls made with \`requests\` (module functions and \`Session\` methods) without a
\`timeout\`, and \`requests\`/\`httpx\` calls and clients given \`timeout=None\`.

## Why is this bad?
Without a timeout a request waits for a slow or malicious server forever, holding a worker,
a thread or a connection: a cheap denial of service (CWE-400). \`requests\` sets no timeout
by default; \`httpx\` defaults to 5 seconds unless told \`timeout=None\`.

## Example
\`\`\`python
import requests
requests.get("https://example.com/model.bin")
\`\`\`

## Use instead
\`\`\`python
import requests
requests.get("https://example.com/model.bin", timeout=30)
\`\`\`

## Beyond Bandit
Vigil resolves aliases (\`import requests as r\`) and session objects (\`s = requests.Session()\`,
\`with requests.Session() as s\`), knows \`httpx\`'s default timeout (so \`httpx.get(url)\` is
fine but \`httpx.Client(timeout=None)\` is not), and does not report calls that pass
\`**kwargs\`, which may carry the timeout.

## Fix safety
"Add timeout=N" is safe: it only bounds a wait that was unbounded. N is the
\`vigil.fix.timeoutSeconds\` setting (default 30). Pick a value that fits the endpoint.

## References
- [Requests: Timeouts](https://requests.readthedocs.io/en/latest/user/advanced/#timeouts)
- [HTTPX: Timeouts](https://www.python-httpx.org/advanced/timeouts/)
- [CWE-400: Uncontrolled Resource Consumption](https://cwe.mitre.org/data/definitions/400.html)
`,
});

/** `httpx.Client().get` and friends: only `timeout=None` on them matters, handled above. */
function isClientMethod(name: string): boolean {
  return [...HTTPX_CLIENTS].some((client) => CLIENT_METHODS.some((method) => name === `${client}().${method}`));
}
