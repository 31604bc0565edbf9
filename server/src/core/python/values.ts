/** Whether an expression's value is fixed in the source, for rules that skip constant input. */
import type { Node } from '../parser';

/**
 * Literals, and tuples, lists, sets and dicts of them: strings (f-strings whose placeholders are
 * literals too), numbers, booleans, `None`.
 */
export function isLiteralValue(node: Node | null | undefined): boolean {
  if (!node) return false;
  switch (node.type) {
    case 'string':
      return node.namedChildren.every((child) => child?.type !== 'interpolation' || isLiteralValue(child.childForFieldName('expression') ?? child.namedChildren[0]));
    case 'concatenated_string':
      return node.namedChildren.every((part) => isLiteralValue(part));
    case 'integer':
    case 'float':
    case 'true':
    case 'false':
    case 'none':
      return true;
    case 'parenthesized_expression':
    case 'tuple':
    case 'list':
    case 'set':
      return node.namedChildren.every((child) => !child || child.type === 'comment' || isLiteralValue(child));
    case 'dictionary':
      return node.namedChildren.every(
        (pair) => !pair || pair.type === 'comment' || (pair.type === 'pair' && isLiteralValue(pair.childForFieldName('key')) && isLiteralValue(pair.childForFieldName('value'))),
      );
    case 'unary_operator':
      return isLiteralValue(node.childForFieldName('argument'));
    case 'conditional_expression': {
      // `"a" if condition else "b"`: the value is one of the two branches.
      const [consequence, , alternative] = node.namedChildren.filter((child) => child?.type !== 'comment');
      return isLiteralValue(consequence) && isLiteralValue(alternative);
    }
  }
  return false;
}
