import { mentions, nameWords, stringValue, valueDestination } from '../../javascript/syntax';
import { defineRule } from '../../rule';
import { twinMeta } from '../python/index';

interface State {
  address: string;
}

/** Words that make a name a listening address: `host`, `HOST`, `bindAddress`, `listen_addr`, `server.hostname`. */
const ADDRESS_WORDS = new Set(['host', 'hostname', 'bind', 'address', 'addr', 'listen', 'interface', 'iface']);

/** Words one of which a file must contain for this rule to find anything. */
const TRIGGERS = ['0.0.0.0', "'::'", '"::"'];

export const jsHardcodedBindAllInterfaces = defineRule<State>({
  meta: twinMeta('B104'),
  family: 'javascript',
  nodeTypes: ['string'],
  triggers: TRIGGERS,
  check(string, ctx) {
    if (!mentions(ctx, TRIGGERS)) return undefined;
    // Cheap test first: this runs on every string of the file.
    const length = string.text.length;
    if (length !== 9 && length !== 4) return undefined;
    const address = stringValue(string);
    if (address !== '0.0.0.0' && address !== '::') return undefined;
    const destination = valueDestination(string, ctx.facts);
    if (!destination || !nameWords(destination.name).some((word) => ADDRESS_WORDS.has(word))) return undefined;
    const label = address === '::' ? 'the IPv6 wildcard ::' : '0.0.0.0';
    return { node: string, message: `Possible binding to all interfaces (${label}): the server is reachable from every network the machine is on.`, state: { address } };
  },
  fix(report) {
    const string = report.node;
    const loopback = report.state!.address === '::' ? '::1' : '127.0.0.1';
    return [
      {
        title: `Bind to the loopback address ${loopback}`,
        applicability: 'unsafe',
        caveat: 'Only this machine can connect afterwards: other hosts, containers and port mappings (docker run -p) lose access.',
        edits: [{ start: string.firstChild!.endIndex, end: string.lastChild!.startIndex, newText: loopback }],
      },
    ];
  },
  docs: `
## What it does
Reports \`'0.0.0.0'\` and \`'::'\` used as a listening address: passed to a \`listen\` or \`bind\`
call (\`server.listen(3000, '0.0.0.0')\`, \`socket.bind(port, '::')\`), set as a property, variable
or setting whose name says host or address (\`{ host: '0.0.0.0' }\`, \`const HOST =
process.env.HOST ?? '0.0.0.0'\`, \`app.set('host', '0.0.0.0')\`), including through \`||\`, \`??\`
and \`? :\`.

## Why is this bad?
A server bound to every interface is reachable from every network the machine is on, not
only the one it was meant for: a debug server, an admin port or an internal API ends up
exposed to the LAN, a VPN or the internet (CWE-605).

## Example
\`\`\`ts
import express from 'express';
const app = express();
app.listen(3000, '0.0.0.0');
\`\`\`

## Use instead
\`\`\`ts
app.listen(3000, '127.0.0.1');
// Or make the address configuration, not code:
app.listen(3000, process.env.HOST ?? '127.0.0.1');
\`\`\`

## Beyond Bandit
Bandit's B104 reports every \`"0.0.0.0"\` string in Python; this is its TS/JS twin, so
\`// nosec B104\` means the same in both languages. In TS/JS Vigil reports only strings used as
a listening address (above): a comparison (\`host === '0.0.0.0'\`), a log message or an
allow-list entry is not. A client's \`host: '0.0.0.0'\` (which connects locally) is reported
too, as the name cannot tell the two apart. \`listen(port)\` without a host binds every
interface as well (Node's default) but is not reported: it is what most servers mean, and
Bandit does not report it either. Inside a container, binding every interface is
usually intended: suppress it there with \`// nosec B104 - container entry point\`.

## Fix safety
The fix replaces the address with the loopback address (\`127.0.0.1\`, or \`::1\` for \`::\`),
keeping the quotes. It is unsafe: only the machine itself can connect afterwards, so other
hosts, containers and published ports (\`docker run -p\`) lose access.

## References
- [Node.js: server.listen()](https://nodejs.org/api/net.html#serverlistenport-host-backlog-callback)
- [CWE-605: Multiple Binds to the Same Port](https://cwe.mitre.org/data/definitions/605.html)
`,
});
