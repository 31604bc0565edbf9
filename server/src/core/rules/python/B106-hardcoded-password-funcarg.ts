import { passwordReport } from '../../python/credentials';
import { defineRule } from '../../rule';

export const hardcodedPasswordFuncarg = defineRule<undefined>({
  meta: {
    id: 'B106',
    name: 'hardcoded_password_funcarg',
    title: 'Hard-coded password passed as an argument',
    severity: 'low',
    confidence: 'medium',
    cwe: 259,
  },
  family: 'python',
  nodeTypes: ['keyword_argument'],
  triggers: ['pass', 'Pass', 'PASS', 'pwd', 'Pwd', 'PWD', 'token', 'Token', 'TOKEN', 'secret', 'Secret', 'SECRET'],
  check(keyword, ctx) {
    if (!/pas|pwd|token|secret/i.test(keyword.text)) return undefined; // cheap first
    if (keyword.parent?.type !== 'argument_list' || keyword.parent.parent?.type !== 'call') return undefined;
    const name = keyword.childForFieldName('name')?.text;
    const value = keyword.childForFieldName('value');
    return name && value ? passwordReport(value, name, ctx, 'passed as') : undefined;
  },
  docs: `
## What it does
Reports calls that pass a string literal as a password-like keyword argument:
\`connect(password="hunter2")\`, \`Client(api_token="…")\`, \`dict(secret="…")\`. Keywords are
password-like when a \`_\`-separated part is one of Bandit's words: \`password\`, \`pass\`,
\`passwd\`, \`pwd\`, \`passphrase\`, \`token\`, \`secret\`, \`secrete\`.

## Why is this bad?
A password in source code is in every copy, backup and fork of the repository and cannot be
rotated without a release; anyone who can read the code can log in (CWE-259).

## Example
\`\`\`python
import psycopg2
conn = psycopg2.connect(host="db", user="app", password="hunter2")
\`\`\`

## Use instead
\`\`\`python
import os
import psycopg2
conn = psycopg2.connect(host="db", user="app", password=os.environ["DB_PASSWORD"])
\`\`\`

## Beyond Bandit
As for B105: keywords that describe a secret (\`token_type="bearer"\`, \`password_field="pw"\`,
\`pad_token="<pad>"\`, \`next_token=""\`), empty strings, placeholders (\`"xxx"\`, \`"<token>"\`,
\`"\${TOKEN}"\`), environment-variable names, URLs without credentials, paths and sentences are
not reported; \`"changeme"\` still is. A value VG101 recognises by its format is reported once,
by VG101, when VG101 is enabled. Messages show only the first characters of the value.

## Fix safety
No automatic fix: where the password should come from is a decision for the project.

## References
- [CWE-259: Use of Hard-coded Password](https://cwe.mitre.org/data/definitions/259.html)
- [OWASP: Use of hard-coded password](https://owasp.org/www-community/vulnerabilities/Use_of_hard-coded_password)
`,
});
