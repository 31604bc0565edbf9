import {
  addArgument,
  addProperty,
  callArguments,
  callName,
  calleeOf,
  hasSpreadArgument,
  hasSpreadProperty,
  objectLiteral,
  propertyValue,
  replaceNode,
  stringValue,
  unwrap,
} from '../../javascript/syntax';
import { dottedName } from '../../javascript/values';
import type { Node } from '../../parser';
import type { Report } from '../../rule';
import { defineRule } from '../../rule';
import type { Severity, TextEdit } from '../../types';

type Flag = 'httpOnly' | 'secure';

interface State {
  /** The object to add flags to; undefined when the call has no options (then `call` gets an argument). */
  object: Node | undefined;
  call: Node;
  /** Flags to add, and flags written `false` to turn `true`. */
  missing: Flag[];
  disabled: Node[];
  /** express-session without a `cookie` option: add `cookie: { secure: true }`. */
  sessionCookie: boolean;
}

/** Cookie names that hold a session or credential: a stolen one is a stolen login. */
const SENSITIVE = /sess|sid|token|auth|jwt|refresh|remember|login|user|cred|key|secret|connect\./i;
/** Cookies the page's own script must read (double-submit CSRF tokens): no httpOnly for them. */
const SCRIPT_READABLE = /csrf|xsrf/i;

const CAVEAT =
  'secure: true cookies are only sent over HTTPS: over plain http (a local server without TLS, or behind a proxy ' +
  "Express does not trust — set app.set('trust proxy', 1)) they are not set. httpOnly: true hides the cookie from the page's scripts.";

export const jsInsecureCookie = defineRule<State>({
  meta: {
    id: 'VG124',
    name: 'insecure_cookie',
    title: 'Cookie set without httpOnly or secure',
    severity: 'medium',
    confidence: 'medium',
    cwe: 614,
  },
  family: 'javascript',
  nodeTypes: ['call_expression'],
  triggers: ['cookie', 'session', 'Session'],
  check(call, ctx) {
    const callee = calleeOf(call);
    if (!callee) return undefined;
    const method = callee.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
    // Cheap first: \`x.cookie(…)\`, or a callee that may be an imported session factory.
    if (method !== 'cookie' && !(callee.type === 'identifier' && ctx.facts.aliases.has(callee.text)) && !/session/i.test(method ?? '')) return undefined;
    if (hasSpreadArgument(call)) return undefined;
    const name = callName(call, ctx.facts);
    const args = callArguments(call);
    if (name?.imported && (name.name === 'express-session' || name.name === 'express-session.default')) return checkSession(call, args[0]);
    if (name?.imported && name.name === 'cookie-session') {
      const options = objectLiteral(args[0]);
      return options ? checkOptions(call, options, { requireSecure: false, requireHttpOnly: false, severity: 'medium', what: 'cookie-session' }) : undefined;
    }
    if (callee.type !== 'member_expression' || callee.childForFieldName('property')?.text !== 'cookie') return undefined;
    const receiver = dottedName(responseOf(callee.childForFieldName('object')!)) ?? '';
    if (!/(?:^|\.)(?:res|response)$/.test(receiver) || args.length < 2) return undefined;
    const cookieName = stringValue(args[0]);
    const sensitive = cookieName === undefined || SENSITIVE.test(cookieName);
    const options = args[2];
    const object = objectLiteral(options);
    const requireHttpOnly = !(cookieName !== undefined && SCRIPT_READABLE.test(cookieName));
    const severity: Severity = sensitive ? 'medium' : 'low';
    if (!options) {
      const missing: Flag[] = requireHttpOnly ? ['httpOnly', 'secure'] : ['secure'];
      return {
        node: callee,
        message: `Cookie ${args[0]!.text} is set without ${missing.join(' or ')}: ${consequences(missing)}.`,
        severity,
        state: { object: undefined, call, missing, disabled: [], sessionCookie: false },
      };
    }
    if (!object) return undefined; // options built elsewhere
    return checkOptions(call, object, { requireSecure: true, requireHttpOnly, severity, what: `Cookie ${args[0]!.text}` });
  },
  fix(report, ctx) {
    const { object, call, missing, disabled, sessionCookie } = report.state!;
    const edits: TextEdit[] = disabled.map((value) => replaceNode(value, 'true'));
    const added = missing.map((flag) => `${flag}: true`).join(', ');
    if (sessionCookie) edits.push(addProperty(object!, 'cookie: { secure: true }', ctx.text));
    else if (object && missing.length > 0) edits.push(addProperty(object, added, ctx.text));
    else if (!object) edits.push(addArgument(call, `{ ${added} }`, ctx.text));
    const flags = [...new Set([...missing, ...disabled.map((value) => value.parent!.childForFieldName('key')!.text as Flag)])];
    return [{ title: `Set ${flags.map((flag) => `${flag}: true`).join(', ')}`, applicability: 'unsafe', edits, caveat: CAVEAT }];
  },
  docs: `
## What it does
Reports cookies set without the \`httpOnly\` or \`secure\` flag: Express's
\`res.cookie(name, value, options)\` with no options or options that lack either flag (or set it
\`false\`), \`express-session\` configured without \`cookie: { secure: true }\` or with
\`httpOnly: false\`, and \`cookie-session\` options that set either flag \`false\`. Severity is
medium for cookies whose name says they hold a session or credential (\`sid\`, \`session\`,
\`token\`, \`auth\`, \`jwt\`, \`refresh\`…) or is computed, low for others (\`theme\`).

## Why is this bad?
Without \`secure\`, the browser also sends the cookie over plain HTTP, where anyone on the
network can read it (CWE-614). Without \`httpOnly\`, any script in the page — including one
injected through XSS — can read it and send it away (CWE-1004). For a session cookie either way
means a stolen login.

## Example
\`\`\`ts
res.cookie('sid', sessionId);
app.use(session({ secret, cookie: { maxAge: 3600_000 } }));
\`\`\`

## Use instead
\`\`\`ts
res.cookie('sid', sessionId, { httpOnly: true, secure: true });
app.use(session({ secret, cookie: { maxAge: 3600_000, secure: true } }));
\`\`\`

## Beyond Bandit
Bandit has no cookie checks; eslint-plugin-security has none, and \`@microsoft/eslint-plugin-sdl\`
only flags \`document.cookie\`. Defaults are taken into account: express-session and
cookie-session already set \`httpOnly\`, so only \`secure\` (express-session) or an explicit
\`false\` is reported for them. Cookies named like CSRF tokens (\`XSRF-TOKEN\`, \`csrf\`) must be
readable by the page, so only \`secure\` is asked of them. Not reported: options built elsewhere
(\`res.cookie(n, v, opts)\`) or spreading another object, and flags set from an expression
(\`secure: process.env.NODE_ENV === 'production'\`) — that is a decision, not an omission. The
response is recognised by its conventional name (\`res\`, \`response\`).

## Fix safety
The fix adds \`httpOnly: true\` and/or \`secure: true\` to the options (or passes them as new
options, or adds \`cookie: { secure: true }\` to express-session), or turns an explicit \`false\`
into \`true\`. It is unsafe: secure cookies are not set over plain HTTP (a local server without
TLS; behind a TLS-terminating proxy Express needs \`app.set('trust proxy', 1)\`), and
\`httpOnly\` cookies can no longer be read by the page's own scripts.

## References
- [Express: res.cookie](https://expressjs.com/en/api.html#res.cookie)
- [express-session: cookie.secure](https://github.com/expressjs/session#cookiesecure)
- [MDN: Set-Cookie — Secure and HttpOnly](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#secure)
- [CWE-614: Sensitive Cookie Without 'Secure'](https://cwe.mitre.org/data/definitions/614.html)
- [CWE-1004: Sensitive Cookie Without 'HttpOnly'](https://cwe.mitre.org/data/definitions/1004.html)
`,
});

interface Requirements {
  requireSecure: boolean;
  requireHttpOnly: boolean;
  severity: Severity;
  what: string;
}

/** Flags missing from (or `false` in) a cookie options object. */
function checkOptions(call: Node, object: Node, requirements: Requirements): Report<State> | undefined {
  const missing: Flag[] = [];
  const disabled: Node[] = [];
  for (const flag of ['httpOnly', 'secure'] as const) {
    const value = propertyValue(object, flag);
    const required = flag === 'secure' ? requirements.requireSecure : requirements.requireHttpOnly;
    if (value && unwrap(value).type === 'false') disabled.push(value);
    else if (!value && required && !hasSpreadProperty(object)) missing.push(flag);
  }
  if (missing.length === 0 && disabled.length === 0) return undefined;
  const flags = [...disabled.map((value) => value.parent!.childForFieldName('key')!.text as Flag), ...missing];
  return {
    node: disabled[0] ?? object,
    message: `${requirements.what} is set ${disabled.length > 0 ? `with ${disabled.map((value) => `${value.parent!.childForFieldName('key')!.text}: false`).join(', ')}` : `without ${missing.join(' or ')}`}: ${consequences(flags)}.`,
    severity: requirements.severity,
    confidence: disabled.length > 0 ? 'high' : 'medium',
    state: { object, call, missing, disabled, sessionCookie: false },
  };
}

/** express-session: `cookie.secure` must be set (its `httpOnly` defaults to true). */
function checkSession(call: Node, options: Node | undefined): Report<State> | undefined {
  const object = objectLiteral(options);
  if (!object || hasSpreadProperty(object)) return undefined;
  const cookie = propertyValue(object, 'cookie');
  if (!cookie) {
    return {
      node: object,
      message: 'express-session is configured without cookie.secure: the session cookie is also sent over plain HTTP, where it can be read.',
      state: { object, call, missing: [], disabled: [], sessionCookie: true },
    };
  }
  const cookieObject = objectLiteral(cookie);
  if (!cookieObject) return undefined;
  return checkOptions(call, cookieObject, { requireSecure: true, requireHttpOnly: false, severity: 'medium', what: 'The express-session cookie' });
}

function consequences(flags: readonly Flag[]): string {
  const parts = flags.map((flag) => (flag === 'secure' ? 'it is also sent over plain HTTP' : "the page's scripts (and XSS) can read it"));
  return parts.join(', and ');
}

/** The object at the head of a chain of calls on it: `res` for `res.status(200)`. */
function responseOf(node: Node): Node {
  let current = unwrap(node);
  while (current.type === 'call_expression') {
    const callee = calleeOf(current);
    if (callee?.type !== 'member_expression') break;
    current = unwrap(callee.childForFieldName('object')!);
  }
  return current;
}
