import type { FileFacts } from '../../facts';
import {
  cachedCallName,
  callArguments,
  mentions,
  nameWords,
  objectLiteral,
  property,
  propertyName,
  propertyValue,
  stringValue,
  unwrap,
  valueDestination,
} from '../../javascript/syntax';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';

/** `http://` or `ws://`, optional `user:password@`, then the host and an optional port. */
const CLEARTEXT_URL = /^(https?|wss?):\/\/(?:([^\s/?#@]*)@)?(\[[^\]]*\]|[^\s/?#:@]+)(?::([^\s/?#]*))?/i;

/** Request headers that carry credentials. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key', 'apikey', 'x-auth-token', 'x-access-token', 'private-token']);
/** Words of a body field that make it a credential (`password`, `client_secret`, `apiKey`, `refreshToken`). */
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials']);

/** Request calls: where their options (and, for axios' data methods, the body) are. */
const REQUEST_CALLS: Readonly<Record<string, { options: number; data?: number }>> = {
  fetch: { options: 1 },
  'node-fetch': { options: 1 },
  'undici.fetch': { options: 1 },
  'undici.request': { options: 1 },
  axios: { options: 1 },
  'axios.get': { options: 1 },
  'axios.delete': { options: 1 },
  'axios.head': { options: 1 },
  'axios.options': { options: 1 },
  'axios.post': { data: 1, options: 2 },
  'axios.put': { data: 1, options: 2 },
  'axios.patch': { data: 1, options: 2 },
  got: { options: 1 },
  'got.get': { options: 1 },
  'got.post': { options: 1 },
  'got.put': { options: 1 },
  'got.patch': { options: 1 },
  'got.delete': { options: 1 },
  'http.request': { options: 1 },
  'http.get': { options: 1 },
};

interface State {
  /** `http` or `ws`, as written. */
  scheme: string;
  /** No explicit port: the same URL over TLS plausibly works. */
  fixable: boolean;
}

/** Words one of which a file must contain for this rule to find anything. */
const TRIGGERS = ['http:', 'ws:', 'HTTP:'];

export const jsCleartextCredentials = defineRule<State>({
  meta: {
    id: 'VG110',
    name: 'cleartext_credentials',
    title: 'Credentials sent over unencrypted HTTP',
    severity: 'medium',
    confidence: 'high',
    cwe: 319,
  },
  family: 'javascript',
  nodeTypes: ['string', 'template_string'],
  triggers: TRIGGERS,
  check(literal, ctx) {
    if (!mentions(ctx, TRIGGERS)) return undefined;
    // Cheap test first: this runs on every string of the file.
    const head = literal.text.slice(1, 6).toLowerCase();
    if (!head.startsWith('http:') && !head.startsWith('ws:')) return undefined;
    const url = CLEARTEXT_URL.exec(shape(literal) ?? '');
    if (!url || /^(https|wss)$/i.test(url[1]!) || isLocal(url[3]!)) return undefined;
    const [whole, scheme, userinfo, host, port] = url;
    const request = requestOf(literal, ctx.facts);
    // http.request/http.get refuse https:// URLs: the module has to change too.
    const state = { scheme: scheme!, fixable: (port === undefined || port === '') && !request?.callee.startsWith('http.') };
    const secure = scheme!.toLowerCase() === 'ws' ? 'wss' : 'https';
    if (userinfo?.includes(':')) {
      // A fixed password given to some function (a URL parser's test) is data; one filled in, sent or kept is a credential.
      const password = userinfo.slice(userinfo.indexOf(':') + 1);
      const destination = request || password.includes(HOLE) ? undefined : valueDestination(literal, ctx.facts);
      if (request || password.includes(HOLE) || (destination && destination.via !== 'argument')) {
        return { node: literal, message: `The password in this ${scheme}:// URL travels unencrypted to ${host}: anyone on the network path can read it. Use ${secure}:// (and keep the password out of the code).`, state };
      }
    }
    const parameter = secretParameter(shape(literal)!.slice(whole!.length), isConcatenated(literal));
    const sent = parameter ? `The ${parameter} query parameter` : request && credentialsSent(request);
    if (!sent) return undefined;
    return { node: literal, message: `${sent} is sent over unencrypted ${scheme}:// to ${host}: anyone on the network path can read it. Use ${secure}://.`, state };
  },
  fix(report) {
    const { scheme, fixable } = report.state!;
    if (!fixable) return [];
    const first = report.node.namedChildren.find((child) => child?.type === 'string_fragment');
    if (!first || !first.text.toLowerCase().startsWith(`${scheme.toLowerCase()}:`)) return [];
    const secure = scheme.toLowerCase() === 'ws' ? 'wss' : 'https';
    return [
      {
        title: `Use ${secure}://`,
        applicability: 'unsafe',
        edits: [{ start: first.startIndex, end: first.startIndex + scheme.length, newText: secure }],
        caveat: `The server must serve ${secure}:// on port 443 with a certificate valid for this host name; otherwise the request now fails.`,
      },
    ];
  },
  docs: `
## What it does
Reports hard-coded \`http://\` and \`ws://\` URLs (not \`localhost\`, \`127.x.x.x\`, \`[::1]\` or a
one-word host such as a container's service name) that carry credentials: a password in the
URL (\`http://user:pass@host\` kept in a variable or property, sent, or filled in with
\`\${…}\`), a query parameter named as a secret whose value is filled in (\`?api_key=\${key}\`,
\`'…&access_token=' + token\`), or a request to the URL made in the same call with them — \`fetch\`, \`axios\`, \`got\`, \`undici\` and \`http.request\`/\`get\` given an
\`Authorization\`, \`Cookie\` or API-key header, an \`auth\` option, \`username\`/\`password\`
options, \`credentials: 'include'\`, or a body with a password, secret or token field
(\`axios.post(url, { password })\`, \`body: JSON.stringify({ password })\`).

## Why is this bad?
Plain HTTP is readable and changeable by anyone on the network path: public Wi-Fi, an ISP, a
compromised router. Passwords, tokens and session cookies sent that way are disclosed to all
of them (CWE-319), and a man in the middle can also change the response.

## Example
\`\`\`ts
const res = await fetch('http://api.example.com/orders', {
  headers: { Authorization: \`Bearer \${token}\` },
  signal: AbortSignal.timeout(10000),
});
\`\`\`

## Use instead
\`\`\`ts
const res = await fetch('https://api.example.com/orders', {
  headers: { Authorization: \`Bearer \${token}\` },
  signal: AbortSignal.timeout(10000),
});
\`\`\`

## Beyond Bandit
Bandit has no such check (its B309/B321 blacklist HTTPSConnection and FTP wholesale); neither
eslint-plugin-security nor @microsoft/eslint-plugin-sdl looks at what is sent (sdl's
\`no-insecure-url\` reports every \`http://\` string). Vigil reports only URLs that carry
credentials in the same statement; a URL held in a variable or a configuration file, and
credentials added by an interceptor or a client's defaults, are not followed. Local and
one-word hosts are left out: traffic that never leaves the machine or a container network.

## Fix safety
The fix changes \`http://\` to \`https://\` (\`ws://\` to \`wss://\`) in the literal. It is offered
only when the URL names no port (a service on \`:8080\` rarely serves TLS on the same port) and
is not given to \`http.request\`/\`http.get\` (which refuse \`https:\` URLs: use the \`https\`
module), and it is unsafe: the server must serve HTTPS on port 443 with a certificate for that host name,
or the request now fails. A password in the URL stays there: move it to configuration.

## References
- [MDN: Mixed content and why HTTPS matters](https://developer.mozilla.org/en-US/docs/Web/Security/Mixed_content)
- [OWASP: Transport Layer Security Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html)
- [CWE-319: Cleartext Transmission of Sensitive Information](https://cwe.mitre.org/data/definitions/319.html)
`,
});

/** Stands for a `${…}` substitution in a template's shape. */
const HOLE = '\uE000';

/** A string's value, or a template's text with HOLE for each substitution. */
function shape(literal: Node): string | undefined {
  if (literal.type === 'string') return stringValue(literal);
  let text = '';
  for (const child of literal.namedChildren) {
    if (!child) continue;
    if (child.type === 'template_substitution') text += HOLE;
    else if (child.type === 'string_fragment' || child.type === 'escape_sequence') text += child.text;
  }
  return text;
}

function isLocal(host: string): boolean {
  const name = host.toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(name) || name === '[::1]' || name === '0.0.0.0' || (!name.includes('.') && !name.startsWith('['));
}

interface Request {
  callee: string;
  /** The options object literal, and the body argument (axios' data methods). */
  options?: Node;
  data?: Node;
}

/** The request call made with this URL in the same expression: `fetch(url, …)`, `axios({ url, … })`. */
function requestOf(literal: Node, facts: FileFacts): Request | undefined {
  let url = literal;
  while (url.parent && ['parenthesized_expression', 'as_expression'].includes(url.parent.type)) url = url.parent;
  const parent = url.parent;
  if (parent?.type === 'pair' && propertyName(parent) === 'url') {
    // axios({ url, headers }) / got({ url, … }): the options are the object around it.
    const object = parent.parent!;
    const call = object.parent?.type === 'arguments' ? object.parent.parent : null;
    const callee = call ? cachedCallName(call, facts) : undefined;
    if (!callee || !(callee.name in REQUEST_CALLS) || !isKnownClient(callee) || callArguments(call!)[0]?.id !== object.id) return undefined;
    return { callee: callee.name, options: object };
  }
  if (parent?.type !== 'arguments' || callArguments(parent.parent!)[0]?.id !== url.id) return undefined;
  const call = parent.parent!;
  const callee = cachedCallName(call, facts);
  const shape = callee ? REQUEST_CALLS[callee.name] : undefined;
  if (!callee || !shape || !isKnownClient(callee)) return undefined;
  const args = callArguments(call);
  return { callee: callee.name, options: objectLiteral(args[shape.options]), data: shape.data === undefined ? undefined : objectLiteral(args[shape.data]) };
}

/** What credential the request sends (`The Authorization header`), if any. */
function credentialsSent(request: Request): string | undefined {
  const fromOptions = request.options && credentialsIn(request.options);
  if (fromOptions) return fromOptions;
  return request.data && hasSecretField(request.data) ? 'A password, secret or token in the request body' : undefined;
}

/**
 * A query parameter of the URL's rest whose name says secret and whose value is filled in at
 * run time: `?api_key=${key}`, or `'…&access_token=' + token`. A fixed value is test data.
 */
function secretParameter(rest: string, concatenated: boolean): string | undefined {
  for (const match of rest.matchAll(/[?&]([\w.-]+)=/g)) {
    const after = match.index + match[0].length;
    const filledIn = rest[after] === HOLE || (concatenated && after === rest.length);
    const words = nameWords(match[1]!);
    if (filledIn && (words.some((word) => SECRET_WORDS.has(word)) || words.join('') === 'apikey' || match[1] === 'key')) return match[1];
  }
  return undefined;
}

/** The left operand of a `+`: the URL goes on with a value. */
function isConcatenated(literal: Node): boolean {
  const parent = literal.parent;
  return parent?.type === 'binary_expression' && parent.childForFieldName('operator')?.text === '+' && parent.childForFieldName('left')?.id === literal.id;
}

/** The global `fetch` (not imported), or an imported client. */
function isKnownClient(callee: { name: string; imported: boolean }): boolean {
  return callee.name === 'fetch' ? !callee.imported : callee.imported;
}

function credentialsIn(options: Node): string | undefined {
  if (property(options, 'auth')) return 'The auth option';
  if (property(options, 'password')) return 'The password option';
  if (stringValue(propertyValue(options, 'credentials')) === 'include') return "A cookie (credentials: 'include')";
  const headers = objectLiteral(propertyValue(options, 'headers'));
  const header = headers?.namedChildren.map((child) => (child ? propertyName(child) : undefined)).find((name) => name !== undefined && CREDENTIAL_HEADERS.has(name.toLowerCase()));
  if (header) return `The ${header} header`;
  const body = propertyValue(options, 'body') ?? propertyValue(options, 'data') ?? propertyValue(options, 'json') ?? propertyValue(options, 'form');
  const bodyObject = body && (objectLiteral(body) ?? stringifiedObject(body));
  return bodyObject && hasSecretField(bodyObject) ? 'A password, secret or token in the request body' : undefined;
}

/** The object of `JSON.stringify({ … })` or `new URLSearchParams({ … })`. */
function stringifiedObject(node: Node): Node | undefined {
  const inner = unwrap(node);
  if (inner.type !== 'call_expression' && inner.type !== 'new_expression') return undefined;
  const callee = inner.childForFieldName('function') ?? inner.childForFieldName('constructor');
  if (callee?.text !== 'JSON.stringify' && callee?.text !== 'URLSearchParams') return undefined;
  return objectLiteral(callArguments(inner)[0]);
}

function hasSecretField(object: Node): boolean {
  return object.namedChildren.some((child) => {
    const name = child ? propertyName(child) : undefined;
    return name !== undefined && nameWords(name).some((word) => SECRET_WORDS.has(word));
  });
}
