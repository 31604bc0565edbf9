import type { FileFacts } from '../../facts';
import type { Node } from '../../parser';
import {
  argumentSlot,
  assignedName,
  callName,
  dropLeadingStringText,
  ensureImport,
  leadingStringText,
  moduleLocalName,
  replaceNode,
  stringPrefix,
  stringValue,
} from '../../python/syntax';
import { defineRule } from '../../rule';
import type { Fix, TextEdit } from '../../types';
import { mentionsTempDir, tempDirOf } from '../../temp-dirs';

type PathParameters = readonly (number | string)[];

/** File APIs (qualified names) → which of their parameters are paths, by position and by keyword. */
const PATH_PARAMETERS = new Map<string, PathParameters>(
  (
    [
      [[0, 'file'], ['open', 'builtins.open', 'io.open', 'numpy.save', 'numpy.savez', 'numpy.savez_compressed', 'numpy.load', 'numpy.fromfile', 'zipfile.ZipFile']],
      [[0, 'filename'], ['codecs.open', 'gzip.open', 'bz2.open', 'lzma.open', 'numpy.memmap', 'joblib.load', 'cv2.imread', 'cv2.imwrite', 'logging.FileHandler',
        'logging.handlers.RotatingFileHandler', 'logging.handlers.TimedRotatingFileHandler', 'logging.handlers.WatchedFileHandler']],
      [[0, 'path'], ['os.open', 'os.mkdir', 'os.remove', 'os.unlink', 'os.rmdir', 'os.chmod', 'os.chown', 'os.listdir', 'os.scandir', 'os.stat', 'os.lstat',
        'os.mkfifo', 'os.chdir', 'os.truncate', 'os.utime', 'os.access', 'os.path.exists', 'os.path.lexists', 'os.path.isfile', 'os.path.isdir',
        'os.path.islink', 'os.path.getsize', 'os.path.getmtime', 'os.path.abspath', 'os.path.realpath', 'shutil.rmtree', 'shutil.disk_usage',
        'pandas.read_parquet', 'pandas.read_feather']],
      [[0, 'name'], ['os.makedirs', 'os.removedirs', 'tarfile.open', 'h5py.File']],
      [[0, 'src', 1, 'dst'], ['os.rename', 'os.replace', 'os.symlink', 'os.link', 'shutil.copy', 'shutil.copy2', 'shutil.copyfile', 'shutil.copytree', 'shutil.move']],
      [[0, 'fname'], ['numpy.savetxt', 'numpy.loadtxt', 'numpy.genfromtxt', 'matplotlib.pyplot.savefig']],
      [[0, 'filepath_or_buffer'], ['pandas.read_csv', 'pandas.read_table', 'pandas.read_pickle']],
      [[0, 'path_or_buf'], ['pandas.read_json', 'pandas.read_hdf']],
      [[0], ['os.path.join', 'pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath', 'pathlib.PurePosixPath']],
      [[0, 'top'], ['os.walk']],
      [[0, 'pathname'], ['glob.glob', 'glob.iglob']],
      [[0, 'database'], ['sqlite3.connect']],
      [[0, 'f'], ['torch.load']],
      [[1, 'f'], ['torch.save']],
      [[1, 'filename'], ['joblib.dump']],
      [[0, 'fp'], ['PIL.Image.open']],
      [[0, 'io'], ['pandas.read_excel']],
      [[0, 'base_name', 2, 'root_dir'], ['shutil.make_archive']],
      [[0, 'filename', 1, 'extract_dir'], ['shutil.unpack_archive']],
    ] as [PathParameters, string[]][]
  ).flatMap(([parameters, names]) => names.map((name): [string, PathParameters] => [name, parameters])),
);

/** Methods whose receiver we cannot resolve (a DataFrame, a model, a figure) but whose first argument is a path. */
const METHOD_PATH_PARAMETERS = new Map<string, PathParameters>([
  ['to_csv', [0, 'path_or_buf']], ['to_json', [0, 'path_or_buf']], ['to_hdf', [0, 'path_or_buf']], ['to_parquet', [0, 'path']],
  ['to_feather', [0, 'path']], ['to_pickle', [0, 'path']], ['to_excel', [0, 'excel_writer']], ['savefig', [0, 'fname']],
  ['save_pretrained', [0, 'save_directory']], ['save_to_disk', [0, 'dataset_path']], ['save', [0]],
]);

/** Calls that take path segments: a temp dir spliced in stays one more argument. */
const SEGMENT_CALLS = new Set(['os.path.join', 'pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath', 'pathlib.PurePosixPath']);

/** Words that make a variable, parameter or keyword name a path (`output_dir`, `LOG_FILE`, `cachePath`). */
const PATH_WORDS = new Set(['dir', 'dirs', 'directory', 'path', 'paths', 'file', 'files', 'filename', 'filepath', 'fname', 'folder', 'root', 'cache',
  'output', 'out', 'dest', 'destination', 'location', 'tmp', 'temp', 'tmpdir', 'tempdir', 'workdir', 'logdir', 'outdir', 'savedir', 'cachedir', 'logfile', 'outfile']);
/** Of those, the ones that name a directory: where a fresh `mkdtemp()` directory fits. */
const DIRECTORY_WORDS = new Set(['dir', 'dirs', 'directory', 'folder', 'tmpdir', 'tempdir', 'workdir', 'logdir', 'outdir', 'savedir', 'cachedir']);

function nameWords(name: string): string[] {
  return name.split(/_|(?<=[a-z0-9])(?=[A-Z])/).map((word) => word.toLowerCase());
}

const CAVEAT =
  'tempfile.gettempdir() honours $TMPDIR (and is usually /tmp, not /var/tmp or /dev/shm), so other programs that expect this ' +
  'exact path will not find it. The name stays predictable: for files only this program uses, prefer tempfile.mkstemp(), ' +
  'NamedTemporaryFile() or mkdtemp().';

interface State {
  /** The temp directory the string starts with, as configured. */
  dir: string;
}

export const hardcodedTmpDirectory = defineRule<State>({
  meta: {
    id: 'B108',
    name: 'hardcoded_tmp_directory',
    title: 'Hard-coded path in a shared temp directory',
    severity: 'medium',
    confidence: 'medium',
    cwe: 377,
  },
  family: 'python',
  nodeTypes: ['string', 'concatenated_string'],
  // The temp directories are configurable: any absolute path may be one.
  triggers: ['/', '\\'],
  check(node, ctx) {
    // Most strings are not paths; an implicit concatenation may split the directory's name.
    if (node.type === 'string' && !mentionsTempDir(node.text, ctx.options.tmpDirs)) return undefined;
    if (node.parent?.type === 'concatenated_string') return undefined; // reported as a whole
    const first = node.type === 'concatenated_string' ? node.namedChildren[0]! : node;
    if (stringPrefix(first).includes('b')) return undefined; // bytes paths are rare, and tempfile's helpers return str
    const complete = stringValue(node);
    const text = complete ?? leadingStringText(first);
    const dir = text === undefined ? undefined : tempDirOf(text, ctx.options.tmpDirs);
    // `f"/tmp{suffix}"` may be "/tmpfoo": only a whole segment counts.
    if (!dir || (complete === undefined && text === dir)) return undefined;
    if (!isPathUse(pathExpression(node), ctx.facts)) return undefined;
    return {
      node,
      message: `Probable insecure use of the shared temp directory ${dir}: another user can predict, pre-create or replace a fixed name there. Use the tempfile module.`,
      state: { dir },
    };
  },
  fix(report, ctx) {
    const string = report.node;
    if (string.type !== 'string') return []; // implicit concatenations: rewrite by hand
    const text = leadingStringText(string)!;
    const dir = tempDirOf(text, ctx.options.tmpDirs)!;
    let cut = dir.length;
    while (text[cut] === '/') cut++;
    const restLiteral = dropLeadingStringText(string, cut); // the string without its temp-dir prefix
    const onlyDir = stringValue(string) !== undefined && cut === text.length;
    const expression = pathExpression(string);
    const tempfile = moduleLocalName(ctx.facts, 'tempfile') ?? 'tempfile';
    const gettempdir = `${tempfile}.gettempdir()`;
    const modules = ['tempfile'];
    let edit: TextEdit;
    if (onlyDir && (expression.id === string.id || cut === dir.length)) {
      edit = replaceNode(string, gettempdir); // exactly the directory
    } else {
      const inner =
        onlyDir && isConcatenationHead(string, expression)
          ? ctx.text.slice(string.parent!.childForFieldName('right')!.startIndex, expression.endIndex) // "/tmp/" + a + b → a + b
          : ctx.text.slice(expression.startIndex, string.startIndex) + restLiteral + ctx.text.slice(string.endIndex, expression.endIndex);
      const slot = argumentSlot(expression);
      const callee = slot?.position !== undefined ? callName(slot.call, ctx.facts) : undefined;
      if (callee?.imported && SEGMENT_CALLS.has(callee.name)) {
        edit = replaceNode(expression, `${gettempdir}, ${inner}`);
      } else {
        edit = replaceNode(expression, `${moduleLocalName(ctx.facts, 'os') ?? 'os'}.path.join(${gettempdir}, ${inner})`);
        modules.unshift('os');
      }
    }
    const fixes: Fix[] = [{ title: 'Build the path from tempfile.gettempdir()', applicability: 'unsafe', edits: [edit, ...importEdits(modules, ctx.root, ctx.text, ctx.facts)], caveat: CAVEAT }];

    // A directory-named variable set to a fixed temp path: the intent is often a fresh directory.
    const name = string.parent?.type === 'assignment' ? assignedName(string) : undefined;
    if (!onlyDir && stringValue(string) !== undefined && name && nameWords(name).some((word) => DIRECTORY_WORDS.has(word))) {
      const base = text.slice(cut).split('/').filter(Boolean).at(-1) ?? '';
      const prefix = /^[\w.-]+$/.test(base) ? `prefix="${base}-"` : '';
      fixes.push({
        title: 'Create a fresh private directory with tempfile.mkdtemp()',
        applicability: 'unsafe',
        edits: [replaceNode(string, `${tempfile}.mkdtemp(${prefix})`), ...importEdits(['tempfile'], ctx.root, ctx.text, ctx.facts)],
        caveat:
          'mkdtemp() creates a new directory (mode 0700, random name) each time this line runs and never removes it; code that ' +
          'expects the same path on every run, or calls os.makedirs on it without exist_ok=True, will behave differently.',
      });
    }
    return fixes;
  },
  docs: `
## What it does
Reports string literals that start with a shared temp directory (\`/tmp\`, \`/var/tmp\`, \`/dev/shm\`;
the \`vigil.tmpDirs\` setting, Bandit's \`hardcoded_tmp_directory.tmp_dirs\`) where they are used
as paths: passed to a file API (\`open\`, \`os\` and \`os.path\` functions, \`shutil\`, \`pathlib.Path\`,
\`numpy\`/\`pandas\`/\`torch\`/\`joblib\` load and save, \`sqlite3.connect\`, logging file handlers, …),
to a method such as \`.to_csv\`, \`.savefig\` or \`.save_pretrained\`, to a keyword whose name says
path (\`output_dir=\`, \`log_file=\`), or assigned to such a variable, parameter or dictionary
key. \`os.path.join("/tmp", …)\`, \`"/tmp/" + name\`, \`"/tmp/%s" % name\`, \`"/tmp/{}".format(name)\`
and \`f"/tmp/{name}"\` count.

## Why is this bad?
Every user and process on the machine can write to these directories. A fixed name in them can
be created first by someone else — as a symlink to a file you own, or with contents they
control — or read while you write it: symlink attacks, data tampering and leaks (CWE-377).

## Example
\`\`\`python
with open("/tmp/report.json", "w") as f:
    f.write(data)
\`\`\`

## Use instead
\`\`\`python
import tempfile
with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
    f.write(data)
\`\`\`
or, where the file must be found by name, at least respect \`$TMPDIR\`:
\`\`\`python
import os
import tempfile
with open(os.path.join(tempfile.gettempdir(), "report.json"), "w") as f:
    f.write(data)
\`\`\`

## Beyond Bandit
Bandit reports every string starting with a temp directory, including log messages, help texts
and the \`dir=\` of \`tempfile\` calls. Vigil reports only strings used as paths (above), never the
arguments of \`tempfile.*\` calls (\`tempfile.mkdtemp(dir="/tmp")\` is fine), and only whole path
segments (\`"/tmpfiles"\` is not \`/tmp\`). It misses paths built in ways it does not follow: a
string in a list (\`["rm", "/tmp/x"]\`), a constant assigned to a name that does not say path, or
one passed to a function it does not know (\`parser.add_argument(..., default="/tmp/x")\`). Bytes paths are not reported.

## Fix safety
"Build the path from tempfile.gettempdir()" rewrites \`"/tmp/rest"\` to
\`os.path.join(tempfile.gettempdir(), "rest")\` (spliced into \`os.path.join\` and \`Path\` calls, and
\`"/tmp"\` alone to \`tempfile.gettempdir()\`), adding \`import tempfile\` and \`import os\` as needed.
It is unsafe: \`gettempdir()\` follows \`$TMPDIR\` and is usually \`/tmp\` even for \`/var/tmp\` or
\`/dev/shm\`, so a file other programs look for at the old path moves. It also keeps the name
predictable; for files only this program uses, prefer \`mkstemp()\`, \`NamedTemporaryFile()\` or
\`mkdtemp()\`. For a variable named as a directory (\`work_dir = "/tmp/work"\`) a second fix,
\`tempfile.mkdtemp(prefix="work-")\`, creates a fresh private directory instead; it is unsafe too:
the directory is new on every run and never removed. It is not offered elsewhere, because a
literal path passed to a call is usually repeated later, where a random directory would not be
found.

## References
- [tempfile](https://docs.python.org/3/library/tempfile.html)
- [OpenStack: using temporary files securely](https://security.openstack.org/guidelines/dg_using-temporary-files-securely.html)
- [CWE-377: Insecure Temporary File](https://cwe.mitre.org/data/definitions/377.html)
`,
});

/** The expression a string builds a path in: `"/tmp/" + name`, `"/tmp/%s" % x`, `"/tmp/{}".format(x)`, parentheses. */
function pathExpression(string: Node): Node {
  let expression = string;
  for (let parent = expression.parent; parent; parent = expression.parent) {
    const operator = parent.childForFieldName('operator')?.type;
    const isLeftOperand = parent.type === 'binary_operator' && parent.childForFieldName('left')?.id === expression.id && (operator === '+' || operator === '%');
    const isFormat = parent.type === 'attribute' && parent.childForFieldName('attribute')?.text === 'format' && parent.parent?.type === 'call';
    if (parent.type === 'parenthesized_expression' || isLeftOperand) expression = parent;
    else if (isFormat && parent.parent!.childForFieldName('function')?.id === parent.id) expression = parent.parent!;
    else break;
  }
  return expression;
}

/** Whether `expression` is `string + a + …`: only `+` between them, no parentheses or formatting. */
function isConcatenationHead(string: Node, expression: Node): boolean {
  for (let node = string; node.id !== expression.id; node = node.parent!) {
    const parent = node.parent!;
    if (parent.type !== 'binary_operator' || parent.childForFieldName('operator')?.type !== '+') return false;
  }
  return expression.id !== string.id;
}

/** Whether an expression is used as a path: a file API's path argument, or a path-named keyword, variable or parameter. */
function isPathUse(expression: Node, facts: FileFacts): boolean {
  const slot = argumentSlot(expression);
  if (!slot) {
    const parent = expression.parent;
    const key = parent?.type === 'pair' && parent.childForFieldName('value')?.id === expression.id ? parent.childForFieldName('key') : undefined;
    const name = key ? stringValue(key) : assignedName(expression); // {"output_dir": "/tmp/x"}, output_dir = "/tmp/x"
    return name !== undefined && nameWords(name).some((word) => PATH_WORDS.has(word));
  }
  const callee = callName(slot.call, facts);
  if (callee?.imported && callee.name.split('.')[0] === 'tempfile') return false; // tempfile.mkdtemp(dir="/tmp") is the right way
  if (slot.keyword !== undefined && nameWords(slot.keyword).some((word) => PATH_WORDS.has(word))) return true;
  return pathParameters(slot.call, callee?.imported || callee?.name === 'open' ? callee.name : undefined)?.includes(slot.position ?? slot.keyword!) ?? false;
}

function pathParameters(call: Node, qualified: string | undefined): PathParameters | undefined {
  const known = qualified === undefined ? undefined : PATH_PARAMETERS.get(qualified);
  if (known) return known;
  const callee = call.childForFieldName('function');
  return callee?.type === 'attribute' ? METHOD_PATH_PARAMETERS.get(callee.childForFieldName('attribute')!.text) : undefined;
}

/** `import` edits for the modules a fix uses, in order; inserts landing on the same spot are merged so they keep that order. */
function importEdits(modules: readonly string[], root: Node, text: string, facts: FileFacts): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const module of modules) {
    const edit = moduleLocalName(facts, module) === undefined ? ensureImport(root, text, module, facts) : undefined;
    if (!edit) continue;
    const same = edits.find((other) => other.start === edit.start && other.end === edit.end);
    if (same) same.newText += same.newText.endsWith('\n') && edit.newText.startsWith('\n') ? edit.newText.slice(1) : edit.newText;
    else edits.push(edit);
  }
  return edits;
}
