import { argument, cachedCallName, ensureImport, expressionName, lastName, replaceNode } from '../../python/syntax';
import { defineRule } from '../../rule';
import type { TextEdit } from '../../types';

const TRUSTING_POLICIES = new Set(['AutoAddPolicy', 'WarningPolicy']);

export const sshNoHostKeyVerification = defineRule({
  meta: {
    id: 'B507',
    name: 'ssh_no_host_key_verification',
    title: 'SSH client trusts unknown host keys',
    severity: 'high',
    confidence: 'medium',
    cwe: 295,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['Policy'],
  trackedFactories: ['paramiko.SSHClient', 'paramiko.client.SSHClient'],
  check(call, ctx) {
    if (!ctx.facts.importsModule('paramiko')) return undefined;
    const callee = call.childForFieldName('function');
    if (!callee || lastName(callee) !== 'set_missing_host_key_policy') return undefined;
    const policy = argument(call, 0, 'policy');
    const name = policy && lastName(policy);
    if (!name || !TRUSTING_POLICIES.has(name)) return undefined;
    // Known to be paramiko's client (`client = paramiko.SSHClient()`): more than a guess.
    const receiver = cachedCallName(call, ctx.facts);
    const isParamiko = receiver?.imported === true && receiver.name.startsWith('paramiko.');
    return {
      node: policy!,
      message: `Paramiko call with policy ${name}: unknown host keys are trusted, so the server is not authenticated.`,
      ...(isParamiko ? { confidence: 'high' as const } : {}),
    };
  },
  fix(report, ctx) {
    const policy = report.node;
    const edits: TextEdit[] = [];
    const reference = policy.type === 'call' ? policy.childForFieldName('function')! : policy;
    if (reference.type === 'attribute') {
      edits.push(replaceNode(reference.childForFieldName('attribute')!, 'RejectPolicy'));
    } else {
      const resolved = expressionName(reference, ctx.facts);
      const module = resolved?.imported ? resolved.name.slice(0, resolved.name.lastIndexOf('.')) : 'paramiko';
      const local = [...ctx.facts.aliases].find(([, qualified]) => qualified === module)?.[0];
      edits.push(replaceNode(reference, `${local ?? 'paramiko'}.RejectPolicy`));
      if (!local) {
        const addImport = ensureImport(ctx.root, ctx.text, 'paramiko', ctx.facts);
        if (addImport) edits.push(addImport);
      }
    }
    return [
      {
        title: 'Reject unknown host keys (RejectPolicy)',
        applicability: 'unsafe',
        caveat: 'Connections to hosts missing from the known_hosts files now fail: load them first with client.load_system_host_keys() or load_host_keys(path).',
        edits,
      },
    ];
  },
  docs: `
## What it does
Reports paramiko's \`set_missing_host_key_policy(AutoAddPolicy)\` and \`(WarningPolicy)\`.

## Why is this bad?
SSH authenticates the server by its host key. A policy that accepts any unknown key lets an
attacker on the network path impersonate the server and capture passwords, keys and
commands (CWE-295).

## Example
\`\`\`python
import paramiko
client = paramiko.SSHClient()
client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
\`\`\`

## Use instead
\`\`\`python
import paramiko
client = paramiko.SSHClient()
client.load_system_host_keys()
client.set_missing_host_key_policy(paramiko.RejectPolicy())
\`\`\`

## Beyond Bandit
Vigil also reads the policy passed as \`policy=\`, and raises the confidence to **high** when
the receiver is known to be a paramiko client (\`client = paramiko.SSHClient()\` in the same
file). The finding is on the policy argument.

## Fix safety
"Reject unknown host keys" replaces the policy with \`RejectPolicy\` (paramiko's default),
keeping the class-or-instance form. It is **unsafe**: connections to hosts not in the
loaded \`known_hosts\` now fail, so the host keys must be loaded first
(\`load_system_host_keys()\`, \`load_host_keys(path)\`).

## References
- [Paramiko: SSHClient.set_missing_host_key_policy](https://docs.paramiko.org/en/stable/api/client.html#paramiko.client.SSHClient.set_missing_host_key_policy)
- [Bandit B507](https://bandit.readthedocs.io/en/latest/plugins/b507_ssh_no_host_key_verification.html)
- [CWE-295: Improper Certificate Validation](https://cwe.mitre.org/data/definitions/295.html)
`,
});
