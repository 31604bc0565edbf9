import { defineRule } from '../../rule';

/** Reported by the analyser itself (see hygiene.ts): it needs every finding of the file. */
export const nosecWithoutJustification = defineRule({
  meta: {
    id: 'VG001',
    name: 'nosec_without_justification',
    title: 'Suppression without a justification',
    severity: 'low',
    confidence: 'high',
    cwe: 1164,
  },
  family: 'any',
  nodeTypes: [],
  check: () => undefined,
  docs: `
## What it does
Reports a \`# nosec\` (or \`// nosec\`) comment that suppresses findings without saying why.

## Why is this bad?
A suppression is a claim that a finding is a false positive or an accepted risk. Without the
reason, a reviewer cannot check the claim, and nobody can tell later whether it still holds.
Security reviews ask for "documented false positives"; the justification is that document.

## Example
\`\`\`python
subprocess.run(cmd, shell=True)  # nosec B602
\`\`\`

## Use instead
\`\`\`python
subprocess.run(cmd, shell=True)  # nosec B602 - cmd is a constant built from the allow-list above
\`\`\`
Name the rules you mean: a bare \`# nosec\` hides every present and future finding on the line.

## Fix safety
The quick fix "Suppress … with a justification" rewrites the comment with a reason you type (a
placeholder in editors that cannot ask). No automatic fix invents a reason.

## References
- Bandit: [Exclusions / nosec](https://bandit.readthedocs.io/en/latest/config.html#exclusions)
- CWE-1164: Irrelevant Code
`,
});
