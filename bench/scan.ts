/**
 * Whole-tree scan speed: `vigil scan` (one thread and one worker per core) against its peers and
 * against the parse floor of our own stack, on real trees it installs itself:
 *
 * - Python: Django, from Debian's `python3-django` (apt, as root);
 * - TypeScript: the `.ts` sources `effect` and `rxjs` ship on npm, installed into a cache
 *   directory outside the repository (`$XDG_CACHE_HOME/vigil-bench`, else `~/.cache/vigil-bench`).
 *
 * Peers: Bandit (Debian `bandit`), Ruff's `S` rules compiled to WASM (npm
 * `@astral-sh/ruff-wasm-nodejs`, bench/ruff-s.mjs), and the parse floor (bench/parse-floor.mjs:
 * read + parse every file with web-tree-sitter, one thread). Every measurement is a fresh process;
 * the runs go round-robin over the tools (the machine may be busy: compare ratios from one run)
 * and the table shows the median wall time of RUNS runs (default 3), and the CPU time of that run.
 * Whatever cannot be installed is named and its row skipped.
 *
 *   npm run bench                     # every bench
 *   node --import tsx bench/scan.ts   # this one; RUNS=5, TREES=django,effect,rxjs
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, homedir, tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureSystemPackages } from '../test/support/system';

const REPO = resolve(__dirname, '..');
const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'vigil-bench');
const NPM_DIR = join(CACHE, 'npm');
/** Pinned, so every machine measures the same trees. */
const NPM_PACKAGES: Record<string, string> = { effect: '4.1.0', rxjs: '7.8.2', '@astral-sh/ruff-wasm-nodejs': '0.17.4' };
const RUNS = Math.max(1, Number(process.env.RUNS ?? 3));
const CORES = availableParallelism();
const WANTED = new Set((process.env.TREES ?? 'django,effect,rxjs').split(','));

const GRAMMAR_BY_EXTENSION: Record<string, 'python' | 'typescript' | 'tsx' | 'javascript'> = {
  '.py': 'python', '.pyi': 'python',
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript', '.tsx': 'tsx',
  '.js': 'javascript', '.jsx': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript',
};
const SKIPPED_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__']);

interface Tree {
  name: string;
  root: string;
  family: 'python' | 'javascript';
  /** [path, grammar] of every file vigil scans there (the floor and Ruff read the same list). */
  files: [string, string][];
  lines: number;
}

interface Tool {
  name: string;
  /** The command, or why it is skipped. */
  command: { file: string; args: string[]; check: (stdout: string, outFile: string) => string | undefined } | string;
  samples: { wall: number; cpu: number }[];
  note?: string;
}

const skipped: string[] = [];
function skip(what: string, reason: string): void {
  skipped.push(`${what}: ${reason}`);
  console.log(`  ! skipping ${what}: ${reason}`);
}

function quiet(file: string, args: string[], options: { cwd?: string; timeout?: number } = {}): { ok: boolean; output: string } {
  const result = spawnSync(file, args, { cwd: options.cwd, encoding: 'utf8', timeout: options.timeout ?? 600_000, maxBuffer: 64 << 20 });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.trim() };
}

/** CPU seconds used by this process's waited-for children (Linux), to tell a busy machine from a slow tool. */
function childrenCpu(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in USER_HZ (100)
  } catch {
    return Number.NaN;
  }
}

function walk(dir: string, family: Tree['family'], out: [string, string][]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !existsSync(join(path, 'pyvenv.cfg'))) walk(path, family, out);
    } else if (entry.isFile()) {
      const grammar = GRAMMAR_BY_EXTENSION[extname(entry.name).toLowerCase()];
      if (grammar && (grammar === 'python') === (family === 'python')) out.push([path, grammar]);
    }
  }
}

function makeTree(name: string, root: string, family: Tree['family']): Tree {
  const files: [string, string][] = [];
  walk(root, family, files);
  let lines = 0;
  for (const [path] of files) {
    const text = readFileSync(path, 'utf8');
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    if (text.length > 0 && !text.endsWith('\n')) lines++;
  }
  return { name, root, family, files, lines };
}

// ---------------------------------------------------------------------------------------------
// Setup: the CLI bundle, the Debian packages, the npm packages.

function buildCli(): boolean {
  console.log('building dist/ (node esbuild.mjs) …');
  const build = quiet(process.execPath, ['esbuild.mjs'], { cwd: REPO });
  if (build.ok) return true;
  if (existsSync(join(REPO, 'dist', 'cli.js'))) {
    console.log(`  ! the build failed; measuring the existing dist/cli.js:\n${build.output.split('\n').slice(0, 5).join('\n')}`);
    return true;
  }
  skip('vigil', `the build failed and there is no dist/cli.js:\n${build.output}`);
  return false;
}

function djangoRoot(): string | undefined {
  const reason = ensureSystemPackages([{ command: 'django-admin', packages: ['python3-django'] }]);
  if (reason) return void skip('Django (python3-django)', reason);
  const listed = quiet('dpkg', ['-L', 'python3-django']);
  const init = listed.output.split('\n').find((line) => /\/django\/__init__\.py$/.test(line));
  if (!init) return void skip('Django (python3-django)', 'dpkg -L python3-django names no django/__init__.py');
  return dirname(init);
}

function installNpmPackages(): boolean {
  const installed = (name: string): boolean => {
    try {
      return JSON.parse(readFileSync(join(NPM_DIR, 'node_modules', name, 'package.json'), 'utf8')).version === NPM_PACKAGES[name];
    } catch {
      return false;
    }
  };
  if (Object.keys(NPM_PACKAGES).every(installed)) return true;
  mkdirSync(NPM_DIR, { recursive: true });
  writeFileSync(join(NPM_DIR, 'package.json'), `${JSON.stringify({ private: true, description: 'Corpora and peers for vigil\'s bench/scan.ts', dependencies: NPM_PACKAGES }, null, 2)}\n`);
  console.log(`installing ${Object.entries(NPM_PACKAGES).map(([n, v]) => `${n}@${v}`).join(' ')} into ${NPM_DIR} …`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = quiet(npm, ['install', '--prefix', NPM_DIR, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error']);
  if (!result.ok) console.log(`  ! npm install failed:\n${result.output.split('\n').slice(0, 10).join('\n')}`);
  return Object.keys(NPM_PACKAGES).every(installed);
}

// ---------------------------------------------------------------------------------------------
// Tools.

function vigilCheck(tree: Tree) {
  return (_stdout: string, outFile: string): string | undefined => {
    const stats = JSON.parse(readFileSync(outFile, 'utf8')).stats as { files: number };
    return stats.files === tree.files.length ? undefined : `vigil scanned ${stats.files} files, the list has ${tree.files.length}`;
  };
}

function toolsFor(tree: Tree, listFile: string, outFile: string, haveVigil: boolean, haveBandit: string | undefined, haveRuff: boolean): Tool[] {
  const other = tree.family === 'python' ? Object.keys(GRAMMAR_BY_EXTENSION).filter((e) => GRAMMAR_BY_EXTENSION[e] !== 'python') : ['.py', '.pyi'];
  // Only this family's files (Django ships some JavaScript), so every row reads the same files.
  const excludes = other.flatMap((extension) => ['--exclude', `*${extension}`]);
  const vigil = (jobs: number): Tool['command'] =>
    haveVigil ? { file: process.execPath, args: [join(REPO, 'dist', 'cli.js'), 'scan', tree.root, '--no-config', '--jobs', String(jobs), '--format', 'json', '--quiet', '--output', outFile, ...excludes], check: vigilCheck(tree) } : 'no CLI bundle';
  const tools: Tool[] = [
    { name: 'vigil scan --jobs 1', command: vigil(1), samples: [] },
    { name: `vigil scan --jobs ${CORES}`, command: vigil(CORES), samples: [] },
  ];
  if (tree.family === 'python') {
    tools.push({
      name: 'Bandit -r',
      command: haveBandit ?? { file: 'bandit', args: ['-r', '-q', '-f', 'json', '-o', outFile, tree.root], check: () => undefined },
      samples: [],
    });
    tools.push({
      name: 'Ruff S (wasm)',
      command: haveRuff ? { file: process.execPath, args: [join(REPO, 'bench', 'ruff-s.mjs'), NPM_DIR, listFile], check: () => undefined } : `npm package @astral-sh/ruff-wasm-nodejs is missing`,
      samples: [],
    });
  }
  tools.push({ name: 'parse floor (1 thread)', command: { file: process.execPath, args: [join(REPO, 'bench', 'parse-floor.mjs'), listFile], check: () => undefined }, samples: [] });
  return tools;
}

/** Run once; returns an error message or undefined. Exit 1 is "findings" for vigil and Bandit. */
function measure(tool: Tool, cwd: string, outFile: string): string | undefined {
  if (typeof tool.command === 'string') return tool.command;
  const { file, args, check } = tool.command;
  rmSync(outFile, { force: true });
  const cpuBefore = childrenCpu();
  const start = performance.now();
  const result = spawnSync(file, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 900_000 });
  const wall = (performance.now() - start) / 1000;
  const cpu = childrenCpu() - cpuBefore;
  if (result.error || (result.status !== 0 && result.status !== 1)) return `exit ${result.status ?? result.signal}: ${`${result.error ?? ''}${result.stderr}`.trim().split('\n').slice(-3).join(' | ')}`;
  const problem = check(result.stdout, outFile);
  if (problem) tool.note = problem;
  tool.samples.push({ wall, cpu });
  return undefined;
}

function median(tool: Tool): { wall: number; cpu: number } | undefined {
  if (tool.samples.length === 0) return undefined;
  const sorted = [...tool.samples].sort((a, b) => a.wall - b.wall);
  return sorted[(sorted.length - 1) >> 1];
}

// ---------------------------------------------------------------------------------------------

function main(): void {
  const began = performance.now();
  console.log(`scan bench: ${RUNS} run(s) per tool, fresh processes, ${CORES} cores, Node ${process.versions.node}`);
  const haveVigil = buildCli();
  const trees: Tree[] = [];
  if (WANTED.has('django')) {
    const root = djangoRoot();
    if (root) trees.push(makeTree(`Django ${quiet('dpkg-query', ['-W', '-f=${Version}', 'python3-django']).output} (Debian python3-django)`, root, 'python'));
  }
  const haveNpm = installNpmPackages();
  if (!haveNpm) skip('npm corpora and Ruff', `could not install ${Object.keys(NPM_PACKAGES).join(', ')} into ${NPM_DIR}`);
  for (const name of ['effect', 'rxjs']) {
    const src = join(NPM_DIR, 'node_modules', name, 'src');
    if (!WANTED.has(name)) continue;
    if (existsSync(src)) trees.push(makeTree(`${name} ${NPM_PACKAGES[name]} src/ (npm, TypeScript)`, src, 'javascript'));
    else if (haveNpm) skip(name, `${src} does not exist`);
  }
  const haveRuff = existsSync(join(NPM_DIR, 'node_modules', '@astral-sh', 'ruff-wasm-nodejs', 'package.json'));
  const haveBandit = trees.some((tree) => tree.family === 'python') ? ensureSystemPackages([{ command: 'bandit', packages: ['bandit'] }]) : undefined;
  if (haveBandit) skip('Bandit', haveBandit);

  const work = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const results: { tree: Tree; tools: Tool[] }[] = [];
  try {
    for (const [index, tree] of trees.entries()) {
      const listFile = join(work, `list-${index}.json`);
      const outFile = join(work, `out-${index}.json`);
      writeFileSync(listFile, JSON.stringify(tree.files));
      const tools = toolsFor(tree, listFile, outFile, haveVigil, haveBandit, haveRuff);
      console.log(`${tree.name}: ${tree.files.length} files, ${tree.lines} lines (${tree.root})`);
      for (let run = 1; run <= RUNS; run++) {
        for (const tool of tools) {
          if (tool.samples.length < run - 1) continue; // failed before
          const error = measure(tool, work, outFile);
          if (error && run === 1 && typeof tool.command !== 'string') skip(`${tool.name} on ${tree.name}`, error);
          else if (error && typeof tool.command !== 'string') console.log(`  ! ${tool.name}: ${error}`);
        }
        process.stdout.write(`  run ${run}/${RUNS} done (${((performance.now() - began) / 1000).toFixed(0)} s)\n`);
      }
      results.push({ tree, tools });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  print(results);
  console.log(`\nbench time ${((performance.now() - began) / 1000).toFixed(0)} s`);
  if (skipped.length) console.log(`skipped:\n${skipped.map((line) => `  - ${line}`).join('\n')}`);
}

function print(results: { tree: Tree; tools: Tool[] }[]): void {
  const rows: string[][] = [['tree', 'tool', 'files', 'lines', 'wall s', 'lines/s', 'CPU s', '× floor', 'CPU × floor']];
  const ratios: string[] = [];
  for (const { tree, tools } of results) {
    const floor = median(tools.at(-1)!);
    for (const tool of tools) {
      const m = median(tool);
      const why = typeof tool.command === 'string' ? tool.command : 'failed';
      rows.push([
        tree.name.split(' ')[0]!,
        tool.name + (tool.note ? ` (${tool.note})` : ''),
        String(tree.files.length),
        String(tree.lines),
        m ? m.wall.toFixed(2) : `skipped: ${why}`,
        m ? Math.round(tree.lines / m.wall).toLocaleString('en-US') : '',
        m && Number.isFinite(m.cpu) ? m.cpu.toFixed(2) : '',
        m && floor ? `${(m.wall / floor.wall).toFixed(2)}×` : '',
        m && floor && Number.isFinite(m.cpu) ? `${(m.cpu / floor.cpu).toFixed(2)}×` : '',
      ]);
    }
    if (floor) {
      for (const tool of tools.filter((t) => t.name.startsWith('vigil'))) {
        const m = median(tool);
        if (m) ratios.push(`${tree.name.split(' ')[0]}: ${tool.name} / parse floor = ${(m.wall / floor.wall).toFixed(2)}× wall, ${(m.cpu / floor.cpu).toFixed(2)}× CPU (target ≤ 1.5× wall: ${m.wall / floor.wall <= 1.5 ? 'met' : 'NOT met'})`);
      }
    }
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const numeric = new Set([2, 3, 4, 5, 6, 7, 8]);
  const line = (row: string[]): string => `| ${row.map((cell, column) => (numeric.has(column) && row !== rows[0] && !cell.startsWith('skipped') ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join(' | ')} |`;
  console.log(`\nwhole-tree scans: median wall time of ${RUNS} fresh process(es); CPU = user+sys of that run (all threads)`);
  console.log(line(rows[0]!));
  console.log(`|${widths.map((width, column) => (numeric.has(column) ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`);
  for (const row of rows.slice(1)) console.log(line(row));
  console.log(`\n${ratios.join('\n')}`);
}

main();
