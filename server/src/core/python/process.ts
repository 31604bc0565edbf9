/**
 * The vocabulary of Bandit's process-spawning family (B602–B607, B609), over tree-sitter: which
 * calls start processes and how (Bandit's `shell_injection` configuration), whether a call
 * asks for a shell, and what its command is.
 */
import type { FileFacts } from '../facts';
import type { Node } from '../parser';
import { argument, callName, keywordArgument, positionalArguments, stringValue } from './syntax';

/** Start a process through the subprocess module (a shell only with `shell=True`). */
export const SUBPROCESS_CALLS: ReadonlySet<string> = new Set([
  'subprocess.Popen',
  'subprocess.call',
  'subprocess.check_call',
  'subprocess.check_output',
  'subprocess.run',
  'utils.execute',
  'utils.execute_with_timeout',
  // Beyond Bandit's list: the asyncio spelling of the same thing.
  'asyncio.create_subprocess_exec',
]);

/** Always run their command through a shell. */
export const SHELL_CALLS: ReadonlySet<string> = new Set([
  'os.system',
  'os.popen',
  'os.popen2',
  'os.popen3',
  'os.popen4',
  'popen2.popen2',
  'popen2.popen3',
  'popen2.popen4',
  'popen2.Popen3',
  'popen2.Popen4',
  'commands.getoutput',
  'commands.getstatusoutput',
  'subprocess.getoutput',
  'subprocess.getstatusoutput',
  // Beyond Bandit's list.
  'asyncio.create_subprocess_shell',
]);

/** Replace or start a process without a shell. */
export const NO_SHELL_CALLS: ReadonlySet<string> = new Set([
  ...['l', 'le', 'lp', 'lpe', 'v', 've', 'vp', 'vpe'].flatMap((suffix) => [`os.exec${suffix}`, `os.spawn${suffix}`]),
  'os.startfile',
  // Beyond Bandit's list.
  'os.posix_spawn',
  'os.posix_spawnp',
]);

export interface ShellArgument {
  /** The `shell=…` keyword argument. */
  keyword: Node;
  /** Whether the value is a literal (True, 1, "x"), as opposed to a name or expression. */
  literal: boolean;
}

/**
 * The `shell=` keyword when it (may) ask for a shell, as Bandit decides: a truthy literal, or
 * any non-literal value (a variable may be true). `shell=False`, `0`, `None`, `""`, `[]` do not.
 */
export function shellArgument(call: Node): ShellArgument | undefined {
  const keyword = keywordArgument(call, 'shell');
  const value = keyword?.childForFieldName('value');
  if (!keyword || !value) return undefined;
  switch (value.type) {
    case 'true':
      return { keyword, literal: true };
    case 'false':
    case 'none':
      return undefined;
    case 'integer':
    case 'float':
      return Number(value.text.replace(/_/g, '')) !== 0 ? { keyword, literal: true } : undefined;
    case 'string':
    case 'concatenated_string': {
      const text = stringValue(value);
      if (text === undefined) return { keyword, literal: false };
      return text !== '' ? { keyword, literal: true } : undefined;
    }
    case 'list':
    case 'tuple':
    case 'dictionary':
    case 'set':
      return value.namedChildCount > 0 ? { keyword, literal: true } : undefined;
  }
  return { keyword, literal: false };
}

/** The command a process call runs: its first positional argument, or `args=`. */
export function commandArgument(call: Node): Node | undefined {
  return argument(call, 0, 'args');
}

/** A plain string literal's value (no interpolation, not bytes), else undefined. */
export function literalString(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (isBytes(node)) return undefined;
  return stringValue(node);
}

/** Whether a string literal (or any part of an implicit concatenation) is a bytes literal. */
export function isBytes(node: Node): boolean {
  if (node.type === 'concatenated_string') return node.namedChildren.some((part) => !!part && isBytes(part));
  const start = node.type === 'string' ? node.firstChild : undefined;
  return start?.type === 'string_start' && /b/i.test(start.text);
}

/** `shlex.split("ls -l")`: the literal string split, else undefined. */
export function splitLiteral(node: Node, facts: FileFacts): string | undefined {
  if (node.type !== 'call') return undefined;
  const callee = callName(node, facts);
  return callee?.imported && callee.name === 'shlex.split' ? literalString(argument(node, 0, 's')) : undefined;
}

/**
 * Whether a command is fixed in the source: a string literal, `shlex.split` of one, or a list or
 * tuple of string literals. Such a command carries no input, so nothing can be injected into it.
 */
export function isLiteralCommand(node: Node | undefined, facts: FileFacts): boolean {
  if (!node) return false;
  if (literalString(node) !== undefined || splitLiteral(node, facts) !== undefined) return true;
  if (node.type === 'list' || node.type === 'tuple') {
    const items = node.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
    return items.length > 0 && items.every((item) => literalString(item) !== undefined);
  }
  return false;
}

/** The literal words of a command: the string, or the literal items of a list joined by spaces. */
export function commandText(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const single = literalString(node);
  if (single !== undefined) return single;
  if (node.type === 'list' || node.type === 'tuple') {
    const words = node.namedChildren.map((child) => (child ? literalString(child) : undefined)).filter((word): word is string => word !== undefined);
    return words.length > 0 ? words.join(' ') : undefined;
  }
  return undefined;
}

/**
 * Whether a command string uses anything a shell interprets beyond splitting on spaces: pipes,
 * redirections, `&&`, `;`, globs, variables, quotes, escapes, `~`, comments, substitutions,
 * assignments. Without any of these, `shlex.split(cmd)` runs the same program with the same
 * arguments (shell built-ins aside).
 */
export function hasShellSyntax(command: string): boolean {
  return /[|&;<>()$`\\"'*?[\]#~=%{}!\n\r\t]/.test(command);
}

/** The first word of a command (a string, or the first item of a list), with its node. */
export function executable(call: Node, facts: FileFacts): { node: Node; value: string } | undefined {
  let node = positionalArguments(call)[0] ?? keywordArgument(call, 'args')?.childForFieldName('value') ?? undefined;
  if (node && (node.type === 'list' || node.type === 'tuple')) node = node.namedChildren.find((child) => child && child.type !== 'comment') ?? undefined;
  if (node && splitLiteral(node, facts) !== undefined) node = argument(node, 0, 's');
  const value = literalString(node ?? undefined);
  return node && value !== undefined ? { node, value } : undefined;
}
