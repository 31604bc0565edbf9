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

/** A dotted name written without spaces, comments, brackets or constants: its text is its name. */
const PLAIN_DOTTED_NAME = /^(?!(?:None|True|False)(?:\.|$))[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;

/** `a.b.c`, `a.b().c` as text without whitespace, or undefined for other expressions. */
function dottedText(node: Node): string | undefined {
  // Most callees are plain names: one read of the text instead of a walk over the nodes.
  const text = node.text;
  if (PLAIN_DOTTED_NAME.test(text)) return text;
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

/**
 * The qualified name any dotted expression resolves to through imports: `ET.parse` →
 * `xml.etree.ElementTree.parse`, `ssl.PROTOCOL_TLSv1` → `ssl.PROTOCOL_TLSv1`. Like `callName`
 * for a call's callee, but for arguments, defaults and other expressions.
 */
export function expressionName(node: Node, facts: FileFacts): QualifiedName | undefined {
  const dotted = dottedText(node);
  return dotted === undefined ? undefined : facts.qualifyDotted(dotted);
}

/** The last name of `c`, `a.b.c` or `a.b.c(…)`: `c`; undefined for other expressions. */
export function lastName(node: Node): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text;
  if (node.type === 'call') {
    const callee = node.childForFieldName('function');
    return callee ? lastName(callee) : undefined;
  }
  if (node.type === 'parenthesized_expression' && node.namedChildCount === 1) return lastName(node.namedChildren[0]!);
  return undefined;
}

/** The value of an integer literal (`511`, `0o777`, `0x1FF`, `0b1`, `1_000`), else undefined. */
export function integerValue(node: Node): number | undefined {
  if (node.type === 'parenthesized_expression' && node.namedChildCount === 1) return integerValue(node.namedChildren[0]!);
  if (node.type !== 'integer') return undefined;
  const text = node.text.replace(/_/g, '').toLowerCase();
  if (/[lj]$/.test(text)) return undefined;
  const value = /^0[xob]/.test(text) ? Number(text) : /^\d+$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * An edit removing one argument of a call with the comma that separates it from its
 * neighbours: `f(a, b=1)` → `f(a)`, `f(b=1, c)` → `f(c)`, and a one-per-line argument
 * together with its line.
 */
export function removeArgument(arg: Node, text: string): TextEdit {
  const list = arg.parent!;
  const args = list.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
  const index = args.findIndex((child) => child.startIndex === arg.startIndex && child.endIndex === arg.endIndex);
  const next = args[index + 1];
  const previous = args[index - 1];
  if (next) return { start: lineStartIfBlank(text, arg.startIndex), end: lineStartIfBlank(text, next.startIndex), newText: '' };
  if (previous) {
    // The last argument: on its own line, remove the line (with its trailing comma); else from
    // the previous argument's end, leaving a trailing comma where it was.
    const ownLine = lineStartIfBlank(text, arg.startIndex);
    if (ownLine !== arg.startIndex) {
      const rest = text.slice(arg.endIndex, list.lastChild!.startIndex);
      const comma = /^[ \t]*,/.exec(rest);
      let end = arg.endIndex + (comma ? comma[0].length : 0);
      const newline = /^[ \t]*\n/.exec(text.slice(end));
      if (newline) end += newline[0].length;
      return { start: ownLine, end, newText: '' };
    }
    return { start: previous.endIndex, end: arg.endIndex, newText: '' };
  }
  return { start: list.firstChild!.endIndex, end: list.lastChild!.startIndex, newText: '' };
}

/** `offset`'s line start when only whitespace precedes it on its line, else `offset`. */
function lineStartIfBlank(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, offset)) ? lineStart : offset;
}

/**
 * An edit making a call's callee `module.name`: an attribute callee of the same module keeps
 * its (possibly aliased) object and only renames the attribute (`h.md5` → `h.sha256`); any
 * other callee is replaced by `module.name`, and `import module` is added if needed.
 */
export function replaceCallee(call: Node, module: string, name: string, root: Node, text: string, facts: FileFacts): TextEdit[] {
  const callee = call.childForFieldName('function')!;
  const object = callee.type === 'attribute' ? callee.childForFieldName('object') : null;
  if (object && expressionName(object, facts)?.name === module) {
    return [replaceNode(callee.childForFieldName('attribute')!, name)];
  }
  const local = [...facts.aliases].find(([alias, qualified]) => qualified === module && alias !== module)?.[0];
  if (local && !facts.aliases.has(module)) return [replaceNode(callee, `${local}.${name}`)];
  const edits = [replaceNode(callee, `${module}.${name}`)];
  const addImport = ensureImport(root, text, module, facts);
  if (addImport) edits.push(addImport);
  return edits;
}

/** Whether a path names a test module by pytest/unittest conventions (`test_x.py`, `x_test.py`, `conftest.py`). */
export function isTestFilePath(path: string | undefined): boolean {
  if (!path) return false;
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
  return /^test_.*\.pyi?$/.test(base) || /_test\.pyi?$/.test(base) || base === 'conftest.py' || base === 'tests.py';
}

/** The local name a whole module is imported as (`import tempfile as tf` → `tf`), preferring its own name. */
export function moduleLocalName(facts: FileFacts, module: string): string | undefined {
  if (facts.aliases.get(module) === module) return module;
  for (const [local, qualified] of facts.aliases) if (qualified === module) return local;
  return undefined;
}

const callNameMemo = new WeakMap<FileFacts, Map<number, QualifiedName | undefined>>();

/**
 * `callName`, remembered per call node for one set of facts: dozens of rules (Bandit's call
 * blacklist alone has twenty) ask what the same call resolves to. A new FileFacts is made for
 * every analysis pass, so the memo cannot outlive the tree it describes.
 */
export function cachedCallName(call: Node, facts: FileFacts): QualifiedName | undefined {
  let memo = callNameMemo.get(facts);
  if (!memo) callNameMemo.set(facts, (memo = new Map()));
  if (memo.has(call.id)) return memo.get(call.id);
  const name = callName(call, facts);
  memo.set(call.id, name);
  return name;
}

/**
 * A bare `except:` or `except Exception:` (with or without `as e`). Like Bandit (whose
 * `check_typed_exception` defaults to false), narrower types are deliberate and not reported.
 */
export function catchesEverything(clause: Node): boolean {
  const caught = clause.namedChildren.find((child) => child && child.type !== 'block' && child.type !== 'comment');
  if (!caught) return true;
  const type = caught.type === 'as_pattern' ? caught.namedChildren[0] : caught;
  return type?.type === 'identifier' && type.text === 'Exception';
}
