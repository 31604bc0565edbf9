import type { Node } from '../../parser';
import { lastName, stringValue } from '../../python/syntax';
import { defineRule } from '../../rule';

interface State {
  address: string;
}

export const hardcodedBindAllInterfaces = defineRule<State>({
  meta: {
    id: 'B104',
    name: 'hardcoded_bind_all_interfaces',
    title: 'Binding to all network interfaces',
    severity: 'medium',
    confidence: 'medium',
    cwe: 605,
  },
  family: 'python',
  nodeTypes: ['string'],
  triggers: ['0.0.0.0', 'bind', 'host'],
  check(string) {
    // Cheap test first: this runs on every string of the file.
    const text = string.text;
    if (!text.includes('0.0.0.0') && text.length > 8) return undefined;
    if (string.parent?.type === 'concatenated_string') return undefined;
    const value = stringValue(string);
    if (value === '0.0.0.0') {
      // `host == "0.0.0.0"` reads an address, it does not bind to one.
      if (isCompared(string)) return undefined;
      return { node: string, message: 'Possible binding to all interfaces (0.0.0.0).', state: { address: value } };
    }
    if ((value === '' || value === '::') && isBindAddress(string)) {
      const label = value === '' ? 'an empty host, which means every interface' : 'the IPv6 wildcard ::';
      return { node: string, message: `Possible binding to all interfaces: ${label}.`, state: { address: value } };
    }
    return undefined;
  },
  fix(report) {
    const string = report.node;
    const start = string.firstChild!;
    const end = string.lastChild!;
    const loopback = report.state!.address === '::' ? '::1' : '127.0.0.1';
    return [
      {
        title: `Bind to the loopback address ${loopback}`,
        applicability: 'unsafe',
        caveat: 'Only this machine can connect afterwards: other hosts, containers and port mappings lose access.',
        edits: [{ start: start.endIndex, end: end.startIndex, newText: loopback }],
      },
    ];
  },
  docs: `
## What it does
Reports the string \`"0.0.0.0"\` (Bandit's check), and a host of \`""\` or \`"::"\` given to a
\`bind\` call or a \`host=\` argument: all mean "every network interface".

## Why is this bad?
A service bound to every interface is reachable from every network the machine is on, not
only the one it was meant for: a debug server, an admin port or an internal API ends up
exposed to the LAN, a VPN or the internet (CWE-605).

## Example
\`\`\`python
import socket
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(("0.0.0.0", 8080))
\`\`\`

## Use instead
\`\`\`python
import os
import socket
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind((os.environ.get("BIND_HOST", "127.0.0.1"), 8080))
\`\`\`

## Beyond Bandit
Bandit reports every \`"0.0.0.0"\` string. Vigil does not report one that is compared
(\`if host == "0.0.0.0":\`), which reads an address rather than binding to it. Like Bandit
1.9.5 it reports \`bind(("", port))\`; it also reports \`"::"\` and \`""\` passed as a
\`bind\` address or a \`host=\` argument. The finding is on the string.

## Fix safety
"Bind to the loopback address" replaces the address with \`127.0.0.1\` (\`::1\` for \`::\`).
It is **unsafe**: it changes who can connect. Services in containers or reached through a
port mapping or another host stop being reachable; for those, read the address from
configuration instead.

## References
- [socket.bind](https://docs.python.org/3/library/socket.html#socket.socket.bind)
- [Bandit B104](https://bandit.readthedocs.io/en/latest/plugins/b104_hardcoded_bind_all_interfaces.html)
- [CWE-605: Multiple Binds to the Same Port](https://cwe.mitre.org/data/definitions/605.html)
`,
});

function isCompared(string: Node): boolean {
  let node: Node = string;
  while (node.parent && ['tuple', 'list', 'set', 'parenthesized_expression'].includes(node.parent.type)) node = node.parent;
  return node.parent?.type === 'comparison_operator';
}

/** `x.bind(("", port))` (the host of the address tuple) or `host=""`. */
function isBindAddress(string: Node): boolean {
  const parent = string.parent;
  if (parent?.type === 'keyword_argument') return parent.childForFieldName('name')?.text === 'host' && parent.childForFieldName('value')?.equals(string) === true;
  if (parent?.type !== 'tuple' || parent.namedChildren[0]?.equals(string) !== true) return false;
  const args = parent.parent;
  const call = args?.type === 'argument_list' ? args.parent : undefined;
  const callee = call?.childForFieldName('function');
  return !!callee && lastName(callee) === 'bind' && args!.namedChildren[0]?.equals(parent) === true;
}
