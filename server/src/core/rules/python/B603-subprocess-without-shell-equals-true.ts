import { SUBPROCESS_CALLS, commandArgument, isLiteralCommand, shellArgument } from '../../python/process';
import { cachedCallName } from '../../python/syntax';

import { defineRule } from '../../rule';

export const subprocessWithoutShellEqualsTrue = defineRule<undefined>({
  meta: {
    id: 'B603',
    name: 'subprocess_without_shell_equals_true',
    title: 'subprocess call with computed arguments',
    severity: 'low',
    confidence: 'high',
    cwe: 78,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['subprocess', 'utils'],
  check(call, ctx) {
    const callee = cachedCallName(call, ctx.facts);
    if (!callee?.imported || !SUBPROCESS_CALLS.has(callee.name) || shellArgument(call)) return undefined;
    const command = commandArgument(call);
    if (!command || isLiteralCommand(command, ctx.facts)) return undefined;
    return { node: call.childForFieldName('function')!, message: `${callee.name} runs a command built at run time: check that no untrusted input chooses the program or its options.` };
  },
  docs: `
## What it does
Reports \`subprocess\` calls without a shell whose command is computed: a variable, a list with
variables in it, a call.

## Why is this bad?
Without a shell nothing can be injected into the command line, but input that chooses the
program or adds options (\`--upload-pack=…\`, \`-o ProxyCommand=…\`) can still make it do
something else (CWE-78). This is a low-severity reminder to check where the arguments come from.

## Example
\`\`\`python
import subprocess
subprocess.run(["git", "clone", repo_url])
\`\`\`

## Use instead
\`\`\`python
import subprocess
subprocess.run(["git", "clone", "--", repo_url])  # options end before the input
\`\`\`

## Beyond Bandit
A command fixed in the source (a string literal, \`shlex.split\` of one, or a list or tuple of
string literals) is not reported: it carries no input. Aliases resolve, and \`asyncio.create_subprocess_exec\` counts.

## Fix safety
No automatic fix: whether the input is trusted is for a person to decide.

## References
- [Python: Security considerations for subprocess](https://docs.python.org/3/library/subprocess.html#security-considerations)
- [CWE-78: OS Command Injection](https://cwe.mitre.org/data/definitions/78.html)
`,
});
