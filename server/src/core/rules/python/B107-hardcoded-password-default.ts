import { passwordReport } from '../../python/credentials';
import { defineRule } from '../../rule';

export const hardcodedPasswordDefault = defineRule<undefined>({
  meta: {
    id: 'B107',
    name: 'hardcoded_password_default',
    title: 'Hard-coded password as a parameter default',
    severity: 'low',
    confidence: 'medium',
    cwe: 259,
  },
  family: 'python',
  nodeTypes: ['default_parameter', 'typed_default_parameter'],
  triggers: ['pass', 'Pass', 'PASS', 'pwd', 'Pwd', 'PWD', 'token', 'Token', 'TOKEN', 'secret', 'Secret', 'SECRET'],
  check(parameter, ctx) {
    if (!/pas|pwd|token|secret/i.test(parameter.text)) return undefined; // cheap first
    if (parameter.parent?.type !== 'parameters' || parameter.parent.parent?.type !== 'function_definition') return undefined;
    const name = parameter.childForFieldName('name')?.text;
    const value = parameter.childForFieldName('value');
    return name && value ? passwordReport(value, name, ctx, 'as the default of') : undefined;
  },
  docs: `
## What it does
Reports function parameters with a password-like name whose default is a string literal:
\`def login(user, password="admin")\`, also keyword-only and annotated parameters
(\`*, token: str = "…"\`) and \`async def\`. Names are password-like when a \`_\`-separated part is
one of Bandit's words: \`password\`, \`pass\`, \`passwd\`, \`pwd\`, \`passphrase\`, \`token\`,
\`secret\`, \`secrete\`.

## Why is this bad?
Every caller that omits the argument logs in with the same password, which is in every copy
of the source (CWE-259).

## Example
\`\`\`python
def connect(host, user="admin", password="admin"):
    ...
\`\`\`

## Use instead
\`\`\`python
def connect(host, user, password):
    ...
\`\`\`

## Beyond Bandit
Bandit checks the positional parameters of \`def\` only and stops at the first finding; Vigil
also checks keyword-only parameters and \`async def\`, and reports each parameter. As for B105,
descriptive names (\`token_type="bearer"\`, \`pad_token="<pad>"\`), empty strings, placeholders,
environment-variable names, URLs, paths and sentences are not reported; \`None\` never is (as in
Bandit). Messages show only the first characters of the value.

## Fix safety
No automatic fix: whether the parameter becomes required or reads a setting is a design
decision.

## References
- [CWE-259: Use of Hard-coded Password](https://cwe.mitre.org/data/definitions/259.html)
- [OWASP: Use of hard-coded password](https://owasp.org/www-community/vulnerabilities/Use_of_hard-coded_password)
`,
});
