/**
 * The small vocabulary TypeScript/JavaScript rules are written in (the twin of python/syntax.ts),
 * over tree-sitter nodes: what a call resolves to through imports and `require`, its arguments,
 * literal values and options objects; and the edits fixes are built from (add a property or an
 * argument, add an import written the way the file already writes them).
 */
import type { FileFacts, QualifiedName } from '../facts';
import type { Node } from '../parser';
import type { TextEdit } from '../types';
import { moduleName, stringText } from './support';

// ---------------------------------------------------------------------------------------------
// Names

/**
 * The qualified name a call's callee resolves to (`cp.exec()` → `child_process.exec` after
 * `import cp from 'node:child_process'`; `run()` → `child_process.exec` after
 * `const { exec: run } = require('child_process')`; `require('fs').readFileSync()` →
 * `fs.readFileSync`). Works for `new X()` too. `imported` is false for names whose origin is
 * unknown: globals (`fetch`, also reached as `globalThis.fetch`/`window.fetch`) and local code.
 * A default export reached through `.default` (`require('axios').default`) is the module itself.
 */
export function callName(call: Node, facts: FileFacts): QualifiedName | undefined {
  const callee = calleeOf(call);
  return callee ? qualifiedName(callee, facts) : undefined;
}

/**
 * The callee of a call or `new`. tree-sitter-typescript parses `await f<T>(x)` as a call of
 * `await f`; the callee is then `f`.
 */
export function calleeOf(call: Node): Node | undefined {
  const callee = call.childForFieldName('function') ?? call.childForFieldName('constructor');
  if (callee?.type === 'await_expression' && call.childForFieldName('type_arguments')) return callee.namedChildren[0] ?? undefined;
  return callee ?? undefined;
}

/** What an expression such as `a.b().c` names, resolved like `callName` resolves a callee. */
export function qualifiedName(expression: Node, facts: FileFacts): QualifiedName | undefined {
  const parts = chain(expression);
  if (!parts) return undefined;
  const resolved = parts.required !== undefined ? { name: parts.required + parts.tail, imported: true } : facts.qualifyDotted(parts.head + parts.tail);
  if (resolved.imported) return { name: resolved.name.replace(/\.default(?=[.(]|$)/, ''), imported: true };
  const global = /^(?:globalThis|window|self|global)\.(.+)$/.exec(resolved.name);
  return global && !facts.aliases.has(resolved.name.split('.')[0]!) ? { name: global[1]!, imported: false } : resolved;
}

interface Chain {
  /** The leading identifier, or the module a leading `require('m')` loads (`required`). */
  head: string;
  required?: string;
  /** `.b().c`: member accesses and calls after the head. */
  tail: string;
}

function chain(node: Node): Chain | undefined {
  switch (node.type) {
    case 'identifier':
      return { head: node.text, tail: '' };
    case 'member_expression': {
      const object = node.childForFieldName('object');
      const property = node.childForFieldName('property');
      const head = object && chain(object);
      return head && property?.type === 'property_identifier' ? { ...head, tail: `${head.tail}.${property.text}` } : undefined;
    }
    case 'subscript_expression': {
      const object = node.childForFieldName('object');
      const index = stringValue(node.childForFieldName('index'));
      const head = object && chain(object);
      return head && index !== undefined && /^[\w$]+$/.test(index) ? { ...head, tail: `${head.tail}.${index}` } : undefined;
    }
    case 'call_expression': {
      const callee = node.childForFieldName('function');
      if (!callee) return undefined;
      if (callee.type === 'identifier' && callee.text === 'require') {
        const specifier = stringValue(callArguments(node)[0]);
        return specifier === undefined ? undefined : { head: 'require', required: moduleName(specifier), tail: '' };
      }
      const head = chain(callee);
      return head ? { ...head, tail: `${head.tail}()` } : undefined;
    }
    case 'parenthesized_expression':
    case 'non_null_expression':
    case 'as_expression':
    case 'satisfies_expression': {
      const inner = node.namedChildren[0];
      return inner ? chain(inner) : undefined;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Arguments and literals

/** The `arguments` node of a call or `new`, if written (`new Foo` has none). */
export function argumentsNode(call: Node): Node | undefined {
  const args = call.childForFieldName('arguments');
  return args?.type === 'arguments' ? args : undefined;
}

/** A call's arguments in order, without comments. */
export function callArguments(call: Node): Node[] {
  return (argumentsNode(call)?.namedChildren ?? []).filter((arg): arg is Node => !!arg && arg.type !== 'comment');
}

/** Whether the call spreads an array into its arguments (`f(...args)`): any argument may be anything. */
export function hasSpreadArgument(call: Node): boolean {
  return callArguments(call).some((arg) => arg.type === 'spread_element');
}

/** The expression inside parentheses, `x!`, `x as T`, `x satisfies T`. */
export function unwrap(node: Node): Node {
  let current = node;
  while (['parenthesized_expression', 'non_null_expression', 'as_expression', 'satisfies_expression'].includes(current.type) && current.namedChildren[0]) {
    current = current.namedChildren[0];
  }
  return current;
}

/**
 * The value of a string literal or of a template string without substitutions (or of a `+` of
 * them), or undefined for anything computed. Escapes are left as written.
 */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  if (inner.type === 'binary_expression' && inner.childForFieldName('operator')?.text === '+') {
    const left = stringValue(inner.childForFieldName('left'));
    const right = left === undefined ? undefined : stringValue(inner.childForFieldName('right'));
    return right === undefined ? undefined : left! + right;
  }
  if (inner.type === 'string') return literalText(inner);
  if (inner.type === 'template_string' && !inner.namedChildren.some((child) => child?.type === 'template_substitution')) return literalText(inner);
  return undefined;
}

/** The text of a string or template before its first substitution (`/tmp/` for `` `/tmp/${x}` ``). */
export function literalPrefix(node: Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type !== 'string' && inner.type !== 'template_string') return stringValue(inner);
  let value = '';
  for (const child of inner.namedChildren) {
    if (!child || child.type === 'template_substitution') break;
    if (child.type === 'string_fragment' || child.type === 'escape_sequence') value += child.text;
  }
  return value;
}

function literalText(node: Node): string {
  let value = '';
  for (const child of node.namedChildren) {
    if (child?.type === 'string_fragment' || child?.type === 'escape_sequence') value += child.text;
  }
  return value;
}

/** Whether a node is a string or template literal (possibly with substitutions). */
export function isStringLike(node: Node | undefined): boolean {
  return !!node && ['string', 'template_string'].includes(unwrap(node).type);
}

export function isFunction(node: Node | undefined): boolean {
  return !!node && ['arrow_function', 'function_expression', 'function'].includes(unwrap(node).type);
}

/** `undefined` or `null` as written. */
export function isNullish(node: Node | undefined): boolean {
  if (!node) return false;
  const inner = unwrap(node);
  return inner.type === 'null' || inner.type === 'undefined' || (inner.type === 'identifier' && inner.text === 'undefined');
}

/** `new Name(…)` for a global constructor `Name` (`new URL(…)`, `new Request(…)`). */
export function isNewOf(node: Node | undefined, name: string): boolean {
  if (!node) return false;
  const inner = unwrap(node);
  return inner.type === 'new_expression' && inner.childForFieldName('constructor')?.text === name;
}

// ---------------------------------------------------------------------------------------------
// Options objects

/** The object literal a node is (through parentheses and `as`/`satisfies`), if it is one. */
export function objectLiteral(node: Node | undefined): Node | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  return inner.type === 'object' ? inner : undefined;
}

/** The name a property of an object literal is written with (`a`, `'a'`, `[`a`]`), if static. */
export function propertyName(property: Node): string | undefined {
  switch (property.type) {
    case 'shorthand_property_identifier':
      return property.text;
    case 'pair':
    case 'method_definition': {
      const key = property.childForFieldName(property.type === 'pair' ? 'key' : 'name');
      if (!key) return undefined;
      if (key.type === 'property_identifier' || key.type === 'number') return key.text;
      if (key.type === 'string') return stringText(key);
      if (key.type === 'computed_property_name') return stringValue(key.namedChildren[0]);
      return undefined;
    }
  }
  return undefined;
}

/** The last property named `name` of an object literal (the one that wins), if any. */
export function property(object: Node, name: string): Node | undefined {
  return object.namedChildren.filter((child): child is Node => !!child && propertyName(child) === name).at(-1);
}

/** The value of `name: value` (or of shorthand `name`) in an object literal. */
export function propertyValue(object: Node, name: string): Node | undefined {
  const found = property(object, name);
  if (!found) return undefined;
  return found.type === 'pair' ? (found.childForFieldName('value') ?? undefined) : found;
}

/** Whether an object literal spreads another object (`{ ...defaults }`), which may carry any property. */
export function hasSpreadProperty(object: Node): boolean {
  return object.namedChildren.some((child) => child?.type === 'spread_element');
}

/**
 * An edit adding `propertyText` (`timeout: 30000`) to an object literal, written the way the
 * object already is: `{ a }` → `{ a, timeout: 30000 }`; an object laid out one property per line
 * gets a new line with the same indentation, keeping (or not) its trailing comma.
 */
export function addProperty(object: Node, propertyText: string, text: string): TextEdit {
  const open = object.firstChild!;
  const close = object.lastChild!;
  const members = object.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
  return appendToList(open, close, members, propertyText, text, true);
}

/**
 * An edit inserting `argumentText` as the call's argument number `index` (0-based; at most the
 * current count, which appends), in the call's own layout.
 */
export function insertArgument(call: Node, index: number, argumentText: string, text: string): TextEdit {
  const args = argumentsNode(call)!;
  const list = callArguments(call);
  const before = list[index];
  if (!before) return appendToList(args.firstChild!, args.lastChild!, list, argumentText, text, false);
  const multiline = list.length > 1 && list.every((arg, i) => i === 0 || arg.startPosition.row !== list[i - 1]!.endPosition.row);
  const separator = multiline ? `,${eolOf(text)}${lineIndent(text, before.startIndex)}` : ', ';
  return { start: before.startIndex, end: before.startIndex, newText: `${argumentText}${separator}` };
}

/** An edit appending an argument to a call. */
export function addArgument(call: Node, argumentText: string, text: string): TextEdit {
  return insertArgument(call, callArguments(call).length, argumentText, text);
}

function appendToList(open: Node, close: Node, items: Node[], itemText: string, text: string, spacedBraces: boolean): TextEdit {
  const last = items.at(-1);
  if (!last) {
    const inside = text.slice(open.endIndex, close.startIndex);
    if (/^\s*$/.test(inside)) return { start: open.endIndex, end: close.startIndex, newText: spacedBraces ? ` ${itemText} ` : itemText };
    return { start: close.startIndex, end: close.startIndex, newText: `${itemText}${spacedBraces ? ' ' : ''}` };
  }
  const between = text.slice(last.endIndex, close.startIndex);
  const comma = between.indexOf(',') >= 0 && !/\/[/*]/.test(between.slice(0, between.indexOf(','))) ? last.endIndex + between.indexOf(',') : -1;
  const multiline = last.startPosition.row !== open.startPosition.row && close.startPosition.row !== last.endPosition.row;
  if (multiline) {
    const eol = eolOf(text);
    const indent = lineIndent(text, last.startIndex);
    const lineEnd = endOfLine(text, comma >= 0 ? comma : last.endIndex);
    if (comma >= 0) return { start: lineEnd, end: lineEnd, newText: `${eol}${indent}${itemText},` };
    // No trailing comma: add one right after the item, keeping a comment that follows it.
    const rest = text.slice(last.endIndex, lineEnd);
    return { start: last.endIndex, end: lineEnd, newText: `,${rest}${eol}${indent}${itemText}` };
  }
  if (comma >= 0) return { start: comma + 1, end: comma + 1, newText: ` ${itemText},` };
  return { start: last.endIndex, end: last.endIndex, newText: `, ${itemText}` };
}

/** Replace a node's text (a property's value, a literal). */
export function replaceNode(node: Node, newText: string): TextEdit {
  return { start: node.startIndex, end: node.endIndex, newText };
}

/** `value` as a string literal in `quote`s, escaping what needs it. */
export function quoteString(value: string, quote: "'" | '"'): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n').split(quote).join(`\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

/** The quote a string literal node is written with. */
export function quoteOf(node: Node): "'" | '"' | '`' {
  const first = unwrap(node).text[0];
  return first === '"' ? '"' : first === '`' ? '`' : "'";
}

/** The statement a node belongs to (a child of the program, a block, a class body or a switch case). */
export function enclosingStatement(node: Node): Node {
  let current = node;
  while (current.parent && !STATEMENT_CONTAINERS.has(current.parent.type)) current = current.parent;
  return current;
}

const STATEMENT_CONTAINERS = new Set(['program', 'statement_block', 'class_body', 'switch_case', 'switch_default']);

// ---------------------------------------------------------------------------------------------
// The file's style

export interface CodeStyle {
  quote: "'" | '"';
  semicolons: boolean;
  eol: '\n' | '\r\n';
  /**
   * How the file loads modules: `import x from 'm'` (esm), `const x = require('m')` (commonjs)
   * or TypeScript's `import x = require('m')` (ts-require).
   */
  modules: 'esm' | 'commonjs' | 'ts-require';
  /** Whether Node built-ins are written `node:os` rather than `os`. */
  nodePrefix: boolean;
  /** ESM: `import * as os from …` when the file imports built-ins that way, else `import os from …`. */
  namespaceImports: boolean;
  /** CommonJS: the keyword its `require` declarations use. */
  declarationKind: 'const' | 'let' | 'var';
}

/**
 * How the file already writes things, so an edit looks like the rest of it: quotes and
 * semicolons by majority, the module system of its top-level imports (else by extension:
 * `.js`/`.cjs`/`.cts` are CommonJS, the rest ESM), and the way it names Node built-ins.
 */
export function codeStyle(root: Node, text: string, path?: string): CodeStyle {
  const modules = moduleStatements(root);
  const builtins = modules.filter((statement) => isNodeBuiltin(statement.specifier));
  const esm = modules.some((statement) => statement.kind === 'import') || topLevel(root).some((child) => child.type === 'export_statement');
  const extension = /\.[cm]?[jt]sx?$/.exec(path ?? '')?.[0] ?? '.ts';
  const kind: CodeStyle['modules'] = esm
    ? 'esm'
    : modules.some((statement) => statement.kind === 'require')
      ? 'commonjs'
      : modules.some((statement) => statement.kind === 'ts-require')
        ? 'ts-require'
        : ['.js', '.cjs', '.cts'].includes(extension)
          ? 'commonjs'
          : 'esm';
  const quotes = modules.length > 0 ? modules.map((statement) => statement.quote) : stringQuotes(root);
  const doubles = quotes.filter((quote) => quote === '"').length;
  const ends = statementEnds(root, text);
  return {
    quote: doubles * 2 > quotes.length ? '"' : "'",
    semicolons: ends.without * 2 <= ends.total,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    modules: kind,
    nodePrefix: builtins.length === 0 || builtins.some((statement) => statement.specifier.startsWith('node:')),
    namespaceImports: builtins.some((statement) => statement.namespace) && !builtins.some((statement) => statement.defaultImport),
    declarationKind: modules.find((statement) => statement.kind === 'require')?.declarationKind ?? 'const',
  };
}

interface ModuleStatement {
  node: Node;
  kind: 'import' | 'require' | 'ts-require';
  specifier: string;
  quote: "'" | '"';
  namespace: boolean;
  defaultImport: boolean;
  declarationKind?: 'const' | 'let' | 'var';
}

const topLevelCache = new WeakMap<Node, Node[]>();

/**
 * The program's statements. A fix asks for them several times over the same root object (the
 * tree a fix sees is never edited under it), and a long file has thousands: list them once.
 */
function topLevel(root: Node): Node[] {
  let children = topLevelCache.get(root);
  if (!children) {
    children = root.namedChildren.filter((child): child is Node => !!child);
    topLevelCache.set(root, children);
  }
  return children;
}

/** Top-level `import … from 'm'`, `import x = require('m')` and `const x = require('m')` statements. */
function moduleStatements(root: Node): ModuleStatement[] {
  const found: ModuleStatement[] = [];
  for (const node of topLevel(root)) {
    if (node.type === 'import_statement') {
      const requireClause = node.namedChildren.find((child) => child?.type === 'import_require_clause');
      const source = requireClause ? requireClause.childForFieldName('source') : node.childForFieldName('source');
      const specifier = stringText(source);
      if (!source || specifier === undefined) continue;
      const clause = node.namedChildren.find((child) => child?.type === 'import_clause');
      found.push({
        node,
        kind: requireClause ? 'ts-require' : 'import',
        specifier,
        quote: quoteOf(source) === '"' ? '"' : "'",
        namespace: !!clause?.namedChildren.some((child) => child?.type === 'namespace_import'),
        defaultImport: !!clause?.namedChildren.some((child) => child?.type === 'identifier'),
      });
    } else if (node.type === 'lexical_declaration' || node.type === 'variable_declaration') {
      for (const declarator of node.namedChildren) {
        const value = declarator?.type === 'variable_declarator' ? declarator.childForFieldName('value') : null;
        const required = value ? requireCall(value) : undefined;
        if (!required) continue;
        const source = callArguments(required)[0]!;
        const keyword = node.type === 'variable_declaration' ? 'var' : node.childForFieldName('kind')?.text === 'let' ? 'let' : 'const';
        found.push({ node, kind: 'require', specifier: stringValue(source)!, quote: quoteOf(source) === '"' ? '"' : "'", namespace: false, defaultImport: true, declarationKind: keyword });
        break;
      }
    }
  }
  return found;
}

/** The `require('m')` call at the head of `require('m')`, `require('m').x`, `require('m')()`. */
function requireCall(node: Node): Node | undefined {
  let current: Node | null = unwrap(node);
  while (current) {
    if (current.type === 'call_expression') {
      const callee = current.childForFieldName('function');
      if (callee?.type === 'identifier' && callee.text === 'require') return stringText(callArguments(current)[0]) !== undefined ? current : undefined;
      current = callee;
    } else if (current.type === 'member_expression') current = current.childForFieldName('object');
    else if (current.type === 'await_expression') current = current.namedChildren[0] ?? null;
    else return undefined;
  }
  return undefined;
}

/** Up to `limit` nodes for which `take` returns true, in document order: style is judged from a sample. */
function sample(root: Node, limit: number, take: (node: Node) => boolean): Node[] {
  const found: Node[] = [];
  const cursor = root.walk();
  try {
    walk: while (found.length < limit) {
      const node = cursor.currentNode;
      if (take(node)) found.push(node);
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) break walk;
      }
    }
  } finally {
    cursor.delete();
  }
  return found;
}

function stringQuotes(root: Node): ("'" | '"')[] {
  return sample(root, 200, (node) => node.type === 'string' && node.parent?.type !== 'jsx_attribute').map((node) => (node.text[0] === '"' ? '"' : "'"));
}

const STATEMENT_TYPES = new Set(['import_statement', 'lexical_declaration', 'variable_declaration', 'expression_statement', 'return_statement', 'throw_statement']);

function statementEnds(root: Node, text: string): { total: number; without: number } {
  // The top level usually says enough (imports, declarations); else look inside functions too.
  const top = topLevel(root).filter((node) => STATEMENT_TYPES.has(node.type));
  const statements = top.length >= 10 ? top : sample(root, 200, (node) => STATEMENT_TYPES.has(node.type));
  return { total: statements.length, without: statements.filter((node) => text[node.endIndex - 1] !== ';').length };
}

const NODE_BUILTINS = new Set([
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'crypto', 'dgram', 'diagnostics_channel', 'dns', 'events', 'fs', 'http', 'http2',
  'https', 'inspector', 'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'querystring', 'readline', 'repl', 'stream', 'string_decoder', 'test', 'timers',
  'tls', 'tty', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
]);

/** `node:fs`, `fs`, `fs/promises`, `path/posix` … */
export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || NODE_BUILTINS.has(specifier.split('/')[0]!);
}

// ---------------------------------------------------------------------------------------------
// Imports

export interface ImportRequest {
  /** A Node built-in or package: `os`, `path`. */
  module: string;
  /** A member of it the fix will use (`tmpdir`), if any. */
  member?: string;
}

export interface ImportPlan {
  /** For each request, the expression that reaches it at the use site: `os.tmpdir`, `tmpdir`, `nodePath`. */
  references: string[];
  /** The import statements to add (none when the file already imports everything). */
  edits: TextEdit[];
}

/**
 * The expressions a fix at `at` should use for `module` (or `module.member`), adding the imports
 * that are missing. An existing top-level import is reused when no declaration between it and
 * `at` shadows it (`import { tmpdir } from 'os'` → `tmpdir`; `import * as p from 'path'` →
 * `p.join`). A new import is written in the file's style (see `codeStyle`): `import os from
 * 'node:os';`, `import * as os from 'node:os';`, `const os = require('node:os');` or
 * `import os = require('node:os');`, under the module's name unless the file already uses
 * that name for something else (then `nodeOs`). It goes among the file's imports of Node
 * built-ins (alphabetically if they are sorted), else before its first import, else after a
 * shebang, directives (`'use strict'`) and a header comment. In CommonJS it never lands after
 * the top-level statement that uses it.
 */
export function ensureImports(root: Node, text: string, facts: FileFacts, at: Node, requests: readonly ImportRequest[], path?: string): ImportPlan {
  const style = codeStyle(root, text, path);
  const shadowed = declaredAround(at);
  const topLevel = topLevelAliases(root, facts);
  const deferred = insideFunction(at);
  const taken = (name: string): boolean => localNames.has(name) || isIdentifierIn(root, text, name);
  const localNames = new Set<string>();
  const references: string[] = [];
  const additions: { module: string; local: string }[] = [];
  for (const { module, member } of requests) {
    // A `require` binding is not there yet for top-level code that runs before it.
    const usable = (local: string): boolean =>
      topLevel.has(local) && !shadowed.has(local) && !(style.modules === 'commonjs' && !deferred && topLevel.get(local)! > at.startIndex);
    const direct = member === undefined ? undefined : [...facts.aliases].find(([local, qualified]) => qualified === `${module}.${member}` && usable(local));
    if (direct) {
      references.push(direct[0]);
      continue;
    }
    const existing = [...facts.aliases].find(([local, qualified]) => qualified === module && usable(local))?.[0] ?? additions.find((added) => added.module === module)?.local;
    let local = existing;
    if (local === undefined) {
      local = freshName(module, taken);
      localNames.add(local);
      additions.push({ module, local });
    }
    references.push(member === undefined ? local : `${local}.${member}`);
  }
  const byOffset = new Map<number, string[]>();
  for (const { module, local } of [...additions].sort((a, b) => a.module.localeCompare(b.module))) {
    const { offset, before } = importPosition(root, text, module, style, at);
    const statement = importStatement(module, local, style);
    const line = before ? `${statement}${style.eol}` : `${style.eol}${statement}`;
    byOffset.set(offset, [...(byOffset.get(offset) ?? []), line]);
  }
  const edits = [...byOffset].map(([offset, lines]) => ({ start: offset, end: offset, newText: lines.join('') }));
  return { references, edits };
}

/** `ensureImports` for one module: the local name to use and the edits adding its import. */
export function ensureImport(root: Node, text: string, facts: FileFacts, at: Node, module: string, path?: string): { local: string; edits: TextEdit[] } {
  const plan = ensureImports(root, text, facts, at, [{ module }], path);
  return { local: plan.references[0]!, edits: plan.edits };
}

function importStatement(module: string, local: string, style: CodeStyle): string {
  const specifier = quoteString(isNodeBuiltin(module) && style.nodePrefix && !module.startsWith('node:') ? `node:${module}` : module, style.quote);
  const end = style.semicolons ? ';' : '';
  switch (style.modules) {
    case 'commonjs':
      return `${style.declarationKind} ${local} = require(${specifier})${end}`;
    case 'ts-require':
      return `import ${local} = require(${specifier})${end}`;
    case 'esm':
      return style.namespaceImports ? `import * as ${local} from ${specifier}${end}` : `import ${local} from ${specifier}${end}`;
  }
}

/** Where a new import of `module` goes: `before` means at a line start, else after a statement. */
function importPosition(root: Node, text: string, module: string, style: CodeStyle, at: Node): { offset: number; before: boolean } {
  const statements = moduleStatements(root).filter((statement) =>
    style.modules === 'commonjs' ? statement.kind === 'require' : statement.kind !== 'require',
  );
  const builtins = statements.filter((statement) => isNodeBuiltin(statement.specifier));
  let position: { offset: number; before: boolean };
  if (builtins.length > 0) {
    const names = builtins.map((statement) => moduleName(statement.specifier));
    const sorted = names.every((name, i) => i === 0 || names[i - 1]! <= name);
    const next = sorted ? builtins.find((_, i) => names[i]! > module) : undefined;
    position = next ? { offset: lineStart(text, next.node.startIndex), before: true } : after(text, builtins.at(-1)!.node);
  } else if (statements.length > 0) {
    position = { offset: lineStart(text, statements[0]!.node.startIndex), before: true };
  } else {
    position = { offset: preambleEnd(root, text), before: true };
  }
  if (style.modules === 'commonjs') {
    // A `require` must run before the top-level statement that uses what it loads.
    const user = topLevelStatement(at);
    if (user && position.offset > user.startIndex) position = { offset: lineStart(text, user.startIndex), before: true };
  }
  return position;
}

/** After a statement: at its line's end when only a comment follows it there, else right after it. */
function after(text: string, node: Node): { offset: number; before: boolean } {
  const end = endOfLine(text, node.endIndex);
  const rest = text.slice(node.endIndex, end);
  return /^\s*(\/\/.*|\/\*.*\*\/\s*)?$/.test(rest) ? { offset: end, before: false } : { offset: node.endIndex, before: false };
}

/** The offset after a shebang, a directive prologue (`'use strict'`) and a header comment followed by a blank line. */
function preambleEnd(root: Node, text: string): number {
  let offset = 0;
  for (const child of topLevel(root)) {
    const isDirective = child.type === 'expression_statement' && child.namedChildren[0]?.type === 'string' && child.namedChildCount === 1;
    const isHeader = child.type === 'comment' && /^\r?\n\s*\r?\n/.test(text.slice(endOfLine(text, child.endIndex)));
    if (child.type === 'hash_bang_line' || isDirective || isHeader) offset = Math.min(text.length, endOfLine(text, child.endIndex) + 1);
    else break;
  }
  return offset;
}

function topLevelStatement(node: Node): Node | undefined {
  let current: Node | null = node;
  while (current?.parent && current.parent.type !== 'program') current = current.parent;
  return current?.parent ? current : undefined;
}

/** Locals bound by top-level imports and requires (not by a `require` inside a function), with where they are bound. */
function topLevelAliases(root: Node, facts: FileFacts): Map<string, number> {
  const tops = topLevel(root).filter((child) => ['import_statement', 'lexical_declaration', 'variable_declaration'].includes(child.type));
  const locals = new Map<string, number>();
  for (const fact of facts.list) {
    if (!fact.key.startsWith('alias:')) continue;
    const top = tops.some((node) => node.startIndex <= fact.start && fact.end <= node.endIndex);
    if (top) locals.set(fact.key.slice('alias:'.length, fact.key.indexOf('=')), fact.start);
  }
  return locals;
}

/** Whether code at `node` runs later than the top level around it (in a function, method or class field). */
function insideFunction(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.childForFieldName('body') && (current.childForFieldName('parameters') || current.childForFieldName('parameter'))) return true;
  }
  return false;
}

/** Names declared by the functions, blocks and clauses enclosing `node` (not by the program itself). */
function declaredAround(node: Node): Set<string> {
  const names = new Set<string>();
  const addPattern = (pattern: Node | null | undefined): void => {
    if (!pattern) return;
    if (pattern.type === 'identifier' || pattern.type === 'shorthand_property_identifier_pattern') names.add(pattern.text);
    else for (const child of pattern.namedChildren) addPattern(child);
  };
  for (let scope = node.parent; scope && scope.type !== 'program'; scope = scope.parent) {
    addPattern(scope.childForFieldName('parameters'));
    addPattern(scope.childForFieldName('parameter'));
    if (scope.type === 'function_expression' || scope.type === 'function') addPattern(scope.childForFieldName('name'));
    if (scope.type === 'for_in_statement') addPattern(scope.childForFieldName('left'));
    if (scope.type === 'for_statement') addPattern(scope.childForFieldName('initializer'));
    if (STATEMENT_CONTAINERS.has(scope.type)) {
      for (const child of scope.namedChildren) {
        if (!child) continue;
        if (child.type === 'lexical_declaration' || child.type === 'variable_declaration') {
          for (const declarator of child.namedChildren) if (declarator?.type === 'variable_declarator') addPattern(declarator.childForFieldName('name'));
        } else if (['function_declaration', 'generator_function_declaration', 'class_declaration'].includes(child.type)) {
          addPattern(child.childForFieldName('name'));
        }
      }
    }
  }
  return names;
}

/** Whether `name` is used as a variable anywhere in the file (found by text, confirmed by the tree). */
function isIdentifierIn(root: Node, text: string, name: string): boolean {
  const escaped = name.replace(/[$]/g, '\\$');
  for (const match of text.matchAll(new RegExp(`(?<![\\w$.])${escaped}(?![\\w$])`, 'g'))) {
    const node = root.descendantForIndex(match.index, match.index + name.length);
    if (node && ['identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern'].includes(node.type)) return true;
  }
  return false;
}

/** `os` → `os`, else `nodeOs`, `nodeOs2`, …; `fs/promises` → `fsPromises`. */
function freshName(module: string, taken: (name: string) => boolean): string {
  const base = moduleName(module)
    .replace(/^@/, '')
    .split(/[^A-Za-z0-9_$]+/)
    .filter(Boolean)
    .map((part, i) => (i === 0 ? part : part[0]!.toUpperCase() + part.slice(1)))
    .join('');
  const name = /^[A-Za-z_$]/.test(base) ? base : `m${base}`;
  if (!taken(name)) return name;
  const prefixed = `node${name[0]!.toUpperCase()}${name.slice(1)}`;
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? prefixed : `${prefixed}${i}`;
    if (!taken(candidate)) return candidate;
  }
}

// ---------------------------------------------------------------------------------------------
// Text helpers

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline < 0) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

function lineIndent(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, offset), offset))![0];
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

// ---------------------------------------------------------------------------------------------
// Values, names, and where a value goes (rules that judge a value by what it is used for)

/** `true`/`false` as written, also minified `!0`/`!1`; undefined for anything else. */
export function booleanValue(node: Node | null | undefined): boolean | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  if (inner.type === 'true') return true;
  if (inner.type === 'false') return false;
  if (inner.type === 'unary_expression' && inner.childForFieldName('operator')?.text === '!') {
    const argument = inner.childForFieldName('argument');
    const value = argument && numberValue(argument);
    return value === undefined ? undefined : value === 0;
  }
  return undefined;
}

/** The value of a numeric literal (`2048`, `0x800`, `2_048`, `-1`), else undefined. */
export function numberValue(node: Node | null | undefined): number | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  if (inner.type === 'unary_expression' && ['-', '+'].includes(inner.childForFieldName('operator')?.text ?? '')) {
    const value = numberValue(inner.childForFieldName('argument'));
    return value === undefined ? undefined : inner.childForFieldName('operator')!.text === '-' ? -value : value;
  }
  if (inner.type !== 'number') return undefined;
  const value = Number(inner.text.replace(/_/g, '').replace(/n$/, ''));
  return Number.isFinite(value) ? value : undefined;
}

/**
 * The words of an identifier, property or header name, lower-cased: `outputDir` → output, dir;
 * `SESSION_SECRET` → session, secret; `x-csrf-token` → x, csrf, token. A run of capitals stays
 * one word (`APIKey` → apikey, `ETag` → etag).
 */
export function nameWords(name: string): string[] {
  return name
    .split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/** Where a value ends up, in its own statement (see `valueDestination`). */
export interface ValueDestination {
  /** The name that receives the value: a variable, property (or the key a setter stores it under), JSX attribute, or callee. */
  name: string;
  via: 'variable' | 'property' | 'attribute' | 'argument';
  /** The node the value reached it through (the declarator, pair, attribute or call). */
  node: Node;
}

/** Calls whose result is (a transformation of) their argument: a value passes through them. */
const PASS_THROUGH_CALLS = new Set([
  'Math.floor', 'Math.ceil', 'Math.round', 'Math.trunc', 'Math.abs', 'Math.min', 'Math.max', 'String', 'Number', 'BigInt', 'parseInt', 'parseFloat',
  'Array.from', 'Array.of', 'Buffer.from', 'btoa', 'encodeURIComponent', 'encodeURI', 'JSON.stringify',
  // React state holds what it is given: `const [token] = useState(() => …)`.
  'react.useState', 'react.useMemo', 'react.useRef', 'useState', 'useMemo', 'useRef',
]);
/** Methods whose result is built from their arguments (`chars.charAt(i)`, `list.map(() => …)`). */
const PASS_THROUGH_METHODS = new Set(['charAt', 'at', 'codePointAt', 'charCodeAt', 'concat', 'padStart', 'padEnd', 'fill', 'map', 'flatMap', 'from', 'of', 'update']);
/** Setters whose first argument names what the second is (`res.cookie('sid', v)`, `localStorage.setItem('token', v)`). */
const KEYED_SETTERS = new Set(['cookie', 'setItem', 'set', 'setHeader', 'header', 'append', 'setCookie']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '**', '|', '&', '^', '<<', '>>', '>>>', '||', '??', '&&']);

/**
 * The name a value is stored under, judged within its own statement: followed up through
 * arithmetic, string building (templates, `+`, `.toString(36).slice(2)`, `chars[i]`,
 * `chars.charAt(i)`), `Math.floor`/`String`/… and arrow functions returning it, up to the
 * variable (`const token = …`, `token += …`, `this.token = …`), object property
 * (`{ token: … }`), JSX attribute (`nonce={…}`), class field or parameter default it lands in,
 * or the call it is passed to (`setToken(…)`; `res.cookie('sid', …)` names `sid`). Undefined
 * when it is compared, tested, returned or otherwise consumed.
 */
export function valueDestination(expression: Node, facts: FileFacts): ValueDestination | undefined {
  let current = expression;
  for (let depth = 0; depth < 40; depth++) {
    const parent = current.parent;
    if (!parent) return undefined;
    const is = (field: string): boolean => parent.childForFieldName(field)?.id === current.id;
    switch (parent.type) {
      case 'parenthesized_expression':
      case 'as_expression':
      case 'satisfies_expression':
      case 'non_null_expression':
      case 'type_assertion':
      case 'await_expression':
      case 'template_substitution':
      case 'template_string':
      case 'array':
      case 'spread_element':
      case 'subscript_expression':
      case 'member_expression':
        break;
      case 'unary_expression':
        if (!['-', '+', '~'].includes(parent.childForFieldName('operator')?.text ?? '')) return undefined;
        break;
      case 'binary_expression':
        if (!ARITHMETIC.has(parent.childForFieldName('operator')?.text ?? '')) return undefined;
        break;
      case 'ternary_expression':
        if (is('condition')) return undefined;
        break;
      case 'arrow_function':
        if (!is('body')) return undefined;
        break;
      case 'call_expression':
        if (!is('function')) return undefined;
        break;
      case 'arguments': {
        const call = parent.parent;
        if (!call || (call.type !== 'call_expression' && call.type !== 'new_expression')) return undefined;
        const callee = calleeOf(call);
        const resolved = callee ? qualifiedName(callee, facts) : undefined;
        const method = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
        if ((resolved && PASS_THROUGH_CALLS.has(resolved.name)) || (method && PASS_THROUGH_METHODS.has(method))) {
          current = call;
          continue;
        }
        const args = callArguments(call);
        const key = args.findIndex((arg) => arg.id === current.id) >= 1 ? stringValue(args[0]) : undefined;
        const last = method ?? (callee?.type === 'identifier' ? callee.text : undefined);
        if (last && KEYED_SETTERS.has(last) && key !== undefined) return { name: key, via: 'property', node: call };
        if (method === 'push' || method === 'unshift') {
          const object = callee!.childForFieldName('object');
          const name = object && lastPropertyName(object);
          return name ? { name, via: 'variable', node: call } : undefined;
        }
        return last ? { name: last, via: 'argument', node: call } : undefined;
      }
      case 'variable_declarator': {
        let name = is('value') ? parent.childForFieldName('name') : null;
        // `const [token, setToken] = useState(…)`: the first element holds the value.
        if (name?.type === 'array_pattern') name = name.namedChildren[0] ?? null;
        return name?.type === 'identifier' ? { name: name.text, via: 'variable', node: parent } : undefined;
      }
      case 'assignment_expression':
      case 'augmented_assignment_expression': {
        const left = is('right') ? parent.childForFieldName('left') : null;
        const name = left && lastPropertyName(left);
        return name ? { name, via: 'variable', node: parent } : undefined;
      }
      case 'pair': {
        const name = is('value') ? propertyName(parent) : undefined;
        return name !== undefined ? { name, via: 'property', node: parent } : undefined;
      }
      case 'jsx_expression': {
        const attribute = parent.parent;
        const name = attribute?.type === 'jsx_attribute' ? attribute.namedChildren[0] : undefined;
        return name && name.type === 'property_identifier' ? { name: name.text, via: 'attribute', node: attribute! } : undefined;
      }
      case 'public_field_definition':
      case 'field_definition': {
        const name = is('value') ? (parent.childForFieldName('name') ?? parent.childForFieldName('property')) : null;
        return name && ['property_identifier', 'private_property_identifier'].includes(name.type) ? { name: name.text.replace(/^#/, ''), via: 'variable', node: parent } : undefined;
      }
      case 'required_parameter':
      case 'optional_parameter':
      case 'assignment_pattern': {
        const target = is('value') || is('right') ? (parent.childForFieldName('pattern') ?? parent.childForFieldName('left')) : null;
        return target?.type === 'identifier' ? { name: target.text, via: 'variable', node: parent } : undefined;
      }
      default:
        return undefined;
    }
    current = parent;
  }
  return undefined;
}

/** `token` for `token`, `this.token`, `req.session.token`, `headers['x-token']`. */
function lastPropertyName(node: Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type === 'identifier') return inner.text;
  if (inner.type === 'member_expression') return inner.childForFieldName('property')?.text.replace(/^#/, '');
  if (inner.type === 'subscript_expression') return stringValue(inner.childForFieldName('index'));
  return undefined;
}

/**
 * An edit removing one property (or other member) of an object literal with the comma that
 * separates it, keeping the layout: `{ a, b: 1, c }` → `{ a, c }`; a property on its own line
 * loses its line.
 */
export function removeProperty(object: Node, member: Node, text: string): TextEdit {
  const members = object.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
  const index = members.findIndex((child) => child.id === member.id);
  const next = members[index + 1];
  const previous = members[index - 1];
  const ownLine = /^[ \t]*$/.test(text.slice(lineStart(text, member.startIndex), member.startIndex));
  if (ownLine) {
    // Up to the end of its line, taking a trailing comma (and comment) with it.
    const start = lineStart(text, member.startIndex);
    const lineEnd = endOfLine(text, member.endIndex);
    const rest = text.slice(member.endIndex, lineEnd);
    if (/^\s*,?\s*(\/\/.*)?$/.test(rest) && (next || previous)) {
      const eol = text.startsWith('\r\n', lineEnd) ? 2 : 1;
      if (next || rest.includes(',')) return { start, end: Math.min(text.length, lineEnd + eol), newText: '' };
      // The last member without a trailing comma: drop the comma after the previous one.
      const comma = text.indexOf(',', previous!.endIndex);
      return { start: comma, end: lineEnd, newText: '' };
    }
  }
  if (next) return { start: member.startIndex, end: next.startIndex, newText: '' };
  if (previous) {
    const close = object.lastChild!;
    const between = text.slice(member.endIndex, close.startIndex);
    const trailing = /^\s*,/.test(between) ? member.endIndex + between.indexOf(',') + 1 : member.endIndex;
    return { start: previous.endIndex, end: trailing, newText: '' };
  }
  // The only member: `{ shell: true }` → `{}`.
  return { start: object.firstChild!.endIndex, end: object.lastChild!.startIndex, newText: '' };
}

/**
 * Edits that make `member` of `module` reachable as a plain name next to the named import or
 * destructured `require` that binds `local` (`import { exec } from 'child_process'` →
 * `import { exec, execFile } from 'child_process'`; `const { exec: run } = require(…)` →
 * `const { exec: run, execFile } = require(…)`). With `replace`, the binding of `local`
 * itself is renamed instead (for a name used nowhere else). Undefined when `local` is not
 * bound that way, or the new name is already taken.
 */
export function addNamedImport(root: Node, text: string, facts: FileFacts, local: string, member: string, replace: boolean): TextEdit[] | undefined {
  const fact = facts.list.find((candidate) => candidate.key.startsWith(`alias:${local}=`));
  if (!fact || isIdentifierIn(root, text, member)) return undefined;
  const statement = root.descendantForIndex(fact.start, fact.end);
  const holder = statement && (statement.type === 'import_statement' || statement.type === 'variable_declarator' ? statement : undefined);
  if (!holder) return undefined;
  let list: Node | undefined;
  let binding: Node | undefined;
  if (holder.type === 'import_statement') {
    const clause = holder.namedChildren.find((child) => child?.type === 'import_clause');
    list = clause?.namedChildren.find((child) => child?.type === 'named_imports') ?? undefined;
    binding = list?.namedChildren.find((child) => child?.type === 'import_specifier' && (child.childForFieldName('alias') ?? child.childForFieldName('name'))?.text === local) ?? undefined;
  } else {
    const pattern = holder.childForFieldName('name');
    list = pattern?.type === 'object_pattern' ? pattern : undefined;
    binding =
      list?.namedChildren.find(
        (child) => (child?.type === 'shorthand_property_identifier_pattern' && child.text === local) || (child?.type === 'pair_pattern' && child.childForFieldName('value')?.text === local),
      ) ?? undefined;
  }
  if (!list || !binding) return undefined;
  const aliased = binding.type === 'pair_pattern' || !!binding.childForFieldName('alias');
  if (replace && !aliased) return [replaceNode(binding, member)];
  const members = list.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
  return [appendToList(list.firstChild!, list.lastChild!, members, member, text, true)];
}

const callNameMemo = new WeakMap<FileFacts, Map<number, QualifiedName | undefined>>();

/**
 * `callName`, remembered per call node for one set of facts: many rules ask what the same call
 * resolves to. A new FileFacts is made for every analysis pass, so the memo cannot outlive the
 * tree it describes (as python/syntax.ts's `cachedCallName`).
 */
export function cachedCallName(call: Node, facts: FileFacts): QualifiedName | undefined {
  let memo = callNameMemo.get(facts);
  if (!memo) callNameMemo.set(facts, (memo = new Map()));
  if (memo.has(call.id)) return memo.get(call.id);
  const name = callName(call, facts);
  memo.set(call.id, name);
  return name;
}

const mentionMemo = new WeakMap<FileFacts, Map<readonly string[], boolean>>();

/**
 * Whether the document's text contains one of `words` (a rule's `triggers`), computed once per
 * analysis pass: a rule called for every property or member expression of a file that never
 * mentions what it looks for returns at once. Sound for incremental analysis as long as a
 * finding's own statement, or an import, holds one of the words.
 */
export function mentions(ctx: { readonly text: string; readonly facts: FileFacts }, words: readonly string[]): boolean {
  let memo = mentionMemo.get(ctx.facts);
  if (!memo) mentionMemo.set(ctx.facts, (memo = new Map()));
  let found = memo.get(words);
  if (found === undefined) memo.set(words, (found = words.some((word) => ctx.text.includes(word))));
  return found;
}

/** How many times `name` occurs as an identifier (a binding or a use) in the file. */
export function identifierCount(root: Node, text: string, name: string): number {
  let count = 0;
  const escaped = name.replace(/[$]/g, '\\$');
  for (const match of text.matchAll(new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`, 'g'))) {
    const node = root.descendantForIndex(match.index, match.index + name.length);
    if (node && ['identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern'].includes(node.type)) count++;
  }
  return count;
}
