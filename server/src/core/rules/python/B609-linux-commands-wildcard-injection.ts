import { SHELL_CALLS, SUBPROCESS_CALLS, commandArgument, commandText, shellArgument } from '../../python/process';
import { cachedCallName } from '../../python/syntax';

import { defineRule } from '../../rule';

/** Commands whose options an attacker can smuggle in as file names matched by `*`. */
const VULNERABLE = /(?:^|[\s/;&|(`])(chown|chmod|tar|rsync)(?=\s|$)/;

export const linuxCommandsWildcardInjection = defineRule<undefined>({
  meta: {
    id: 'B609',
    name: 'linux_commands_wildcard_injection',
    title: 'Wildcard in a shell command that takes options from file names',
    severity: 'high',
    confidence: 'medium',
    cwe: 155,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['chown', 'chmod', 'tar', 'rsync'],
  check(call, ctx) {
    const callee = cachedCallName(call, ctx.facts);
    if (!callee?.imported) return undefined;
    if (!SHELL_CALLS.has(callee.name) && !(SUBPROCESS_CALLS.has(callee.name) && shellArgument(call))) return undefined;
    const command = commandArgument(call);
    const text = commandText(command);
    const program = text !== undefined ? VULNERABLE.exec(text)?.[1] : undefined;
    if (!command || !program || !text!.includes('*')) return undefined;
    return { node: command, message: `${program} with a shell wildcard: a file named like an option (--checkpoint-action=…, --reference=…) becomes an option. Put "--" before the wildcard or list the files in Python.` };
  },
  docs: `
## What it does
Reports shell commands (\`os.system\`, \`os.popen\`, \`subprocess\` with \`shell=True\`…) that run
\`chown\`, \`chmod\`, \`tar\` or \`rsync\` with a \`*\` wildcard.

## Why is this bad?
The shell expands \`*\` to the file names in the directory before the command sees them. A file
named \`--checkpoint-action=exec=sh evil.sh\` (tar), \`--reference=owned\` (chown, chmod) or
\`-e sh evil.sh\` (rsync) becomes an option, and whoever can create files there runs commands or
changes permissions (CWE-155).

## Example
\`\`\`python
import os
os.system("tar czf backup.tgz *")
\`\`\`

## Use instead
\`\`\`python
import os
import subprocess
subprocess.run(["tar", "czf", "backup.tgz", "--", *os.listdir(".")], check=True)
\`\`\`

## Beyond Bandit
The command names are matched as words, so \`"start *"\` or \`"target/*"\` do not count as \`tar\`;
aliases resolve.

## Fix safety
No automatic fix: listing the files in Python changes what the command sees (hidden files,
sorting).

## References
- [DefenseCode: Unix wildcards gone wild](https://www.defensecode.com/public/DefenseCode_Unix_WildCards_Gone_Wild.txt)
- [CWE-155: Improper Neutralization of Wildcards or Matching Symbols](https://cwe.mitre.org/data/definitions/155.html)
`,
});
