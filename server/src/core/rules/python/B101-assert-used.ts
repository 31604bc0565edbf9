import { enclosingStatement, isTestFilePath } from '../../python/syntax';
import { defineRule } from '../../rule';

interface State {
  inTest: boolean;
}

export const assertUsed = defineRule<State>({
  meta: {
    id: 'B101',
    name: 'assert_used',
    title: 'Use of assert',
    severity: 'low',
    confidence: 'high',
    cwe: 703,
  },
  family: 'python',
  nodeTypes: ['assert_statement'],
  triggers: ['assert'],
  check(statement, ctx) {
    const inTest = isTestFilePath(ctx.options.path);
    return {
      node: statement.firstChild!, // the `assert` keyword
      message: inTest
        ? 'Use of assert in a test module: fine under pytest, but removed when Python runs with -O.'
        : 'Use of assert detected: the check is removed when Python runs with -O; raise an exception instead.',
      state: { inTest },
      ...(inTest ? { confidence: 'low' as const } : {}),
    };
  },
  fix(report, ctx) {
    if (report.state!.inTest) return [];
    const statement = report.node.parent!;
    // Only an assert that is the only statement on its lines can become an `if` block.
    if (enclosingStatement(statement) !== statement || !ownsItsLines(statement, ctx.text)) return [];
    const [condition, message] = statement.namedChildren.filter((child) => child && child.type !== 'comment');
    if (!condition) return [];
    const lineStart = ctx.text.lastIndexOf('\n', statement.startIndex - 1) + 1;
    const indent = ctx.text.slice(lineStart, statement.startIndex);
    const negated = condition.type === 'parenthesized_expression' || isSimple(condition.type) ? `not ${condition.text}` : `not (${condition.text})`;
    const raise = message ? `raise AssertionError(${message.text})` : 'raise AssertionError';
    return [
      {
        title: 'Replace assert with an explicit check that raises AssertionError',
        applicability: 'unsafe',
        caveat: 'The check now also runs under python -O: a condition with side effects or a high cost runs where it did not.',
        edits: [{ start: statement.startIndex, end: statement.endIndex, newText: `if ${negated}:\n${indent}    ${raise}` }],
      },
    ];
  },
  docs: `
## What it does
Reports \`assert\` statements.

## Why is this bad?
Python removes \`assert\` statements when it compiles with optimisation (\`python -O\`,
\`PYTHONOPTIMIZE\`). An \`assert\` used to enforce a precondition — a permission, an input
range, a type — silently disappears in such a deployment, and the protection with it
(CWE-703).

## Example
\`\`\`python
def delete_user(user, actor):
    assert actor.is_admin, "admins only"
    user.delete()
\`\`\`

## Use instead
\`\`\`python
def delete_user(user, actor):
    if not actor.is_admin:
        raise PermissionError("admins only")
    user.delete()
\`\`\`

## Beyond Bandit
Bandit flags every \`assert\`, including in tests, unless told to skip files. Vigil still
reports asserts in test modules (\`test_*.py\`, \`*_test.py\`, \`conftest.py\`, \`tests.py\`) but
with **low** confidence and offers no fix there: asserts are how pytest tests are written,
and a confidence threshold of medium hides them. The finding is on the \`assert\` keyword.

## Fix safety
"Replace assert with an explicit check" rewrites \`assert cond, msg\` as
\`if not cond: raise AssertionError(msg)\`. It is **unsafe**: the condition now also runs
under \`python -O\`, so side effects or an expensive check run where they did not. It keeps the
exception type, so callers catching \`AssertionError\` are unaffected; a more specific
exception is usually better. Offered only for an \`assert\` alone on its lines.

## References
- [The assert statement](https://docs.python.org/3/reference/simple_stmts.html#the-assert-statement)
- [Bandit B101](https://bandit.readthedocs.io/en/latest/plugins/b101_assert_used.html)
- [CWE-703: Improper Check or Handling of Exceptional Conditions](https://cwe.mitre.org/data/definitions/703.html)
`,
});

function isSimple(type: string): boolean {
  return ['identifier', 'attribute', 'call', 'subscript', 'true', 'false', 'none', 'integer', 'string'].includes(type);
}

/** Whether nothing but whitespace and a comment shares the statement's first and last lines. */
function ownsItsLines(statement: { startIndex: number; endIndex: number }, text: string): boolean {
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const lineEnd = text.indexOf('\n', statement.endIndex);
  const after = text.slice(statement.endIndex, lineEnd < 0 ? text.length : lineEnd);
  return /^[ \t]*$/.test(text.slice(lineStart, statement.startIndex)) && /^[ \t]*(#.*)?$/.test(after);
}
