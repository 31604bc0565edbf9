import type { Node } from '../../parser';
import { SUBPROCESS_CALLS, commandArgument, hasShellSyntax, isLiteralCommand, literalString, shellArgument } from '../../python/process';
import { referenceTo, removeArgument } from '../../python/references';
import { cachedCallName, keywordArgument, replaceNode } from '../../python/syntax';
import { defineRule } from '../../rule';

interface State {
  call: Node;
  /** The command, when it is a string literal without shell syntax (then the fix applies). */
  command?: Node;
}

export const subprocessPopenWithShellEqualsTrue = defineRule<State>({
  meta: {
    id: 'B602',
    name: 'subprocess_popen_with_shell_equals_true',
    title: 'subprocess call with shell=True',
    severity: 'high',
    confidence: 'high',
    cwe: 78,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['shell'],
  check(call, ctx) {
    const callee = cachedCallName(call, ctx.facts);
    if (!callee?.imported || !SUBPROCESS_CALLS.has(callee.name)) return undefined;
    const shell = shellArgument(call);
    const command = commandArgument(call);
    if (!shell || !command) return undefined;
    const text = literalString(command);
    if (text === undefined && !isLiteralCommand(command, ctx.facts)) {
      return { node: shell.keyword, message: `${callee.name} runs a computed command in a shell: input in it can run commands of its own. Pass a list of arguments without shell=True.`, state: { call } };
    }
    // Only a plain string is split; a fixed list with a shell runs its first item alone.
    const fixable = text !== undefined && shell.literal && text.trim() !== '' && !hasShellSyntax(text) && !keywordArgument(call, 'executable');
    return {
      node: shell.keyword,
      message: `${callee.name} with shell=True and a fixed command seems safe, but may be changed in the future: consider running it without a shell.`,
      severity: 'low',
      state: { call, command: fixable ? command : undefined },
    };
  },
  fix(report, ctx) {
    const { call, command } = report.state!;
    if (!command) return [];
    const split = referenceTo('shlex.split', ctx.root, ctx.text, ctx.facts);
    return [
      {
        title: `Run without a shell: ${split.expression}(${command.text})`,
        applicability: 'unsafe',
        caveat: 'Without a shell, shell built-ins (cd, export, source) and aliases no longer work, and the command is split on spaces only.',
        edits: [...split.edits, replaceNode(command, `${split.expression}(${command.text})`), removeArgument(call, report.node, ctx.text)],
      },
    ];
  },
  docs: `
## What it does
Reports \`subprocess\` calls (\`Popen\`, \`run\`, \`call\`, \`check_call\`, \`check_output\`) that ask for a
shell: \`shell=True\`, any other true literal, or a variable that may be true. A computed command
(\`f"ls {path}"\`, \`"ls " + path\`, a variable) is high severity; a fixed string (or a fixed list
of strings) is low.

## Why is this bad?
With \`shell=True\` the command is a shell script. Input built into it can end the intended
command and start others with \`;\`, \`&&\`, \`|\`, \`$(…)\` or backquotes (CWE-78). A list of
arguments without a shell passes each argument to the program as it is.

## Example
\`\`\`python
import subprocess
subprocess.run(f"convert {name} out.png", shell=True)
subprocess.run("/usr/bin/make clean", shell=True)
\`\`\`

## Use instead
\`\`\`python
import shlex
import subprocess
subprocess.run(["convert", name, "out.png"])
subprocess.run(shlex.split("/usr/bin/make clean"))
\`\`\`

## Beyond Bandit
Aliases resolve (\`from subprocess import run as sh\`), \`asyncio.create_subprocess_exec\` counts
as a subprocess call, and the finding is on the \`shell=True\` argument. An f-string without
placeholders counts as a fixed string, and a list of string literals as a fixed command (low,
where Bandit says high).

## Fix safety
For a fixed command without shell syntax, "Run without a shell" replaces the command by
\`shlex.split("…")\` and removes \`shell=True\`, adding \`import shlex\` if needed. It is unsafe:
shell built-ins (\`cd\`, \`export\`, \`source\`) and aliases stop working. It is not offered when
the command uses anything a shell interprets (pipes, redirections, \`&&\`, \`;\`, globs, \`$VAR\`,
quotes, \`~\`), nor with \`executable=\`.

## References
- [Python: Security considerations for subprocess](https://docs.python.org/3/library/subprocess.html#security-considerations)
- [Python: shlex.split](https://docs.python.org/3/library/shlex.html#shlex.split)
- [CWE-78: OS Command Injection](https://cwe.mitre.org/data/definitions/78.html)
`,
});
