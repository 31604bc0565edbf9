import type { FileFacts } from '../../facts';
import { callArguments, callName, calleeOf, qualifiedName, stringValue, unwrap } from '../../javascript/syntax';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';
import { twinMeta } from '../python/index';
import { permissiveModeReport } from '../../file-modes';

/** Node's permission bits (`fs.constants.S_IWOTH`, …). */
const MODE_BITS: Readonly<Record<string, number>> = {
  S_IRWXU: 0o700, S_IRUSR: 0o400, S_IWUSR: 0o200, S_IXUSR: 0o100,
  S_IRWXG: 0o70, S_IRGRP: 0o40, S_IWGRP: 0o20, S_IXGRP: 0o10,
  S_IRWXO: 0o7, S_IROTH: 0o4, S_IWOTH: 0o2, S_IXOTH: 0o1,
};

const FILE_MODULES = ['fs', 'fs/promises', 'fs.promises', 'fs-extra', 'graceful-fs'];
const CHMODS = new Set(['chmod', 'chmodSync', 'lchmod', 'lchmodSync', 'fchmod', 'fchmodSync']);

export const jsSetBadFilePermissions = defineRule<undefined>({
  meta: twinMeta('B103'),
  family: 'javascript',
  nodeTypes: ['call_expression'],
  triggers: ['chmod'],
  check(call, ctx) {
    const callee = calleeOf(call);
    const last = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : callee?.text;
    if (!CHMODS.has(last ?? '') && !(callee?.type === 'identifier' && ctx.facts.aliases.has(callee.text))) return undefined; // cheap first
    const name = callName(call, ctx.facts);
    // The resolved name too: `import { chmodSync as setMode } from 'fs'` is still chmod.
    const resolvedLast = name?.imported ? name.name.split('.').at(-1) : undefined;
    if (!CHMODS.has(last ?? '') && !CHMODS.has(resolvedLast ?? '')) return undefined;
    const mode = modeArgument(call, name?.imported ? name.name : undefined);
    if (!mode) return undefined;
    const value = modeValue(mode, ctx.facts);
    return value === undefined ? undefined : permissiveModeReport(mode, value);
  },
  docs: `
## What it does
Reports \`chmod\` calls — \`fs.chmod\`, \`fs.chmodSync\`, \`fs.lchmod\`, \`fs.fchmod\` (and their
\`fs/promises\`, \`fs-extra\` and \`graceful-fs\` versions), a file handle's \`handle.chmod(mode)\`,
and any \`x.chmod(path, mode)\` such as an SFTP client's — whose mode lets the group or others
write or execute the file. Modes are read from numbers (\`0o777\`, legacy \`0777\`, \`511\`), octal
strings (\`'777'\`, \`'0o666'\`) and \`fs.constants\` bits combined with \`|\`.

## Why is this bad?
A file that others may write can be replaced or altered by any local user: a config file,
a script run by root, a key. Group- or world-executable permissions on files that should not
run widen the same surface (CWE-732). Severity is **high** when anyone may write the file,
**medium** otherwise.

## Example
\`\`\`ts
import fs from 'node:fs';
fs.chmodSync('/etc/app/config.json', 0o777);
\`\`\`

## Use instead
\`\`\`ts
import fs from 'node:fs';
fs.chmodSync('/etc/app/config.json', 0o600);
\`\`\`

## Beyond Bandit
Bandit checks Python's \`os.chmod\`; this is its TS/JS counterpart, with the same modes and
severities. Names resolve through imports, \`require\` and destructuring
(\`const { chmodSync: setMode } = require('fs')\`); shelljs's \`chmod(mode, file)\` is read too. A mode that only adds group/other *execute*
(\`0o755\`, the normal mode of scripts and directories) is reported with **medium** instead of
high confidence. Modes given to \`mkdir\`, \`open\` or \`writeFile\` are not reported: the process
umask still applies to them, while \`chmod\` sets the bits exactly. Modes computed at run time
or held in a variable are not followed. The finding is on the mode.

## Fix safety
No fix: the right mode depends on who must read and run the file.

## References
- [Node.js: fs.chmod and file modes](https://nodejs.org/api/fs.html#file-modes)
- [CWE-732: Incorrect Permission Assignment for Critical Resource](https://cwe.mitre.org/data/definitions/732.html)
`,
});

function modeArgument(call: Node, qualified: string | undefined): Node | undefined {
  const args = callArguments(call);
  const isFileModule = qualified !== undefined && FILE_MODULES.some((module) => qualified.startsWith(`${module}.`));
  if (isFileModule) return args[1];
  // shelljs: `chmod([options,] mode, file)`.
  if (qualified === 'shelljs.chmod') return args.find((arg) => !/^-/.test(stringValue(arg) ?? ''));
  // `handle.chmod(mode)` (a FileHandle) or `sftp.chmod(path, mode)`.
  if (args.length === 1) return args[0];
  return args.length === 2 || (args.length === 3 && unwrap(args[2]!).type.includes('function')) ? args[1] : undefined;
}

/** A number, an octal string, an `fs.constants` bit, or `|` of those; undefined for anything else. */
function modeValue(node: Node, facts: FileFacts): number | undefined {
  const inner = unwrap(node);
  if (inner.type === 'number') return numberValue(inner.text);
  if (inner.type === 'string') {
    const text = stringValue(inner);
    return text !== undefined && /^(?:0o?)?[0-7]{3,4}$/i.test(text) ? parseInt(text.replace(/^0o/i, ''), 8) : undefined;
  }
  if (inner.type === 'binary_expression' && inner.childForFieldName('operator')?.text === '|') {
    const left = modeValue(inner.childForFieldName('left')!, facts);
    const right = modeValue(inner.childForFieldName('right')!, facts);
    return left === undefined || right === undefined ? undefined : left | right;
  }
  if (inner.type === 'member_expression' || inner.type === 'identifier') {
    const name = qualifiedName(inner, facts);
    const constant = name?.imported ? /^(?:fs|fs\/promises|fs\.promises)\.constants\.(\w+)$/.exec(name.name)?.[1] : undefined;
    return constant === undefined ? undefined : MODE_BITS[constant];
  }
  return undefined;
}

/** `0o777`, legacy octal `0777`, `511`, `0x1ff`, `0b111` (with `_` separators). */
function numberValue(text: string): number | undefined {
  const clean = text.replace(/_/g, '');
  if (/^0[0-7]+$/.test(clean)) return parseInt(clean, 8);
  const value = Number(clean);
  return Number.isInteger(value) ? value : undefined;
}
