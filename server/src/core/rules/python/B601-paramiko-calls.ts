import { literalString } from '../../python/process';
import { argument } from '../../python/syntax';
import { defineRule } from '../../rule';

export const paramikoCalls = defineRule<undefined>({
  meta: {
    id: 'B601',
    name: 'paramiko_calls',
    title: 'Shell command run over SSH with Paramiko',
    severity: 'medium',
    confidence: 'medium',
    cwe: 78,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['exec_command'],
  check(call, ctx) {
    if (!call.text.includes('exec_command')) return undefined; // cheap first
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'exec_command') return undefined;
    if (!ctx.facts.importsModule('paramiko')) return undefined;
    // A command fixed in the source carries no input to inject: reported, but low.
    if (literalString(argument(call, 0, 'command')) !== undefined) {
      return { node: callee, message: 'Paramiko exec_command runs a fixed command in a shell on the remote host: seems safe, but may be changed in the future; quote any input added to it with shlex.quote.', severity: 'low' };
    }
    return { node: callee, message: 'Paramiko exec_command runs its command in a shell on the remote host: make sure no untrusted input reaches it (shlex.quote each argument).' };
  },
  docs: `
## What it does
Reports calls to \`exec_command\` (Paramiko's \`SSHClient.exec_command\`) in files that import
Paramiko. A command that is a fixed string is reported at low severity.

## Why is this bad?
The remote SSH server runs the command through the user's shell. Input built into the command
(\`f"ls {path}"\`) can add commands of its own with \`;\`, \`&&\`, \`$(…)\` or backquotes, and
they run on the remote host (CWE-78).

## Example
\`\`\`python
import paramiko
client = paramiko.SSHClient()
client.exec_command(f"tail -n 100 {log_file}")
\`\`\`

## Use instead
\`\`\`python
import shlex
import paramiko
client = paramiko.SSHClient()
client.exec_command(f"tail -n 100 {shlex.quote(log_file)}")
\`\`\`

## Beyond Bandit
A command that is a plain string literal (\`client.exec_command("uptime")\`) is reported at low
severity instead of medium: nothing can be injected into it yet. Aliased imports
(\`import paramiko as pm\`) count as Paramiko.

## Fix safety
No automatic fix: which parts of the command are data to quote is for a person to decide.

## References
- [Paramiko: SSHClient.exec_command](https://docs.paramiko.org/en/stable/api/client.html#paramiko.client.SSHClient.exec_command)
- [CWE-78: OS Command Injection](https://cwe.mitre.org/data/definitions/78.html)
`,
});
