import type { Node } from '../../parser';
import { isBytes } from '../../python/process';
import { keywordValue, positionalArguments, stringValue } from '../../python/syntax';
import { defineRule } from '../../rule';

/** `QuerySet.extra`'s parameters in order. */
const PARAMETERS = ['select', 'where', 'params', 'tables', 'order_by', 'select_params'];

export const djangoExtraUsed = defineRule<undefined>({
  meta: {
    id: 'B610',
    name: 'django_extra_used',
    title: 'Django QuerySet.extra with computed SQL',
    severity: 'medium',
    confidence: 'medium',
    cwe: 89,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['extra'],
  check(call, ctx) {
    if (!/\.\s*extra\s*\(/.test(call.text)) return undefined; // cheap first
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'extra') return undefined;
    const receiver = callee.childForFieldName('object')?.text ?? '';
    if (!ctx.facts.importsModule('django') && !/\bobjects\b/.test(receiver)) return undefined;
    const positional = positionalArguments(call);
    const arg = (name: string): Node | undefined => keywordValue(call, name) ?? positional[PARAMETERS.indexOf(name)];
    for (const name of ['where', 'tables']) {
      const value = arg(name);
      if (value && !isListOfLiterals(value)) return { node: value, message: `QuerySet.extra(${name}=…) with computed SQL: input in it can change the query. Use params=[…] for values, or annotate()/filter() with F() and Q().` };
    }
    const select = arg('select');
    if (select && !isDictOfLiterals(select)) return { node: select, message: 'QuerySet.extra(select=…) with computed SQL: input in it can change the query. Use annotate() with RawSQL and params, or F() expressions.' };
    return undefined;
  },
  docs: `
## What it does
Reports Django \`QuerySet.extra()\` calls whose \`where\` or \`tables\` is not a list of string
literals, or whose \`select\` is not a dict of string literals.

## Why is this bad?
\`extra()\` pastes its strings into the SQL Django sends. Input formatted into them can change the
query (CWE-89); Django's documentation asks to avoid \`extra()\` altogether.

## Example
\`\`\`python
User.objects.extra(where=[f"name = '{name}'"])
\`\`\`

## Use instead
\`\`\`python
User.objects.extra(where=["name = %s"], params=[name])
User.objects.filter(name=name)
\`\`\`

## Beyond Bandit
Bandit reports any method named \`extra\`; Vigil requires a file that imports Django or a receiver
that goes through \`objects\`, so \`parser.extra(…)\` in unrelated code is not reported. The finding
is on the offending argument.

## Fix safety
No automatic fix: moving values into \`params\` changes the SQL text, which a person should check.

## References
- [Django: QuerySet.extra](https://docs.djangoproject.com/en/stable/ref/models/querysets/#extra)
- [Django: SQL injection protection](https://docs.djangoproject.com/en/stable/topics/security/#sql-injection-protection)
- [CWE-89: SQL Injection](https://cwe.mitre.org/data/definitions/89.html)
`,
});

function isStringLiteral(node: Node | null | undefined): boolean {
  return !!node && (node.type === 'string' || node.type === 'concatenated_string') && !isBytes(node) && stringValue(node) !== undefined;
}

function isListOfLiterals(node: Node): boolean {
  if (node.type !== 'list' && node.type !== 'tuple') return false;
  return node.namedChildren.every((item) => !item || item.type === 'comment' || isStringLiteral(item));
}

function isDictOfLiterals(node: Node): boolean {
  if (node.type !== 'dictionary') return false;
  return node.namedChildren.every((pair) => !pair || pair.type === 'comment' || (pair.type === 'pair' && isStringLiteral(pair.childForFieldName('key')) && isStringLiteral(pair.childForFieldName('value'))));
}
