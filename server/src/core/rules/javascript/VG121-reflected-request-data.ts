import { callArguments, calleeOf, stringValue, unwrap } from '../../javascript/syntax';
import { mayHoldRequestData, sourceOrigin, taintedPart } from '../../javascript/values';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';

/** Names Express, Connect and Node's `http` handlers conventionally give the response. */
const RESPONSES = new Set(['res', 'response']);
/** Response methods whose string argument becomes the body as is. */
const SENDS = new Set(['send', 'write', 'end']);
/** Calls that set the content type (`res.type('text/plain')`, `res.set('Content-Type', …)`). */
const TYPE_SETTERS = new Set(['type', 'contentType', 'set', 'header', 'setHeader']);

export const jsReflectedRequestData = defineRule<undefined>({
  meta: {
    id: 'VG121',
    name: 'reflected_request_data',
    title: 'Request data sent back unescaped in a response',
    severity: 'medium',
    confidence: 'high',
    cwe: 79,
  },
  family: 'javascript',
  nodeTypes: ['call_expression'],
  triggers: ['req', 'request', 'ctx', 'context'],
  check(call, ctx) {
    const callee = calleeOf(call);
    if (callee?.type !== 'member_expression') return undefined;
    const method = callee.childForFieldName('property')?.text ?? '';
    if (!SENDS.has(method) || !mayHoldRequestData(ctx)) return undefined;
    const receiver = responseChain(callee.childForFieldName('object')!);
    if (!receiver || receiver.typed) return undefined;
    const body = callArguments(call)[0];
    if (!body) return undefined;
    const tainted = taintedPart(body, ctx.facts);
    if (!tainted || tainted.origin !== 'request') return undefined;
    const whole = unwrap(body);
    // `res.send(req.query)`: an object is sent as JSON.
    if (whole.id === tainted.node.id && sourceOrigin(whole, ctx.facts) && isWholeObject(whole)) return undefined;
    const built = whole.id !== tainted.node.id;
    // Express's `send` makes a string `text/html`; Node's `write`/`end` send whatever type an
    // earlier statement (`res.writeHead(404, { 'Content-Type': 'text/plain' })`) set.
    const typedElsewhere = method !== 'send';
    return {
      node: tainted.node,
      message: `${tainted.node.text} is sent back in the response body unescaped: a browser renders markup in it as the page (reflected XSS). Escape it, or send it as JSON or text/plain.`,
      confidence: typedElsewhere ? 'low' : built ? 'high' : 'medium',
    };
  },
  docs: `
## What it does
Reports HTTP request data — \`req.query\`, \`req.params\`, \`req.body\`, \`req.cookies\`,
\`req.headers\`, \`req.url\` and their properties, \`req.param()\`/\`req.get()\` — written straight
into a response body with \`res.send\`, \`res.write\` or \`res.end\` (also \`res.status(…).send(…)\`),
alone or inside a template or concatenation. The finding is on the request data. Confidence is
high when it is spliced into a string for \`res.send\`, medium when sent alone
(\`res.send(req.query.q)\` sends JSON if \`q\` is an array or object), and low for \`res.write\`
and \`res.end\`, whose content type is usually set by an earlier statement
(\`res.writeHead(404, { 'Content-Type': 'text/plain' })\`) that Vigil does not read.

## Why is this bad?
Express sends a string body as \`text/html\`, and \`http\` responses without a content type are
sniffed as HTML. A link such as \`/search?q=<script>…</script>\` then runs the attacker's script
in your origin for whoever follows it: reflected cross-site scripting (CWE-79).

## Example
\`\`\`ts
app.get('/search', (req, res) => {
  res.send(\`No results for \${req.query.q}\`);
});
\`\`\`

## Use instead
\`\`\`ts
import escapeHtml from 'escape-html';
app.get('/search', (req, res) => {
  res.send(\`No results for \${escapeHtml(String(req.query.q))}\`);
});
\`\`\`

## Beyond Bandit
Bandit has no such check (Python web frameworks escape in templates; B704 covers \`Markup\`).
eslint-plugin-security has none either. Request and response objects are recognised by their
conventional names (\`req\`/\`request\`/\`ctx.request\`, \`res\`/\`response\`), not by types. Not
reported: whole request objects (\`res.send(req.body)\` is JSON), \`res.json\`/\`res.jsonp\`,
\`res.render\` (templates escape), responses whose chain sets a content type
(\`res.type('text/plain').send(…)\`), and data passed through any function first
(\`escapeHtml(…)\`, \`Number(…)\`, a lookup) except string methods, \`String()\` and URI decoding.
Data stored in a variable in an earlier statement is not followed: Vigil reads one statement
at a time.

## Fix safety
No automatic fix: escaping needs a library the project chooses (\`escape-html\`, \`he\`), or the
response should be JSON or plain text.

## References
- [OWASP: Cross Site Scripting Prevention Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html)
- [Express: res.send()](https://expressjs.com/en/api.html#res.send)
- [CWE-79: Cross-site Scripting](https://cwe.mitre.org/data/definitions/79.html)
`,
});

/** `res`, `res.status(404)`, `response.set(…).status(…)`: whether the chain starts at a response, and sets a type. */
function responseChain(node: Node): { typed: boolean } | undefined {
  let current = unwrap(node);
  let typed = false;
  while (current.type === 'call_expression') {
    const callee = calleeOf(current);
    if (callee?.type !== 'member_expression') return undefined;
    const method = callee.childForFieldName('property')?.text ?? '';
    if (TYPE_SETTERS.has(method) && setsNonHtmlType(current, method)) typed = true;
    current = unwrap(callee.childForFieldName('object')!);
  }
  const name = current.type === 'identifier' ? current.text : current.type === 'member_expression' && current.childForFieldName('object')?.type === 'this' ? current.childForFieldName('property')?.text : undefined;
  return name && RESPONSES.has(name) ? { typed } : undefined;
}

function setsNonHtmlType(call: Node, method: string): boolean {
  const args = callArguments(call);
  const type = method === 'type' || method === 'contentType' ? args[0] : /^content-type$/i.test(stringValue(args[0]) ?? '') ? args[1] : undefined;
  if (!type) return false;
  const value = stringValue(type);
  // A computed type may be anything; only a literal HTML type keeps the finding.
  return value === undefined || !/html|xml|svg/i.test(value);
}

/** `req.query`, `req.body` as a whole (not a property of them): an object, sent as JSON. */
function isWholeObject(node: Node): boolean {
  if (node.type !== 'member_expression') return false;
  const property = node.childForFieldName('property')?.text ?? '';
  return ['query', 'params', 'body', 'cookies', 'signedCookies', 'headers', 'files'].includes(property);
}
