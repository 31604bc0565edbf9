import { SHELL_CALLS, literalString } from '../../python/process';

import { cachedCallName, keywordValue, positionalArguments } from '../../python/syntax';
import { defineRule } from '../../rule';

export const startProcessWithAShell = defineRule<undefined>({
  meta: {
    id: 'B605',
    name: 'start_process_with_a_shell',
    title: 'Process started with a shell',
    severity: 'high',
    confidence: 'high',
    cwe: 78,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['os', 'popen', 'commands', 'subprocess', 'asyncio'],
  check(call, ctx) {
    const callee = cachedCallName(call, ctx.facts);
    if (!callee?.imported || !SHELL_CALLS.has(callee.name)) return undefined;
    const command = positionalArguments(call)[0] ?? keywordValue(call, 'command') ?? keywordValue(call, 'cmd');
    if (!command) return undefined;
    const node = call.childForFieldName('function')!;
    if (literalString(command) !== undefined) {
      return { node, message: `${callee.name} runs a fixed command in a shell: seems safe, but may be changed in the future; consider subprocess.run with a list of arguments.`, severity: 'low' };
    }
    return { node, message: `${callee.name} runs a computed command in a shell: input in it can run commands of its own. Use subprocess.run with a list of arguments.` };
  },
  docs: `
## What it does
Reports calls that always run their command through a shell: \`os.system\`, \`os.popen\`,
\`subprocess.getoutput\`, \`subprocess.getstatusoutput\`, the old \`popen2\` and \`commands\` modules,
and \`asyncio.create_subprocess_shell\`. A computed command is high severity; a fixed string is low.

## Why is this bad?
The command is a shell script. Input built into it can end the intended command and start
others with \`;\`, \`&&\`, \`|\`, \`$(…)\` or backquotes (CWE-78).

## Example
\`\`\`python
import os
os.system("gzip " + path)
\`\`\`

## Use instead
\`\`\`python
import subprocess
subprocess.run(["gzip", path], check=True)
\`\`\`

## Beyond Bandit
Aliases resolve (\`from os import system as run\`), and \`asyncio.create_subprocess_shell\` is
included. An f-string without placeholders counts as a fixed string.

## Fix safety
No automatic fix: \`os.system\` and \`subprocess.run\` differ in return value, output and error
handling, so the rewrite needs a person.

## References
- [Python: os.system](https://docs.python.org/3/library/os.html#os.system)
- [Python: Replacing os.system](https://docs.python.org/3/library/subprocess.html#replacing-os-system)
- [CWE-78: OS Command Injection](https://cwe.mitre.org/data/definitions/78.html)
`,
});
