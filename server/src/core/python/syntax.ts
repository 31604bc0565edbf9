/**
 * The small vocabulary Python rules are written in (after Bandit's `context.py`), over
 * tree-sitter nodes: what a call resolves to, its arguments, literal values; and the edits
 * fixes are built from (add a keyword argument, add an import in the right place).
 */
import type { FileFacts, QualifiedName } from '../facts';
import type { Node } from '../parser';
import type { TextEdit } from '../types';

/** The qualified name a call's callee resolves to through imports (`t.load(…)` → `torch.load`). */
export function callName(call: Node, facts: FileFacts): QualifiedName | undefined {
  const callee = call.childForFieldName('function');
  const dotted = callee ? dottedText(callee) : undefined;
  return dotted === undefined ? undefined : facts.qualifyDotted(dotted);
}

/** `a.b.c`, `a.b().c` as text without whitespace, or undefined for other expressions. */
function dottedText(node: Node): string | undefined {
  switch (node.type) {
    case 'identifier':
      return node.text;
    case 'attribute': {
      const object = node.childForFieldName('object');
      const attribute = node.childForFieldName('attribute');
      const head = object && dottedText(object);
      return head === undefined || !attribute ? undefined : `${head}.${attribute.text}`;
    }
    case 'call': {
      const callee = node.childForFieldName('function');
      const head = callee && dottedText(callee);
      return head === undefined ? undefined : `${head}()`;
    }
    case 'parenthesized_expression': {
      const inner = node.namedChildren[0];
      return inner ? dottedText(inner) : undefined;
    }
  }
  return undefined;
}

export function argumentList(call: Node): Node | undefined {
  const args = call.childForFieldName('arguments');
  return args?.type === 'argument_list' ? args : undefined;
}

/** The `name=value` node passed to a call, if any. */
export function keywordArgument(call: Node, name: string): Node | undefined {
  for (const arg of argumentList(call)?.namedChildren ?? []) {
    if (arg?.type === 'keyword_argument' && arg.childForFieldName('name')?.text === name) return arg;
  }
  return undefined;
}

export function keywordValue(call: Node, name: string): Node | undefined {
  return keywordArgument(call, name)?.childForFieldName('value') ?? undefined;
}

export function positionalArguments(call: Node): Node[] {
  return (argumentList(call)?.namedChildren ?? []).filter(
    (arg): arg is Node => !!arg && !['keyword_argument', 'list_splat', 'dictionary_splat', 'comment'].includes(arg.type),
  );
}

/** An argument by keyword, or else by position (for parameters that may be given either way). */
export function argument(call: Node, position: number, name: string): Node | undefined {
  return keywordValue(call, name) ?? positionalArguments(call)[position];
}

/** Whether the call passes `**kwargs`, which may carry any keyword we look for. */
export function hasKeywordSplat(call: Node): boolean {
  return (argumentList(call)?.namedChildren ?? []).some((arg) => arg?.type === 'dictionary_splat');
}

/**
 * The value of a plain string literal (or an implicit concatenation of them), or undefined for
 * anything computed: f-strings with interpolations, names, calls. Escapes are left as written.
 */
export function stringValue(node: Node): string | undefined {
  if (node.type === 'parenthesized_expression' && node.namedChildCount === 1) return stringValue(node.namedChildren[0]!);
  if (node.type === 'concatenated_string') {
    let value = '';
    for (const part of node.namedChildren) {
      const partValue = part && stringValue(part);
      if (partValue === undefined) return undefined;
      value += partValue;
    }
    return value;
  }
  if (node.type !== 'string') return undefined;
  let value = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'interpolation') return undefined;
    if (child.type === 'string_content' || child.type === 'escape_sequence') value += child.text;
  }
  return value;
}

export function isNone(node: Node | undefined): boolean {
  return node?.type === 'none';
}

export function isTrue(node: Node | undefined): boolean {
  return node?.type === 'true';
}

export function isFalse(node: Node | undefined): boolean {
  return node?.type === 'false';
}

/** The statement a node belongs to (a child of a module or block). */
export function enclosingStatement(node: Node): Node {
  let current = node;
  while (current.parent && current.parent.type !== 'module' && current.parent.type !== 'block') current = current.parent;
  return current;
}

/**
 * An edit adding `keyword=value` to a call, written the way the call is already written: on
 * the same line for a one-line call, on its own line (with the arguments' indentation and
 * trailing comma) for a call laid out one argument per line.
 */
export function addKeywordArgument(call: Node, keywordAndValue: string, text: string): TextEdit {
  const args = argumentList(call)!;
  const close = args.lastChild!; // ")"
  const named = args.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
  const last = named[named.length - 1];
  if (!last) return { start: close.startIndex, end: close.startIndex, newText: keywordAndValue };
  const afterLast = text.slice(last.endIndex, close.startIndex);
  const hasTrailingComma = afterLast.trimStart().startsWith(',');
  const multiline = last.startPosition.row !== args.startPosition.row && close.startPosition.row !== last.endPosition.row;
  if (multiline) {
    const indent = lineIndent(text, last.startIndex);
    const insertAt = hasTrailingComma ? last.endIndex + afterLast.indexOf(',') + 1 : last.endIndex;
    return { start: insertAt, end: insertAt, newText: `${hasTrailingComma ? '' : ','}\n${indent}${keywordAndValue}${hasTrailingComma ? ',' : ''}` };
  }
  if (hasTrailingComma) {
    const comma = last.endIndex + afterLast.indexOf(',') + 1;
    return { start: comma, end: close.startIndex, newText: ` ${keywordAndValue}` };
  }
  return { start: last.endIndex, end: last.endIndex, newText: `, ${keywordAndValue}` };
}

/** Replace a keyword argument's value (`timeout=None` → `timeout=30`). */
export function replaceNode(node: Node, newText: string): TextEdit {
  return { start: node.startIndex, end: node.endIndex, newText };
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/**
 * An edit adding `import <module>` at module level, unless the module is already imported
 * under its own name. It goes among the existing top-level `import x` lines in alphabetical
 * position, else after the last top-level import, else after the docstring, shebang and
 * encoding comments.
 */
export function ensureImport(root: Node, text: string, module: string, facts: FileFacts): TextEdit | undefined {
  if (facts.aliases.get(module) === module) return undefined;
  const statement = `import ${module}`;
  const top = root.namedChildren.filter((child): child is Node => !!child);
  const plainImports = top.filter((child) => child.type === 'import_statement');
  if (plainImports.length > 0) {
    const names = plainImports.map((node) => node.text.slice('import '.length));
    const sorted = names.every((name, i) => i === 0 || names[i - 1]! <= name);
    const next = sorted ? plainImports.find((_, i) => names[i]! > module) : undefined;
    if (next) {
      const lineStart = text.lastIndexOf('\n', next.startIndex - 1) + 1;
      return { start: lineStart, end: lineStart, newText: `${statement}\n` };
    }
    const lineEnd = endOfLine(text, plainImports.at(-1)!.endIndex);
    return { start: lineEnd, end: lineEnd, newText: `\n${statement}` };
  }
  const lastImport = top.filter((child) => child.type === 'import_from_statement' || child.type === 'future_import_statement').at(-1);
  if (lastImport) {
    const lineEnd = endOfLine(text, lastImport.endIndex);
    return { start: lineEnd, end: lineEnd, newText: `\n${statement}` };
  }
  // No imports: after a module docstring and leading comments (shebang, encoding).
  let insertAt = 0;
  for (const child of top) {
    const isDocstring = child === top[0] && child.type === 'expression_statement' && child.namedChildren[0]?.type === 'string';
    if (child.type === 'comment' || isDocstring) insertAt = endOfLine(text, child.endIndex) + 1;
    else break;
  }
  insertAt = Math.min(insertAt, text.length);
  const needsNewlineBefore = insertAt > 0 && text[insertAt - 1] !== '\n';
  return { start: insertAt, end: insertAt, newText: `${needsNewlineBefore ? '\n' : ''}${statement}\n` };
}

function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline;
}

/**
 * The literal text a `string` node starts with: all of its contents for a plain string, the
 * part before the first `{…}` of an f-string. Escapes are left as written; undefined for nodes
 * that are not a single string literal.
 */
export function leadingStringText(node: Node): string | undefined {
  if (node.type !== 'string') return undefined;
  let text = '';
  for (const child of node.namedChildren) {
    if (!child || child.type === 'interpolation') break;
    if (child.type === 'string_content' || child.type === 'escape_sequence') text += child.text;
  }
  return text;
}

/** A string literal's prefix letters, lower-cased: `''`, `'f'`, `'rb'`, … */
export function stringPrefix(node: Node): string {
  const start = node.type === 'string' ? node.firstChild : undefined;
  return start?.type === 'string_start' ? start.text.replace(/["']+$/, '').toLowerCase() : '';
}

/**
 * The source of a `string` node without the first `count` characters of its contents, which
 * must be literal text (see `leadingStringText`): `f"/tmp/{x}"`, 5 → `f"{x}"`.
 */
export function dropLeadingStringText(node: Node, count: number): string {
  const start = node.firstChild!; // string_start: prefix and opening quote
  const cut = start.endIndex - node.startIndex;
  return node.text.slice(0, cut) + node.text.slice(cut + count);
}

/** Where an expression is passed to a call: the call, and the argument's position or keyword. */
export interface ArgumentSlot {
  call: Node;
  /** Index among the positional arguments, for a positional argument. */
  position?: number;
  /** The keyword, for a `keyword=value` argument. */
  keyword?: string;
}

export function argumentSlot(node: Node): ArgumentSlot | undefined {
  const parent = node.parent;
  if (parent?.type === 'keyword_argument' && parent.childForFieldName('value')?.id === node.id) {
    const call = parent.parent?.parent;
    const keyword = parent.childForFieldName('name')?.text;
    return call?.type === 'call' && keyword ? { call, keyword } : undefined;
  }
  if (parent?.type !== 'argument_list' || parent.parent?.type !== 'call') return undefined;
  const call = parent.parent;
  const position = positionalArguments(call).findIndex((arg) => arg.id === node.id);
  return position < 0 ? undefined : { call, position };
}

/** The name a value is bound to by `name = value`, `obj.name = value` or a parameter default `name=value`. */
export function assignedName(value: Node): string | undefined {
  const parent = value.parent;
  if (!parent) return undefined;
  if (parent.type === 'assignment' && parent.childForFieldName('right')?.id === value.id) {
    const left = parent.childForFieldName('left');
    if (left?.type === 'identifier') return left.text;
    if (left?.type === 'attribute') return left.childForFieldName('attribute')?.text;
    return undefined;
  }
  if ((parent.type === 'default_parameter' || parent.type === 'typed_default_parameter') && parent.childForFieldName('value')?.id === value.id) {
    return parent.childForFieldName('name')?.text;
  }
  return undefined;
}

/** The local name a whole module is imported as (`import tempfile as tf` → `tf`), preferring its own name. */
export function moduleLocalName(facts: FileFacts, module: string): string | undefined {
  if (facts.aliases.get(module) === module) return module;
  for (const [local, qualified] of facts.aliases) if (qualified === module) return local;
  return undefined;
}
