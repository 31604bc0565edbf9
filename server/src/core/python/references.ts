/**
 * Edits fixes share beyond those in syntax.ts: writing a reference to an imported function the
 * way the file already imports it (adding the import when it does not), and removing one
 * argument from a call together with its comma.
 */
import type { FileFacts } from '../facts';
import type { Node } from '../parser';
import type { TextEdit } from '../types';
import { argumentList, ensureImport } from './syntax';

export interface Reference {
  /** The expression to write: `split`, `sh.split` or `shlex.split`. */
  expression: string;
  /** The import to add, if the module is not imported yet. */
  edits: TextEdit[];
}

/**
 * How to refer to `module.member` here: by a name already imported for it
 * (`from shlex import split`), through the module's local name (`import shlex as sh` →
 * `sh.split`), or as `module.member` after adding `import module`.
 */
export function referenceTo(qualified: string, root: Node, text: string, facts: FileFacts): Reference {
  const dot = qualified.lastIndexOf('.');
  const module = qualified.slice(0, dot);
  const member = qualified.slice(dot + 1);
  const locals = [...facts.aliases.entries()];
  const direct = locals.find(([, target]) => target === qualified);
  if (direct) return { expression: direct[0], edits: [] };
  const viaModule = locals.find(([local, target]) => target === module && !local.includes('.'));
  if (viaModule) return { expression: `${viaModule[0]}.${member}`, edits: [] };
  const edit = ensureImport(root, text, module, facts);
  return { expression: qualified, edits: edit ? [edit] : [] };
}

/**
 * Remove one argument of a call with the comma that separates it from its neighbours, keeping
 * the layout of the rest: `f(a, shell=True)` → `f(a)`, `f(shell=True, a)` → `f(a)`, and in a
 * one-argument-per-line call the argument's whole line.
 */
export function removeArgument(call: Node, argument: Node, text: string): TextEdit {
  const args = argumentList(call)!;
  const named = args.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
  const index = named.findIndex((child) => child.id === argument.id);
  const previous = named[index - 1];
  const next = named[index + 1];
  const onOwnLine = (node: Node): boolean => /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', node.startIndex - 1) + 1, node.startIndex));
  if (onOwnLine(argument) && (previous || next)) {
    // Delete the whole line: the argument, its trailing comma and a comment about it.
    const lineStart = text.lastIndexOf('\n', argument.startIndex - 1);
    const after = text.slice(argument.endIndex);
    const rest = /^[ \t]*,?[ \t]*(?:#[^\n]*)?(?=\n|$)/.exec(after);
    if (rest && (next || /^[ \t]*,/.test(after))) return { start: lineStart, end: argument.endIndex + rest[0].length, newText: '' };
  }
  if (previous) {
    const between = text.slice(previous.endIndex, argument.startIndex);
    return { start: previous.endIndex + between.indexOf(','), end: argument.endIndex, newText: '' };
  }
  if (next) return { start: argument.startIndex, end: next.startIndex, newText: '' };
  // The only argument: drop it and a trailing comma.
  const close = args.lastChild!;
  return { start: argument.startIndex, end: close.startIndex, newText: '' };
}
