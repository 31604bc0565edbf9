import type { Node } from '../../parser';
import { cachedCallName, expressionName, hasKeywordSplat, keywordArgument, positionalArguments, removeArgument, replaceCallee } from '../../python/syntax';
import { defineRule } from '../../rule';

/** Loaders that build only plain data (`BaseLoader` keeps every scalar a string). */
const SAFE_LOADERS = new Set(['SafeLoader', 'CSafeLoader', 'BaseLoader', 'CBaseLoader']);
/** PyYAML's own loaders that construct Python objects. */
const UNSAFE_LOADERS = new Set(['Loader', 'CLoader', 'FullLoader', 'CFullLoader', 'UnsafeLoader', 'CUnsafeLoader']);

interface State {
  /** `none`: no Loader given; `standard`: one of PyYAML's unsafe loaders; `custom`: anything else. */
  loader: 'none' | 'standard' | 'custom';
}

export const yamlLoad = defineRule<State>({
  meta: {
    id: 'B506',
    name: 'yaml_load',
    title: 'Unsafe YAML load',
    severity: 'medium',
    confidence: 'high',
    cwe: 20,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['yaml'],
  check(call, ctx) {
    const callee = cachedCallName(call, ctx.facts);
    if (!callee?.imported || (callee.name !== 'yaml.load' && callee.name !== 'yaml.load_all')) return undefined;
    const loader = loaderArgument(call);
    let kind: State['loader'] = 'none';
    if (loader) {
      const name = expressionName(loader, ctx.facts);
      const last = name?.name.split('.').at(-1);
      if (last && SAFE_LOADERS.has(last) && (!name!.imported || name!.name.startsWith('yaml.'))) return undefined;
      kind = name?.imported && name.name.startsWith('yaml.') && UNSAFE_LOADERS.has(last!) ? 'standard' : 'custom';
    } else if (hasKeywordSplat(call)) {
      kind = 'custom'; // `**options` may carry a Loader we cannot see
    }
    return {
      node: call.childForFieldName('function')!,
      message: `Use of unsafe ${callee.name}: it can instantiate arbitrary Python objects. Consider yaml.safe_load${callee.name.endsWith('_all') ? '_all' : ''}().`,
      state: { loader: kind },
    };
  },
  fix(report, ctx) {
    const { loader } = report.state!;
    if (loader === 'custom') return [];
    const call = report.node.parent!;
    const all = cachedCallName(call, ctx.facts)!.name.endsWith('_all');
    const edits = replaceCallee(call, 'yaml', all ? 'safe_load_all' : 'safe_load', ctx.root, ctx.text, ctx.facts);
    const title = `Use yaml.${all ? 'safe_load_all' : 'safe_load'}`;
    if (loader === 'none') return [{ title, applicability: 'safe', edits }];
    edits.push(removeArgument(loaderNode(call)!, ctx.text));
    return [
      {
        title,
        applicability: 'unsafe',
        caveat: 'Documents using Python-specific tags (!!python/object, !!python/tuple, …) now fail to load instead of building those objects.',
        edits,
      },
    ];
  },
  docs: `
## What it does
Reports \`yaml.load(…)\` and \`yaml.load_all(…)\` (PyYAML) unless the loader is
\`SafeLoader\`, \`CSafeLoader\`, \`BaseLoader\` or \`CBaseLoader\`.

## Why is this bad?
PyYAML's full and unsafe loaders build arbitrary Python objects from tags such as
\`!!python/object/apply:os.system\`. Loading a document an attacker controls runs their code
(CWE-20, CWE-502).

## Example
\`\`\`python
import yaml
config = yaml.load(stream, Loader=yaml.Loader)
\`\`\`

## Use instead
\`\`\`python
import yaml
config = yaml.safe_load(stream)
\`\`\`

## Beyond Bandit
Vigil also reports \`yaml.load_all\`, accepts \`BaseLoader\`/\`CBaseLoader\` (which build only
strings, lists and dicts), resolves aliases (\`from yaml import load, SafeLoader\`) and
reports on the callee. \`yaml.unsafe_load\` is an explicit opt-in and is not reported.

## Fix safety
"Use yaml.safe_load" replaces the call (\`yaml.load\` → \`yaml.safe_load\`, \`load_all\` →
\`safe_load_all\`):
- **safe** when no \`Loader\` is passed: PyYAML 5.1+ then loads with \`FullLoader\` (and 6.0
  requires a Loader), and plain data loads the same with \`SafeLoader\`;
- **unsafe** when one of PyYAML's object-building loaders (\`Loader\`, \`FullLoader\`,
  \`UnsafeLoader\`, their C variants) is passed: the \`Loader\` argument is removed, and
  documents using Python tags fail to load;
- not offered for a custom loader, whose extra constructors \`safe_load\` would drop.

## References
- [PyYAML: loading YAML](https://pyyaml.org/wiki/PyYAMLDocumentation#loading-yaml)
- [PyYAML yaml.load(input) deprecation](https://github.com/yaml/pyyaml/wiki/PyYAML-yaml.load(input)-Deprecation)
- [CWE-20: Improper Input Validation](https://cwe.mitre.org/data/definitions/20.html)
`,
});

function loaderArgument(call: Node): Node | undefined {
  return keywordArgument(call, 'Loader')?.childForFieldName('value') ?? positionalArguments(call)[1];
}

/** The whole argument node carrying the loader (`Loader=…` keyword or the positional value). */
function loaderNode(call: Node): Node | undefined {
  return keywordArgument(call, 'Loader') ?? positionalArguments(call)[1];
}
