import type { FileFacts } from '../../facts';
import type { Node } from '../../parser';
import { referenceTo } from '../../python/references';
import { addKeywordArgument, cachedCallName, callName, hasKeywordSplat, keywordArgument, replaceNode } from '../../python/syntax';
import { defineRule } from '../../rule';
import type { Fix } from '../../types';

/** Jinja2 environments, whose `autoescape` defaults to False. */
const ENVIRONMENTS = new Set([
  'jinja2.Environment',
  'jinja2.environment.Environment',
  'jinja2.sandbox.SandboxedEnvironment',
  'jinja2.sandbox.ImmutableSandboxedEnvironment',
]);

interface State {
  call: Node;
  kind: 'missing' | 'false' | 'computed';
}

export const jinja2AutoescapeFalse = defineRule<State>({
  meta: {
    id: 'B701',
    name: 'jinja2_autoescape_false',
    title: 'Jinja2 environment without autoescaping',
    severity: 'high',
    confidence: 'high',
    cwe: 94,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['jinja2'],
  check(call, ctx) {
    const callee = cachedCallName(call, ctx.facts);
    if (!callee?.imported || !ENVIRONMENTS.has(callee.name)) return undefined;
    const keyword = keywordArgument(call, 'autoescape');
    const value = keyword?.childForFieldName('value');
    if (!keyword || !value) {
      if (hasKeywordSplat(call)) return undefined;
      return { node: call.childForFieldName('function')!, message: `${callee.name} escapes nothing by default: variables holding HTML are rendered as HTML (XSS). Pass autoescape=select_autoescape().`, state: { call, kind: 'missing' } };
    }
    if (value.type === 'true' || isSelectAutoescape(value, ctx.facts)) return undefined;
    if (value.type === 'false' || value.type === 'none') {
      return { node: keyword, message: `${callee.name} with autoescape=${value.text}: variables holding HTML are rendered as HTML (XSS). Use autoescape=select_autoescape() or True.`, state: { call, kind: 'false' } };
    }
    return { node: keyword, message: `${callee.name} with a computed autoescape: make sure it is true for HTML templates (autoescape=select_autoescape()).`, confidence: 'medium', state: { call, kind: 'computed' } };
  },
  fix(report, ctx) {
    const { call, kind } = report.state!;
    if (kind === 'computed') return [];
    const select = referenceTo('jinja2.select_autoescape', ctx.root, ctx.text, ctx.facts);
    const caveat = 'Variables are escaped from now on: output that relied on raw HTML in variables needs the |safe filter or markupsafe.Markup, and non-HTML templates rendered from strings are escaped too.';
    const edit = (value: string) => (kind === 'missing' ? addKeywordArgument(call, `autoescape=${value}`, ctx.text) : replaceNode(report.node.childForFieldName('value')!, value));
    const fixes: Fix[] = [
      { title: `Escape HTML and XML templates: autoescape=${select.expression}()`, applicability: 'unsafe', caveat, edits: [...select.edits, edit(`${select.expression}()`)] },
      { title: 'Escape every template: autoescape=True', applicability: 'unsafe', caveat, edits: [edit('True')] },
    ];
    return fixes;
  },
  docs: `
## What it does
Reports Jinja2 environments (\`Environment\`, \`SandboxedEnvironment\`) created without
\`autoescape\`, with \`autoescape=False\`, or with a computed value (medium confidence).

## Why is this bad?
Jinja2 does not escape variables unless told to. A variable holding \`<script>…\` from a user is
rendered as a script in every page that shows it: cross-site scripting. Bandit files this under
CWE-94 (the injected script is code).

## Example
\`\`\`python
from jinja2 import Environment, FileSystemLoader
env = Environment(loader=FileSystemLoader("templates"))
\`\`\`

## Use instead
\`\`\`python
from jinja2 import Environment, FileSystemLoader, select_autoescape
env = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())
\`\`\`

## Beyond Bandit
Aliases resolve (\`import jinja2 as j\`, \`from jinja2.sandbox import SandboxedEnvironment\`), a
call passing \`**options\` (which may carry \`autoescape\`) is not reported, and
\`select_autoescape\` counts only when it is Jinja2's. The finding is on the \`autoescape\`
argument when there is one.

## Fix safety
Both fixes are unsafe: variables are escaped from then on, so output that relied on raw HTML in
variables needs \`|safe\` or \`Markup\`. The preferred fix, \`autoescape=select_autoescape()\`,
escapes templates whose names end in \`.html\`, \`.htm\` or \`.xml\` and templates rendered from
strings (\`default_for_string=True\`), and leaves other file templates (plain text, YAML,
prompts) as they are; it adds \`import jinja2\` when \`select_autoescape\` is not imported yet.
The alternative \`autoescape=True\` escapes every template.

## References
- [Jinja: Autoescaping](https://jinja.palletsprojects.com/en/stable/api/#autoescaping)
- [OWASP: Cross Site Scripting Prevention](https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html)
- [CWE-79: Cross-site Scripting](https://cwe.mitre.org/data/definitions/79.html)
`,
});

function isSelectAutoescape(value: Node, facts: FileFacts): boolean {
  if (value.type !== 'call') return false;
  const name = callName(value, facts);
  return !!name && (name.imported ? name.name === 'jinja2.select_autoescape' || name.name === 'jinja2.utils.select_autoescape' : name.name.endsWith('select_autoescape'));
}
