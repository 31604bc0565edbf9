import { boundName, isPasswordLikeName } from '../../javascript/credentials';
import type { Node } from '../../parser';
import type { Report } from '../../rule';
import { defineRule } from '../../rule';
import { SECRET_TRIGGERS, findSecrets, isSecretishName, isTestPath, looksRandom, maskSecret } from '../../secrets';
import { twinMeta } from '../python/index';

/** Hosts of a developer's own machine: connection strings to them in tests are fixtures. */
const LOCAL_HOST = /@(?:localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0|db|postgres|mysql|redis|mongo)(?:[:/]|$)/;

export const jsHardcodedSecret = defineRule<undefined>({
  meta: twinMeta('VG101'),
  family: 'javascript',
  nodeTypes: ['string', 'template_string'],
  triggers: SECRET_TRIGGERS,
  check(node, ctx) {
    if (!ctx.options.secrets) return undefined;
    // Cheap first: the shortest credential found by its format is longer than this, except
    // a connection string, which has "://".
    const raw = node.text;
    if (raw.length < 22 && !raw.includes('://')) return undefined;
    const testFile = isTestPath(ctx.options.path);
    const reports: Report<undefined>[] = [];
    const { segments, interpolated } = literalSegments(node);
    for (const segment of segments) {
      for (const match of findSecrets(segment)) {
        const secret = segment.slice(match.start, match.end);
        if (testFile && match.kind === 'connection-string' && LOCAL_HOST.test(segment.slice(match.end))) continue;
        reports.push({
          node,
          message: `Hard-coded ${match.label} '${maskSecret(secret)}': load it from the environment or a secret store, and revoke this one.`,
          severity: match.severity,
          confidence: match.confidence,
        });
      }
    }
    if (reports.length > 0 || testFile || interpolated) return reports;
    // The entropy heuristic: a random-looking value given a secret-ish name that B105 (Bandit's
    // password words) does not already cover.
    const value = segments[0];
    if (value === undefined || !looksRandom(value)) return undefined;
    const name = boundName(node, true);
    if (!name || isPasswordLikeName(name) || !isSecretishName(name)) return undefined;
    return {
      node,
      message: `Possible hard-coded secret in ${name}: random-looking value '${maskSecret(value)}'.`,
      severity: 'medium',
      confidence: 'low',
    };
  },
  docs: `
## What it does
Reports string and template literals that contain a credential recognised by its format,
wherever they are: AWS access key IDs, GitHub tokens (\`ghp_\`, \`gho_\`, \`ghu_\`, \`ghs_\`, \`ghr_\`,
\`github_pat_\`), Slack tokens and webhook URLs, OpenAI (\`sk-…\`) and Anthropic (\`sk-ant-…\`) API
keys, Hugging Face tokens (\`hf_…\`), Stripe, Google, GitLab, npm and package-index tokens,
private keys (PEM blocks with a key body), signed JSON Web Tokens and connection strings with a
password (\`postgres://user:pass@host/db\`). It also reports long random-looking values (high
Shannon entropy, letters mixed with digits) given a secret-ish name such as \`apiKey\`,
\`ACCESS_KEY\`, \`clientSecret\` or \`credentials\` — in a declaration, an assignment, an object
property, a class field, an enum member or a JSX attribute (\`<Widget apiKey="…" />\`).

## Why is this bad?
A credential in source code is in every copy, backup and fork of the repository, in its history
after it is deleted, and — for front-end code — in the bundle every visitor downloads; automated
scanners harvest public repositories and npm packages for them within minutes (CWE-798). The
only remedy once it is committed is to revoke it.

## Example
\`\`\`ts
import OpenAI from 'openai';
const client = new OpenAI({ apiKey: 'sk-proj-…' });
\`\`\`

## Use instead
\`\`\`ts
import OpenAI from 'openai';
const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
\`\`\`

## Beyond Bandit
The same detectors as the Python rule (VG101 is Vigil's: Bandit has no check for secrets by
value), run on every TS/JS string and on the literal text of template strings around their
\`\${…}\` substitutions. Documented examples (AWS's \`…EXAMPLE\` keys), unsigned JWTs, bare PEM
headers and connection strings whose password is a placeholder (\`user:\${PASSWORD}@\`) are not
reported. The entropy heuristic is off in test files (\`*.test.ts\`, \`*.spec.js\`, \`__tests__/\`,
\`tests/\`), as are connection strings to local hosts there; values recognised by their format
are still reported in tests. Names B105 covers (\`password\`, \`token\`, \`secret\`…) are left to B105
for the heuristic. Messages show only the first characters of a secret. The rule runs only while
the \`secrets\` option is on (the default).

## Fix safety
No automatic fix: the secret must be revoked, and where its replacement comes from is a
decision for the project.

## References
- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
- [GitHub: About secret scanning](https://docs.github.com/en/code-security/secret-scanning/about-secret-scanning)
- [OWASP Secrets Management Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html)
`,
});

/** The literal text of a string or template, split where a template substitutes. Escapes stay as written. */
function literalSegments(node: Node): { segments: string[]; interpolated: boolean } {
  const segments: string[] = [''];
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'template_substitution') segments.push('');
    else if (child.type === 'string_fragment' || child.type === 'escape_sequence') segments[segments.length - 1] += child.text;
  }
  return { segments: segments.filter((segment) => segment !== ''), interpolated: segments.length > 1 };
}
