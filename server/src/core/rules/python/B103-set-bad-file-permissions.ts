import type { FileFacts } from '../../facts';
import type { Node } from '../../parser';
import { argument, cachedCallName, expressionName, integerValue, positionalArguments } from '../../python/syntax';
import { defineRule } from '../../rule';
import { permissiveModeReport } from '../../file-modes';

/** The permission bits of the `stat` module (`stat.S_IWOTH`, …). */
const STAT_BITS: Readonly<Record<string, number>> = {
  S_ISUID: 0o4000, S_ISGID: 0o2000, S_ENFMT: 0o2000, S_ISVTX: 0o1000,
  S_IRWXU: 0o700, S_IRUSR: 0o400, S_IWUSR: 0o200, S_IXUSR: 0o100,
  S_IREAD: 0o400, S_IWRITE: 0o200, S_IEXEC: 0o100,
  S_IRWXG: 0o70, S_IRGRP: 0o40, S_IWGRP: 0o20, S_IXGRP: 0o10,
  S_IRWXO: 0o7, S_IROTH: 0o4, S_IWOTH: 0o2, S_IXOTH: 0o1,
};

const OS_CHMOD = new Set(['os.chmod', 'os.lchmod', 'os.fchmod']);

export const setBadFilePermissions = defineRule({
  meta: {
    id: 'B103',
    name: 'set_bad_file_permissions',
    title: 'Permissive file permissions set with chmod',
    severity: 'medium',
    confidence: 'high',
    cwe: 732,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['chmod'],
  trackedFactories: ['pathlib.Path', 'pathlib.PosixPath', 'pathlib.WindowsPath'],
  check(call, ctx) {
    const callee = cachedCallName(call, ctx.facts);
    // The resolved name: `from os import chmod as set_mode` is still chmod.
    if (!callee?.name.split('.').at(-1)!.includes('chmod')) return undefined;
    const mode = modeArgument(call, ctx.facts);
    if (!mode) return undefined;
    const value = modeValue(mode, ctx.facts);
    return value === undefined ? undefined : permissiveModeReport(mode, value);
  },
  docs: `
## What it does
Reports \`chmod\` calls (\`os.chmod\`, \`os.fchmod\`, \`os.lchmod\`, \`Path.chmod\`, and any
\`x.chmod(path, mode)\`) whose mode lets the group or others write or execute the file.

## Why is this bad?
A file that others may write can be replaced or altered by any local user: a config file,
a script run by root, a key. Group- or world-executable permissions on files that should not
run widen the same surface (CWE-732). Severity is **high** when anyone may write the file,
**medium** otherwise.

## Example
\`\`\`python
import os
os.chmod("/etc/app/config.yaml", 0o777)
\`\`\`

## Use instead
\`\`\`python
import os
os.chmod("/etc/app/config.yaml", 0o600)
\`\`\`

## Beyond Bandit
Vigil reads the mode from \`mode=\` as well as by position, resolves \`stat\` constants
through imports (\`from stat import S_IWOTH\`) and \`|\` combinations, and knows
\`pathlib.Path.chmod(mode)\`. Like Bandit it also checks any \`x.chmod(path, mode)\` with two
positional arguments (SFTP clients and the like). A mode that only adds group/other
*execute* (\`0o755\`, the normal mode of scripts and directories) is reported with
**medium** instead of high confidence. The finding is on the mode.

## Fix safety
No fix: the right mode depends on who must read and run the file.

## References
- [os.chmod](https://docs.python.org/3/library/os.html#os.chmod)
- [stat — permission bits](https://docs.python.org/3/library/stat.html#stat.S_IRWXU)
- [CWE-732: Incorrect Permission Assignment for Critical Resource](https://cwe.mitre.org/data/definitions/732.html)
`,
});

function modeArgument(call: Node, facts: FileFacts): Node | undefined {
  const callee = cachedCallName(call, facts);
  if (callee?.imported && OS_CHMOD.has(callee.name)) return argument(call, 1, 'mode');
  if (callee?.imported && /^pathlib\.\w*Path\(\)\.l?chmod$/.test(callee.name)) return argument(call, 0, 'mode');
  const positional = positionalArguments(call);
  return positional.length === 2 ? positional[1] : undefined;
}

/** An integer, a `stat` constant, or `|` of those; undefined for anything else. */
function modeValue(node: Node, facts: FileFacts): number | undefined {
  const literal = integerValue(node);
  if (literal !== undefined) return literal;
  if (node.type === 'parenthesized_expression' && node.namedChildCount === 1) return modeValue(node.namedChildren[0]!, facts);
  if (node.type === 'binary_operator' && node.childForFieldName('operator')?.type === '|') {
    const left = modeValue(node.childForFieldName('left')!, facts);
    const right = modeValue(node.childForFieldName('right')!, facts);
    return left === undefined || right === undefined ? undefined : left | right;
  }
  const name = expressionName(node, facts);
  if (name?.imported && name.name.startsWith('stat.')) return STAT_BITS[name.name.slice('stat.'.length)];
  return undefined;
}
