import type { FileFacts } from '../../facts';
import { callArguments, callName, calleeOf, ensureImports, hasSpreadArgument, isFunction, objectLiteral, propertyValue, qualifiedName, replaceNode, unwrap } from '../../javascript/syntax';
import { versionAtLeast } from '../../versions';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';
import { twinMeta } from '../python/index';

const LOADS = new Set(['js-yaml.load', 'js-yaml.loadAll', 'js-yaml.safeLoad', 'js-yaml.safeLoadAll']);
/** The js-yaml 3 schema with `!!js/function`, `!!js/regexp` and `!!js/undefined`. */
const FULL_SCHEMA = 'js-yaml.DEFAULT_FULL_SCHEMA';
/** js-yaml 4 moved the JavaScript types to this package. */
const JS_TYPES = 'js-yaml-js-types';

/** js-yaml 3's loads whose default schema is the full one, and their safe counterparts. */
const SAFE_COUNTERPART: Readonly<Record<string, string>> = { 'js-yaml.load': 'safeLoad', 'js-yaml.loadAll': 'safeLoadAll' };
/** From this version on, `load()` is safe by default (and `safeLoad` is gone). */
const SAFE_BY_DEFAULT = '4';

interface State {
  /** The `DEFAULT_FULL_SCHEMA` reference to replace with `DEFAULT_SAFE_SCHEMA`, when that is the whole schema. */
  schema?: Node;
  /** js-yaml 3's `load`/`loadAll` without a schema: the callee, and the safe function to call. */
  callee?: Node;
  safe?: string;
}

export const jsYamlLoad = defineRule<State>({
  meta: twinMeta('B506'),
  family: 'javascript',
  nodeTypes: ['call_expression'],
  triggers: ['FULL_SCHEMA', 'js-yaml'],
  check(call, ctx) {
    const args = callArguments(call);
    const version = ctx.options.jsYamlVersion;
    const fullByDefault = version !== undefined && !versionAtLeast(version, SAFE_BY_DEFAULT);
    // Cheap first: without an old js-yaml, only a schema in an options argument is reported.
    if (args.length < 2 && !fullByDefault) return undefined;
    const callee = callName(call, ctx.facts);
    if (!callee?.imported || !LOADS.has(callee.name)) return undefined;
    // `loadAll(text, iterator, options)` takes its options third.
    const options = objectLiteral(args[1]) ?? (callee.name.endsWith('All') ? objectLiteral(args[2]) : undefined);
    const schema = options && propertyValue(options, 'schema');
    const safe = SAFE_COUNTERPART[callee.name];
    // Options passed as a variable (or spread) may name a safe schema: only what is written counts.
    const unreadableOptions = hasSpreadArgument(call) || args.slice(1).some((arg) => !objectLiteral(arg) && !isFunction(arg) && !['undefined', 'null'].includes(arg.text));
    if (!schema && fullByDefault && safe && !unreadableOptions) {
      return {
        node: calleeOf(call)!,
        message: `${callee.name} in js-yaml ${version}, which this project installs, parses with DEFAULT_FULL_SCHEMA unless given another schema: a document can define functions (!!js/function), which run when the loaded value is used. Call ${safe}, or upgrade to js-yaml 4, whose load is safe.`,
        state: { callee: calleeOf(call)!, safe },
      };
    }
    if (!schema || !isUnsafeSchema(schema, ctx.facts)) return undefined;
    const whole = unwrap(schema);
    return {
      node: schema,
      message: `${callee.name} with a schema of JavaScript types: a document can define functions (!!js/function), which run when the loaded value is used. Use the default (safe) schema.`,
      state: { schema: qualifiedName(whole, ctx.facts)?.name === FULL_SCHEMA ? whole : undefined },
    };
  },
  fix(report, ctx) {
    const { schema, callee, safe } = report.state ?? {};
    if (callee && safe) {
      // `yaml.load` → `yaml.safeLoad`; a function imported by name gets its safe sibling imported.
      const edits =
        callee.type === 'member_expression'
          ? [replaceNode(callee.childForFieldName('property')!, safe)]
          : (() => {
              const plan = ensureImports(ctx.root, ctx.text, ctx.facts, callee, [{ module: 'js-yaml', member: safe }], ctx.options.path);
              return [replaceNode(callee, plan.references[0]!), ...plan.edits];
            })();
      return [
        {
          title: `Call ${safe}`,
          applicability: 'unsafe',
          edits,
          caveat: 'Documents using !!js/function, !!js/regexp or !!js/undefined now fail to load instead of building those values. After an upgrade to js-yaml 4, safeLoad no longer exists: call load again.',
        },
      ];
    }
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
\`js-yaml-js-types\` (how js-yaml 4 brings them back). In a project that installs js-yaml 3
(its lock file, else the range in \`package.json\`), also \`load\` and \`loadAll\` without a
schema, which use the full schema there by default.

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
and \`DEFAULT_FULL_SCHEMA\` no longer exists. Vigil reads which version the project installs:
\`npm-shrinkwrap.json\` or \`package-lock.json\` (the copy at the top of \`node_modules\`), else the
lowest version \`package.json\`'s range admits (\`^3.13.1\` → 3.13.1), in the folder of the
configuration file or, without one, the folder scanned (the workspace folder in an editor).
\`yaml.load(text)\` without a schema is reported only when that version is below 4: with no
lock file and no declaration, or a range such as \`*\`, it is not. The schema must be written in the call (a schema built in another statement is
not followed). The \`yaml\` package (eemeli/yaml) has no code-executing types and is not reported.

## Fix safety
For js-yaml 3's \`load\`/\`loadAll\` without a schema, the fix calls \`safeLoad\`/\`safeLoadAll\`
(importing it next to the file's named import of \`load\`). It is unsafe for the same reason as
below, and \`safeLoad\` no longer exists in js-yaml 4: after an upgrade, call \`load\` again.
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
