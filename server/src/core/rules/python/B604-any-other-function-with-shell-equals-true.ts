import { SUBPROCESS_CALLS, shellArgument } from '../../python/process';
import { cachedCallName } from '../../python/syntax';

import { defineRule } from '../../rule';

/** Calls where `shell=` is a value stored or formatted, not an option of something that runs a command. */
const NOT_RUNNERS = new Set(['format', 'format_map', 'dict', 'update', 'setdefault', 'get', 'Namespace']);

export const anyOtherFunctionWithShellEqualsTrue = defineRule<undefined>({
  meta: {
    id: 'B604',
    name: 'any_other_function_with_shell_equals_true',
    title: 'Function call with shell=True',
    severity: 'medium',
    confidence: 'low',
    cwe: 78,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['shell'],
  check(call, ctx) {
    if (!/\bshell\s*=/.test(call.text)) return undefined; // cheap first
    const callee = cachedCallName(call, ctx.facts);
    if (callee?.imported && SUBPROCESS_CALLS.has(callee.name)) return undefined; // B602
    const method = call.childForFieldName('function')?.text.split('.').pop() ?? '';
    if (NOT_RUNNERS.has(method)) return undefined;
    const shell = shellArgument(call);
    // A value that is not a literal is passed on (`shell=shell`): the caller decides.
    if (!shell?.literal) return undefined;
    const name = callee?.name ?? 'This function';
    return { node: shell.keyword, message: `${name} is called with shell=True: if it runs a command through a shell, input in the command can run commands of its own.` };
  },
  docs: `
## What it does
Reports calls of functions other than \`subprocess\`'s that pass \`shell=True\` (or another true
value): wrappers that run commands, such as Fabric's \`run\` or a project's own \`execute\` helper.

## Why is this bad?
A helper that takes \`shell=\` most likely hands it to \`subprocess\`; with a shell, input built into
the command can end it and start other commands (CWE-78).

## Example
\`\`\`python
from myproject.utils import run_command
run_command(f"tar czf {name}.tgz data", shell=True)
\`\`\`

## Use instead
\`\`\`python
from myproject.utils import run_command
run_command(["tar", "czf", f"{name}.tgz", "data"])
\`\`\`

## Beyond Bandit
Only a true literal is reported: \`shell=True\`, \`1\`, \`"yes"\`. A variable
(\`shell=shell\`, forwarding a parameter) is the caller's decision and is not reported (Bandit
reports it), nor are calls that store or format the value: \`"{shell}".format(shell=…)\`,
\`dict(shell=…)\`, \`options.update(shell=…)\`.

## Fix safety
No automatic fix: what the wrapper does with its arguments is not known here.

## References
- [Python: Security considerations for subprocess](https://docs.python.org/3/library/subprocess.html#security-considerations)
- [CWE-78: OS Command Injection](https://cwe.mitre.org/data/definitions/78.html)
`,
});
