import { NO_SHELL_CALLS } from '../../python/process';
import { cachedCallName } from '../../python/syntax';

import { defineRule } from '../../rule';

export const startProcessWithNoShell = defineRule<undefined>({
  meta: {
    id: 'B606',
    name: 'start_process_with_no_shell',
    title: 'Process started without a shell',
    severity: 'low',
    confidence: 'medium',
    cwe: 78,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['exec', 'spawn', 'startfile'],
  check(call, ctx) {
    const callee = cachedCallName(call, ctx.facts);
    if (!callee?.imported || !NO_SHELL_CALLS.has(callee.name)) return undefined;
    return { node: call.childForFieldName('function')!, message: `${callee.name} starts a process without a shell: check that no untrusted input chooses the program or its arguments.` };
  },
  docs: `
## What it does
Reports calls that replace or start a process without a shell: \`os.exec*\`, \`os.spawn*\`,
\`os.posix_spawn\`, \`os.posix_spawnp\` and \`os.startfile\`.

## Why is this bad?
Nothing can be injected into a command line here, but input that chooses the program or its
arguments still decides what runs (CWE-78). This is a low-severity inventory of the places
that start processes, for review.

## Example
\`\`\`python
import os
os.execvp(tool, [tool, *args])
\`\`\`

## Use instead
\`\`\`python
import os
ALLOWED = {"black", "ruff"}
if tool in ALLOWED:
    os.execvp(tool, [tool, *args])
\`\`\`

## Beyond Bandit
Aliases resolve (\`from os import execv\`), and \`os.posix_spawn\`/\`os.posix_spawnp\` are included.

## Fix safety
No automatic fix: there is nothing to change unless the input is untrusted.

## References
- [Python: Process management](https://docs.python.org/3/library/os.html#process-management)
- [CWE-78: OS Command Injection](https://cwe.mitre.org/data/definitions/78.html)
`,
});
