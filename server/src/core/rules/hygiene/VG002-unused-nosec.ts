import { defineRule } from '../../rule';

/** Reported by the analyser itself (see hygiene.ts): it needs every finding of the file. */
export const unusedNosec = defineRule({
  meta: {
    id: 'VG002',
    name: 'unused_nosec',
    title: 'Suppression that suppresses nothing',
    severity: 'low',
    confidence: 'high',
    cwe: 1164,
  },
  family: 'any',
  nodeTypes: [],
  check: () => undefined,
  docs: `
## What it does
Reports a \`# nosec\` comment on a line where no finding of the rules it names is reported,
for example after the code was fixed, or with a mistyped rule ID.

## Why is this bad?
A stale suppression silently hides the next real problem written on that line, and misleads
readers into thinking the line was reviewed for a risk it no longer has.

## Example
\`\`\`python
requests.get(url, timeout=10)  # nosec B113 - legacy endpoint
\`\`\`

## Use instead
\`\`\`python
requests.get(url, timeout=10)
\`\`\`

## Fix safety
"Remove unused suppression" deletes the comment (or only the unused rule IDs when the comment
names several). It is safe: it changes no code.

## References
- Ruff: [unused-noqa (RUF100)](https://docs.astral.sh/ruff/rules/unused-noqa/)
- CWE-1164: Irrelevant Code
`,
});
