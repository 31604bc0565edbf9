import { callName, calleeOf } from '../../javascript/syntax';
import { defineRule } from '../../rule';
import { twinMeta } from '../python/index';

/** Deserialisers that rebuild functions by evaluating text: input in them runs as code. */
const EVALUATING = new Map<string, string>([
  ['node-serialize.unserialize', 'node-serialize'],
  ['funcster.deepDeserialize', 'funcster'],
  ['serialize-to-js.deserialize', 'serialize-to-js'],
]);

export const jsUnsafeDeserialization = defineRule<undefined>({
  meta: twinMeta('B301', 'Deserialization that can run code (node-serialize and similar)'),
  family: 'javascript',
  nodeTypes: ['call_expression'],
  triggers: ['unserialize', 'deepDeserialize', 'deserialize'],
  check(call, ctx) {
    const written = calleeOf(call);
    const last = written?.type === 'member_expression' ? written.childForFieldName('property')?.text : written?.type === 'identifier' ? ctx.facts.aliases.get(written.text)?.split('.').at(-1) : undefined;
    if (!last || !/^(?:unserialize|deepDeserialize|deserialize)$/.test(last)) return undefined; // cheap first
    const callee = callName(call, ctx.facts);
    const library = callee?.imported ? EVALUATING.get(callee.name) : undefined;
    if (!library) return undefined;
    return {
      node: calleeOf(call)!,
      message: `${callee!.name}: ${library} rebuilds functions with eval, so serialized data can run code when deserialized (an immediately invoked function runs at once). Use JSON.parse for data.`,
    };
  },
  docs: `
## What it does
Reports calls to deserialisers that evaluate their input: \`node-serialize\`'s \`unserialize\`,
\`funcster\`'s \`deepDeserialize\` and \`serialize-to-js\`'s \`deserialize\`, through imports,
\`require\` and destructuring.

## Why is this bad?
These libraries serialise functions as source text and bring them back with \`eval\`. A
serialised value such as \`{"x": "_$$ND_FUNC$$_function(){ … }()"}\` runs its code the moment it is
deserialised — the same remote code execution as Python's \`pickle\` (CWE-502; CVE-2017-5941 for
node-serialize, which has no fixed version).

## Example
\`\`\`ts
import serialize from 'node-serialize';
const profile = serialize.unserialize(Buffer.from(req.cookies.profile, 'base64').toString());
\`\`\`

## Use instead
\`\`\`ts
const profile = JSON.parse(Buffer.from(req.cookies.profile, 'base64').toString());
\`\`\`

## Beyond Bandit
Bandit's B301 covers \`pickle\` and its wrappers in Python; this is the same concern for the
Node libraries that deserialise code. Every call is reported, as Bandit reports every
\`pickle.loads\`: whether the data can be trusted is not visible from the call. Data-only
formats (\`JSON.parse\`, \`v8.deserialize\`, \`serialize-javascript\`'s output read with
\`JSON.parse\`) are not reported. YAML is B506.

## Fix safety
No automatic fix: JSON does not carry functions, so the data format changes with the call.

## References
- [CVE-2017-5941: node-serialize remote code execution](https://nvd.nist.gov/vuln/detail/CVE-2017-5941)
- [OWASP: Deserialization Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Deserialization_Cheat_Sheet.html)
- [CWE-502: Deserialization of Untrusted Data](https://cwe.mitre.org/data/definitions/502.html)
`,
});
