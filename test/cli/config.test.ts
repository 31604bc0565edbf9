/**
 * Project configuration (server/src/node/config.ts) and how `vigil scan` uses it: discovery of
 * vigil.toml, pyproject.toml ([tool.vigil], [tool.bandit]), Bandit's .bandit INI and YAML files;
 * broken files; precedence of flags; which file the output names.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Log } from 'sarif';
import { configAnalysisOptions, configExcluder, loadProjectConfig, readConfigFile } from '../../server/src/node/config';
import { scanJson, vigil } from './run';

let root: string;
let counter = 0;

/** A fresh repository (a `.git` directory stops the upward search) holding `files`. */
function project(files: Record<string, string>): string {
  const dir = join(root, `p${++counter}`);
  mkdirSync(join(dir, '.git'), { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

before(() => {
  root = mkdtempSync(join(tmpdir(), 'vigil-config-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('loadProjectConfig: discovery', () => {
  it('finds vigil.toml in a parent directory and reads every key', () => {
    const dir = project({
      'vigil.toml': [
        'select = ["B113", "b108"]',
        'ignore = ["VG002"]',
        'exclude = ["generated/", "*.pb.py"]',
        'severity = "medium"',
        'confidence = "high"',
        'fail-on = "high"',
        'tmp_dirs = ["/scratch"]',
        'timeout-seconds = 12',
        'secrets = false',
      ].join('\n'),
      'src/pkg/mod.py': '',
    });
    const config = loadProjectConfig(join(dir, 'src', 'pkg'));
    assert.equal(config.file, join(dir, 'vigil.toml'));
    assert.equal(config.kind, 'vigil.toml');
    assert.deepEqual(config.errors, []);
    assert.deepEqual(config.options, {
      excludes: [
        { pattern: 'generated/', syntax: 'gitignore' },
        { pattern: '*.pb.py', syntax: 'gitignore' },
      ],
      select: ['B113', 'B108'],
      ignore: ['VG002'],
      severity: 'medium',
      confidence: 'high',
      failOn: 'high',
      tmpDirs: ['/scratch'],
      timeoutSeconds: 12,
      secrets: false,
    });
    assert.deepEqual(configAnalysisOptions(config), { select: ['B113', 'B108'], ignore: ['VG002'], tmpDirs: ['/scratch'], timeoutSeconds: 12, secrets: false });
  });

  it('reads [tool.bandit] and [tool.vigil] of one pyproject.toml, [tool.vigil] winning key by key', () => {
    const dir = project({
      'pyproject.toml': [
        '[project]',
        'name = "demo"',
        '[tool.bandit]',
        'skips = ["B101", "B404"]',
        'exclude_dirs = ["tests", "*/migrations/*"]',
        '[tool.bandit.hardcoded_tmp_directory]',
        'tmp_dirs = ["/scratch", "/var/tmp"]',
        '[tool.bandit.assert_used]',
        "skips = ['*_test.py']",
        '[tool.vigil]',
        'ignore = ["B603"]',
      ].join('\n'),
    });
    const config = loadProjectConfig(dir);
    assert.deepEqual([config.file, config.kind, config.errors], [join(dir, 'pyproject.toml'), 'pyproject.toml', []]);
    assert.deepEqual(config.options.ignore, ['B603'], '[tool.vigil] ignore replaces Bandit skips');
    assert.deepEqual(config.options.tmpDirs, ['/scratch', '/var/tmp']);
    assert.deepEqual(config.options.excludes, [
      { pattern: 'tests', syntax: 'bandit' },
      { pattern: '*/migrations/*', syntax: 'bandit' },
    ]);
  });

  it('passes over a pyproject.toml without those tables to a .bandit beside it', () => {
    const dir = project({
      'pyproject.toml': '[project]\nname = "demo"\n',
      '.bandit': '[bandit]\nskips = B101\n',
    });
    const config = loadProjectConfig(dir);
    assert.equal(config.file, join(dir, '.bandit'));
    assert.deepEqual(config.options.ignore, ['B101']);
  });

  it("reads .bandit as Python's configparser does: ':' or '=', continuation lines, comments", () => {
    const dir = project({
      '.bandit': ['# project settings', '[other]', 'x = 1', '[bandit]', 'exclude: ./static,/templates', 'skips = B101, B601,', '    B602', '; not a setting', 'tests =', 'level = MEDIUM', 'confidence: High', 'targets = src'].join('\n'),
    });
    const config = loadProjectConfig(dir);
    assert.deepEqual(config.errors, []);
    assert.equal(config.kind, 'bandit-ini');
    assert.deepEqual(config.options, {
      excludes: [
        { pattern: './static', syntax: 'bandit' },
        { pattern: '/templates', syntax: 'bandit' },
      ],
      ignore: ['B101', 'B601', 'B602'],
      severity: 'medium',
      confidence: 'high',
    });
  });

  for (const name of ['bandit.yaml', '.bandit.yaml', 'bandit.yml', '.bandit.yml']) {
    it(`reads Bandit's YAML from ${name}`, () => {
      const dir = project({ [name]: "exclude_dirs: ['tests', 'docs/examples']\ntests: [B108, B113]\nskips: ['B101']\nhardcoded_tmp_directory:\n  tmp_dirs: ['/scratch']\n" });
      const config = loadProjectConfig(dir);
      assert.deepEqual([config.file, config.kind, config.errors], [join(dir, name), 'bandit-yaml', []]);
      assert.deepEqual(config.options.select, ['B108', 'B113']);
      assert.deepEqual(config.options.ignore, ['B101']);
      assert.deepEqual(config.options.tmpDirs, ['/scratch']);
      assert.deepEqual(config.options.excludes.map((exclude) => exclude.pattern), ['tests', 'docs/examples']);
    });
  }

  it('prefers, within one directory, vigil.toml, then pyproject.toml, then .bandit, then YAML', () => {
    const files = { 'vigil.toml': 'ignore = ["B101"]', 'pyproject.toml': '[tool.bandit]\nskips = ["B102"]', '.bandit': '[bandit]\nskips = B103', 'bandit.yaml': 'skips: [B104]' };
    const order = ['vigil.toml', 'pyproject.toml', '.bandit', 'bandit.yaml'];
    for (let i = 0; i < order.length; i++) {
      const present = Object.fromEntries(Object.entries(files).filter(([name]) => order.indexOf(name) >= i));
      assert.equal(loadProjectConfig(project(present)).file?.endsWith(order[i]!), true, `${order[i]} wins over ${order.slice(i + 1).join(', ')}`);
    }
  });

  it('stops at the repository root: a configuration above it does not apply', () => {
    const outer = project({ 'vigil.toml': 'ignore = ["B113"]' });
    const inner = join(outer, 'vendor', 'lib');
    mkdirSync(join(inner, '.git'), { recursive: true });
    assert.equal(loadProjectConfig(inner).file, undefined);
    assert.equal(loadProjectConfig(join(outer, 'vendor')).file, join(outer, 'vigil.toml'));
  });
});

describe('loadProjectConfig: broken and odd files', () => {
  const broken: [string, string, RegExp][] = [
    ['vigil.toml', 'select = ["B113"\nignore = []\n', /^syntax error at line \d+, column \d+: .+; using the defaults$/],
    ['pyproject.toml', '[tool.vigil]\nselect = [B113]\n', /^syntax error at line 2, column \d+: .+; using the defaults$/],
    ['.bandit', '[bandit]\nskips = B101\nthis line has no separator\n', /^syntax error at line 3: .+; using the defaults$/],
    ['.bandit', 'skips = B101\n', /^syntax error at line 1: a setting before any \[section\] header; using the defaults$/],
    ['bandit.yaml', 'skips: [B101\ntests: [B102]\n', /^syntax error at line \d+, column \d+: .+; using the defaults$/],
    ['bandit.yaml', '- B101\n- B102\n', /^not a mapping of Bandit settings; using the defaults$/],
  ];
  for (const [name, text, message] of broken) {
    it(`${name} ${JSON.stringify(text.split('\n')[1] ?? text)}: one error of one line, defaults`, () => {
      const dir = project({ [name]: text });
      const config = loadProjectConfig(dir);
      assert.equal(config.file, join(dir, name));
      assert.equal(config.errors.length, 1);
      assert.equal(config.errors[0]!.file, join(dir, name));
      assert.match(config.errors[0]!.message, message);
      assert.doesNotMatch(config.errors[0]!.message, /\n/);
      assert.deepEqual(config.options, { excludes: [] });
    });
  }

  it('ignores a broken pyproject.toml that configures other tools only', () => {
    const dir = project({ 'pyproject.toml': '[tool.black\nline-length = 100\n', 'bandit.yaml': 'skips: [B101]\n' });
    const config = loadProjectConfig(dir);
    assert.deepEqual([config.file, config.errors], [join(dir, 'bandit.yaml'), []]);
  });

  it('reports unknown keys, wrong types and unknown rules, and applies the rest', () => {
    const dir = project({ 'vigil.toml': 'select = "B113"\nignore = ["B113", "B999"]\nseverity = "critical"\ncolour = true\ntimeout-seconds = -1\n' });
    const config = loadProjectConfig(dir);
    const messages = config.errors.map((error) => error.message);
    assert.equal(messages.length, 5, messages.join('\n'));
    assert.ok(messages.some((m) => /^select = "B113": expected a list of strings; ignored$/.test(m)));
    assert.ok(messages.some((m) => /^ignore: B999 is not a rule Vigil has; ignored$/.test(m)));
    assert.ok(messages.some((m) => /^severity = "critical": expected "low", "medium" or "high"; ignored$/.test(m)));
    assert.ok(messages.some((m) => /^unknown key 'colour'/.test(m)));
    assert.ok(messages.some((m) => /^timeout-seconds = -1: expected a positive number/.test(m)));
    assert.deepEqual(config.options, { excludes: [], ignore: ['B113'] });
  });

  it("does not report Bandit skips Vigil lacks, but does report Bandit tests it cannot run", () => {
    const dir = project({ '.bandit': '[bandit]\nskips = B101,B999\ntests = B998\n' });
    const config = loadProjectConfig(dir);
    assert.deepEqual(config.errors.map((error) => error.message), ['tests: B998 is not a rule Vigil has; those cannot run']);
    assert.deepEqual(config.options.ignore, ['B101']);
    assert.deepEqual(config.options.select, ['B998'], 'a list of rules to run that names none Vigil has runs nothing, not everything');
  });

  it('readConfigFile reads a file by its name, and says when it cannot', () => {
    const dir = project({ 'ci/security.yml': 'skips: [B101]\n', 'tox.ini': '[tox]\nenvlist = py\n[bandit]\nskips = B102\n' });
    assert.deepEqual(readConfigFile(join(dir, 'ci', 'security.yml')).options.ignore, ['B101']);
    assert.deepEqual(readConfigFile(join(dir, 'tox.ini')).options.ignore, ['B102']);
    assert.match(readConfigFile(join(dir, 'missing.toml')).errors[0]!.message, /^cannot read the file/);
  });
});

describe('configExcluder', () => {
  it("applies gitignore patterns relative to the file, and Bandit's patterns by whole path segments or fnmatch", () => {
    const dir = project({ 'pyproject.toml': '[tool.bandit]\nexclude_dirs = ["test", "*/migrations/*", "./build"]\n' });
    const excluded = configExcluder(loadProjectConfig(dir));
    const cases: [string, boolean][] = [
      ['test/test_app.py', true],
      ['pkg/test/conftest.py', true],
      ['latest.py', false],
      ['pkg/testing.py', false],
      ['app/migrations/0001_initial.py', true],
      // Bandit sees `./migrations/…` under `bandit -r .`, which `*/migrations/*` matches.
      ['migrations/0001_initial.py', true],
      ['app/migrations.py', false],
      ['build/lib/x.py', true],
      ['src/app.py', false],
    ];
    for (const [path, want] of cases) assert.equal(excluded(join(dir, path), false), want, path);

    const vigil = project({ 'vigil.toml': 'exclude = ["generated/", "/top.py", "!generated/keep.py"]\n' });
    const byVigil = configExcluder(loadProjectConfig(vigil));
    assert.equal(byVigil(join(vigil, 'generated'), true), true);
    assert.equal(byVigil(join(vigil, 'top.py'), false), true);
    assert.equal(byVigil(join(vigil, 'sub', 'top.py'), false), false, 'a leading / anchors to the file’s directory');
    assert.equal(byVigil(join(root, 'elsewhere.py'), false), false, 'paths outside the project are never excluded');
  });
});

const REQUESTS = 'import requests\nrequests.get("https://example.com")\n';
const TMP = 'open("/scratch/data.txt", "w")\n';

describe('vigil scan with a configuration file', () => {
  it('applies [tool.bandit] (skips, exclude_dirs, tmp_dirs) found without flags, and names the file in every format', async () => {
    const dir = project({
      'pyproject.toml': '[tool.bandit]\nskips = ["B113"]\nexclude_dirs = ["tests"]\n[tool.bandit.hardcoded_tmp_directory]\ntmp_dirs = ["/scratch"]\n',
      'src/app.py': REQUESTS + TMP,
      'tests/test_app.py': TMP,
    });
    const { result, json } = await scanJson(['--select', 'B108,B113'], { cwd: join(dir, 'src') });
    assert.deepEqual(json.findings.map((f) => `${f.file}:${f.line} ${f.rule}`), ['app.py:3 B108']);
    assert.equal((json.stats as { config?: unknown }).config, '../pyproject.toml');
    assert.equal(result.code, 1);

    const fromRoot = await scanJson(['--select', 'B108,B113'], { cwd: dir });
    assert.deepEqual(fromRoot.json.findings.map((f) => `${f.file}:${f.line} ${f.rule}`), ['src/app.py:3 B108'], 'tests/ is excluded');

    const text = await vigil(['scan'], { cwd: dir });
    assert.match(text.stdout.trimEnd().split('\n').at(-1)!, / Config: pyproject\.toml\.$/);
    const sarif = JSON.parse((await vigil(['scan', '--format', 'sarif'], { cwd: dir })).stdout) as Log;
    assert.equal(sarif.runs[0]!.invocations![0]!.properties!.configFile, 'pyproject.toml');
  });

  it('lets flags win over the file: --select replaces, --exclude adds, --severity replaces', async () => {
    const dir = project({ 'vigil.toml': 'ignore = ["B113"]\nexclude = ["gen/"]\nseverity = "high"\n', 'app.py': REQUESTS, 'gen/made.py': REQUESTS, 'other/o.py': REQUESTS });
    assert.deepEqual((await scanJson([], { cwd: dir })).json.findings, [], 'B113 is ignored, and medium is below the configured severity');
    const { json } = await scanJson(['--ignore', 'VG001', '--severity', 'low', '--exclude', 'other/'], { cwd: dir });
    assert.deepEqual(json.findings.map((f) => f.file), ['app.py']);
  });

  it('goes on with the defaults after a config file with a syntax error: one line on stderr, an entry in errors', async () => {
    const dir = project({ 'pyproject.toml': '[tool.vigil]\nignore = ["B113"\n', 'app.py': REQUESTS });
    for (const format of ['json', 'text']) {
      const result = await vigil(['scan', '--format', format], { cwd: dir });
      assert.equal(result.code, 1, 'B113 is reported: the broken ignore list does not apply');
      const lines = result.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0]!, /^pyproject\.toml: error: syntax error at line \d+, column \d+: .+; using the defaults$/);
      if (format === 'json') {
        const json = JSON.parse(result.stdout) as { errors: { file: string; message: string }[]; findings: { rule: string }[] };
        assert.deepEqual(json.errors.map((error) => error.file), ['pyproject.toml']);
        assert.deepEqual(json.findings.map((f) => f.rule), ['B113']);
      }
    }
  });

  it('--config FILE reads that file; --no-config reads none; a missing --config is a usage error', async () => {
    const dir = project({ 'vigil.toml': 'ignore = ["B113"]\n', 'ci/strict.yaml': 'tests: [B113]\n', 'app.py': REQUESTS });
    const chosen = await scanJson(['--config', 'ci/strict.yaml'], { cwd: dir });
    assert.deepEqual([chosen.json.findings.map((f) => f.rule), (chosen.json.stats as { config?: unknown }).config], [['B113'], 'ci/strict.yaml']);
    const none = await scanJson(['--no-config', '--select', 'B113'], { cwd: dir });
    assert.deepEqual([none.json.findings.map((f) => f.rule), (none.json.stats as { config?: unknown }).config], [['B113'], null]);
    const missing = await vigil(['scan', '--config', 'nope.toml'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^vigil: cannot read config file nope\.toml\n$/);
  });

  it('--force-exclude applies exclusions to files named on the command line (pre-commit names them)', async () => {
    const dir = project({ '.bandit': '[bandit]\nexclude = tests\n', 'tests/test_x.py': REQUESTS, 'app.py': REQUESTS });
    const named = await scanJson(['--select', 'B113', 'tests/test_x.py', 'app.py'], { cwd: dir });
    assert.deepEqual(named.json.findings.map((f) => f.file), ['app.py', 'tests/test_x.py'], 'named files are scanned by default');
    const forced = await scanJson(['--select', 'B113', '--force-exclude', 'tests/test_x.py', 'app.py'], { cwd: dir });
    assert.deepEqual(forced.json.findings.map((f) => f.file), ['app.py']);
  });

  it("reads the project's package versions: js-yaml 3's load() is reported, js-yaml 4's is not (B506)", async () => {
    const load = "import yaml from 'js-yaml';\nexport const config = yaml.load(text);\n";
    const old = project({ 'package.json': JSON.stringify({ dependencies: { 'js-yaml': '^3.13.1' } }), 'src/config.ts': load });
    const oldScan = await scanJson(['--select', 'B506'], { cwd: old });
    assert.deepEqual(oldScan.json.findings.map((f) => [f.file, f.line, f.rule]), [['src/config.ts', 2, 'B506']]);
    assert.match(oldScan.json.findings[0]!.message, /3\.13\.1/);
    // The lock file says what is installed, whatever the range allows.
    const locked = project({
      'package.json': JSON.stringify({ dependencies: { 'js-yaml': '>=3' } }),
      'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/js-yaml': { version: '4.1.0' } } }),
      'src/config.ts': load,
    });
    assert.deepEqual((await scanJson(['--select', 'B506'], { cwd: locked })).json.findings, []);
  });
});
