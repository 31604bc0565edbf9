/**
 * What the value of a TS/JS expression is known to be, as far as one statement shows: a literal
 * fixed in the source, data an attacker controls (an HTTP request's parameters, the page's URL),
 * or data passed through a function that escapes or sanitises it. Rules for injection sinks
 * (HTML, SQL, file paths, responses) are written with these; none looks beyond the expression.
 */
import type { FileFacts } from '../facts';
import type { Node } from '../parser';
import { calleeOf, callArguments, qualifiedName, unwrap } from './syntax';

/**
 * Literals and expressions built only from them: strings, templates whose substitutions are
 * literals, numbers, booleans, `null`/`undefined`, `+` and `?:` of literals, arrays of them.
 */
export function isLiteralValue(node: Node | null | undefined): boolean {
  if (!node) return false;
  const inner = unwrap(node);
  switch (inner.type) {
    case 'string':
    case 'number':
    case 'true':
    case 'false':
    case 'null':
    case 'undefined':
    case 'regex':
      return true;
    case 'identifier':
      return inner.text === 'undefined';
    case 'template_string':
      return substitutions(inner).every((expression) => isLiteralValue(expression));
    case 'unary_expression':
      return isLiteralValue(inner.childForFieldName('argument'));
    case 'binary_expression':
      return isLiteralValue(inner.childForFieldName('left')) && isLiteralValue(inner.childForFieldName('right'));
    case 'ternary_expression':
      return isLiteralValue(inner.childForFieldName('consequence')) && isLiteralValue(inner.childForFieldName('alternative'));
    case 'array':
      return inner.namedChildren.every((child) => !child || child.type === 'comment' || isLiteralValue(child));
  }
  return false;
}

/** The expressions a template string substitutes (`${a}` → `a`). */
export function substitutions(template: Node): Node[] {
  return template.namedChildren
    .filter((child): child is Node => child?.type === 'template_substitution')
    .map((substitution) => substitution.namedChildren.find((child) => child && child.type !== 'comment'))
    .filter((expression): expression is Node => !!expression);
}

/** Whether a template string is a tagged template's (`sql\`…\``): the tag receives the values apart. */
export function isTaggedTemplate(template: Node): boolean {
  return template.parent?.type === 'call_expression' && template.parent.childForFieldName('arguments')?.id === template.id;
}

// ---------------------------------------------------------------------------------------------
// Attacker-controlled data

const mentionsRequest = new WeakMap<FileFacts, boolean>();

/**
 * Whether the document mentions a request object at all (`req.`, `request.`, `ctx.`), computed
 * once per analysis pass (a new FileFacts is made for each): rules about request data return at
 * once in files without one. Sound incrementally: a finding's own statement holds the mention.
 */
export function mayHoldRequestData(ctx: { readonly text: string; readonly facts: FileFacts }): boolean {
  let found = mentionsRequest.get(ctx.facts);
  if (found === undefined) mentionsRequest.set(ctx.facts, (found = /\b(?:req|request|ctx|context)\s*[.?[]/.test(ctx.text)));
  return found;
}

/** Objects whose properties hold an HTTP request's input in Express, Koa, Fastify and Next.js handlers. */
const REQUEST_OBJECTS = new Set(['req', 'request', 'ctx.request', 'ctx', 'context.request']);
/** Their properties that carry input (`req.query`, `req.params.id`, `ctx.request.body`). */
const REQUEST_PROPERTIES = new Set(['params', 'query', 'body', 'cookies', 'signedCookies', 'headers', 'url', 'originalUrl', 'path', 'files', 'file']);
/** Request methods that return input (`req.param('id')`, `req.get('referer')`, `req.header('x')`). */
const REQUEST_METHODS = new Set(['param', 'get', 'header']);

/** The browser's attacker-controlled values: the page URL, the referrer, the window name. */
const BROWSER_SOURCES = /^(?:(?:window\.|document\.|self\.)?location(?:\.(?:hash|search|href|pathname))?|document\.(?:URL|documentURI|referrer|baseURI)|window\.name)$/;

export type Origin = 'request' | 'browser';

/**
 * Where a node reads attacker-controlled data directly: `req.query`, `req.params.id`,
 * `req.body['name']`, `ctx.request.body`, `request.url`, `req.param('x')`; in a browser
 * `location.hash`, `window.location.search`, `document.URL`, `document.referrer`. Request
 * objects are recognised by their conventional names (`req`, `request`, `ctx`).
 */
export function sourceOrigin(node: Node, facts: FileFacts): Origin | undefined {
  const inner = unwrap(node);
  if (inner.type === 'member_expression' || inner.type === 'subscript_expression') {
    const object = inner.childForFieldName('object');
    const property = inner.type === 'member_expression' ? inner.childForFieldName('property')?.text : undefined;
    if (object && property && REQUEST_PROPERTIES.has(property) && REQUEST_OBJECTS.has(dotted(object) ?? '')) return 'request';
    const name = dotted(inner);
    if (name && BROWSER_SOURCES.test(name) && !isImported(name, facts)) return 'browser';
    return undefined;
  }
  if (inner.type === 'identifier' && BROWSER_SOURCES.test(inner.text) && !isImported(inner.text, facts)) return 'browser';
  if (inner.type === 'call_expression') {
    const callee = calleeOf(inner);
    if (callee?.type !== 'member_expression') return undefined;
    const object = callee.childForFieldName('object');
    const method = callee.childForFieldName('property')?.text;
    if (object && method && REQUEST_METHODS.has(method) && ['req', 'request'].includes(dotted(object) ?? '')) return 'request';
  }
  return undefined;
}

/**
 * The first place in `node` where attacker-controlled data flows into its value, following
 * only what carries a value along: `+` and templates, `?:`, `||`/`??`, member reads
 * (`req.query.user.name`), string methods called on such data (`.trim()`), `path` joins and
 * `String()`/`decodeURIComponent()`. Any other call (`path.basename`, `Number`, `escape`, a
 * lookup) stops the flow: its result is taken as no longer attacker-controlled. Comparisons,
 * subscripts' indexes and nested functions stop it too.
 */
export function taintedPart(node: Node, facts: FileFacts): { node: Node; origin: Origin } | undefined {
  const inner = unwrap(node);
  const origin = sourceOrigin(inner, facts);
  if (origin) return { node: inner, origin };
  switch (inner.type) {
    case 'await_expression':
      return inner.namedChildren[0] ? taintedPart(inner.namedChildren[0], facts) : undefined;
    case 'member_expression':
    case 'subscript_expression': {
      // `req.query.user.name`: the whole read is the attacker's data (its `.length` is a number).
      if (inner.type === 'member_expression' && inner.childForFieldName('property')?.text === 'length') return undefined;
      const object = inner.childForFieldName('object');
      const found = object ? taintedPart(object, facts) : undefined;
      return found && { node: inner, origin: found.origin };
    }
    case 'template_string':
      if (isTaggedTemplate(inner)) return undefined;
      return firstOf(substitutions(inner), facts);
    case 'binary_expression': {
      const operator = inner.childForFieldName('operator')?.text;
      if (!['+', '||', '??', '&&'].includes(operator ?? '')) return undefined;
      const parts = operator === '&&' ? [inner.childForFieldName('right')] : [inner.childForFieldName('left'), inner.childForFieldName('right')];
      return firstOf(parts.filter((part): part is Node => !!part), facts);
    }
    case 'ternary_expression':
      return firstOf([inner.childForFieldName('consequence'), inner.childForFieldName('alternative')].filter((part): part is Node => !!part), facts);
    case 'call_expression': {
      const callee = calleeOf(inner);
      if (!callee) return undefined;
      if (callee.type === 'member_expression' && STRING_METHODS.has(callee.childForFieldName('property')?.text ?? '')) {
        const object = callee.childForFieldName('object');
        const receiver = object ? taintedPart(object, facts) : undefined;
        if (receiver) return receiver;
        if (callee.childForFieldName('property')?.text === 'concat') return firstOf(callArguments(inner), facts);
      }
      const name = qualifiedName(callee, facts);
      if (name && isPassThrough(name.name, name.imported)) return firstOf(callArguments(inner), facts);
      return undefined;
    }
  }
  return undefined;
}

function firstOf(nodes: Node[], facts: FileFacts): { node: Node; origin: Origin } | undefined {
  for (const node of nodes) {
    const found = taintedPart(node, facts);
    if (found) return found;
  }
  return undefined;
}

/** String methods whose result still holds the receiver's text. */
const STRING_METHODS = new Set(['trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toString', 'concat', 'slice', 'substring', 'substr', 'replace', 'replaceAll', 'padStart', 'padEnd', 'normalize', 'join', 'at']);
/** Functions whose result holds their arguments' text: path joins, conversions to string, URI decoding. */
const PASS_THROUGH_IMPORTED = /^(?:path(?:\/posix|\/win32)?|path\.(?:posix|win32))\.(?:join|resolve|normalize|format|relative)$|^upath\.(?:join|resolve|normalize)$/;
const PASS_THROUGH_GLOBALS = new Set(['String', 'decodeURIComponent', 'decodeURI', 'unescape', 'Buffer.from', 'path.join', 'path.resolve', 'path.normalize']);

function isPassThrough(name: string, imported: boolean): boolean {
  return imported ? PASS_THROUGH_IMPORTED.test(name) : PASS_THROUGH_GLOBALS.has(name);
}

function dotted(node: Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type === 'identifier' || inner.type === 'this') return inner.text;
  if (inner.type === 'member_expression') {
    const object = inner.childForFieldName('object');
    const property = inner.childForFieldName('property');
    const head = object && dotted(object);
    return head && property ? `${head}.${property.text}` : undefined;
  }
  return undefined;
}

/** A browser global that the file imports under that name is not the global. */
function isImported(name: string, facts: FileFacts): boolean {
  return facts.aliases.has(name.split('.')[0]!);
}

/** `a.b.c` for identifiers and member reads, else undefined. Exported for rules that match receivers by name. */
export function dottedName(node: Node): string | undefined {
  return dotted(node);
}
