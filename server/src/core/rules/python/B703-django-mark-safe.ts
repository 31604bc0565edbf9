import type { Node } from '../../parser';

import { argument, cachedCallName, callName } from '../../python/syntax';
import { isLiteralValue } from '../../python/values';
import type { RuleContext } from '../../rule';
import { defineRule } from '../../rule';

const MARK_SAFE = /^django\.utils\.(?:safestring|html)\.(?:mark_safe|SafeText|SafeUnicode|SafeString|SafeBytes)$/;

/** Calls whose result is already escaped (or rendered by Django's autoescaping templates). */
const ESCAPED = new Set([
  'django.utils.html.escape',
  'django.utils.html.conditional_escape',
  'django.utils.html.format_html',
  'django.utils.html.format_html_join',
  'django.utils.html.json_script',
  'django.template.loader.render_to_string',
  'html.escape',
  'bleach.clean',
  'markupsafe.escape',
]);

export const djangoMarkSafe = defineRule<undefined>({
  meta: {
    id: 'B703',
    name: 'django_mark_safe',
    title: 'Django mark_safe on computed content',
    severity: 'medium',
    confidence: 'high',
    cwe: 80,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['mark_safe', 'SafeText', 'SafeUnicode', 'SafeString', 'SafeBytes'],
  check(call, ctx) {
    const callee = cachedCallName(call, ctx.facts);
    if (!callee?.imported || !MARK_SAFE.test(callee.name)) return undefined;
    const content = argument(call, 0, 's');
    if (!content || isSafeContent(content, ctx)) return undefined;
    return { node: content, message: `${callee.name.split('.').pop()} marks computed content as safe HTML: if any of it comes from a user it is rendered as HTML (XSS). Build it with format_html().` };
  },
  docs: `
## What it does
Reports Django's \`mark_safe()\` (and \`SafeString\`, \`SafeText\`…) applied to content that is not a
literal: variables, f-strings, concatenations, \`%\` or \`.format()\` with computed values.

## Why is this bad?
\`mark_safe\` tells Django's templates not to escape the value. If any part of it comes from a
user, markup in it is rendered as HTML and scripts run in the page (CWE-80).

## Example
\`\`\`python
from django.utils.safestring import mark_safe
mark_safe(f"<b>{user.name}</b>")
\`\`\`

## Use instead
\`\`\`python
from django.utils.html import format_html
format_html("<b>{}</b>", user.name)
\`\`\`

## Beyond Bandit
Content that is escaped already is not reported: \`escape()\`, \`conditional_escape()\`,
\`format_html()\`, \`render_to_string()\`, \`bleach.clean()\`, \`html.escape()\`. Strings formatted only
with literals count as literals. Bandit follows a variable back to literal assignments earlier
in the same function; Vigil reports every variable (a finding must depend only on its own
statement), so document a literal one with \`# nosec B703 - reason\`.

## Fix safety
No automatic fix: \`format_html\` needs the markup and the values separated, which only a
person can do.

## References
- [Django: mark_safe](https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.safestring.mark_safe)
- [Django: format_html](https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.html.format_html)
- [CWE-80: Basic XSS](https://cwe.mitre.org/data/definitions/80.html)
`,
});

function isSafeContent(node: Node, ctx: RuleContext): boolean {
  if (isLiteralValue(node)) return true;
  if (node.type === 'call') {
    const callee = callName(node, ctx.facts);
    if (callee?.imported && ESCAPED.has(callee.name)) return true;
    // "<b>{}</b>".format(...) with literal arguments
    const fn = node.childForFieldName('function');
    if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format' && isLiteralValue(fn.childForFieldName('object'))) {
      const args = node.childForFieldName('arguments')?.namedChildren ?? [];
      return args.every((arg) => !arg || arg.type === 'comment' || isLiteralValue(arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg));
    }
    return false;
  }
  if (node.type === 'binary_operator') {
    return isLiteralValue(node.childForFieldName('left')) && isLiteralValue(node.childForFieldName('right'));
  }
  return false;
}
