import { cachedCallName } from '../../python/syntax';
import { defineRule } from '../../rule';

export const execUsed = defineRule({
  meta: {
    id: 'B102',
    name: 'exec_used',
    title: 'Use of exec',
    severity: 'medium',
    confidence: 'high',
    cwe: 78,
  },
  family: 'python',
  nodeTypes: ['call', 'exec_statement'],
  triggers: ['exec'],
  check(node, ctx) {
    if (node.type === 'exec_statement') {
      return { node: node.firstChild!, message: 'Use of exec detected: it runs a string as Python code.' };
    }
    const callee = cachedCallName(node, ctx.facts);
    if (!callee) return undefined;
    const isBuiltin = callee.imported ? callee.name === 'builtins.exec' : callee.name === 'exec';
    if (!isBuiltin) return undefined;
    return { node: node.childForFieldName('function')!, message: 'Use of exec detected: it runs a string as Python code.' };
  },
  docs: `
## What it does
Reports calls to the built-in \`exec\` (and Python 2's \`exec\` statement).

## Why is this bad?
\`exec\` runs any string as Python code with the caller's privileges. If any part of that
string comes from outside the program — a request, a file, a database, an environment
variable — an attacker can run code of their choice (CWE-78, CWE-94).

## Example
\`\`\`python
exec(f"result = {expression}")
\`\`\`

## Use instead
Parse data instead of running it: \`ast.literal_eval\` for Python literals, \`json.loads\`
for JSON, a dispatch table (\`{"add": operator.add}[name]\`) instead of building code.

## Beyond Bandit
Vigil resolves imports, so \`from builtins import exec as run; run(code)\` is reported and a
method or a function imported from elsewhere under the name \`exec\` (\`cursor.exec(…)\`,
\`from mylib import exec\`) is not. The finding is on the callee.

## Fix safety
No fix: what replaces \`exec\` depends on what the code string does.

## References
- [exec](https://docs.python.org/3/library/functions.html#exec)
- [PEP 578: audit hooks for exec](https://peps.python.org/pep-0578/#suggested-audit-hook-locations)
- [CWE-78: OS Command Injection](https://cwe.mitre.org/data/definitions/78.html)
`,
});
