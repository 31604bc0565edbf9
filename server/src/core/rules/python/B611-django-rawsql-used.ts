import { isBytes } from '../../python/process';

import { argument, cachedCallName, stringValue } from '../../python/syntax';
import { defineRule } from '../../rule';

export const djangoRawsqlUsed = defineRule<undefined>({
  meta: {
    id: 'B611',
    name: 'django_rawsql_used',
    title: 'Django RawSQL with computed SQL',
    severity: 'medium',
    confidence: 'medium',
    cwe: 89,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['RawSQL'],
  check(call, ctx) {
    const callee = cachedCallName(call, ctx.facts);
    if (!callee?.imported || !callee.name.startsWith('django.') || !callee.name.endsWith('.RawSQL')) return undefined;
    // `RawSQL(*parts)`: the SQL is whatever the sequence holds.
    const sql = argument(call, 0, 'sql') ?? call.childForFieldName('arguments')?.namedChildren.find((arg) => arg?.type === 'list_splat') ?? undefined;
    if (!sql || ((sql.type === 'string' || sql.type === 'concatenated_string') && !isBytes(sql) && stringValue(sql) !== undefined)) return undefined;
    return { node: sql, message: 'RawSQL with computed SQL: input in it can change the query. Keep the SQL a literal and pass values in params.' };
  },
  docs: `
## What it does
Reports Django \`RawSQL(sql, params)\` expressions whose SQL is not a string literal.

## Why is this bad?
\`RawSQL\` puts its SQL into the query as it is. Input formatted into it can change the query
(CWE-89); values belong in \`params\`, which the database driver passes apart from the SQL.

## Example
\`\`\`python
from django.db.models.expressions import RawSQL
qs.annotate(val=RawSQL(f"SELECT col FROM t WHERE id = {pk}", []))
\`\`\`

## Use instead
\`\`\`python
from django.db.models.expressions import RawSQL
qs.annotate(val=RawSQL("SELECT col FROM t WHERE id = %s", (pk,)))
\`\`\`

## Beyond Bandit
The callee resolves through imports (\`from django.db import models\` → \`models.RawSQL\`), so a
class of another library named \`RawSQL\` is not reported; implicitly concatenated literals count
as literals.

## Fix safety
No automatic fix: moving values into \`params\` changes the SQL text, which a person should check.

## References
- [Django: RawSQL](https://docs.djangoproject.com/en/stable/ref/models/expressions/#raw-sql-expressions)
- [CWE-89: SQL Injection](https://cwe.mitre.org/data/definitions/89.html)
`,
});
