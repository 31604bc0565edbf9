/**
 * What B105 and VG101 share on TS/JS syntax (the twin of python/credentials.ts): the name a
 * string literal is bound to, and when a string bound to a name is a hard-coded password. The
 * tests on names and values are secrets.ts's, applied to camelCase names split into parts
 * (`dbPassword` is `db_password`, `nextToken` is `next_token`).
 */
import type { FileFacts } from '../facts';
import type { Node } from '../parser';
import type { Report, RuleContext } from '../rule';
import { findSecrets, isCredentialLike, isNotAPassword, isPasswordName, isTokenName, maskSecret, nameParts, secretRuleEnabled } from '../secrets';
import { propertyName, qualifiedName, stringValue } from './syntax';

/** A string literal's plain value: a string or a template without substitutions. */
export function literalString(node: Node | null | undefined): string | undefined {
  if (!node || (node.type !== 'string' && node.type !== 'template_string')) return undefined;
  return stringValue(node);
}

/** The literal with the parentheses, `as const` and `satisfies` around it: what a parent sees. */
export function outerExpression(node: Node): Node {
  let current = node;
  while (current.parent && ['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression'].includes(current.parent.type)) current = current.parent;
  return current;
}

/**
 * The name a string literal is given: `const name = '…'`, `obj.name = '…'`, `obj['name'] = '…'`,
 * `{ name: '…' }`, a class field `name = '…'`, an enum member `Name = '…'`, and (with `jsx`) a
 * JSX attribute `name="…"`.
 */
export function boundName(node: Node, jsx = false): string | undefined {
  const value = outerExpression(node);
  const parent = value.parent;
  if (!parent) return undefined;
  const isField = (field: string): boolean => parent.childForFieldName(field)?.id === value.id;
  switch (parent.type) {
    case 'variable_declarator':
      return isField('value') && parent.childForFieldName('name')?.type === 'identifier' ? parent.childForFieldName('name')!.text : undefined;
    case 'assignment_expression':
      return isField('right') ? targetName(parent.childForFieldName('left')) : undefined;
    case 'pair':
      return isField('value') ? propertyName(parent) : undefined;
    case 'public_field_definition':
    case 'field_definition': {
      if (!isField('value')) return undefined;
      const name = parent.childForFieldName('name') ?? parent.childForFieldName('property');
      return name?.type === 'property_identifier' ? name.text : undefined;
    }
    case 'enum_assignment':
      return isField('value') ? parent.childForFieldName('name')?.text : undefined;
    case 'jsx_attribute':
      return jsx && parent.namedChildren[0]?.type === 'property_identifier' ? parent.namedChildren[0].text : undefined;
  }
  return undefined;
}

/** The name an assignment target stands for: `x`, `o.x` → x, `o['x']` → x, `this.#x` → x. */
export function targetName(target: Node | null | undefined): string | undefined {
  if (!target) return undefined;
  if (target.type === 'identifier') return target.text;
  if (target.type === 'member_expression') return target.childForFieldName('property')?.text.replace(/^#/, '');
  if (target.type === 'subscript_expression') return stringValue(target.childForFieldName('index'));
  return undefined;
}

/** Whether a camelCase, snake_case or kebab-case name holds a password by B105's test. */
export function isPasswordLikeName(name: string): boolean {
  return isPasswordName(nameParts(name).join('_'));
}

/** `process.env.X`, `process.env['X']`, `import.meta.env.X`: configuration, not a password. */
export function isEnvironment(node: Node, facts: FileFacts): boolean {
  const name = qualifiedName(node, facts)?.name ?? '';
  return /^(?:process\.env|import\.meta\.env)(?:\.|$)/.test(name) || /^(?:process\.env|import\.meta\.env)\b/.test(node.text);
}

/**
 * The report for `value` bound to `name`, if it is a hard-coded password: the name looks like
 * a password, and the value is not a placeholder, a URL, a path, a message or a label naming
 * the field (`{ password: 'Password' }`). A value VG101 recognises by its format is left to
 * VG101 when it runs, so one secret gets one finding.
 */
export function passwordReport(value: Node, name: string, ctx: RuleContext, where: string): Report<undefined> | undefined {
  const text = literalString(value);
  if (text === undefined || !isPasswordLikeName(name) || isNotAPassword(text)) return undefined;
  if (!/[\p{L}\p{N}]/u.test(text)) return undefined; // punctuation, symbols, a mask like ":****"
  if (isTokenName(nameParts(name)) && !isCredentialLike(text)) return undefined;
  const squeeze = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (squeeze(text) === squeeze(name) || /^(?:pas+wo?r?d|pass(?:phrase)?|pwd|token|secrete?)$/i.test(text)) return undefined;
  // A label in a form or a translation table: words with one of them naming the secret.
  if (/\s/.test(text.trim()) && /pass|token|secret|pwd|kennwort|contrase|senha|parol/i.test(text)) return undefined;
  if (secretRuleEnabled(ctx.options) && findSecrets(text).length > 0) return undefined;
  return { node: value, message: `Possible hard-coded password ${where} ${name}: '${maskSecret(text)}'.` };
}

