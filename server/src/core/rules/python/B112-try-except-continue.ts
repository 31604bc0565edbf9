import type { Node } from '../../parser';
import { defineRule } from '../../rule';
import { catchesEverything } from '../../python/syntax';

export const tryExceptContinue = defineRule({
  meta: {
    id: 'B112',
    name: 'try_except_continue',
    title: 'Exception swallowed with `continue`',
    severity: 'low',
    confidence: 'high',
    cwe: 703,
  },
  family: 'python',
  nodeTypes: ['except_clause'],
  triggers: ['continue'],
  check(clause) {
    if (!catchesEverything(clause)) return undefined;
    const body = clause.namedChildren.find((child) => child?.type === 'block');
    const statements = body?.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment') ?? [];
    if (statements.length !== 1 || statements[0]!.type !== 'continue_statement') return undefined;
    return { node: clause.firstChild!, message: 'Try, Except, Continue detected: the error is silently ignored.' };
  },
  docs: `
## What it does
Reports an \`except:\` or \`except Exception:\` handler inside a loop whose whole body is
\`continue\`.

## Why is this bad?
Every failing item is skipped without a trace: an attacker feeding malformed input, or a
bug failing every iteration, leaves no sign in the logs and the loop quietly processes less
than it should (CWE-703).

## Example
\`\`\`python
for path in paths:
    try:
        load(path)
    except Exception:
        continue
\`\`\`

## Use instead
\`\`\`python
for path in paths:
    try:
        load(path)
    except (OSError, ValueError):
        log.warning("skipping %s", path, exc_info=True)
        continue
\`\`\`

## Beyond Bandit
Same behaviour as Bandit 1.9 with its default \`check_typed_exception: false\`: only a bare
\`except:\` and \`except Exception:\` are reported; a specific type states a deliberate
choice. Skipping unreadable items in a best-effort loop is sometimes right: suppress it with
\`# nosec B112 - reason\`, or catch the specific error. The finding is on the \`except\`
keyword.

## Fix safety
No fix: whether to log, re-raise or narrow the exception type is a decision about the
program.

## References
- [Handling exceptions](https://docs.python.org/3/tutorial/errors.html#handling-exceptions)
- [Bandit B112](https://bandit.readthedocs.io/en/latest/plugins/b112_try_except_continue.html)
- [CWE-703: Improper Check or Handling of Exceptional Conditions](https://cwe.mitre.org/data/definitions/703.html)
`,
});
