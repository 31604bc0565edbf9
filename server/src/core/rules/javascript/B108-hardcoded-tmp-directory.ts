import type { FileFacts } from '../../facts';
import {
  argumentsNode,
  callArguments,
  callName,
  ensureImports,
  literalPrefix,
  propertyName,
  replaceNode,
  stringValue,
  type ImportRequest,
} from '../../javascript/syntax';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';
import type { Fix } from '../../types';
import { twinMeta } from '../python/index';
import { mentionsTempDir, tempDirOf } from '../../temp-dirs';

/** Modules whose functions take paths: every string argument of theirs is one. */
const FILE_MODULES = ['fs', 'fs/promises', 'fs-extra', 'graceful-fs'];
/** Functions that create a fresh private directory under the prefix they are given: the right way. */
const FRESH_DIRECTORY = new Set(['mkdtemp', 'mkdtempSync']);
/** Calls that join path segments: a temp dir spliced in stays one more argument. */
const SEGMENT_CALLS = new Set(['path.join', 'path.resolve', 'path.posix.join', 'path.posix.resolve', 'path/posix.join', 'path/posix.resolve']);

/** Words that make a variable, parameter or property name a path (`outputDir`, `LOG_FILE`, `cache_path`). */
const PATH_WORDS = new Set(['dir', 'dirs', 'directory', 'path', 'paths', 'file', 'files', 'filename', 'filepath', 'fname', 'folder', 'root', 'cache',
  'output', 'out', 'dest', 'destination', 'location', 'tmp', 'temp', 'tmpdir', 'tempdir', 'workdir', 'logdir', 'outdir', 'savedir', 'cachedir', 'logfile', 'outfile']);
/** Of those, the ones that name a directory: where a fresh `mkdtempSync()` directory fits. */
const DIRECTORY_WORDS = new Set(['dir', 'dirs', 'directory', 'folder', 'tmpdir', 'tempdir', 'workdir', 'logdir', 'outdir', 'savedir', 'cachedir']);

const CAVEAT =
  'os.tmpdir() honours $TMPDIR (and is usually /tmp, not /var/tmp or /dev/shm; on macOS and Windows it is a per-user directory), ' +
  'so other programs that expect this exact path will not find it. The name stays predictable: for files only this program uses, ' +
  "prefer a fresh directory from fs.mkdtemp(path.join(os.tmpdir(), 'app-')).";

interface State {
  /** The temp directory the string starts with, as configured. */
  dir: string;
}

export const jsHardcodedTmpDirectory = defineRule<State>({
  meta: twinMeta('B108'),
  family: 'javascript',
  nodeTypes: ['string', 'template_string'],
  // The temp directories are configurable: any absolute path may be one.
  triggers: ['/', '\\'],
  check(node, ctx) {
    if (!mentionsTempDir(node.text, ctx.options.tmpDirs)) return undefined; // most strings are not paths
    if (node.parent?.type === 'jsx_attribute') return undefined;
    const text = literalPrefix(node);
    if (!text?.startsWith('/')) return undefined;
    const complete = stringValue(node);
    const dir = tempDirOf(text, ctx.options.tmpDirs);
    // `/tmp${suffix}` may be "/tmpfoo": only a whole segment counts.
    if (!dir || (complete === undefined && text === dir)) return undefined;
    if (!isPathUse(pathExpression(node), ctx.facts)) return undefined;
    return {
      node,
      message: `Probable insecure use of the shared temp directory ${dir}: another user can predict, pre-create or replace a fixed name there. Use os.tmpdir() or fs.mkdtemp().`,
      state: { dir },
    };
  },
  fix(report, ctx) {
    const literal = report.node;
    const text = literalPrefix(literal)!;
    const dir = report.state!.dir;
    let cut = dir.length;
    while (text[cut] === '/') cut++;
    // The literal without its temp-dir prefix, in its own quotes: `'/tmp/a.txt'` → `'a.txt'`.
    const restLiteral = literal.text[0]! + literal.text.slice(1 + cut);
    const complete = stringValue(literal);
    const onlyDir = complete !== undefined && cut === text.length;
    const expression = pathExpression(literal);
    const requests: ImportRequest[] = [{ module: 'os', member: 'tmpdir' }];
    const importsFor = (extra: ImportRequest[]) => ensureImports(ctx.root, ctx.text, ctx.facts, literal, [...requests, ...extra], ctx.options.path);

    let fix: Fix;
    if (onlyDir && (expression.id === literal.id || cut === dir.length)) {
      const plan = importsFor([]);
      fix = fixWith(replaceNode(literal, `${plan.references[0]}()`), plan.edits);
    } else {
      const left = expression.childForFieldName('left');
      const inner =
        onlyDir && isConcatenation(expression) && left?.id === literal.id
          ? expression.childForFieldName('right')!.text // '/tmp/' + name → name
          : ctx.text.slice(expression.startIndex, literal.startIndex) + restLiteral + ctx.text.slice(literal.endIndex, expression.endIndex);
      if (isFirstSegment(expression, ctx.facts)) {
        const plan = importsFor([]);
        fix = fixWith(replaceNode(expression, `${plan.references[0]}(), ${inner}`), plan.edits);
      } else {
        const plan = importsFor([{ module: 'path', member: 'join' }]);
        fix = fixWith(replaceNode(expression, `${plan.references[1]}(${plan.references[0]}(), ${inner})`), plan.edits);
      }
    }
    const fixes = [fix];

    // A directory-named variable set to a fixed temp path: the intent is often a fresh directory.
    const name = variableName(expression);
    if (!onlyDir && complete !== undefined && expression.id === literal.id && name && nameWords(name).some((word) => DIRECTORY_WORDS.has(word))) {
      const base = complete.slice(cut).split('/').filter(Boolean).at(-1) ?? '';
      const prefix = /^[\w.-]+$/.test(base) ? `${base}-` : 'tmp-';
      const plan = importsFor([{ module: 'path', member: 'join' }, { module: 'fs', member: 'mkdtempSync' }]);
      const [tmpdir, join, mkdtemp] = plan.references;
      const quote = literal.text[0] === '`' ? "'" : literal.text[0]!;
      fixes.push({
        title: 'Create a fresh private directory with fs.mkdtempSync()',
        applicability: 'unsafe',
        edits: [replaceNode(literal, `${mkdtemp}(${join}(${tmpdir}(), ${quote}${prefix}${quote}))`), ...plan.edits],
        caveat:
          'mkdtempSync() creates a new directory (mode 0700, random name) each time this line runs and never removes it; code that ' +
          'expects the same path on every run, or creates it without { recursive: true }, will behave differently.',
      });
    }
    return fixes;
  },
  docs: `
## What it does
Reports string and template literals that start with a shared temp directory (\`/tmp\`,
\`/var/tmp\`, \`/dev/shm\`; the \`vigil.tmpDirs\` setting, Bandit's
\`hardcoded_tmp_directory.tmp_dirs\`) where they are used as paths: passed to a function of
\`fs\`, \`fs/promises\`, \`fs-extra\` or \`graceful-fs\` (however imported or required), as the first
segment of \`path.join\`/\`path.resolve\`, as the value of a property whose name says path
(\`{ dest: '/tmp/uploads' }\`, \`{ cacheDir: … }\`), or assigned to such a variable or parameter
(\`const OUTPUT_DIR = '/tmp/out'\`). \`'/tmp/' + name\` and \`\` \`/tmp/\${name}\` \`\` count.

## Why is this bad?
Every user and process on the machine can write to these directories. A fixed name in them can
be created first by someone else — as a symlink to a file you own, or with contents they
control — or read while you write it: symlink attacks, data tampering and leaks (CWE-377).

## Example
\`\`\`ts
import fs from 'node:fs';
fs.writeFileSync('/tmp/report.json', data);
\`\`\`

## Use instead
\`\`\`ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
fs.writeFileSync(path.join(dir, 'report.json'), data);
\`\`\`
or, where the file must be found by name, at least respect \`$TMPDIR\`:
\`\`\`ts
fs.writeFileSync(path.join(os.tmpdir(), 'report.json'), data);
\`\`\`

## Beyond Bandit
Bandit checks Python only, and there reports every string starting with a temp directory. In
TS/JS Vigil reports only strings used as paths (above), never the prefix given to
\`fs.mkdtemp\`/\`mkdtempSync\` (which create a fresh private directory), and only whole path
segments (\`'/tmpfiles'\` is not \`/tmp\`). It misses paths built in ways it does not follow: a
constant assigned to a name that does not say path, a string passed to a function it does not
know, or one held in an array.

## Fix safety
"Build the path from os.tmpdir()" rewrites \`'/tmp/rest'\` to \`path.join(os.tmpdir(), 'rest')\`
(spliced into \`path.join\`/\`path.resolve\` calls, and \`'/tmp'\` alone to \`os.tmpdir()\`), reusing
the file's imports of \`os\` and \`path\` or adding them the way the file imports modules (ESM
\`import\` or CommonJS \`require\`, with its quotes and semicolons). It is unsafe: \`os.tmpdir()\`
follows \`$TMPDIR\` and is a per-user directory on macOS and Windows, so a file other programs
look for at the old path moves. It also keeps the name predictable; for files only this program
uses, prefer a directory from \`fs.mkdtemp\`. For a variable named as a directory
(\`const workDir = '/tmp/work'\`) a second fix,
\`fs.mkdtempSync(path.join(os.tmpdir(), 'work-'))\`, creates a fresh private directory instead; it
is unsafe too: the directory is new on every run and never removed.

## References
- [Node.js: os.tmpdir()](https://nodejs.org/api/os.html#ostmpdir)
- [Node.js: fs.mkdtemp()](https://nodejs.org/api/fs.html#fsmkdtempprefix-options-callback)
- [CWE-377: Insecure Temporary File](https://cwe.mitre.org/data/definitions/377.html)
`,
});

function fixWith(edit: Fix['edits'][number], importEdits: Fix['edits']): Fix {
  return { title: 'Build the path from os.tmpdir()', applicability: 'unsafe', edits: [edit, ...importEdits], caveat: CAVEAT };
}

function isConcatenation(node: Node): boolean {
  return node.type === 'binary_expression' && node.childForFieldName('operator')?.text === '+';
}

/** The expression a literal builds a path in: `'/tmp/' + name` (left operand), parentheses. */
function pathExpression(literal: Node): Node {
  let expression = literal;
  for (let parent = expression.parent; parent; parent = expression.parent) {
    const isLeftOperand = isConcatenation(parent) && parent.childForFieldName('left')?.id === expression.id;
    if (parent.type === 'parenthesized_expression' || isLeftOperand) expression = parent;
    else break;
  }
  return expression;
}

/** Whether an expression is used as a path: an argument of a file API, or a path-named property, variable or parameter. */
function isPathUse(expression: Node, facts: FileFacts): boolean {
  const parent = expression.parent;
  if (!parent) return false;
  if (parent.type === 'arguments') {
    const call = parent.parent;
    const callee = call ? callName(call, facts) : undefined;
    if (!callee?.imported) return false;
    if (SEGMENT_CALLS.has(callee.name)) return callArguments(call!)[0]?.id === expression.id;
    const module = FILE_MODULES.find((candidate) => callee.name.startsWith(`${candidate}.`));
    return module !== undefined && !FRESH_DIRECTORY.has(callee.name.split('.').at(-1)!);
  }
  const name = variableName(expression) ?? (parent.type === 'pair' && parent.childForFieldName('value')?.id === expression.id ? propertyName(parent) : undefined);
  return name !== undefined && nameWords(name).some((word) => PATH_WORDS.has(word));
}

/** The first argument of `path.join(…)`/`path.resolve(…)`. */
function isFirstSegment(expression: Node, facts: FileFacts): boolean {
  const parent = expression.parent;
  if (parent?.type !== 'arguments' || !parent.parent) return false;
  const callee = callName(parent.parent, facts);
  return !!callee?.imported && SEGMENT_CALLS.has(callee.name) && callArguments(parent.parent)[0]?.id === expression.id && argumentsNode(parent.parent)?.id === parent.id;
}

/** The name a value is bound to: `const name = value`, `name = value`, `obj.name = value`, a parameter default `name = value`. */
function variableName(value: Node): string | undefined {
  const parent = value.parent;
  if (!parent) return undefined;
  const is = (field: string) => parent.childForFieldName(field)?.id === value.id;
  let target: Node | null = null;
  if (parent.type === 'variable_declarator' && is('value')) target = parent.childForFieldName('name');
  else if (parent.type === 'assignment_expression' && is('right')) target = parent.childForFieldName('left');
  else if ((parent.type === 'required_parameter' || parent.type === 'optional_parameter') && is('value')) target = parent.childForFieldName('pattern');
  else if (parent.type === 'assignment_pattern' && is('right')) target = parent.childForFieldName('left');
  else if ((parent.type === 'public_field_definition' || parent.type === 'field_definition') && is('value')) target = parent.childForFieldName('name') ?? parent.childForFieldName('property');
  if (!target) return undefined;
  if (target.type === 'identifier' || target.type === 'property_identifier') return target.text;
  if (target.type === 'member_expression') return target.childForFieldName('property')?.text;
  return undefined;
}

function nameWords(name: string): string[] {
  return name.split(/[_-]|(?<=[a-z0-9])(?=[A-Z])/).map((word) => word.toLowerCase());
}
