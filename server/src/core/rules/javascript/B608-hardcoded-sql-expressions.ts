import type { FileFacts } from '../../facts';
import { callArguments, calleeOf, qualifiedName, unwrap } from '../../javascript/syntax';
import { isLiteralValue, isTaggedTemplate, substitutions, taintedPart } from '../../javascript/values';
import type { Node } from '../../parser';
import type { Report } from '../../rule';
import { defineRule } from '../../rule';
import { twinMeta } from '../python/index';
import { looksLikeSql, SQL_HOLE, SQL_WORD } from '../../sql';

/** Methods that run their first argument as SQL: pg/mysql/mysql2 `query`/`execute`, knex `raw`/`whereRaw`…, Sequelize `query`, Prisma's `…Unsafe`, SQLite's `run`/`all`/`exec`/`prepare`. */
const EXECUTE = new Set([
  'query', 'execute', 'raw', 'whereRaw', 'orWhereRaw', 'havingRaw', 'orderByRaw', 'groupByRaw', 'joinRaw', 'fromRaw', 'selectRaw',
  '$queryRawUnsafe', '$executeRawUnsafe', 'unsafe', 'exec', 'run', 'all', 'prepare', 'each',
]);
/** Functions whose result is safe to splice into SQL: escaping, numbers. */
const ESCAPING = /^(?:escape|escapeId|escapeIdentifier|escapeLiteral|quoteIdentifier|quote|ident|literal|format)$/;
const NUMERIC = new Set(['Number', 'parseInt', 'parseFloat', 'Math.floor', 'Math.ceil', 'Math.round', 'Math.trunc', 'Math.min', 'Math.max']);

interface Statement {
  text: string;
  /** The first string literal of the construction: what gets underlined. */
  literal: Node;
  /** The computed pieces. */
  holes: Node[];
}

export const jsHardcodedSqlExpressions = defineRule<undefined>({
  meta: twinMeta('B608'),
  family: 'javascript',
  nodeTypes: ['binary_expression', 'template_string'],
  triggers: ['select', 'SELECT', 'Select', 'delete', 'DELETE', 'Delete', 'insert', 'INSERT', 'Insert', 'update', 'UPDATE', 'Update', 'with', 'WITH', 'With'],
  check(node, ctx) {
    // Cheap first: only the outermost `+` of a chain, or an untagged template with substitutions.
    if (node.type === 'binary_expression' ? node.childForFieldName('operator')?.text !== '+' || isPlusOperand(node) : isTaggedTemplate(node) || isPlusOperand(node) || !node.namedChildren.some((child) => child?.type === 'template_substitution')) return undefined;
    if (!SQL_WORD.test(node.text)) return undefined;
    const statement = statementOf(node);
    if (!statement || !looksLikeSql(statement.text)) return undefined;
    const unsafe = statement.holes.filter((hole) => !isSafePiece(hole, ctx.facts));
    if (unsafe.length === 0) return undefined;
    const executed = isExecuted(node);
    const tainted = unsafe.map((hole) => taintedPart(hole, ctx.facts)).find((part) => part?.origin === 'request');
    const report: Report<undefined> = {
      node: statement.literal,
      message: `SQL built from strings${executed ? ` and run by ${executed}()` : ''}${tainted ? `, with ${tainted.node.text} from the HTTP request in it` : ''}: input in it can change the query. Pass the values as query parameters instead.`,
    };
    if (executed) report.confidence = tainted ? 'high' : 'medium';
    return report;
  },
  docs: `
## What it does
Reports SQL statements (\`SELECT … FROM\`, \`DELETE FROM\`, \`INSERT INTO … VALUES\`, \`UPDATE … SET\`,
\`WITH … AS (\`) built at run time with \`+\` or a template string's \`\${…}\`. Confidence is medium
when the statement is passed straight to a method that runs SQL — \`query\` and \`execute\` of
\`pg\`, \`mysql\` and \`mysql2\`, knex's \`raw\`/\`whereRaw\`/\`orderByRaw\`…, Sequelize's \`query\`,
Prisma's \`$queryRawUnsafe\`/\`$executeRawUnsafe\`, SQLite's \`run\`/\`all\`/\`exec\`/\`prepare\` — and high
when request data (\`req.query\`, \`req.params\`, \`req.body\`…) is spliced in; low otherwise.

## Why is this bad?
Input spliced into SQL can close the quoted value and add SQL of its own:
\`name = "x' OR '1'='1"\` reads every row, \`"x'; DROP TABLE users; --"\` worse (CWE-89). Query
parameters are sent apart from the SQL and are never parsed as SQL.

## Example
\`\`\`ts
await pool.query(\`SELECT * FROM users WHERE name = '\${name}'\`);
await knex.raw('DELETE FROM sessions WHERE user_id = ' + userId);
\`\`\`

## Use instead
\`\`\`ts
await pool.query('SELECT * FROM users WHERE name = $1', [name]);
await knex.raw('DELETE FROM sessions WHERE user_id = ?', [userId]);
\`\`\`

## Beyond Bandit
The TS/JS twin of the Python rule, with the same SQL test: the SQL must start the string (a
message such as \`\`Could not select a row from \${table}.\`\` is not SQL). Not reported: tagged
templates (\`\` sql\`SELECT … \${id}\` \`\` of slonik, postgres.js, Prisma's \`$queryRaw\`, which send
values as parameters), pieces that are literals, numbers (\`Number(x)\`, \`parseInt(x)\`,
\`x.length\`), \`UPPER_CASE\` constants (table names), escaped (\`mysql.escape(x)\`, \`escapeId\`, \`client.escapeIdentifier\`, \`pg-format\`'s
\`format\`) or placeholder lists (\`ids.map(() => '?').join(', ')\`, or a variable named \`…placeholders\`). Query methods are recognised by
name, since connections and pools are usually created elsewhere (or injected); the SQL test keeps
that precise.

## Fix safety
No automatic fix: the placeholder style (\`$1\` for pg, \`?\` for mysql, knex and SQLite,
\`:name\` replacements for Sequelize) depends on the driver.

## References
- [node-postgres: Parameterized query](https://node-postgres.com/features/queries#parameterized-query)
- [knex: Raw parameter binding](https://knexjs.org/guide/raw.html#raw-parameter-binding)
- [OWASP: Query Parameterization Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Query_Parameterization_Cheat_Sheet.html)
- [CWE-89: SQL Injection](https://cwe.mitre.org/data/definitions/89.html)
`,
});

/** The statement a node builds, if it is a string-building construction this rule reads. */
function statementOf(node: Node): Statement | undefined {
  if (node.type === 'template_string') {
    if (isTaggedTemplate(node) || isPlusOperand(node)) return undefined;
    const holes = substitutions(node);
    return holes.length > 0 ? { text: templateText(node), literal: node, holes } : undefined;
  }
  if (node.childForFieldName('operator')?.text !== '+' || isPlusOperand(node)) return undefined;
  const operands = plusOperands(node);
  const literal = operands.find((operand) => operand.type === 'string' || (operand.type === 'template_string' && !isTaggedTemplate(operand)));
  if (!literal) return undefined;
  const holes: Node[] = [];
  let text = '';
  for (const operand of operands) {
    if (operand.type === 'string') text += templateText(operand);
    else if (operand.type === 'template_string' && !isTaggedTemplate(operand)) {
      text += templateText(operand);
      holes.push(...substitutions(operand));
    } else {
      text += SQL_HOLE;
      holes.push(operand);
    }
  }
  return { text, literal, holes };
}

/** Whether a node is an operand of an enclosing `+` (then the outer one reads the chain). */
function isPlusOperand(node: Node): boolean {
  let parent = node.parent;
  while (parent?.type === 'parenthesized_expression') parent = parent.parent;
  return parent?.type === 'binary_expression' && parent.childForFieldName('operator')?.text === '+';
}

function plusOperands(node: Node): Node[] {
  const inner = unwrap(node);
  if (inner.type === 'binary_expression' && inner.childForFieldName('operator')?.text === '+') {
    return [...plusOperands(inner.childForFieldName('left')!), ...plusOperands(inner.childForFieldName('right')!)];
  }
  return [inner];
}

/** A string's or template's text with each substitution replaced by a hole. */
function templateText(node: Node): string {
  let text = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'template_substitution') text += SQL_HOLE;
    else if (child.type === 'string_fragment' || child.type === 'escape_sequence') text += child.text;
  }
  return text;
}

/** Pieces that cannot change the query's structure: literals, numbers, escaped values, placeholder lists. */
function isSafePiece(node: Node, facts: FileFacts): boolean {
  const inner = unwrap(node);
  if (isLiteralValue(inner)) return true;
  if (inner.type === 'member_expression' && inner.childForFieldName('property')?.text === 'length') return true;
  // `UPPER_CASE` constants (table and column names) are fixed in the source.
  const last = inner.type === 'identifier' ? inner.text : inner.type === 'member_expression' ? inner.childForFieldName('property')?.text : undefined;
  if (last && /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/.test(last) && last.length > 1) return true;
  // A list of placeholders built in an earlier statement (`statusPlaceholders`).
  if (last && /placeholders?$/i.test(last)) return true;
  if (inner.type === 'binary_expression' && ['-', '*', '/', '%'].includes(inner.childForFieldName('operator')?.text ?? '')) return true;
  if (inner.type === 'ternary_expression') return isSafePiece(inner.childForFieldName('consequence')!, facts) && isSafePiece(inner.childForFieldName('alternative')!, facts);
  if (inner.type !== 'call_expression') return false;
  const callee = calleeOf(inner);
  if (!callee) return false;
  const name = qualifiedName(callee, facts);
  if (name && !name.imported && NUMERIC.has(name.name)) return true;
  const method = callee.type === 'member_expression' ? callee.childForFieldName('property')?.text : callee.text;
  if (method && ESCAPING.test(method)) return true;
  if (name?.imported && ESCAPING.test(name.name.split('.').at(-1)!)) return true;
  if (name?.imported && (name.name === 'pg-format' || name.name === 'sqlstring.escape' || name.name === 'sqlstring.escapeId')) return true;
  // `ids.map(() => '?').join(', ')`: a list of placeholders.
  if (method === 'join' && callee.type === 'member_expression') {
    const mapped = unwrap(callee.childForFieldName('object')!);
    const mapper = mapped.type === 'call_expression' ? callArguments(mapped)[0] : undefined;
    const body = mapper && ['arrow_function', 'function_expression'].includes(unwrap(mapper).type) ? unwrap(mapper).childForFieldName('body') : undefined;
    if (body && isLiteralValue(body)) return true;
    // `(_, i) => \`$${i + 1}\``: numbered placeholders.
    const parameter = mapper ? unwrap(mapper).childForFieldName('parameters')?.namedChildren[1] : undefined;
    const index = (parameter?.childForFieldName('pattern') ?? parameter)?.text;
    if (body?.type === 'template_string' && index && substitutions(body).every((piece) => new RegExp(`^\\(?\\s*${index.replace(/\W/g, '')}\\s*(?:[-+*]\\s*\\d+\\s*)?\\)?$`).test(piece.text))) return true;
  }
  return false;
}

/** The method the construction is passed to as its first argument, if it runs SQL. */
function isExecuted(node: Node): string | undefined {
  let outer = node;
  while (outer.parent && ['parenthesized_expression', 'as_expression', 'satisfies_expression'].includes(outer.parent.type)) outer = outer.parent;
  const args = outer.parent?.type === 'arguments' ? outer.parent : undefined;
  if (!args || args.namedChildren.find((child) => child?.type !== 'comment')?.id !== outer.id) return undefined;
  const callee = args.parent?.type === 'call_expression' ? calleeOf(args.parent) : undefined;
  const name = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : callee?.type === 'identifier' ? callee.text : undefined;
  return name && EXECUTE.has(name) ? name : undefined;
}
