import { cachedCallName, keywordValue, stringValue } from '../../python/syntax';
import { defineRule } from '../../rule';

/** Mako filters that HTML-escape every expression when given as `default_filters`. */
const ESCAPING = new Set(['h', 'x', 'html_escape', 'xml_escape', 'filters.html_escape', 'filters.xml_escape']);

export const useOfMakoTemplates = defineRule<undefined>({
  meta: {
    id: 'B702',
    name: 'use_of_mako_templates',
    title: 'Mako template without default escaping',
    severity: 'medium',
    confidence: 'high',
    cwe: 80,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['mako'],
  check(call, ctx) {
    const callee = cachedCallName(call, ctx.facts);
    if (!callee?.imported || !/^mako(?:\.template|\.lookup)?\.(?:Template|TemplateLookup)$/.test(callee.name)) return undefined;
    const filters = keywordValue(call, 'default_filters');
    if (filters && (filters.type === 'list' || filters.type === 'tuple') && filters.namedChildren.some((item) => !!item && ESCAPING.has(stringValue(item) ?? ''))) return undefined;
    return {
      node: call.childForFieldName('function')!,
      message: `${callee.name} renders expressions unescaped: a variable holding HTML is rendered as HTML (XSS). Pass default_filters=["h"], or escape each one with \${ value | h }.`,
    };
  },
  docs: `
## What it does
Reports Mako \`Template\` and \`TemplateLookup\` objects created without an escaping filter in
\`default_filters\`.

## Why is this bad?
Mako writes \`\${expression}\` into the output as it is. A value holding \`<script>…\` from a user
becomes a script in the page: cross-site scripting (CWE-80). Unlike Jinja2, Mako has no
autoescape switch; escaping comes from filters.

## Example
\`\`\`python
from mako.template import Template
Template("<p>Hello \${name}</p>").render(name=name)
\`\`\`

## Use instead
\`\`\`python
from mako.template import Template
Template("<p>Hello \${name}</p>", default_filters=["h"]).render(name=name)
\`\`\`

## Beyond Bandit
A template (or lookup) given \`default_filters\` with \`h\`, \`x\`, \`html_escape\` or \`xml_escape\`
escapes every expression and is not reported. \`TemplateLookup\` is checked too, and aliases
resolve.

## Fix safety
No automatic fix: escaping every expression changes output that deliberately contains HTML
(those expressions then need \`| n\`).

## References
- [Mako: Expression Escaping](https://docs.makotemplates.org/en/latest/filtering.html)
- [CWE-80: Basic XSS](https://cwe.mitre.org/data/definitions/80.html)
`,
});
