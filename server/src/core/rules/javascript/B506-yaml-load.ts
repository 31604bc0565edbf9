import type { FileFacts } from '../../facts';
import { callArguments, callName, calleeOf, ensureImports, objectLiteral, propertyValue, qualifiedName, replaceNode, unwrap } from '../../javascript/syntax';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';
import { twinMeta } from '../python/index';

const LOADS = new Set(['js-yaml.load', 'js-yaml.loadAll', 'js-yaml.safeLoad', 'js-yaml.safeLoadAll']);
/** The js-yaml 3 schema with `!!js/function`, `!!js/regexp` and `!!js/undefined`. */
const FULL_SCHEMA = 'js-yaml.DEFAULT_FULL_SCHEMA';
/** js-yaml 4 moved the JavaScript types to this package. */
const JS_TYPES = 'js-yaml-js-types';

interface State {
  /** The `DEFAULT_FULL_SCHEMA` reference to replace with `DEFAULT_SAFE_SCHEMA`, when that is the whole schema. */
  schema: Node | undefined;
}

export const jsYamlLoad = defineRule<State>({
  meta: twinMeta('B506'),
  family: 'javascript',
  nodeTypes: ['call_expression'],
  triggers: ['FULL_SCHEMA', 'js-yaml-js-types'],
  check(call, ctx) {
    const args = callArguments(call);
    if (args.length < 2) return undefined; // cheap first: the schema is in an options argument
    const callee = callName(call, ctx.facts);
    if (!callee?.imported || !LOADS.has(callee.name)) return undefined;
    // `loadAll(text, iterator, options)` takes its options third.
    const options = objectLiteral(args[1]) ?? (callee.name.endsWith('All') ? objectLiteral(args[2]) : undefined);
    const schema = options && propertyValue(options, 'schema');
    if (!schema || !isUnsafeSchema(schema, ctx.facts)) return undefined;
    const whole = unwrap(schema);
    return {
      node: schema,
      message: `${callee.name} with a schema of JavaScript types: a document can define functions (!!js/function), which run when the loaded value is used. Use the default (safe) schema.`,
      state: { schema: qualifiedName(whole, ctx.facts)?.name === FULL_SCHEMA ? whole : undefined },
    };
  },
  fix(report, ctx) {
    const schema = report.state?.schema;
    if (!schema) return [];
    const plan = ensureImports(ctx.root, ctx.text, ctx.facts, schema, [{ module: 'js-yaml', member: 'DEFAULT_SAFE_SCHEMA' }], ctx.options.path);
    return [
      {
        title: 'Use DEFAULT_SAFE_SCHEMA',
        applicability: 'unsafe',
        edits: [replaceNode(schema, plan.references[0]!), ...plan.edits],
        caveat: 'Documents using !!js/function, !!js/regexp or !!js/undefined now fail to load instead of building those values.',
      },
    ];
  },
  docs: `
## What it does
Reports js-yaml loads (\`load\`, \`loadAll\`, \`safeLoad\`, \`safeLoadAll\`) given a schema with
JavaScript types: js-yaml 3's \`DEFAULT_FULL_SCHEMA\`, or a schema extended with the types of
\`js-yaml-js-types\` (how js-yaml 4 brings them back).

## Why is this bad?
With those types a YAML document can contain \`!!js/function "function () { … }"\`: js-yaml builds
the function with \`new Function\`, and it runs as soon as the program calls it — through a
\`toString\` or \`valueOf\` the program calls implicitly, for instance. Loading untrusted YAML that
way is code execution (CWE-20, CWE-94).

## Example
\`\`\`ts
import yaml from 'js-yaml';
const config = yaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA });
\`\`\`

## Use instead
\`\`\`ts
import yaml from 'js-yaml';
const config = yaml.load(text, { schema: yaml.DEFAULT_SAFE_SCHEMA });
\`\`\`
(in js-yaml 4, plain \`yaml.load(text)\`).

## Beyond Bandit
Bandit's B506 is PyYAML's \`yaml.load\`; this is the js-yaml counterpart. **The version matters:**
in js-yaml 3, \`yaml.load(text)\` without a schema also uses \`DEFAULT_FULL_SCHEMA\` and is unsafe
(only \`safeLoad\` is safe); in js-yaml 4 (2021 on) \`load\` is safe by default, \`safeLoad\` is gone
and \`DEFAULT_FULL_SCHEMA\` no longer exists. Vigil does not know which version a project
installs, so it does not report \`yaml.load(text)\` without a schema — upgrade to js-yaml 4 if
you are on 3. The schema must be written in the call (a schema built in another statement is
not followed). The \`yaml\` package (eemeli/yaml) has no code-executing types and is not reported.

## Fix safety
When the schema is \`DEFAULT_FULL_SCHEMA\` itself, the fix replaces it with \`DEFAULT_SAFE_SCHEMA\`
(importing it if the file imports js-yaml's members by name). It is unsafe: documents that use
\`!!js/function\`, \`!!js/regexp\` or \`!!js/undefined\` now fail to load. Extended schemas have no
fix: which types to keep is the project's decision.

## References
- [js-yaml: load options and schemas](https://github.com/nodeca/js-yaml#load-string---options-)
- [js-yaml 4 migration guide](https://github.com/nodeca/js-yaml/blob/master/migrate_v3_to_v4.md)
- [CWE-20: Improper Input Validation](https://cwe.mitre.org/data/definitions/20.html)
`,
});

/** `DEFAULT_FULL_SCHEMA`, or any schema expression that mentions it or the js-yaml-js-types package. */
function isUnsafeSchema(schema: Node, facts: FileFacts): boolean {
  const inner = unwrap(schema);
  if (inner.type === 'identifier' || inner.type === 'member_expression') {
    const name = qualifiedName(inner, facts);
    if (name?.imported && (name.name === FULL_SCHEMA || name.name === JS_TYPES || name.name.startsWith(`${JS_TYPES}.`))) return true;
  }
  if (inner.type === 'call_expression' && /^(?:require)$/.test(calleeOf(inner)?.text ?? '')) {
    return qualifiedName(inner, facts)?.name === JS_TYPES;
  }
  return inner.namedChildren.some((child) => !!child && child.type !== 'comment' && isUnsafeSchema(child, facts));
}
