import { NO_SHELL_CALLS, SHELL_CALLS, SUBPROCESS_CALLS, executable } from '../../python/process';
import { cachedCallName } from '../../python/syntax';

import { defineRule } from '../../rule';

/** Bandit's test for a full path: a Windows drive letter, or a leading `/`, `\` or `.`. */
const FULL_PATH = /^(?:[A-Za-z](?=:)|[\\/.])/;

export const startProcessWithPartialPath = defineRule<undefined>({
  meta: {
    id: 'B607',
    name: 'start_process_with_partial_path',
    title: 'Process started with a partial executable path',
    severity: 'low',
    confidence: 'high',
    cwe: 78,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['subprocess', 'os', 'popen', 'commands', 'asyncio', 'utils'],
  check(call, ctx) {
    const callee = cachedCallName(call, ctx.facts);
    if (!callee?.imported || !(SUBPROCESS_CALLS.has(callee.name) || SHELL_CALLS.has(callee.name) || NO_SHELL_CALLS.has(callee.name))) return undefined;
    const program = executable(call, ctx.facts);
    if (!program || program.value === '' || FULL_PATH.test(program.value)) return undefined;
    const word = program.value.trim().split(/\s+/)[0] ?? program.value;
    return { node: program.node, message: `${callee.name} starts '${word}' found through PATH: whoever controls PATH or a directory in it chooses the program. Use a full path.` };
  },
  docs: `
## What it does
Reports process calls (\`subprocess\`, \`os.system\`, \`os.exec*\`/\`os.spawn*\` and the like) whose
program is a literal without a directory: \`"git"\`, \`["ls", "-l"]\`, \`"gcc --version"\`.

## Why is this bad?
The program is looked up in the directories of \`PATH\`. Whoever can change \`PATH\`, or write to
a directory early in it, chooses which program runs, with this process's privileges (CWE-78).

## Example
\`\`\`python
import subprocess
subprocess.run(["git", "status"])
\`\`\`

## Use instead
\`\`\`python
import shutil
import subprocess
git = shutil.which("git") or "/usr/bin/git"
subprocess.run([git, "status"])
\`\`\`

## Beyond Bandit
Aliases resolve (\`from subprocess import Popen as pop\`), and the finding is on the program's
string rather than on the whole call.

## Fix safety
No automatic fix: the right full path differs between systems.

## References
- [Python: shutil.which](https://docs.python.org/3/library/shutil.html#shutil.which)
- [CWE-426: Untrusted Search Path](https://cwe.mitre.org/data/definitions/426.html)
- [CWE-78: OS Command Injection](https://cwe.mitre.org/data/definitions/78.html)
`,
});
