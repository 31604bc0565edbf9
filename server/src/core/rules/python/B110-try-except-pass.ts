import type { Node } from '../../parser';
import { defineRule } from '../../rule';
import { catchesEverything } from '../../python/syntax';

export const tryExceptPass = defineRule({
  meta: {
    id: 'B110',
    name: 'try_except_pass',
    title: 'Exception swallowed with `pass`',
    severity: 'low',
    confidence: 'high',
    cwe: 703,
  },
  family: 'python',
  nodeTypes: ['except_clause'],
  triggers: ['pass'],
  check(clause) {
    if (!catchesEverything(clause)) return undefined;
    const body = clause.namedChildren.find((child) => child?.type === 'block');
    const statements = body?.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment') ?? [];
    if (statements.length !== 1 || statements[0]!.type !== 'pass_statement') return undefined;
    return { node: clause.firstChild!, message: 'Try, Except, Pass detected: the error is silently ignored.' };
  },
  docs: `
## What it does
Reports an \`except:\` or \`except Exception:\` handler whose whole body is \`pass\`.

## Why is this bad?
Errors vanish without a trace. A burst of failures — a sign someone is probing or
disrupting a service — leaves nothing in the logs, and a real bug turns into silently
wrong behaviour (CWE-703).

## Example
\`\`\`python
try:
    cache.store(key, value)
except Exception:
    pass
\`\`\`

## Use instead
\`\`\`python
import contextlib
import logging
import os

try:
    cache.store(key, value)
except Exception:
    logging.getLogger(__name__).warning("cache store failed", exc_info=True)

# or, where ignoring one specific error is the point:
with contextlib.suppress(FileNotFoundError):
    os.remove(path)
\`\`\`

## Beyond Bandit
Same behaviour as Bandit 1.9 with its default \`check_typed_exception: false\`: only a bare
\`except:\` and \`except Exception:\` are reported; a specific type (\`except KeyError: pass\`)
states a deliberate choice. Ignoring errors in clean-up code (closing, removing a temp
file) is common and often right: suppress those with \`# nosec B110 - reason\`, or better,
catch the specific error. A comment in the body does not count as handling. The finding is on
the \`except\` keyword.

## Fix safety
No fix: whether to log, re-raise or narrow the exception type is a decision about the
program.

## References
- [Handling exceptions](https://docs.python.org/3/tutorial/errors.html#handling-exceptions)
- [contextlib.suppress](https://docs.python.org/3/library/contextlib.html#contextlib.suppress)
- [CWE-703: Improper Check or Handling of Exceptional Conditions](https://cwe.mitre.org/data/definitions/703.html)
`,
});
