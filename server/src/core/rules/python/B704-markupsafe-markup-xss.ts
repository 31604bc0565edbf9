import { argument, cachedCallName, callName } from '../../python/syntax';
import { isLiteralValue } from '../../python/values';
import { defineRule } from '../../rule';

const MARKUP = new Set(['markupsafe.Markup', 'flask.Markup', 'jinja2.Markup', 'jinja2.utils.Markup']);

/** Calls whose result is escaped, so wrapping it in Markup is what they are for. */
const ESCAPED = new Set(['markupsafe.escape', 'markupsafe.escape_silent', 'flask.escape', 'jinja2.escape', 'html.escape', 'bleach.clean', 'nh3.clean']);

export const markupsafeMarkupXss = defineRule<undefined>({
  meta: {
    id: 'B704',
    name: 'markupsafe_markup_xss',
    title: 'Markup() on computed content',
    severity: 'medium',
    confidence: 'high',
    cwe: 79,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['Markup'],
  check(call, ctx) {
    const callee = cachedCallName(call, ctx.facts);
    if (!callee?.imported || !MARKUP.has(callee.name)) return undefined;
    const content = argument(call, 0, 'base');
    if (!content || isLiteralValue(content)) return undefined;
    if (content.type === 'call') {
      const inner = callName(content, ctx.facts);
      if (inner?.imported && ESCAPED.has(inner.name)) return undefined;
    }
    return { node: content, message: `${callee.name} does not escape its argument: if any of it comes from a user it is rendered as HTML (XSS). Use Markup("…{}…").format(value) or escape(value).` };
  },
  docs: `
## What it does
Reports \`markupsafe.Markup(…)\` (also \`flask.Markup\` and Jinja2's old \`Markup\`) applied to
content that is not a literal: variables, f-strings, concatenations, \`.format()\` results.

## Why is this bad?
\`Markup\` declares its argument to be safe HTML and skips escaping. Anything from a user in it
is rendered as HTML, scripts included: cross-site scripting (CWE-79). Formatting *into* a
\`Markup\` (\`Markup("<b>{}</b>").format(name)\`) escapes the values; formatting before wrapping
does not.

## Example
\`\`\`python
from markupsafe import Markup
Markup(f"<b>{name}</b>")
\`\`\`

## Use instead
\`\`\`python
from markupsafe import Markup
Markup("<b>{}</b>").format(name)
\`\`\`

## Beyond Bandit
Content produced by an escaping function (\`escape()\`, \`bleach.clean()\`, \`nh3.clean()\`,
\`html.escape()\`) and f-strings whose placeholders are literals are not reported. Bandit also
follows subclasses of \`Markup\` defined in the same file; Vigil does not (a finding must depend
only on its own statement and the imports).

## Fix safety
No automatic fix: moving the values into \`.format()\` needs the markup and the values separated,
which only a person can do.

## References
- [MarkupSafe: Markup](https://markupsafe.palletsprojects.com/en/stable/escaping/#markupsafe.Markup)
- [CWE-79: Cross-site Scripting](https://cwe.mitre.org/data/definitions/79.html)
`,
});
