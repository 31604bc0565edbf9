import type { Node } from '../../parser';
import { isBytes } from '../../python/process';
import { stringValue } from '../../python/syntax';
import { isLiteralValue } from '../../python/values';
import type { Report } from '../../rule';
import { defineRule } from '../../rule';
import { looksLikeSql, SQL_HOLE, SQL_WORD } from '../../sql';

/** Calls whose argument is run as SQL (Bandit raises its confidence for these). */
const EXECUTE = new Set(['execute', 'executemany', 'executescript']);

interface Statement {
  text: string;
  /** The first string literal of the construction: what gets underlined. */
  literal: Node;
  /** Whether any piece is computed at run time. */
  dynamic: boolean;
}

export const hardcodedSqlExpressions = defineRule<undefined>({
  meta: {
    id: 'B608',
    name: 'hardcoded_sql_expressions',
    title: 'SQL built from strings',
    severity: 'medium',
    confidence: 'low',
    cwe: 89,
  },
  family: 'python',
  nodeTypes: ['binary_operator', 'call', 'string'],
  triggers: ['select', 'SELECT', 'Select', 'delete', 'DELETE', 'Delete', 'insert', 'INSERT', 'Insert', 'update', 'UPDATE', 'Update', 'with', 'WITH', 'With'],
  check(node) {
    if (!SQL_WORD.test(node.text)) return undefined; // cheap first
    const statement = statementOf(node);
    if (!statement || !statement.dynamic || !looksLikeSql(statement.text)) return undefined;
    const executed = isExecuted(node);
    const report: Report<undefined> = {
      node: statement.literal,
      message: `SQL built from strings${executed ? ' and executed' : ''}: input in it can change the query. Pass the values as query parameters instead.`,
    };
    if (executed) report.confidence = 'medium';
    return report;
  },
  docs: `
## What it does
Reports SQL statements (\`SELECT … FROM\`, \`DELETE FROM\`, \`INSERT INTO … VALUES\`, \`UPDATE … SET\`,
\`WITH … AS (\`) built from strings at run time: with \`%\`, \`+\`, \`.format()\` or an f-string.
Confidence is medium when the statement is passed straight to \`execute\`/\`executemany\`.

## Why is this bad?
Input formatted into SQL can close the quoted value and add SQL of its own:
\`name = "x' OR '1'='1"\` reads every row, \`"x'; DROP TABLE users; --"\` worse (CWE-89). Query
parameters are sent apart from the SQL and are never parsed as SQL.

## Example
\`\`\`python
cursor.execute("SELECT * FROM users WHERE name = '%s'" % name)
cursor.execute(f"DELETE FROM sessions WHERE user_id = {user_id}")
\`\`\`

## Use instead
\`\`\`python
cursor.execute("SELECT * FROM users WHERE name = %s", (name,))
cursor.execute("DELETE FROM sessions WHERE user_id = %s", (user_id,))
\`\`\`

## Beyond Bandit
Fewer false alarms: the SQL must start the string (messages such as
\`"Could not select a row from %s." % table\` are not SQL), a statement built only from literals
(\`"SELECT * FROM t WHERE a = '%s'" % "x"\`, f-strings without placeholders) is not reported, and
\`%s\` placeholders without a \`%\` operator are parameters, not formatting. Computed pieces are
kept in place when the statement is read, so \`"SELECT " + cols + " FROM t"\` is SQL even though
Bandit's joined literals (\`"SELECT  FROM t"\`) are not.

## Fix safety
No automatic fix: the placeholder style (\`%s\`, \`?\`, \`:name\`) depends on the database driver.

## References
- [Python DB-API: paramstyle](https://peps.python.org/pep-0249/#paramstyle)
- [OWASP: Query Parameterization Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Query_Parameterization_Cheat_Sheet.html)
- [CWE-89: SQL Injection](https://cwe.mitre.org/data/definitions/89.html)
`,
});

/** The statement a node builds, if it is a string-building construction this rule reads. */
function statementOf(node: Node): Statement | undefined {
  switch (node.type) {
    case 'binary_operator': {
      const operator = node.childForFieldName('operator')?.text;
      if (operator === '%') {
        const left = node.childForFieldName('left');
        const text = left ? literalText(left) : undefined;
        if (!left || text === undefined) return undefined;
        return { text, literal: left, dynamic: !isLiteralValue(node.childForFieldName('right')) };
      }
      if (operator !== '+' || isPlusOperand(node)) return undefined;
      const operands = plusOperands(node);
      const literal = operands.find((operand) => isStringNode(operand));
      if (!literal) return undefined;
      return {
        text: operands.map((operand) => (isStringNode(operand) ? templateText(operand) : SQL_HOLE)).join(''),
        literal,
        dynamic: operands.some((operand) => !isLiteralValue(operand)),
      };
    }
    case 'call': {
      const callee = node.childForFieldName('function');
      const object = callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'format' ? callee.childForFieldName('object') : undefined;
      const text = object ? literalText(object) : undefined;
      if (!object || text === undefined) return undefined;
      const args = node.childForFieldName('arguments')?.namedChildren.filter((arg): arg is Node => !!arg && arg.type !== 'comment') ?? [];
      const dynamic = args.some((arg) => !isLiteralValue(arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg));
      return { text, literal: object, dynamic };
    }
    case 'string': {
      // An f-string on its own; inside `+` or `%` the operator's statement covers it.
      if (!node.namedChildren.some((child) => child?.type === 'interpolation')) return undefined;
      if (node.parent?.type === 'binary_operator' || node.parent?.type === 'concatenated_string') return undefined;
      return { text: templateText(node), literal: node, dynamic: !interpolationsAreLiteral(node) };
    }
  }
  return undefined;
}

/** Whether a `+` node is itself an operand of an enclosing `+` (then the outer one reads the chain). */
function isPlusOperand(node: Node): boolean {
  let parent = node.parent;
  while (parent?.type === 'parenthesized_expression') parent = parent.parent;
  return parent?.type === 'binary_operator' && parent.childForFieldName('operator')?.text === '+';
}

function plusOperands(node: Node): Node[] {
  let inner = node;
  while (inner.type === 'parenthesized_expression' && inner.namedChildCount === 1) inner = inner.namedChildren[0]!;
  if (inner.type === 'binary_operator' && inner.childForFieldName('operator')?.text === '+') {
    return [...plusOperands(inner.childForFieldName('left')!), ...plusOperands(inner.childForFieldName('right')!)];
  }
  return [inner];
}

function isStringNode(node: Node): boolean {
  return (node.type === 'string' || node.type === 'concatenated_string') && !isBytes(node);
}

/** A literal string's text (implicit concatenation included), or undefined. */
function literalText(node: Node): string | undefined {
  return isStringNode(node) ? stringValue(node) : undefined;
}

/** A string's text with each interpolation replaced by a hole. */
function templateText(node: Node): string {
  if (node.type === 'concatenated_string') return node.namedChildren.map((part) => (part ? templateText(part) : '')).join('');
  let text = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'interpolation') text += SQL_HOLE;
    else if (child.type === 'string_content' || child.type === 'escape_sequence') text += child.text;
  }
  return text;
}

function interpolationsAreLiteral(node: Node): boolean {
  return node.namedChildren.every((child) => child?.type !== 'interpolation' || isLiteralValue(child.childForFieldName('expression') ?? child.namedChildren[0]));
}

/** Whether the construction is passed straight to `execute`/`executemany`. */
function isExecuted(node: Node): boolean {
  let outer = node;
  while (outer.parent?.type === 'parenthesized_expression') outer = outer.parent;
  const call = outer.parent?.type === 'argument_list' ? outer.parent.parent : undefined;
  const callee = call?.type === 'call' ? call.childForFieldName('function') : undefined;
  const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
  return !!name && EXECUTE.has(name);
}
