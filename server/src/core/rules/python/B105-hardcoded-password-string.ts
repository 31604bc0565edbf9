import type { Node } from '../../parser';
import { passwordLiteral, passwordReport, targetName } from '../../python/credentials';
import { callName } from '../../python/syntax';
import type { Report, RuleContext } from '../../rule';
import { defineRule } from '../../rule';
import { isTestPath } from '../../secrets';

/** Text that may hold one of Bandit's password words; anything else needs no closer look. */
const PASSWORD_WORDS = /pas|pwd|token|secret/i;

/** Operator tokens of comparisons that are not equality tests (membership, order). */
const NOT_EQUALITY = new Set(['in', '<', '>', '<=', '>=', '<>']);

/** Environment look-ups: comparing their value with a literal tests configuration, not a password. */
const ENVIRONMENT = new Set(['os.environ', 'os.environ.get', 'os.getenv', 'os.environb', 'os.getenvb']);

export const hardcodedPasswordString = defineRule<undefined>({
  meta: {
    id: 'B105',
    name: 'hardcoded_password_string',
    title: 'Hard-coded password string',
    severity: 'low',
    confidence: 'medium',
    cwe: 259,
  },
  family: 'python',
  nodeTypes: ['assignment', 'pair', 'comparison_operator'],
  triggers: ['pass', 'Pass', 'PASS', 'pwd', 'Pwd', 'PWD', 'token', 'Token', 'TOKEN', 'secret', 'Secret', 'SECRET'],
  check(node, ctx) {
    if (!PASSWORD_WORDS.test(node.text)) return undefined; // cheap first
    if (node.type === 'assignment') return checkAssignment(node, ctx);
    if (node.type === 'pair') {
      const value = node.childForFieldName('value');
      if (!value || passwordLiteral(value) === undefined) return undefined;
      const key = node.childForFieldName('key');
      const name = key?.type === 'identifier' ? key.text : passwordLiteral(key);
      return name ? passwordReport(value, name, ctx, 'for the key') : undefined;
    }
    return checkComparison(node, ctx);
  },
  docs: `
## What it does
Reports string literals that look like passwords: assigned to a password-like name
(\`password = "…"\`, \`self.db_password = "…"\`, \`config["token"] = "…"\`, also with a type
annotation), given as the value of a password-like key (\`{"password": "…"}\`), or compared with
a password-like name (\`if password == "…"\`). Names are password-like when a \`_\`-separated
part is one of Bandit's words: \`password\`, \`pass\`, \`passwd\`, \`pwd\`, \`passphrase\`,
\`token\`, \`secret\`, \`secrete\`.

## Why is this bad?
A password in source code is in every copy, backup and fork of the repository and cannot be
rotated without a release; anyone who can read the code can log in (CWE-259).

## Example
\`\`\`python
DB_PASSWORD = "hunter2"
settings = {"password": "changeme"}
\`\`\`

## Use instead
\`\`\`python
import os
DB_PASSWORD = os.environ["DB_PASSWORD"]
settings = {"password": os.environ["APP_PASSWORD"]}
\`\`\`

## Beyond Bandit
Vigil does not report what only describes a secret or stands in for one:
- names where a descriptive word follows the secret word (\`token_type\`, \`TOKEN_URL\`,
  \`password_min_length\`, \`PASSWORD_FIELD\`), questions (\`is_password\`), and "token" in text
  processing or paging (\`pad_token\`, \`eos_token\`, \`next_token\`, \`page_token\`);
- empty strings and placeholders (\`"xxx"\`, \`"<password>"\`, \`"\${PASSWORD}"\`, \`"%(password)s"\`,
  \`"your-token-here"\`, \`"REDACTED"\`), environment-variable names (\`"DB_PASSWORD"\`), URLs
  without credentials, absolute paths and sentences (\`"Enter your password:"\`);
- constants named after the key they name (\`PASSWORD = "password"\`);
- comparisons of environment look-ups (\`os.environ["TOKEN"] == "1"\`) and membership tests, and
  writes to \`os.environ\` in test files (test set-up).

Real default passwords such as \`"changeme"\` are still reported, in tests too. Bytes and
f-strings are not reported (as in Bandit). A value VG101 recognises by its format (a GitHub
token, an AWS key…) is reported once, by VG101, when VG101 is enabled. Messages show only the
first characters of the value.

## Fix safety
No automatic fix: where the password should come from (an environment variable, a secret
store, a prompt) is a decision for the project.

## References
- [CWE-259: Use of Hard-coded Password](https://cwe.mitre.org/data/definitions/259.html)
- [OWASP: Use of hard-coded password](https://owasp.org/www-community/vulnerabilities/Use_of_hard-coded_password)
`,
});

/** `a = b.password = "…"`: every target of a (chained) assignment, checked once at the outermost. */
function checkAssignment(node: Node, ctx: RuleContext): Report<undefined> | undefined {
  if (node.parent?.type === 'assignment') return undefined;
  if (!/['")]\s*$/.test(node.text)) return undefined; // cheap first: the value must end a string
  // The value first (cheap, and most assignments are not of a string literal), then the targets.
  const chain: Node[] = [];
  let current: Node = node;
  while (current.type === 'assignment') {
    chain.push(current);
    const right = current.childForFieldName('right');
    if (!right) return undefined;
    current = right;
  }
  if (passwordLiteral(current) === undefined) return undefined;
  const targets = chain.map((assignment) => assignment.childForFieldName('left')).filter((left): left is Node => !!left);
  for (const target of targets) {
    if (target.type === 'subscript' && isTestPath(ctx.options.path) && isEnvironment(target.childForFieldName('value'), ctx)) continue;
    const name = targetName(target);
    const report = name ? passwordReport(current, name, ctx, 'assigned to') : undefined;
    if (report) return report;
  }
  return undefined;
}

/** `password == "…"`: each literal compared for equality with a password-like operand. */
function checkComparison(node: Node, ctx: RuleContext): Report<undefined>[] {
  if (!/['"]/.test(node.text)) return [];
  const operators = node.children.filter((child) => child && !child.isNamed).flatMap((child) => child!.text.split(/\s+/));
  if (operators.some((operator) => NOT_EQUALITY.has(operator))) return [];
  const operands = node.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
  if (!operands.some((operand) => operand.type === 'string' || operand.type === 'concatenated_string')) return [];
  const names = operands
    .filter((operand) => passwordLiteral(operand) === undefined && !isEnvironment(operand, ctx))
    .map((operand) => comparedName(operand))
    .filter((name): name is string => name !== undefined);
  const reports: Report<undefined>[] = [];
  for (const operand of operands) {
    for (const name of names) {
      const report = passwordReport(operand, name, ctx, 'compared with');
      if (report) {
        reports.push(report);
        break;
      }
    }
  }
  return reports;
}

function comparedName(operand: Node): string | undefined {
  return operand.type === 'identifier' || operand.type === 'attribute' || operand.type === 'subscript' ? targetName(operand) : undefined;
}

/** `os.environ[…]`, `os.environ.get(…)`, `os.getenv(…)`, through imports. */
function isEnvironment(node: Node | null | undefined, ctx: RuleContext): boolean {
  if (!node) return false;
  if (node.type === 'subscript') return isEnvironment(node.childForFieldName('value'), ctx);
  if (node.type === 'call') {
    const callee = callName(node, ctx.facts);
    return !!callee?.imported && ENVIRONMENT.has(callee.name);
  }
  if (node.type === 'identifier' || node.type === 'attribute') {
    const name = ctx.facts.qualifyDotted(node.text.replace(/\s+/g, ''));
    return name.imported && ENVIRONMENT.has(name.name);
  }
  return false;
}
