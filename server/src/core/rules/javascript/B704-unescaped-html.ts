import type { FileFacts } from '../../facts';
import { callArguments, calleeOf, codeStyle, isFunction, objectLiteral, propertyName, propertyValue, qualifiedName, replaceNode, unwrap } from '../../javascript/syntax';
import { isLiteralValue, isTaggedTemplate, substitutions, taintedPart } from '../../javascript/values';
import type { Node } from '../../parser';
import type { Report } from '../../rule';
import { defineRule } from '../../rule';
import type { Fix } from '../../types';
import { twinMeta } from '../python/index';

type Sink = 'innerHTML' | 'innerHTML+=' | 'outerHTML' | 'insertAdjacentHTML' | 'document.write' | 'jquery.html' | 'jquery.insert' | 'react' | 'angular';

interface State {
  sink: Sink;
  /** The node the fix rewrites: the `innerHTML` property, the `.html` property, the whole `+=`. */
  target: Node;
}

/** Last names of functions whose result is escaped or sanitised HTML. */
const SANITIZER = /sanitiz|escape|purify|encode|xss|createHTML|^clean$|^safe/i;
/** jQuery methods that parse a string argument as HTML (besides `.html()`). */
const JQUERY_INSERTS = new Set(['append', 'prepend', 'after', 'before', 'replaceWith', 'wrap', 'wrapAll', 'wrapInner']);
const ANGULAR_BYPASS = new Set(['bypassSecurityTrustHtml', 'bypassSecurityTrustScript', 'bypassSecurityTrustUrl', 'bypassSecurityTrustResourceUrl', 'bypassSecurityTrustStyle']);

export const jsUnescapedHtml = defineRule<State>({
  meta: twinMeta('B704', 'Computed content rendered as HTML'),
  family: 'javascript',
  // JSX attributes are found by their name (`property_identifier`): the TypeScript grammar has no JSX node types.
  nodeTypes: ['assignment_expression', 'augmented_assignment_expression', 'call_expression', 'property_identifier', 'pair'],
  triggers: ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'write', 'dangerouslySetInnerHTML', 'html', 'append', 'prepend', 'after', 'before', 'replaceWith', 'wrap', 'bypassSecurityTrust'],
  check(node, ctx) {
    switch (node.type) {
      case 'assignment_expression':
      case 'augmented_assignment_expression':
        return checkAssignment(node, ctx.facts);
      case 'call_expression':
        return checkCall(node, ctx.facts);
      case 'property_identifier':
        // Cheap first: most property names are not this one.
        return node.endIndex - node.startIndex === 23 && node.parent?.type === 'jsx_attribute' ? checkReact(node, ctx.facts) : undefined;
      case 'pair':
        return checkReact(node, ctx.facts);
    }
    return undefined;
  },
  fix(report, ctx) {
    const { sink, target } = report.state!;
    const caveat =
      'The value is shown as text: markup in it (tags, entities such as &amp;) is no longer interpreted. ' +
      'If the value must stay HTML, sanitise it instead (DOMPurify.sanitize) and keep the HTML sink.';
    let fix: Fix | undefined;
    if (sink === 'innerHTML') fix = { title: 'Assign textContent instead of innerHTML', applicability: 'unsafe', edits: [replaceNode(target, 'textContent')], caveat };
    else if (sink === 'insertAdjacentHTML') fix = { title: 'Use insertAdjacentText instead', applicability: 'unsafe', edits: [replaceNode(target, 'insertAdjacentText')], caveat };
    else if (sink === 'jquery.html') fix = { title: 'Use .text() instead of .html()', applicability: 'unsafe', edits: [replaceNode(target, 'text')], caveat };
    else if (sink === 'innerHTML+=') {
      // `el.innerHTML += v` → `el.insertAdjacentText('beforeend', v)`: appends text and keeps the existing children.
      const member = unwrap(target.childForFieldName('left')!);
      const object = member.childForFieldName('object')!;
      const quote = codeStyle(ctx.root, ctx.text, ctx.options.path).quote;
      const value = target.childForFieldName('right')!;
      fix = {
        title: "Append text with insertAdjacentText('beforeend', …)",
        applicability: 'unsafe',
        edits: [replaceNode(target, `${object.text}.insertAdjacentText(${quote}beforeend${quote}, ${value.text})`)],
        caveat,
      };
    }
    return fix ? [fix] : [];
  },
  docs: `
## What it does
Reports computed values rendered as HTML in the browser: assigned to \`innerHTML\` or
\`outerHTML\` (also with \`+=\`), passed to \`insertAdjacentHTML\`, \`document.write\`/\`writeln\`,
React's \`dangerouslySetInnerHTML={{ __html: … }}\` (in JSX or \`createElement\` props), jQuery's
\`.html(…)\` (and \`.append\`, \`.prepend\`, \`.after\`, \`.before\`, \`.replaceWith\`, \`.wrap…\` given
an HTML string built from values), and Angular's \`DomSanitizer.bypassSecurityTrust…\`.
Confidence is high when the value comes straight from the page URL (\`location.hash\`,
\`document.referrer\`…) or an HTTP request (\`req.query\`…), medium otherwise.

## Why is this bad?
A string given to these sinks is parsed as HTML: if any part of it comes from a user, their
markup runs in your page with your user's session — cross-site scripting (CWE-79).

## Example
\`\`\`ts
message.innerHTML = \`Hello, \${name}!\`;
$('#title').html(title);
<div dangerouslySetInnerHTML={{ __html: comment.body }} />
\`\`\`

## Use instead
\`\`\`ts
message.textContent = \`Hello, \${name}!\`;
$('#title').text(title);
<div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(comment.body) }} />
\`\`\`

## Beyond Bandit
Bandit checks Python only (there, B704 is \`markupsafe.Markup\` on computed content); this is its
TS/JS counterpart. Unlike eslint-plugin-security and \`@microsoft/eslint-plugin-sdl\`'s
\`no-inner-html\`/\`no-html-method\`, Vigil does not report values that cannot carry markup from a
user: literals (and templates and \`+\` of literals), results of escaping or sanitising
functions (\`DOMPurify.sanitize\`, \`sanitizeHtml\`, \`escapeHtml\`, \`_.escape\`, \`he.encode\`, a
Trusted Types policy's \`createHTML\`), HTML read from another element (\`a.innerHTML = b.innerHTML\`)
and \`UPPER_CASE\` constants; templates whose substitutions are all of these are not reported
either. jQuery calls are recognised on \`$(…)\`/\`jQuery(…)\` chains and \`$\`-prefixed variables
(\`$list.html(…)\`); \`.append(node)\` and other non-string arguments are not reported. A value built
in an earlier statement is judged by its name alone (\`el.innerHTML = html\` is reported): Vigil
reads one statement at a time.

## Fix safety
\`innerHTML = v\` → \`textContent = v\`, \`innerHTML += v\` → \`insertAdjacentText('beforeend', v)\`,
\`insertAdjacentHTML\` → \`insertAdjacentText\` and jQuery \`.html(v)\` → \`.text(v)\`. All are unsafe:
the value is then shown as text, so markup the code meant to render (a \`<b>\`, an \`&amp;\`) shows
literally. Where HTML is intended, sanitise it instead. \`outerHTML\`, \`document.write\`, React and
Angular have no fix.

## References
- [OWASP: DOM-based XSS Prevention Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/DOM_based_XSS_Prevention_Cheat_Sheet.html)
- [MDN: Element.innerHTML — security considerations](https://developer.mozilla.org/en-US/docs/Web/API/Element/innerHTML#security_considerations)
- [React: dangerouslySetInnerHTML](https://react.dev/reference/react-dom/components/common#dangerously-setting-the-inner-html)
- [CWE-79: Cross-site Scripting](https://cwe.mitre.org/data/definitions/79.html)
`,
});

function checkAssignment(node: Node, facts: FileFacts): Report<State> | undefined {
  const left = node.childForFieldName('left');
  const member = left && unwrap(left);
  if (member?.type !== 'member_expression') return undefined;
  const property = member.childForFieldName('property');
  const name = property?.text;
  if (name !== 'innerHTML' && name !== 'outerHTML') return undefined;
  const operator = node.type === 'augmented_assignment_expression' ? node.childForFieldName('operator')?.text : '=';
  if (operator !== '=' && operator !== '+=') return undefined;
  const value = node.childForFieldName('right');
  if (!value || isSafeHtml(value, facts)) return undefined;
  const sink: Sink = name === 'outerHTML' ? 'outerHTML' : operator === '+=' ? 'innerHTML+=' : 'innerHTML';
  return report(value, `${name} ${operator}`, facts, { sink, target: sink === 'innerHTML+=' ? node : property! });
}

function checkCall(call: Node, facts: FileFacts): Report<State> | undefined {
  const callee = calleeOf(call);
  if (callee?.type !== 'member_expression') return undefined;
  const property = callee.childForFieldName('property')!;
  const method = property.text;
  const args = callArguments(call);
  if (method === 'insertAdjacentHTML') {
    const value = args[1];
    return value && !isSafeHtml(value, facts) ? report(value, 'insertAdjacentHTML', facts, { sink: 'insertAdjacentHTML', target: property }) : undefined;
  }
  if (method === 'write' || method === 'writeln') {
    const name = qualifiedName(callee, facts);
    if (name?.imported || name?.name !== `document.${method}`) return undefined;
    const value = args.find((arg) => !isSafeHtml(arg, facts));
    return value ? report(value, `document.${method}`, facts, { sink: 'document.write', target: property }) : undefined;
  }
  if (ANGULAR_BYPASS.has(method)) {
    const value = args[0];
    return value && !isSafeHtml(value, facts) ? report(value, method, facts, { sink: 'angular', target: property }) : undefined;
  }
  if (method === 'html' || JQUERY_INSERTS.has(method)) {
    const value = args[0];
    if (!value || args.length !== 1 || isFunction(value) || !isJQuery(callee.childForFieldName('object')!, facts)) return undefined;
    if (method !== 'html' && !buildsHtml(value)) return undefined;
    if (isSafeHtml(value, facts)) return undefined;
    return report(value, `.${method}()`, facts, { sink: method === 'html' ? 'jquery.html' : 'jquery.insert', target: property });
  }
  return undefined;
}

function checkReact(node: Node, facts: FileFacts): Report<State> | undefined {
  let name: Node | undefined;
  let expression: Node | undefined;
  if (node.type === 'property_identifier') {
    if (node.text !== 'dangerouslySetInnerHTML' || node.parent?.type !== 'jsx_attribute') return undefined;
    name = node;
    const container = node.parent.namedChildren[1];
    expression = container?.type === 'jsx_expression' ? (container.namedChildren.find((child) => child && child.type !== 'comment') ?? undefined) : undefined;
  } else {
    if (propertyName(node) !== 'dangerouslySetInnerHTML' || node.type !== 'pair') return undefined;
    name = node.childForFieldName('key') ?? undefined;
    expression = node.childForFieldName('value') ?? undefined;
  }
  if (!name || !expression) return undefined;
  const object = objectLiteral(expression);
  const state: State = { sink: 'react', target: name };
  if (!object) {
    // `{ __html: … }` built elsewhere: it may be sanitised there.
    const found = report(expression, 'dangerouslySetInnerHTML', facts, state);
    return { ...found, confidence: found.confidence === 'high' ? 'high' : 'low' };
  }
  const value = propertyValue(object, '__html');
  if (!value || isSafeHtml(value, facts)) return undefined;
  return report(value, 'dangerouslySetInnerHTML', facts, state);
}

function report(value: Node, sink: string, facts: FileFacts, state: State): Report<State> {
  const tainted = taintedPart(value, facts);
  const from = tainted ? ` It comes from ${tainted.node.text} (${tainted.origin === 'request' ? 'the HTTP request' : 'the page URL'}).` : '';
  return {
    node: value,
    message: `${sink} renders ${shorten(value.text)} as HTML: markup from a user in it runs as script (XSS).${from} Use text instead, or sanitise it.`,
    confidence: tainted ? 'high' : 'medium',
    state,
  };
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 37)}…` : flat;
}

/** Whether a value cannot carry a user's markup: see the docs. */
function isSafeHtml(node: Node, facts: FileFacts): boolean {
  const inner = unwrap(node);
  if (isLiteralValue(inner)) return true;
  switch (inner.type) {
    case 'template_string':
      if (isTaggedTemplate(inner)) return false;
      return substitutions(inner).every((expression) => isSafeHtml(expression, facts));
    case 'binary_expression': {
      const operator = inner.childForFieldName('operator')?.text ?? '';
      if (['+', '||', '??'].includes(operator)) return isSafeHtml(inner.childForFieldName('left')!, facts) && isSafeHtml(inner.childForFieldName('right')!, facts);
      // Arithmetic and comparisons give numbers and booleans.
      return !['&&'].includes(operator) || isSafeHtml(inner.childForFieldName('right')!, facts);
    }
    case 'ternary_expression':
      return isSafeHtml(inner.childForFieldName('consequence')!, facts) && isSafeHtml(inner.childForFieldName('alternative')!, facts);
    case 'call_expression': {
      const callee = calleeOf(inner);
      const last = callee ? lastName(callee) : '';
      const name = callee ? qualifiedName(callee, facts) : undefined;
      // The name as written and as imported: `import { escape as esc } from 'lodash'`.
      if (SANITIZER.test(last) || (name?.imported && SANITIZER.test(name.name.split('.').at(-1)!))) return true;
      if (callee?.type === 'member_expression' && ['toFixed', 'toLocaleString', 'toPrecision'].includes(last)) return true;
      return !!name && !name.imported && ['Number', 'parseInt', 'parseFloat', 'Math.round', 'Math.floor', 'Math.ceil', 'Boolean'].includes(name.name);
    }
    case 'member_expression':
    case 'identifier': {
      const last = lastName(inner);
      if (last === 'innerHTML' || last === 'outerHTML' || last === 'length') return true;
      return /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/.test(last) && last.length > 1;
    }
    case 'update_expression':
    case 'unary_expression':
      return true;
  }
  return false;
}

function lastName(node: Node): string {
  const inner = unwrap(node);
  if (inner.type === 'identifier') return inner.text;
  if (inner.type === 'member_expression') return inner.childForFieldName('property')?.text ?? '';
  return '';
}

/**
 * `$(…)`, `jQuery(…)`, chains on them (`$(…).find(…)`), and `$`-prefixed names (`$list`,
 * `this.$el`). Not `$` itself: cheerio's `$.html(node)` renders a node to a string.
 */
function isJQuery(receiver: Node, facts: FileFacts): boolean {
  let current = unwrap(receiver);
  if (current.type === 'identifier' && (current.text === '$' || current.text === 'jQuery')) return false;
  if (/^\$[A-Za-z_]/.test(lastName(current))) return true;
  for (;;) {
    if (current.type === 'call_expression') {
      const callee = calleeOf(current);
      if (!callee) return false;
      current = unwrap(callee);
    } else if (current.type === 'member_expression') current = unwrap(current.childForFieldName('object')!);
    else break;
    if (/^\$[A-Za-z_]/.test(lastName(current)) && current.type !== 'call_expression') return true;
  }
  if (current.type !== 'identifier' || (current.text !== '$' && current.text !== 'jQuery')) return false;
  const module = facts.aliases.get(current.text);
  return module === undefined || module === 'jquery' || module === 'cheerio';
}

/** An HTML string built from values: a template or `+` whose literal text holds a tag. */
function buildsHtml(node: Node): boolean {
  const inner = unwrap(node);
  if (inner.type === 'template_string') return substitutions(inner).length > 0 && /<[A-Za-z]/.test(inner.text);
  if (inner.type === 'binary_expression' && inner.childForFieldName('operator')?.text === '+') {
    const text = (part: Node | null): string => (!part ? '' : unwrap(part).type === 'string' ? part.text : unwrap(part).type === 'binary_expression' ? text(unwrap(part).childForFieldName('left')) + text(unwrap(part).childForFieldName('right')) : '');
    return /<[A-Za-z]/.test(text(inner));
  }
  return false;
}
