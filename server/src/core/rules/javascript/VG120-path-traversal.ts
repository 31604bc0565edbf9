import type { FileFacts } from '../../facts';
import { callArguments, callName, calleeOf, ensureImports, hasSpreadArgument, objectLiteral, property, qualifiedName, replaceNode, unwrap } from '../../javascript/syntax';
import { dottedName, mayHoldRequestData, taintedPart } from '../../javascript/values';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';

/** Modules whose functions take file paths. */
const FILE_MODULES = ['fs', 'fs/promises', 'fs.promises', 'fs-extra', 'graceful-fs', 'fs-extra/esm'];
/** Functions whose second argument is a path too (a destination). */
const TWO_PATHS = new Set(['copyFile', 'copyFileSync', 'cp', 'cpSync', 'rename', 'renameSync', 'link', 'linkSync', 'symlink', 'symlinkSync', 'copy', 'copySync', 'move', 'moveSync', 'createSymlink', 'ensureSymlink', 'ensureLink']);
/** Calls that join path segments: a segment given to them is the place to take a base name. */
const JOINS = /^(?:path(?:\/posix|\/win32)?|path\.(?:posix|win32))\.(?:join|resolve)$/;
/** Express response methods that send a file from a path. */
const SEND_FILE = new Set(['sendFile', 'download']);

interface State {
  /** The request data, when it is one segment of a `path.join`/`path.resolve` (the fix takes its base name). */
  segment: Node | undefined;
}

export const jsPathTraversal = defineRule<State>({
  meta: {
    id: 'VG120',
    name: 'path_traversal',
    title: 'HTTP request data used as a file path',
    severity: 'high',
    confidence: 'medium',
    cwe: 22,
  },
  family: 'javascript',
  nodeTypes: ['call_expression'],
  // Request data must be in the statement: `req.`, `request.`, `ctx.`.
  triggers: ['req', 'request', 'ctx', 'context'],
  check(call, ctx) {
    if (!mayHoldRequestData(ctx)) return undefined;
    const callee = calleeOf(call);
    if (!callee || hasSpreadArgument(call)) return undefined;
    const sink = sinkOf(call, callee, ctx.facts);
    if (!sink) return undefined;
    const args = callArguments(call);
    for (const index of sink.pathArguments) {
      const arg = args[index];
      const tainted = arg && taintedPart(arg, ctx.facts);
      if (!tainted || tainted.origin !== 'request') continue;
      return {
        node: tainted.node,
        message: `${tainted.node.text} from the HTTP request reaches the path of ${sink.name}: '../' in it (or an absolute path) reaches files outside the intended directory.`,
        state: { segment: joinSegment(tainted.node, arg, ctx.facts) },
      };
    }
    return undefined;
  },
  fix(report, ctx) {
    const segment = report.state?.segment;
    if (!segment) return [];
    const plan = ensureImports(ctx.root, ctx.text, ctx.facts, segment, [{ module: 'path', member: 'basename' }], ctx.options.path);
    return [
      {
        title: 'Keep only the base name (path.basename)',
        applicability: 'unsafe',
        edits: [replaceNode(segment, `${plan.references[0]}(String(${segment.text}))`), ...plan.edits],
        caveat: 'Names with directories in them (a/b.txt) now resolve to their last part (b.txt) in the base directory. If subdirectories are intended, resolve the path and check that it stays under the base directory instead.',
      },
    ];
  },
  docs: `
## What it does
Reports HTTP request data — \`req.params\`, \`req.query\`, \`req.body\`, \`req.url\`, \`req.path\`,
\`req.cookies\`, \`req.headers\` and their properties — that reaches the path of a file system call
within the same statement: directly, joined (\`path.join(dir, req.params.name)\`, \`path.resolve\`),
concatenated or in a template. File system calls are the functions of \`fs\`, \`fs/promises\`,
\`fs-extra\` and \`graceful-fs\` (first argument, and the destination of \`copyFile\`, \`rename\`,
\`symlink\`…), and Express's \`res.sendFile\`/\`res.download\` without a \`root\` option.

## Why is this bad?
\`path.join('/srv/files', '../../etc/passwd')\` is \`/etc/passwd\`: a name from the request can
climb out of the directory it is joined to, or be an absolute path, and read, overwrite or
delete any file the process may (CWE-22).

## Example
\`\`\`ts
import fs from 'node:fs';
import path from 'node:path';
app.get('/files/:name', (req, res) => {
  res.send(fs.readFileSync(path.join(FILES, req.params.name)));
});
\`\`\`

## Use instead
\`\`\`ts
import fs from 'node:fs';
import path from 'node:path';
app.get('/files/:name', (req, res) => {
  res.send(fs.readFileSync(path.join(FILES, path.basename(String(req.params.name)))));
});
\`\`\`
or resolve the path and check that it starts with the base directory plus \`path.sep\`;
\`res.sendFile(name, { root: FILES })\` refuses \`..\` itself.

## Beyond Bandit
Bandit has no such check. eslint-plugin-security's \`detect-non-literal-fs-filename\` reports
every file system call whose path is not a literal — almost all of them. Vigil reports only paths
that carry request data, and stops following the data at any function other than path joins,
string methods, \`String()\` and URI decoding (\`path.basename(…)\`, a lookup or a validator
ends it). Request objects are recognised by their conventional names (\`req\`, \`request\`,
\`ctx\`, \`ctx.request\`). The data must reach the call in the same statement: a path built in one
statement and used in the next (\`const p = path.join(dir, req.query.f); fs.readFile(p)\`) is not
followed, because Vigil reads one statement at a time to analyse as you type.

## Fix safety
When the request data is one segment of \`path.join\`/\`path.resolve\`, the fix wraps it in
\`path.basename(String(…))\` (adding the \`path\` import if needed). It is unsafe: a name with
directories in it (\`docs/a.txt\`) now means its last part (\`a.txt\`) in the base directory; when
subdirectories are intended, check the resolved path against the base instead.

## References
- [OWASP: Path Traversal](https://owasp.org/www-community/attacks/Path_Traversal)
- [Node.js: path.basename](https://nodejs.org/api/path.html#pathbasenamepath-suffix)
- [Express: res.sendFile (root option)](https://expressjs.com/en/api.html#res.sendFile)
- [CWE-22: Path Traversal](https://cwe.mitre.org/data/definitions/22.html)
`,
});

function sinkOf(call: Node, callee: Node, facts: FileFacts): { name: string; pathArguments: number[] } | undefined {
  const name = callName(call, facts);
  if (name?.imported) {
    const module = FILE_MODULES.find((candidate) => name.name.startsWith(`${candidate}.`) && !name.name.slice(candidate.length + 1).includes('.'));
    if (!module) return undefined;
    const fn = name.name.slice(module.length + 1);
    return { name: name.name, pathArguments: TWO_PATHS.has(fn) ? [0, 1] : [0] };
  }
  if (callee.type !== 'member_expression') return undefined;
  const method = callee.childForFieldName('property')?.text ?? '';
  if (!SEND_FILE.has(method)) return undefined;
  const receiver = dottedName(callee.childForFieldName('object')!);
  if (receiver !== 'res' && receiver !== 'response') return undefined;
  // `{ root }` makes `send` refuse paths that climb out of it.
  const options = objectLiteral(callArguments(call)[1]);
  if (options && property(options, 'root')) return undefined;
  if (callArguments(call)[1] && !options && method === 'sendFile') return undefined; // options built elsewhere may hold a root
  return { name: `res.${method}`, pathArguments: [0] };
}

/** The argument of a `path.join`/`path.resolve` inside the sink's argument that holds the tainted node, unless it is the base (first). */
function joinSegment(tainted: Node, argument: Node, facts: FileFacts): Node | undefined {
  for (let node: Node = tainted; node.id !== argument.id && node.parent; node = node.parent) {
    const args = node.parent.type === 'arguments' ? node.parent : undefined;
    const call = args?.parent;
    if (!args || call?.type !== 'call_expression') continue;
    const callee = calleeOf(call);
    const name = callee && qualifiedName(callee, facts);
    if (!name?.imported || !JOINS.test(name.name)) continue; // a pass-through such as decodeURIComponent
    return args.namedChildren[0]?.id === node.id ? undefined : unwrap(node);
  }
  return undefined;
}
