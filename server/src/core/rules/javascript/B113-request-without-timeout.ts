import type { QualifiedName } from '../../facts';
import {
  addProperty,
  callArguments,
  callName,
  calleeOf,
  hasSpreadArgument,
  hasSpreadProperty,
  insertArgument,
  isFunction,
  isNewOf,
  isStringLike,
  objectLiteral,
  property,
  replaceNode,
  unwrap,
} from '../../javascript/syntax';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';
import type { Fix } from '../../types';
import { twinMeta } from '../python/index';

type Library = 'fetch' | 'axios' | 'got' | 'http';

/** Modules whose default export is a `fetch` (or that export one by that name). */
const FETCH_MODULES = new Set(['node-fetch', 'cross-fetch', 'isomorphic-fetch', 'undici.fetch']);
const AXIOS_URL_METHODS = ['get', 'delete', 'head', 'options'];
const AXIOS_DATA_METHODS = ['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm'];
const GOT_METHODS = ['get', 'post', 'put', 'patch', 'head', 'delete', 'stream'];
const HTTP_CALLS = new Set(['http.request', 'http.get', 'https.request', 'https.get']);

/** Options properties that bound the wait, per library. */
const BOUNDING_PROPERTIES: Record<Library, readonly string[]> = {
  fetch: ['signal', 'timeout'], // node-fetch 2 knows `timeout`
  axios: ['timeout', 'signal'],
  got: ['timeout', 'signal'],
  http: ['timeout', 'signal'],
};

interface Target {
  library: Library;
  /** Where the options object goes, or undefined when the call's shape does not tell. */
  optionsIndex: number | undefined;
  /** An `axios.create()` instance: its defaults are set elsewhere, so only `timeout: 0` is reported. */
  instance: boolean;
}

interface State {
  kind: 'missing' | 'disabled';
  library: Library;
  call: Node;
  optionsIndex: number;
}

export const jsRequestWithoutTimeout = defineRule<State>({
  meta: twinMeta('B113'),
  family: 'javascript',
  nodeTypes: ['call_expression'],
  triggers: ['fetch', 'axios', 'got', 'http'],
  trackedFactories: ['axios.create'],
  check(call, ctx) {
    const callee = callName(call, ctx.facts);
    if (!callee || hasSpreadArgument(call)) return undefined;
    const args = callArguments(call);
    const target = classify(callee, args);
    if (!target || target.optionsIndex === undefined) return undefined;
    const { library, optionsIndex } = target;
    const options = args[optionsIndex];
    const calleeNode = calleeOf(call)!;
    const missing = { node: calleeNode, message: missingMessage(callee.name), state: { kind: 'missing' as const, library, call, optionsIndex } };
    if (!options || (library === 'http' && isFunction(options))) return target.instance ? undefined : missing;
    const object = objectLiteral(options);
    if (!object) return undefined; // options built elsewhere may carry a timeout
    const bounds = BOUNDING_PROPERTIES[library].map((name) => property(object, name)).filter((found): found is Node => !!found);
    if (library === 'axios' && bounds.length === 1 && isZero(bounds[0]!)) {
      return { node: bounds[0]!, message: `timeout: 0 turns off the axios timeout; the request may wait forever.`, state: { kind: 'disabled', library, call, optionsIndex } };
    }
    if (bounds.length > 0 || hasSpreadProperty(object) || target.instance) return undefined;
    return missing;
  },
  fix(report, ctx) {
    const { kind, library, call, optionsIndex } = report.state!;
    const ms = Math.round(ctx.options.timeoutSeconds * 1000);
    if (kind === 'disabled') {
      const value = report.node.childForFieldName('value')!;
      return [{ title: `Set timeout: ${ms}`, applicability: 'unsafe', edits: [replaceNode(value, String(ms))], caveat: CAVEATS.axios }];
    }
    const propertyText = { fetch: `signal: AbortSignal.timeout(${ms})`, http: `signal: AbortSignal.timeout(${ms})`, axios: `timeout: ${ms}`, got: `timeout: { request: ${ms} }` }[library];
    const args = callArguments(call);
    const options = args[optionsIndex];
    const object = objectLiteral(options);
    let edit;
    if (object) edit = addProperty(object, propertyText, ctx.text);
    else if (options) edit = insertArgument(call, optionsIndex, `{ ${propertyText} }`, ctx.text); // before an http callback
    else edit = insertArgument(call, args.length, [...Array<string>(optionsIndex - args.length).fill('undefined'), `{ ${propertyText} }`].join(', '), ctx.text);
    const fix: Fix = { title: `Add ${propertyText}`, applicability: 'unsafe', edits: [edit], caveat: CAVEATS[library] };
    return [fix];
  },
  docs: `
## What it does
Reports HTTP requests made without a timeout: \`fetch\` (the global, \`node-fetch\`,
\`cross-fetch\`, \`undici\`'s) without a \`signal\`; \`axios\` (\`axios(…)\`, \`axios.get/post/…\`,
\`axios.request\`) without a \`timeout\`, and \`axios.create()\` clients made without one; \`got\`
(\`got(…)\`, \`got.get/post/…\`, \`got.stream\`) without a \`timeout\`; and \`http\`/\`https\`
\`.request\`/\`.get\` without a \`timeout\` or \`signal\`. Also reports \`timeout: 0\` given to
axios (or to an \`axios.create()\` client's request), which turns its timeout off.

## Why is this bad?
None of these clients bounds a request by default: a slow or malicious server can hold the
request, and whatever awaits it, forever — a cheap denial of service (CWE-400).

## Example
\`\`\`ts
import axios from 'axios';
const res = await fetch(url);
const { data } = await axios.get(url);
\`\`\`

## Use instead
\`\`\`ts
import axios from 'axios';
const res = await fetch(url, { signal: AbortSignal.timeout(30000) });
const { data } = await axios.get(url, { timeout: 30000 });
\`\`\`

## Beyond Bandit
Bandit checks Python only. Vigil resolves imports, \`require\`, destructuring and aliases
(\`import req from 'node:https'\`, \`const { request } = require('https')\`), and follows
\`const api = axios.create()\` so that \`api.get(…)\` is an axios request. It does not report:
a call whose options are not an object literal (\`fetch(url, init)\`: \`init\` is built
elsewhere and may carry the timeout), an options object that spreads another
(\`{ ...defaults }\`), a call spreading its arguments, \`fetch(new Request(…))\` (the request
carries its own signal), \`http.get(target, cb)\` when \`target\` may be either a URL or an options
object (a string, \`new URL(…)\` or a name ending in \`url\`, \`uri\`, \`href\`, \`link\` or
\`endpoint\` is taken as a URL), and requests of an \`axios.create()\` client without a \`timeout\` (the client's defaults
may hold one; the \`axios.create(…)\` call is reported instead); \`got.extend()\` instances are
not followed. A \`fetch\` imported or
required from another module is not the global; a local \`function fetch\` is not recognised
and would be reported.

## Fix safety
The fix adds \`signal: AbortSignal.timeout(N)\` to \`fetch\` and \`http(s)\` options,
\`timeout: N\` to axios options and \`timeout: { request: N }\` to got options (merged into the
options object, or passed as a new one), with N = \`vigil.fix.timeoutSeconds\` × 1000 ms
(default 30 s). It is unsafe: these bound the whole exchange, body included (axios in the
browser; in Node its timeout is an idle timeout), so a longer download, upload or stream is
now aborted. \`AbortSignal.timeout\` needs Node 17.3 or a current browser. Choose N per
endpoint.

## References
- [MDN: AbortSignal.timeout()](https://developer.mozilla.org/en-US/docs/Web/API/AbortSignal/timeout_static)
- [axios: Request config (timeout)](https://axios-http.com/docs/req_config)
- [got: Timeout options](https://github.com/sindresorhus/got/blob/main/documentation/6-timeout.md)
- [Node.js: http.request options](https://nodejs.org/api/http.html#httprequestoptions-callback)
- [CWE-400: Uncontrolled Resource Consumption](https://cwe.mitre.org/data/definitions/400.html)
`,
});

const CAVEATS: Record<Library, string> = {
  fetch: 'AbortSignal.timeout bounds the whole request, reading the body included: a longer download or stream is aborted. Needs Node 17.3+ or a current browser.',
  http: 'AbortSignal.timeout bounds the whole request, reading the body included: a longer download or stream is aborted. Needs Node 17.3+.',
  axios: "In browsers axios's timeout bounds the whole request, so a longer upload or download is aborted (in Node it is an idle timeout).",
  got: 'timeout.request bounds the whole request, body included: a longer download is aborted.',
};

function classify(callee: QualifiedName, args: Node[]): Target | undefined {
  const name = callee.name;
  const firstIsOptions = objectLiteral(args[0]) !== undefined;
  if (!callee.imported) {
    // Not imported and not bound to anything we know (callName found no alias or binding).
    return name === 'fetch' ? fetchTarget(args) : undefined;
  }
  if (FETCH_MODULES.has(name)) return fetchTarget(args);
  if (HTTP_CALLS.has(name)) return { library: 'http', optionsIndex: httpOptionsIndex(args), instance: false };
  if (name === 'got' || GOT_METHODS.some((method) => name === `got.${method}`)) return { library: 'got', optionsIndex: firstIsOptions ? 0 : 1, instance: false };
  if (name === 'axios.create') return { library: 'axios', optionsIndex: 0, instance: false };
  const instance = name.startsWith('axios.create()');
  const method = instance ? name.slice('axios.create()'.length) : name.startsWith('axios') ? name.slice('axios'.length) : undefined;
  if (method === undefined) return undefined;
  if (method === '') return { library: 'axios', optionsIndex: firstIsOptions ? 0 : 1, instance };
  if (method === '.request') return { library: 'axios', optionsIndex: 0, instance };
  if (AXIOS_URL_METHODS.some((m) => method === `.${m}`)) return { library: 'axios', optionsIndex: 1, instance };
  if (AXIOS_DATA_METHODS.some((m) => method === `.${m}`)) return { library: 'axios', optionsIndex: 2, instance };
  return undefined;
}

function fetchTarget(args: Node[]): Target | undefined {
  if (args.length === 0 || isNewOf(args[0], 'Request')) return undefined;
  return { library: 'fetch', optionsIndex: 1, instance: false };
}

/**
 * `http.get(options, cb)`, `http.get(url, cb)`, `http.get(url, options, cb)`: the first argument
 * is a URL when it is a string, a `new URL(…)` or a name that says so (`url`, `targetUrl`,
 * `this.endpoint`); any other expression may be either.
 */
function httpOptionsIndex(args: Node[]): number | undefined {
  if (objectLiteral(args[0])) return 0;
  if (args[0] && (isStringLike(args[0]) || isNewOf(args[0], 'URL') || URL_NAME.test(lastName(args[0])))) return 1;
  return objectLiteral(args[1]) ? 1 : undefined;
}

const URL_NAME = /(?:url|uri|href|link|endpoint)$/i;

function lastName(node: Node): string {
  const inner = unwrap(node);
  if (inner.type === 'identifier') return inner.text;
  if (inner.type === 'member_expression') return inner.childForFieldName('property')?.text ?? '';
  return '';
}

function missingMessage(name: string): string {
  if (name === 'axios.create') return 'axios.create() without a timeout makes a client whose requests may wait forever.';
  return `Call to ${name} without a timeout may wait forever.`;
}

function isZero(property: Node): boolean {
  const value = property.type === 'pair' ? property.childForFieldName('value') : null;
  return !!value && unwrap(value).type === 'number' && Number(unwrap(value).text) === 0;
}
