/**
 * What B105–B107 and VG101 share on Python syntax: when a string literal bound to a name is a
 * hard-coded password, and what name a string literal is bound to.
 */
import type { Node } from '../parser';
import type { Report, RuleContext } from '../rule';
import { findSecrets, isCredentialLike, isNotAPassword, isPasswordName, isTokenName, maskSecret, secretRuleEnabled } from '../secrets';
import { isBytes } from './process';
import { stringValue } from './syntax';

/** A string literal's value for password checks: plain text only (no f-string, no bytes). */
export function passwordLiteral(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'parenthesized_expression') {
    const inner = unparenthesized(node);
    return inner.type === 'parenthesized_expression' ? undefined : passwordLiteral(inner);
  }
  if (node.type !== 'string' && node.type !== 'concatenated_string') return undefined;
  if (isBytes(node)) return undefined;
  return stringValue(node);
}

/**
 * The report for `value` bound to `name`, if it is a hard-coded password: the name looks like
 * a password (Bandit's words, less descriptive names), and the value is not a placeholder,
 * a URL, a path or a message. A constant named after the field it names
 * (`PASSWORD = "password"`) is a key, not a password. A value VG101 recognises by its format
 * is left to VG101 when it runs, so one secret gets one finding.
 */
export function passwordReport(value: Node, name: string, ctx: RuleContext, where: string): Report<undefined> | undefined {
  const text = passwordLiteral(value);
  if (text === undefined || !isPasswordName(name) || isNotAPassword(text)) return undefined;
  if (!/[\p{L}\p{N}]/u.test(text)) return undefined; // punctuation, symbols, a mask like ":****"
  if (isTokenName(name.toLowerCase().split('_')) && !isCredentialLike(text)) return undefined;
  if (!/[a-z]/.test(name) && /^(?:pas+wo?r?d|pass(?:phrase)?|pwd|token|secrete?)$/i.test(text)) return undefined;
  if (!/[a-z]/.test(name) && text.toLowerCase() === name.toLowerCase()) return undefined;
  if (secretRuleEnabled(ctx.options) && findSecrets(text).length > 0) return undefined;
  return { node: unparenthesized(value), message: `Possible hard-coded password ${where} ${name}: '${maskSecret(text)}'.` };
}

/**
 * The name a string literal is given: the target of `name = "…"`, `obj.name = "…"`,
 * `d["name"] = "…"`, a `name="…"` keyword or parameter default, or a `{"name": "…"}` key.
 */
export function boundName(node: Node): string | undefined {
  let value = node;
  while (value.parent && (value.parent.type === 'concatenated_string' || value.parent.type === 'parenthesized_expression')) value = value.parent;
  const parent = value.parent;
  if (!parent) return undefined;
  const isField = (field: string): boolean => parent.childForFieldName(field)?.id === value.id;
  switch (parent.type) {
    case 'assignment':
      return isField('right') ? targetName(parent.childForFieldName('left')) : undefined;
    case 'keyword_argument':
    case 'default_parameter':
    case 'typed_default_parameter':
      return isField('value') ? parent.childForFieldName('name')?.text : undefined;
    case 'pair': {
      if (!isField('value')) return undefined;
      const key = parent.childForFieldName('key');
      return key?.type === 'identifier' ? key.text : passwordLiteral(key);
    }
  }
  return undefined;
}

/** The name an assignment target stands for: `x`, `o.x` → x, `d["x"]` → x, `d[x]` → x. */
export function targetName(target: Node | null | undefined): string | undefined {
  if (!target) return undefined;
  if (target.type === 'identifier') return target.text;
  if (target.type === 'attribute') return target.childForFieldName('attribute')?.text;
  if (target.type === 'subscript') {
    const index = target.childForFieldName('subscript');
    if (!index) return undefined;
    return index.type === 'identifier' ? index.text : passwordLiteral(index);
  }
  return undefined;
}

/** `("a" "b")` → the concatenated string; comments inside the parentheses are skipped. */
export function unparenthesized(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = current.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
    if (inner.length !== 1) break;
    current = inner[0]!;
  }
  return current;
}
