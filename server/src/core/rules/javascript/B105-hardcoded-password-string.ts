import { boundName, isEnvironment, isPasswordLikeName, literalString, outerExpression, passwordReport, targetName } from '../../javascript/credentials';
import { propertyName, unwrap } from '../../javascript/syntax';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';
import { twinMeta } from '../python/index';

/** Text that may hold one of Bandit's password words; anything else needs no closer look. */
const PASSWORD_WORDS = /pas|pwd|token|secret/i;
const EQUALITY = new Set(['===', '==', '!==', '!=']);
/** Parents of a literal that give it a name (see boundName), and comparisons. */
const BINDINGS = new Set(['variable_declarator', 'assignment_expression', 'pair', 'public_field_definition', 'field_definition', 'enum_assignment', 'binary_expression']);

export const jsHardcodedPasswordString = defineRule<undefined>({
  meta: twinMeta('B105'),
  family: 'javascript',
  // Found from the literal: declarations, fields and enums have different node types per grammar.
  nodeTypes: ['string', 'template_string'],
  triggers: ['pass', 'Pass', 'PASS', 'pwd', 'Pwd', 'PWD', 'token', 'Token', 'TOKEN', 'secret', 'Secret', 'SECRET'],
  check(node, ctx) {
    if (literalString(node) === undefined) return undefined;
    const outer = outerExpression(node);
    const parent = outer.parent;
    // Cheap first: only literals bound to a name or compared, whose surroundings name a secret.
    if (!parent || !BINDINGS.has(parent.type) || !PASSWORD_WORDS.test(parent.text.slice(0, 400))) return undefined;
    if (parent.type === 'binary_expression') {
      if (!EQUALITY.has(parent.childForFieldName('operator')?.text ?? '')) return undefined;
      const other = [parent.childForFieldName('left'), parent.childForFieldName('right')].find((side) => side && side.id !== outer.id);
      if (!other || isEnvironment(unwrap(other), ctx.facts)) return undefined;
      const name = comparedName(unwrap(other));
      return name ? passwordReport(node, name, ctx, 'compared with') : undefined;
    }
    const name = boundName(node);
    if (!name) return undefined;
    if (parent.type === 'pair' && isCategoryValue(parent, literalString(node)!)) return undefined;
    // `obj.password = …` where obj is process.env: test or tool set-up, not a password.
    if (parent.type === 'assignment_expression' && isEnvironment(parent.childForFieldName('left')!, ctx.facts)) return undefined;
    return passwordReport(node, name, ctx, parent.type === 'pair' ? 'for the key' : 'assigned to');
  },
  docs: `
## What it does
Reports string literals that look like passwords: bound to a password-like name
(\`const password = '…'\`, \`this.dbPassword = '…'\`, \`config['token'] = '…'\`, a class field or
an enum member), given as the value of a password-like key (\`{ password: '…' }\`), or compared
with a password-like name (\`if (password === '…')\`). A name is password-like when one of its
parts — split at \`_\`, \`-\` and camelCase humps — is one of Bandit's words: \`password\`,
\`pass\`, \`passwd\`, \`pwd\`, \`passphrase\`, \`token\`, \`secret\`, \`secrete\`.

## Why is this bad?
A password in source code is in every copy, backup and fork of the repository and in the
bundle shipped to browsers; it cannot be rotated without a release, and anyone who can read
the code can log in (CWE-259).

## Example
\`\`\`ts
const dbPassword = 'hunter2';
const client = new Client({ user: 'app', password: 'changeme' });
\`\`\`

## Use instead
\`\`\`ts
const dbPassword = process.env.DB_PASSWORD;
const client = new Client({ user: 'app', password: process.env.PGPASSWORD });
\`\`\`

## Beyond Bandit
The TS/JS twin of the Python rule, with the same precision. Vigil does not report what only
describes a secret or stands in for one:
- names where a descriptive word follows the secret word (\`tokenType\`, \`TOKEN_URL\`,
  \`passwordMinLength\`, \`passwordField\`), questions (\`isPassword\`, \`hasToken\`) and "token"
  in text processing or paging (\`nextToken\`, \`pageToken\`, \`eosToken\`); a value of a
  \`token\`-only name must look like a credential (eight or more characters with a digit or
  mixed case), so \`token === 'EOF'\` is not reported;
- empty strings and placeholders (\`'xxx'\`, \`'<password>'\`, \`'\${PASSWORD}'\`, \`'your-token-here'\`,
  \`'REDACTED'\`), environment-variable names (\`'DB_PASSWORD'\`), URLs without credentials,
  absolute paths, sentences and labels (\`{ password: 'Password' }\`, \`'New password'\`);
- defaults after an environment look-up (\`process.env.PASSWORD || '…'\` is not a binding of the
  literal), comparisons with \`process.env\`, and writes to \`process.env\`;
- string literal types (\`type Field = 'password'\`), template strings with substitutions;
- values that other, non-secret keys of the same object literal share: such an object maps keys
  to groups or types (\`{ is_private: 'private', password: 'private' }\`,
  \`{ title: 'string', admin_secret: 'string' }\`).

A value VG101 recognises by its format (a GitHub token, an AWS key…) is reported once, by VG101,
when VG101 is enabled. Default parameter values (Bandit's B107) and call arguments (B106) are
not checked in TS/JS. Messages show only the first characters of the value.

## Fix safety
No automatic fix: where the password should come from (an environment variable, a secret
store, a prompt) is a decision for the project.

## References
- [CWE-259: Use of Hard-coded Password](https://cwe.mitre.org/data/definitions/259.html)
- [OWASP: Use of hard-coded password](https://owasp.org/www-community/vulnerabilities/Use_of_hard-coded_password)
`,
});

/**
 * Whether the pair's value is also the value of a key that is not password-like in the same
 * object: `{ is_private: 'private', password: 'private' }` maps keys to groups or types.
 */
function isCategoryValue(pair: Node, value: string): boolean {
  return (pair.parent?.namedChildren ?? []).some((other) => {
    if (!other || other.id === pair.id || other.type !== 'pair') return false;
    const otherValue = other.childForFieldName('value') ? literalString(unwrap(other.childForFieldName('value')!)) : undefined;
    const key = propertyName(other);
    return otherValue === value && key !== undefined && !isPasswordLikeName(key);
  });
}

function comparedName(operand: Node): string | undefined {
  return operand.type === 'identifier' || operand.type === 'member_expression' || operand.type === 'subscript_expression' ? targetName(operand) : undefined;
}
