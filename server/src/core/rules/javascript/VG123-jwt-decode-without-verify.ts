import { callArguments, callName, calleeOf, objectLiteral, propertyValue, unwrap } from '../../javascript/syntax';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';

/** Claims read only to schedule a refresh or pick a key, which need no verified token. */
const TIMING_CLAIMS = new Set(['exp', 'iat', 'nbf', 'header', 'kid', 'alg']);
/** Names that make the decoded token an identity the code trusts. */
const IDENTITY = /user|session|auth|role|claim|identity|account|principal|permission|scope|admin|tenant|subject|sub\b/i;

export const jsJwtDecodeWithoutVerify = defineRule<undefined>({
  meta: {
    id: 'VG123',
    name: 'jwt_decode_without_verify',
    title: 'JSON Web Token decoded without verifying its signature',
    severity: 'medium',
    confidence: 'low',
    cwe: 345,
  },
  family: 'javascript',
  nodeTypes: ['call_expression'],
  triggers: ['decode'],
  check(call, ctx) {
    const written = calleeOf(call);
    const last = written?.type === 'member_expression' ? written.childForFieldName('property')?.text : written?.type === 'identifier' ? ctx.facts.aliases.get(written.text)?.split('.').at(-1) : undefined;
    if (last !== 'decode') return undefined; // cheap first
    const callee = callName(call, ctx.facts);
    if (!callee?.imported) return undefined;
    const args = callArguments(call);
    if (callee.name === 'jwt-simple.decode') {
      // jwt-simple: `decode(token, key, noVerify)`.
      const noVerify = args[2] && unwrap(args[2]);
      if (noVerify?.type !== 'true') return undefined;
      return { node: noVerify, message: 'jwt-simple decode(…, true) skips the signature check: anyone can forge this token. Drop the noVerify argument.', confidence: 'high' };
    }
    if (callee.name !== 'jsonwebtoken.decode') return undefined;
    // `decode(token, { complete: true })` reads the header, typically to find the verification key.
    const options = objectLiteral(args[1]);
    const complete = options && propertyValue(options, 'complete');
    if (complete && unwrap(complete).type === 'true') return undefined;
    const use = usage(call);
    if (use.claims && use.claims.every((claim) => TIMING_CLAIMS.has(claim))) return undefined;
    const trusted = use.target !== undefined && IDENTITY.test(use.target);
    return {
      node: calleeOf(call)!,
      message: `jwt.decode() does not verify the signature: ${trusted ? `${use.target} ${use.plural ? 'are' : 'is'}` : 'the claims are'} whatever the sender wrote. Use jwt.verify(token, key, { algorithms: […] }) for anything you trust.`,
      confidence: trusted ? 'medium' : 'low',
    };
  },
  docs: `
## What it does
Reports \`jwt.decode(token)\` from \`jsonwebtoken\`, which returns a token's claims without
checking its signature, and \`jwt-simple\`'s \`decode(token, key, true)\`, whose third argument
turns the check off. Confidence is medium when the result goes to a name that says it is
trusted (\`req.user = jwt.decode(…)\`, \`const session = …\`, \`claims\`, \`role\`), low otherwise;
jwt-simple's explicit \`noVerify\` is high.

## Why is this bad?
Anyone can write a token with any claims: \`decode\` only base64-decodes it. Code that trusts
the decoded user, role or tenant grants them to whoever sends the token (CWE-345). Only
\`verify\` checks that the token was signed with your key.

## Example
\`\`\`ts
import jwt from 'jsonwebtoken';
req.user = jwt.decode(req.headers.authorization!.slice(7));
\`\`\`

## Use instead
\`\`\`ts
import jwt from 'jsonwebtoken';
req.user = jwt.verify(req.headers.authorization!.slice(7), publicKey, { algorithms: ['RS256'] });
\`\`\`

## Beyond Bandit
Bandit has no JWT checks; eslint-plugin-security and \`@microsoft/eslint-plugin-sdl\` have none
either. Legitimate uses of \`decode\` are left alone: \`decode(token, { complete: true })\` (reading
the header to choose the verification key) and reading only timing claims from the result
(\`jwt.decode(token)?.exp\`, \`const { exp, iat } = jwt.decode(token)\`), e.g. to refresh a token
before it expires. Whether the same token is verified in another statement is not known (Vigil
reads one statement at a time): suppress the finding with a reason if it is. Client-side
decoders such as \`jwt-decode\` are not reported: a browser reads its own token's claims.

## Fix safety
No automatic fix: \`verify\` needs the key (or a key lookup) and the list of accepted algorithms,
which only the project knows.

## References
- [jsonwebtoken: jwt.decode](https://github.com/auth0/node-jsonwebtoken#jwtdecodetoken--options)
- [OWASP: JSON Web Token Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html)
- [CWE-345: Insufficient Verification of Data Authenticity](https://cwe.mitre.org/data/definitions/345.html)
`,
});

/**
 * How the decoded value is used in its statement: the claims read from it
 * (`decode(t).exp`, `const { exp } = decode(t)`), and the name it is stored under.
 */
function usage(call: Node): { claims?: string[]; target?: string; plural?: boolean } {
  let value = call;
  while (value.parent && ['parenthesized_expression', 'as_expression', 'non_null_expression', 'satisfies_expression', 'await_expression'].includes(value.parent.type)) value = value.parent;
  const parent = value.parent;
  if (!parent) return {};
  if (parent.type === 'member_expression' && parent.childForFieldName('object')?.id === value.id) {
    const claim = parent.childForFieldName('property')?.text;
    return claim ? { claims: [claim] } : {};
  }
  if (parent.type === 'variable_declarator' && parent.childForFieldName('value')?.id === value.id) {
    const name = parent.childForFieldName('name')!;
    if (name.type === 'identifier') return { target: name.text };
    if (name.type === 'object_pattern') {
      const claims = name.namedChildren.map((part) =>
        part?.type === 'shorthand_property_identifier_pattern' ? part.text : part?.type === 'pair_pattern' ? part.childForFieldName('key')?.text : part?.type === 'object_assignment_pattern' ? part.childForFieldName('left')?.text : '…',
      );
      return { claims: claims.map((claim) => claim ?? '…'), target: `{ ${claims.join(', ')} }`, plural: true };
    }
  }
  if (parent.type === 'assignment_expression' && parent.childForFieldName('right')?.id === value.id) return { target: parent.childForFieldName('left')!.text };
  return {};
}
