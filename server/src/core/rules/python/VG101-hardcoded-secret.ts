import type { Node } from '../../parser';
import { boundName } from '../../python/credentials';
import type { Report } from '../../rule';
import { defineRule } from '../../rule';
import { SECRET_TRIGGERS, findSecrets, isPasswordName, isSecretishName, isTestPath, looksRandom, maskSecret } from '../../secrets';

/** Hosts of a developer's own machine: connection strings to them in tests are fixtures. */
const LOCAL_HOST = /@(?:localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0|db|postgres|mysql|redis)(?:[:/]|$)/;

export const hardcodedSecret = defineRule<undefined>({
  meta: {
    id: 'VG101',
    name: 'hardcoded_secret',
    title: 'Hard-coded secret (API key, token, private key)',
    severity: 'high',
    confidence: 'high',
    cwe: 798,
  },
  family: 'python',
  nodeTypes: ['string'],
  triggers: SECRET_TRIGGERS,
  check(node, ctx) {
    if (!ctx.options.secrets) return undefined;
    // Cheap first: the shortest credential found by its format is longer than this, except
    // a connection string, which has "://".
    const raw = node.text;
    if (raw.length < 22 && !raw.includes('://')) return undefined;
    const testFile = isTestPath(ctx.options.path);
    const reports: Report<undefined>[] = [];
    const { segments, interpolated } = literalSegments(node, raw);
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
    if (reports.length > 0 || (testFile && !ctx.options.secretEntropyInTests) || interpolated) return reports;
    // The entropy heuristic: a random-looking value given a secret-ish name that B105–B107
    // (Bandit's password words) do not already cover.
    const value = segments[0];
    if (value === undefined || !looksRandom(value)) return undefined;
    const name = boundName(node);
    if (!name || isPasswordName(name) || !isSecretishName(name)) return undefined;
    return {
      node,
      message: `Possible hard-coded secret in ${name}: random-looking value '${maskSecret(value)}'.`,
      severity: 'medium',
      confidence: 'low',
    };
  },
  docs: `
## What it does
Reports string literals that contain a credential recognised by its format, wherever the
string is: AWS access key IDs, GitHub tokens (\`ghp_\`, \`gho_\`, \`ghu_\`, \`ghs_\`, \`ghr_\`,
\`github_pat_\`), Slack tokens and webhook URLs, OpenAI (\`sk-…\`) and Anthropic (\`sk-ant-…\`) API
keys, Hugging Face tokens (\`hf_…\`), Stripe, Google, GitLab, npm and package-index tokens,
private keys (PEM blocks with a key body), signed JSON Web Tokens and connection strings with a
password (\`postgres://user:pass@host/db\`). It also reports long random-looking values
(high Shannon entropy, letters mixed with digits) given a secret-ish name such as \`api_key\`,
\`apiKey\`, \`ACCESS_KEY\` or \`client_credentials\`.

## Why is this bad?
A credential in source code is in every copy, backup and fork of the repository, and in its
history after it is deleted; automated scanners harvest public repositories for them within
minutes (CWE-798). The only remedy once it is committed is to revoke it.

## Example
\`\`\`python
from huggingface_hub import login
login(token="hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ01234567")
\`\`\`

## Use instead
\`\`\`python
import os
from huggingface_hub import login
login(token=os.environ["HF_TOKEN"])
\`\`\`

## Beyond Bandit
Bandit has no check for secrets recognised by their value (VG101 is Vigil's). The value
patterns need no name, so \`headers = {"Authorization": "Bearer ghp_…"}\` is found. Documented
examples (AWS's \`…EXAMPLE\` keys), unsigned JWTs, bare PEM headers and connection strings whose
password is a placeholder (\`user:\${PASSWORD}@\`, \`user:password@\`) are not reported. The
entropy heuristic is off in test files (\`tests/\`, \`test_*.py\`, \`*_test.py\`, \`conftest.py\`),
where random-looking fixtures abound, unless the \`secretEntropyInTests\` option is on;
connection strings to local hosts are not reported there either. Values recognised by their
format are still reported in tests. Names Bandit's password words cover
(\`password\`, \`token\`, \`secret\`…) are left to B105–B107 for the heuristic. Messages show only
the first characters of a secret. The rule runs only while the \`secrets\` option is on (the
default).

## Fix safety
No automatic fix: the secret must be revoked, and where its replacement comes from is a
decision for the project.

## References
- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
- [GitHub: About secret scanning](https://docs.github.com/en/code-security/secret-scanning/about-secret-scanning)
- [OWASP Secrets Management Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html)
`,
});

/** The literal text of a string, split where an f-string interpolates. Escapes stay as written. */
function literalSegments(node: Node, raw: string): { segments: string[]; interpolated: boolean } {
  // Not an f-string: the text between the quotes, escapes as written. Read from the text, as
  // walking the children costs a call into wasm per child, for every long string (docstrings).
  const plain = /^[rRbBuU]*('''|"""|'|")/.exec(raw);
  if (plain && raw.length >= plain[0].length + plain[1]!.length && raw.endsWith(plain[1]!)) {
    const content = raw.slice(plain[0].length, raw.length - plain[1]!.length);
    return { segments: content === '' ? [] : [content], interpolated: false };
  }
  const segments: string[] = [''];
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'interpolation') segments.push('');
    else if (child.type === 'string_content' || child.type === 'escape_sequence') segments[segments.length - 1] += child.text;
  }
  return { segments: segments.filter((segment) => segment !== ''), interpolated: segments.length > 1 };
}
