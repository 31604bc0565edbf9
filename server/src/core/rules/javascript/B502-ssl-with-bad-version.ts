import { mentions, property, propertyName, qualifiedName, quoteOf, quoteString, replaceNode, stringValue } from '../../javascript/syntax';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';
import type { TextEdit } from '../../types';
import { twinMeta } from '../python/index';

/** OpenSSL method names of protocol versions with known breaks (POODLE, BEAST, no AEAD ciphers). */
const OLD_METHOD = /^(SSLv2|SSLv3|TLSv1|TLSv1_1)(_client|_server)?_method$/;
const OLD_VERSIONS = new Set(['SSLv3', 'TLSv1', 'TLSv1.1']);

/** A property key this rule reads, at the start of a pair (a sticky pattern, tested at the pair's offset). */
const KEY = /['"\[]?(?:secureProtocol|minVersion|maxVersion)\b/y;

type Kind = 'method' | 'min' | 'max';

interface State {
  kind: Kind;
  /** The object literal holding the property, for `secureProtocol`. */
  object?: Node;
}

/** Words one of which a file must contain for this rule to find anything. */
const TRIGGERS = ['secureProtocol', 'minVersion', 'maxVersion', 'DEFAULT_MIN_VERSION', 'DEFAULT_MAX_VERSION'];

export const jsSslWithBadVersion = defineRule<State>({
  meta: twinMeta('B502'),
  family: 'javascript',
  nodeTypes: ['pair', 'assignment_expression'],
  triggers: TRIGGERS,
  check(node, ctx) {
    if (!mentions(ctx, TRIGGERS)) return undefined;
    if (node.type === 'assignment_expression') {
      if (!/DEFAULT_M(?:IN|AX)_VERSION\s*=[^=]/.test(ctx.text.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 80)))) return undefined;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) return undefined;
      const target = qualifiedName(left, ctx.facts);
      const version = stringValue(right);
      if (!target?.imported || version === undefined || !OLD_VERSIONS.has(version)) return undefined;
      if (target.name === 'tls.DEFAULT_MIN_VERSION') return { node: right, message: `tls.DEFAULT_MIN_VERSION = '${version}' lets every TLS connection of the process fall back to a broken protocol version.`, state: { kind: 'min' } };
      if (target.name === 'tls.DEFAULT_MAX_VERSION') return { node: right, message: `tls.DEFAULT_MAX_VERSION = '${version}' caps every TLS connection of the process at a broken protocol version.`, state: { kind: 'max' } };
      return undefined;
    }
    // A cheap text test first: this runs on every property of the file.
    KEY.lastIndex = node.startIndex;
    if (!KEY.test(ctx.text)) return undefined;
    const value = node.childForFieldName('value');
    const version = stringValue(value);
    if (!value || version === undefined) return undefined;
    const name = propertyName(node);
    if (name === 'secureProtocol' && OLD_METHOD.test(version)) {
      return { node: value, message: `secureProtocol '${version}' pins a broken protocol version (${version.replace(/_(client_|server_)?method$/, '').replace('_', '.')}). Use minVersion: 'TLSv1.2'.`, state: { kind: 'method', object: node.parent! } };
    }
    if (name === 'minVersion' && OLD_VERSIONS.has(version)) {
      return { node: value, message: `minVersion '${version}' lets the connection fall back to a broken protocol version. Use 'TLSv1.2' or later.`, state: { kind: 'min' } };
    }
    if (name === 'maxVersion' && OLD_VERSIONS.has(version)) {
      return { node: value, message: `maxVersion '${version}' caps the connection at a broken protocol version.`, state: { kind: 'max' } };
    }
    return undefined;
  },
  fix(report) {
    const { kind, object } = report.state!;
    const literal = report.node;
    const quote = quoteOf(literal) === '"' ? '"' : "'";
    let edit: TextEdit;
    let title: string;
    if (kind === 'method') {
      // Node refuses secureProtocol together with minVersion/maxVersion: only replace it when alone.
      if (!object || object.type !== 'object' || property(object, 'minVersion') || property(object, 'maxVersion')) return [];
      edit = replaceNode(literal.parent!, `minVersion: ${quoteString('TLSv1.2', quote)}`);
      title = "Require TLS 1.2 or later (minVersion: 'TLSv1.2')";
    } else {
      const version = kind === 'min' ? 'TLSv1.2' : 'TLSv1.3';
      edit = replaceNode(literal, quoteString(version, quote));
      title = kind === 'min' ? "Require TLS 1.2 or later ('TLSv1.2')" : "Allow up to TLS 1.3 ('TLSv1.3')";
    }
    return [
      {
        title,
        applicability: 'unsafe',
        edits: [edit],
        caveat: 'Peers that only speak SSL 3, TLS 1.0 or TLS 1.1 (old devices, old Java or Windows versions) can no longer connect.',
      },
    ];
  },
  docs: `
## What it does
Reports TLS options that allow or pin a broken protocol version: \`secureProtocol\` set to an
\`SSLv2\`, \`SSLv3\`, \`TLSv1\` or \`TLSv1_1\` method (\`'TLSv1_method'\`, \`'TLSv1_1_client_method'\`),
\`minVersion\` or \`maxVersion\` set to \`'SSLv3'\`, \`'TLSv1'\` or \`'TLSv1.1'\` (in \`tls.connect\`,
\`https.request\`, \`https.Agent\`, \`tls.createSecureContext\`, servers, database drivers' \`ssl\`
options), and \`tls.DEFAULT_MIN_VERSION\`/\`DEFAULT_MAX_VERSION\` assigned one of them.

## Why is this bad?
SSL 3.0, TLS 1.0 and TLS 1.1 are deprecated (RFC 8996): they rely on MD5/SHA-1 and CBC
constructions with practical attacks (POODLE, BEAST) and lack modern AEAD ciphers. Allowing
them lets an attacker on the path downgrade the connection; pinning them makes every
connection weak (CWE-327).

## Example
\`\`\`ts
import tls from 'node:tls';
const socket = tls.connect({ host, port: 443, secureProtocol: 'TLSv1_method' });
\`\`\`

## Use instead
\`\`\`ts
import tls from 'node:tls';
const socket = tls.connect({ host, port: 443, minVersion: 'TLSv1.2' });
\`\`\`

## Beyond Bandit
Bandit's B502 covers Python's \`ssl\` and pyOpenSSL protocol constants; this is its TS/JS
twin, so \`// nosec B502\` means the same in both languages. \`'SSLv23_method'\` (which
negotiates the best version both sides support) and Node's defaults are not reported. Versions
built at run time, and options built in another statement, are not followed.

## Fix safety
\`minVersion\` and \`tls.DEFAULT_MIN_VERSION\` become \`'TLSv1.2'\`; \`maxVersion\` and
\`tls.DEFAULT_MAX_VERSION\` become \`'TLSv1.3'\`; \`secureProtocol: 'TLSv1_method'\` becomes
\`minVersion: 'TLSv1.2'\` (only when the object sets no \`minVersion\`/\`maxVersion\`, which Node
refuses next to \`secureProtocol\`). Unsafe: peers that only speak the old versions (old
embedded devices, Java 6, Windows XP) can no longer connect.

## References
- [Node.js: tls.createSecureContext() minVersion](https://nodejs.org/api/tls.html#tlscreatesecurecontextoptions)
- [RFC 8996: Deprecating TLS 1.0 and TLS 1.1](https://www.rfc-editor.org/rfc/rfc8996)
- [CWE-327: Use of a Broken or Risky Cryptographic Algorithm](https://cwe.mitre.org/data/definitions/327.html)
`,
});
