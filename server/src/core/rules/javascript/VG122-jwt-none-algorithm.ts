import { propertyName, stringValue, unwrap } from '../../javascript/syntax';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';
import type { TextEdit } from '../../types';

/** Libraries that verify or sign JSON Web Tokens with an `algorithms`/`algorithm` option. */
const JWT_MODULES = ['jsonwebtoken', 'express-jwt', 'koa-jwt', 'passport-jwt', 'fast-jwt', 'jwt-simple', '@nestjs/jwt', 'hono/jwt', 'jose'];

interface State {
  /** The `'none'` element of an `algorithms` array that also lists real algorithms. */
  element: Node | undefined;
}

export const jsJwtNoneAlgorithm = defineRule<State>({
  meta: {
    id: 'VG122',
    name: 'jwt_none_algorithm',
    title: "JSON Web Tokens accepted or signed with the 'none' algorithm",
    severity: 'high',
    confidence: 'high',
    cwe: 347,
  },
  family: 'javascript',
  nodeTypes: ['pair'],
  triggers: ['none', 'None', 'NONE'],
  check(pair, ctx) {
    const key = propertyName(pair);
    if (key !== 'algorithms' && key !== 'algorithm') return undefined;
    if (!JWT_MODULES.some((module) => ctx.facts.importsModule(module))) return undefined;
    const value = unwrap(pair.childForFieldName('value')!);
    if (key === 'algorithm') {
      if (!isNone(value)) return undefined;
      return { node: value, message: "algorithm: 'none' makes tokens without a signature: anyone can forge them. Sign with HS256, RS256 or ES256.", state: { element: undefined } };
    }
    if (value.type !== 'array') return undefined;
    const elements = value.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
    const none = elements.find(isNone);
    if (!none) return undefined;
    const others = elements.filter((element) => element.id !== none.id && stringValue(element) !== undefined && !isNone(element));
    return {
      node: none,
      message: "Accepting the 'none' algorithm lets anyone forge a token: an unsigned token passes verification. Remove 'none' from algorithms.",
      state: { element: others.length > 0 && others.length === elements.length - 1 ? none : undefined },
    };
  },
  fix(report, ctx) {
    const element = report.state?.element;
    if (!element) return [];
    return [{ title: "Remove 'none' from the accepted algorithms", applicability: 'safe', edits: [removeElement(element, ctx.text)] }];
  },
  docs: `
## What it does
Reports \`algorithms\` lists that include \`'none'\` (\`jwt.verify(token, key, { algorithms:
['HS256', 'none'] })\`, also in \`express-jwt\`, \`koa-jwt\`, \`passport-jwt\` and other JWT
libraries' options) and \`algorithm: 'none'\` when signing, in files that import a JWT library.

## Why is this bad?
A token whose header says \`"alg": "none"\` carries no signature. A verifier that accepts
\`none\` accepts any token anyone writes — any user, any role, any expiry (CWE-347). Signing with
\`none\` produces such tokens.

## Example
\`\`\`ts
import jwt from 'jsonwebtoken';
const claims = jwt.verify(token, key, { algorithms: ['HS256', 'none'] });
\`\`\`

## Use instead
\`\`\`ts
import jwt from 'jsonwebtoken';
const claims = jwt.verify(token, key, { algorithms: ['HS256'] });
\`\`\`

## Beyond Bandit
Bandit has no JWT checks; eslint-plugin-security and \`@microsoft/eslint-plugin-sdl\` have none
either. The option is recognised by its key in any object literal of a file that imports one of
\`jsonwebtoken\`, \`express-jwt\`, \`koa-jwt\`, \`passport-jwt\`, \`fast-jwt\`, \`jwt-simple\`,
\`@nestjs/jwt\`, \`hono/jwt\` or \`jose\` (options are often built apart from the call).

## Fix safety
When the list names other algorithms, the fix removes \`'none'\` from it. It is safe: tokens
signed with the listed algorithms verify as before; only unsigned tokens are now rejected, which
is the point. A list of only \`'none'\` and \`algorithm: 'none'\` have no fix: the key to sign with
must be chosen.

## References
- [RFC 8725: JSON Web Token Best Current Practices, 3.1](https://www.rfc-editor.org/rfc/rfc8725#section-3.1)
- [jsonwebtoken: jwt.verify options](https://github.com/auth0/node-jsonwebtoken#jwtverifytoken-secretorpublickey-options-callback)
- [CWE-347: Improper Verification of Cryptographic Signature](https://cwe.mitre.org/data/definitions/347.html)
`,
});

function isNone(node: Node): boolean {
  return stringValue(node)?.toLowerCase() === 'none';
}

/** Remove an array element with the comma that separates it from its neighbour. */
function removeElement(element: Node, text: string): TextEdit {
  const array = element.parent!;
  const items = array.namedChildren.filter((child): child is Node => !!child && child.type !== 'comment');
  const index = items.findIndex((item) => item.id === element.id);
  const next = items[index + 1];
  if (next) return { start: element.startIndex, end: next.startIndex, newText: '' };
  const previous = items[index - 1]!;
  // The last element: drop it and the comma before it; keep a trailing comma if there was one.
  const after = text.slice(element.endIndex, array.endIndex - 1);
  const trailing = /^\s*,/.test(after) ? text.slice(element.endIndex, element.endIndex + after.indexOf(',') + 1) : '';
  return { start: previous.endIndex, end: element.endIndex + trailing.length, newText: trailing ? ',' : '' };
}
