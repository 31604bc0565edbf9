import type { FileFacts } from '../../facts';
import {
  booleanValue,
  cachedCallName,
  calleeOf,
  enclosingStatement,
  isFunction,
  mentions,
  numberValue,
  property,
  propertyName,
  removeProperty,
  replaceNode,
  stringValue,
  unwrap,
} from '../../javascript/syntax';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';
import type { Fix } from '../../types';
import { twinMeta } from '../python/index';

type Kind = 'reject' | 'strict' | 'env' | 'env-property' | 'identity' | 'superagent';

interface State {
  kind: Kind;
}

/** A property key this rule reads, at the start of a pair (a sticky pattern, tested at the pair's offset). */
const KEY = /['"\[]?(?:rejectUnauthorized|strictSSL|NODE_TLS_REJECT_UNAUTHORIZED|checkServerIdentity)\b/y;
/** An assignment to one of the settings this rule reads. */
const ASSIGNED = /(?:rejectUnauthorized|NODE_TLS_REJECT_UNAUTHORIZED)['"`]?\]?\s*=[^=]/;

/** Servers, where `rejectUnauthorized` is about client certificates (with `requestCert`), not about the peer's server certificate. */
const SERVER_CALLS = new Set(['tls.createServer', 'tls.Server', 'https.createServer', 'https.Server', 'http2.createSecureServer']);

const CAVEAT =
  'Connections to servers whose certificate does not verify (self-signed, a private CA, the wrong host name, expired) now fail. ' +
  'For a private CA, pass it as `ca` instead of turning verification off.';

/** Words one of which a file must contain for this rule to find anything. */
const TRIGGERS = ['rejectUnauthorized', 'strictSSL', 'NODE_TLS_REJECT_UNAUTHORIZED', 'checkServerIdentity', 'disableTLSCerts'];

export const jsRequestWithNoCertValidation = defineRule<State>({
  meta: twinMeta('B501'),
  family: 'javascript',
  nodeTypes: ['pair', 'assignment_expression', 'call_expression'],
  triggers: TRIGGERS,
  check(node, ctx) {
    if (!mentions(ctx, TRIGGERS)) return undefined;
    // Cheap text tests first: these node types are everywhere.
    if (node.type === 'call_expression') {
      if (!ctx.text.startsWith('disableTLSCerts()', node.endIndex - 17)) return undefined;
      const callee = calleeOf(node);
      if (callee?.type !== 'member_expression' || callee.childForFieldName('property')?.text !== 'disableTLSCerts') return undefined;
      return { node: callee.childForFieldName('property')!, message: 'disableTLSCerts() turns off certificate verification for this superagent request: anyone on the network path can impersonate the server.', state: { kind: 'superagent' } };
    }
    if (node.type === 'assignment_expression') {
      if (!ASSIGNED.test(ctx.text.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 120)))) return undefined;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const name = left && assignedProperty(left);
      if (!name || !right) return undefined;
      if (name === 'NODE_TLS_REJECT_UNAUTHORIZED' && isEnv(left!.childForFieldName('object')) && isZero(right)) {
        return { node, message: 'NODE_TLS_REJECT_UNAUTHORIZED=0 turns off certificate verification for every TLS connection of the process.', state: { kind: 'env' } };
      }
      if (name === 'rejectUnauthorized' && isFalse(right)) {
        return { node, message: 'rejectUnauthorized = false turns off certificate verification: anyone on the network path can impersonate the server.', state: { kind: 'reject' } };
      }
      return undefined;
    }
    KEY.lastIndex = node.startIndex;
    if (!KEY.test(ctx.text)) return undefined;
    const name = propertyName(node);
    const value = node.childForFieldName('value');
    if (!value) return undefined;
    if (name === 'rejectUnauthorized' && isFalse(value) && !isServerOptions(node.parent!, ctx.facts)) {
      return { node, message: 'rejectUnauthorized: false turns off certificate verification: anyone on the network path can impersonate the server.', state: { kind: 'reject' } };
    }
    if (name === 'strictSSL' && isFalse(value)) {
      return { node, message: 'strictSSL: false turns off certificate verification: anyone on the network path can impersonate the server.', state: { kind: 'strict' } };
    }
    if (name === 'NODE_TLS_REJECT_UNAUTHORIZED' && isZero(value)) {
      return { node, message: 'NODE_TLS_REJECT_UNAUTHORIZED=0 turns off certificate verification for every TLS connection of the process it is given to.', state: { kind: 'env-property' } };
    }
    if (name === 'checkServerIdentity' && acceptsAnyIdentity(value)) {
      return { node, message: 'A checkServerIdentity that accepts everything skips the host-name check: any valid certificate, for any site, is accepted.', state: { kind: 'identity' } };
    }
    return undefined;
  },
  fix(report, ctx) {
    const node = report.node;
    const fix = (title: string, edits: Fix['edits']): Fix[] => [{ title, applicability: 'unsafe', edits, caveat: CAVEAT }];
    switch (report.state!.kind) {
      case 'reject':
      case 'strict': {
        const value = node.childForFieldName(node.type === 'pair' ? 'value' : 'right')!;
        const name = node.type === 'pair' ? propertyName(node)! : 'rejectUnauthorized';
        return fix(`Verify certificates (${name}${node.type === 'pair' ? ':' : ' ='} true)`, [replaceNode(value, 'true')]);
      }
      case 'env-property':
      case 'identity':
        return fix(report.state!.kind === 'identity' ? 'Check the host name (remove checkServerIdentity)' : 'Verify certificates (remove NODE_TLS_REJECT_UNAUTHORIZED)', [removeProperty(node.parent!, node, ctx.text)]);
      case 'env': {
        const statement = enclosingStatement(node);
        if (statement.type !== 'expression_statement' || unwrap(statement.namedChildren[0]!).id !== node.id) return [];
        return fix('Verify certificates (remove this assignment)', [removeLine(statement, ctx.text)]);
      }
      case 'superagent': {
        const call = node.parent!.parent!;
        return fix('Verify certificates (remove .disableTLSCerts())', [replaceNode(call, node.parent!.childForFieldName('object')!.text)]);
      }
    }
  },
  docs: `
## What it does
Reports TLS certificate verification turned off in Node.js and its HTTP clients:
\`rejectUnauthorized: false\` in any options object (\`https.request\`, \`tls.connect\`,
\`new https.Agent\` given to axios, got's \`https\` options, database drivers' \`ssl\`) or assigned
(\`https.globalAgent.options.rejectUnauthorized = false\`); \`strictSSL: false\` (request);
\`process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'\`, or \`NODE_TLS_REJECT_UNAUTHORIZED: '0'\` in an
environment object; a \`checkServerIdentity\` that accepts everything (\`() => undefined\`); and
superagent's \`.disableTLSCerts()\`.

## Why is this bad?
Without verification, TLS still encrypts but no longer knows whom it talks to: anyone on the
network path (public Wi-Fi, a compromised router, a proxy) can present their own certificate,
read the traffic and change it — credentials and tokens included (CWE-295).

## Example
\`\`\`ts
import https from 'node:https';
const agent = new https.Agent({ rejectUnauthorized: false });
\`\`\`

## Use instead
\`\`\`ts
import fs from 'node:fs';
import https from 'node:https';
// Trust the private CA that signed the server's certificate, and nothing else extra.
const agent = new https.Agent({ ca: fs.readFileSync('internal-ca.pem') });
\`\`\`

## Beyond Bandit
Bandit's B501 covers Python's \`requests\` and \`httpx\` with \`verify=False\`; this is its TS/JS
twin, so \`// nosec B501\` means the same in both languages. Not reported: \`rejectUnauthorized:
false\` in the options of a server (\`tls.createServer\`, \`https.createServer\`,
\`http2.createSecureServer\`) or next to \`requestCert\`, where it only means that client
certificates are checked by the application; values computed at run time
(\`rejectUnauthorized: !isDev\`); options built in another statement.

## Fix safety
\`rejectUnauthorized: false\` and \`strictSSL: false\` become \`true\`; an environment object loses
its \`NODE_TLS_REJECT_UNAUTHORIZED\` entry; a statement setting
\`process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'\` is removed; an accept-everything
\`checkServerIdentity\` is removed (restoring Node's host-name check); \`.disableTLSCerts()\` is
dropped from the chain. All are unsafe: connections to servers whose certificate does not
verify (self-signed, signed by a private CA, for another host name, expired) now fail. Give
such a client the CA with \`ca\` rather than turning verification off.

## References
- [Node.js: tls.connect() rejectUnauthorized](https://nodejs.org/api/tls.html#tlsconnectoptions-callback)
- [Node.js: NODE_TLS_REJECT_UNAUTHORIZED](https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue)
- [CWE-295: Improper Certificate Validation](https://cwe.mitre.org/data/definitions/295.html)
`,
});

/** `false`, `0`, `!1`. */
function isFalse(node: Node): boolean {
  return booleanValue(node) === false || numberValue(node) === 0;
}

/** `'0'` or `0`. */
function isZero(node: Node): boolean {
  return stringValue(node) === '0' || numberValue(node) === 0;
}

/** The property an assignment's target names: `x.rejectUnauthorized`, `env['NODE_TLS_REJECT_UNAUTHORIZED']`. */
function assignedProperty(left: Node): string | undefined {
  if (left.type === 'member_expression') return left.childForFieldName('property')?.text;
  if (left.type === 'subscript_expression') return stringValue(left.childForFieldName('index'));
  return undefined;
}

/** `process.env`, `process['env']`. */
function isEnv(node: Node | null): boolean {
  return !!node && unwrap(node).text.replace(/\[['"`]env['"`]\]$/, '.env') === 'process.env';
}

/** Options of a TLS server, or of a socket that asks for client certificates. */
function isServerOptions(object: Node, facts: FileFacts): boolean {
  if (object.type !== 'object') return false;
  if (property(object, 'requestCert') || booleanValue(propertyValueOf(object, 'isServer')) === true) return true;
  const call = object.parent?.type === 'arguments' ? object.parent.parent : null;
  const callee = call ? cachedCallName(call, facts) : undefined;
  return !!callee?.imported && SERVER_CALLS.has(callee.name);
}

function propertyValueOf(object: Node, name: string): Node | undefined {
  const found = property(object, name);
  return found?.type === 'pair' ? (found.childForFieldName('value') ?? undefined) : undefined;
}

/** `() => undefined`, `() => {}`, `function () {}`, `() => null`: an identity check that never fails. */
function acceptsAnyIdentity(value: Node): boolean {
  if (!isFunction(value)) return false;
  const body = unwrap(value).childForFieldName('body');
  if (!body) return false;
  if (body.type === 'statement_block') {
    const statements = body.namedChildren.filter((child) => child && child.type !== 'comment');
    if (statements.length === 0) return true;
    const only = statements.length === 1 ? statements[0]! : undefined;
    return only?.type === 'return_statement' && (!only.namedChildren[0] || isNothing(only.namedChildren[0]));
  }
  return isNothing(body);
}

function isNothing(node: Node): boolean {
  const inner = unwrap(node);
  return inner.type === 'undefined' || inner.type === 'null' || (inner.type === 'identifier' && inner.text === 'undefined');
}

/** An edit removing a statement and its line (with a trailing comment), or just the statement when its line holds more. */
function removeLine(statement: Node, text: string): Fix['edits'][number] {
  const start = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  let end = text.indexOf('\n', statement.endIndex);
  end = end < 0 ? text.length : end + 1;
  const before = text.slice(start, statement.startIndex);
  const after = text.slice(statement.endIndex, end);
  if (/^[ \t]*$/.test(before) && /^[ \t]*(\/\/.*)?\r?\n?$/.test(after)) return { start, end, newText: '' };
  return { start: statement.startIndex, end: statement.endIndex, newText: '' };
}
