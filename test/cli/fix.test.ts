/**
 * `vigil scan --fix` / `--unsafe-fixes`: the text written is what the core's bulk fix produces
 * (core/fixes.ts is the oracle for safe fixes), in the file's own encoding, byte-order mark,
 * line endings and permissions; unparseable files are never touched; the report says what was
 * fixed and lists what is left.
 */
import { strict as assert } from 'node:assert';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Analyzer } from '../../server/src/core/analyzer';
import { applySafeFixes } from '../../server/src/core/fixes';
import { LANGUAGES } from '../../server/src/core/languages';
import { fixText, matchLineEndings } from '../../server/src/cli/fix';
import { testAnalyzer } from '../support/analyzer';
import { scanJson, vigil, type JsonReport } from './run';

/** B113 and B506 have safe fixes, B108 an unsafe one, B615 (no local cache) a display-only one. */
const SOURCE = [
  'import requests',
  'import yaml',
  'from huggingface_hub import hf_hub_download',
  '',
  'URL = "https://example.com"',
  'requests.get(URL)',
  'requests.post(URL, data={"a": 1})',
  'config = yaml.load(open("settings.yaml"))',
  'open("/tmp/report.txt", "w").write("x")',
  'open("/tmp/other.txt", "w").write("y")',
  'hf_hub_download(repo_id="org/model", filename="weights.bin")',
  '',
].join('\n');

const RULES = ['--select', 'B108,B113,B506,B615'];

interface FixStats {
  files: number;
  fixes: number;
  rules: Record<string, number>;
}

let dir: string;
let analyzer: Analyzer;
let emptyCache: string;
let counter = 0;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-fix-'));
  emptyCache = join(dir, 'hf-cache');
  mkdirSync(emptyCache);
  analyzer = await testAnalyzer();
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh directory holding `files`. */
function tree(files: Record<string, string | Buffer>): string {
  const root = join(dir, `t${++counter}`);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

async function fix(cwd: string, args: string[]): Promise<{ code: number | null; json: JsonReport & { stats: { fixed?: FixStats } }; stderr: string }> {
  const result = await vigil(['scan', '--format', 'json', ...RULES, ...args], { cwd, env: { HF_HUB_CACHE: emptyCache } });
  return { code: result.code, json: JSON.parse(result.stdout) as JsonReport & { stats: { fixed?: FixStats } }, stderr: result.stderr };
}

/** What core/fixes.ts makes of `text` with the same rules. */
function oracle(text: string, path: string): string {
  return applySafeFixes(analyzer, text, LANGUAGES.python, { select: ['B108', 'B113', 'B506', 'B615'], path }).text;
}

describe('vigil scan --fix', () => {
  it('applies every safe fix (as core/fixes.ts does), reports what it fixed and what is left', async () => {
    const root = tree({ 'app.py': SOURCE });
    const expected = oracle(SOURCE, join(root, 'app.py'));
    assert.notEqual(expected, SOURCE);
    const { code, json } = await fix(root, ['--fix']);
    assert.equal(readFileSync(join(root, 'app.py'), 'utf8'), expected);
    assert.deepEqual(json.stats.fixed, { files: 1, fixes: 3, rules: { B113: 2, B506: 1 } });
    assert.deepEqual(json.findings.map((f) => f.rule), ['B108', 'B108', 'B615'], 'unsafe and display-only fixes are left');
    assert.equal(code, 1, 'findings remain');
    // The reported positions are those of the fixed text.
    const lines = expected.split('\n');
    for (const finding of json.findings) assert.match(lines[finding.line - 1]!, finding.rule === 'B108' ? /\/tmp\// : /hf_hub_download/);

    const again = await fix(root, ['--fix']);
    assert.deepEqual(again.json.stats.fixed, { files: 0, fixes: 0, rules: {} }, 'nothing fixable is left');
  });

  it('--unsafe-fixes applies unsafe fixes too, never display-only ones, and imports once', async () => {
    const root = tree({ 'app.py': SOURCE });
    const { json } = await fix(root, ['--unsafe-fixes']);
    const text = readFileSync(join(root, 'app.py'), 'utf8');
    assert.deepEqual(json.stats.fixed, { files: 1, fixes: 5, rules: { B108: 2, B113: 2, B506: 1 } });
    assert.deepEqual(json.findings.map((f) => f.rule), ['B615']);
    assert.equal(text.match(/^import tempfile$/gm)?.length, 1, text);
    assert.doesNotMatch(text, /"\/tmp\//);
    const rescan = await scanJson([...RULES, 'app.py'], { cwd: root });
    assert.deepEqual(rescan.json.findings.map((f) => f.rule), ['B615']);
  });

  it('fixes the same way in worker threads', async () => {
    const root = tree({ 'a.py': SOURCE, 'b/c.py': SOURCE.replace(/\n/g, '\r\n') });
    const { json } = await fix(root, ['--fix', '--jobs', '2']);
    assert.deepEqual(json.stats.fixed, { files: 2, fixes: 6, rules: { B113: 4, B506: 2 } });
    assert.equal(readFileSync(join(root, 'a.py'), 'utf8'), oracle(SOURCE, join(root, 'a.py')));
    assert.equal(readFileSync(join(root, 'b', 'c.py'), 'utf8'), oracle(SOURCE, join(root, 'b', 'c.py')).replace(/\n/g, '\r\n'));
  });

  it('without --fix, writes nothing', async () => {
    const root = tree({ 'app.py': SOURCE });
    const before = statSync(join(root, 'app.py')).mtimeMs;
    const { json } = await fix(root, []);
    assert.equal(readFileSync(join(root, 'app.py'), 'utf8'), SOURCE);
    assert.equal(statSync(join(root, 'app.py')).mtimeMs, before);
    assert.equal(json.stats.fixed, undefined);
  });

  it('keeps CRLF line endings, also in the lines a fix inserts', async () => {
    const crlf = SOURCE.replace(/\n/g, '\r\n');
    const root = tree({ 'app.py': crlf });
    await fix(root, ['--unsafe-fixes']);
    const text = readFileSync(join(root, 'app.py'), 'utf8');
    assert.match(text, /import tempfile\r\n/, 'the inserted import ends with CRLF');
    assert.doesNotMatch(text, /[^\r]\n/, 'no bare LF');
    const lf = tree({ 'app.py': SOURCE });
    await fix(lf, ['--unsafe-fixes']);
    assert.equal(text, readFileSync(join(lf, 'app.py'), 'utf8').replace(/\n/g, '\r\n'), 'the same fixes as in the LF file');
  });

  it('keeps a UTF-8 byte-order mark, UTF-16 and a latin-1 coding cookie byte for byte', async () => {
    const latin1Source = `# -*- coding: latin-1 -*-\nNAME = "café"\n${SOURCE}`;
    const root = tree({
      'bom.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SOURCE)]),
      'wide.py': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SOURCE, 'utf16le')]),
      'latin.py': Buffer.from(latin1Source, 'latin1'),
    });
    const { json } = await fix(root, ['--fix']);
    assert.deepEqual(json.errors, []);
    assert.equal(json.stats.fixed!.files, 3);
    const bom = readFileSync(join(root, 'bom.py'));
    assert.deepEqual([...bom.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(bom.subarray(3).toString('utf8'), oracle(SOURCE, join(root, 'bom.py')));
    const wide = readFileSync(join(root, 'wide.py'));
    assert.deepEqual([...wide.subarray(0, 2)], [0xff, 0xfe]);
    assert.equal(wide.subarray(2).toString('utf16le'), oracle(SOURCE, join(root, 'wide.py')));
    assert.equal(readFileSync(join(root, 'latin.py')).toString('latin1'), oracle(latin1Source, join(root, 'latin.py')));
  });

  it('keeps permission bits, and writes through a symbolic link to its target', async () => {
    const root = tree({ 'tool.py': SOURCE, 'real.py': SOURCE });
    chmodSync(join(root, 'tool.py'), 0o751);
    symlinkSync('real.py', join(root, 'link.py'));
    await fix(root, ['--fix', 'tool.py', 'link.py']);
    assert.equal(statSync(join(root, 'tool.py')).mode & 0o7777, 0o751);
    assert.equal(readFileSync(join(root, 'tool.py'), 'utf8'), oracle(SOURCE, join(root, 'tool.py')));
    assert.ok(lstatSync(join(root, 'link.py')).isSymbolicLink(), 'the link is still a link');
    assert.equal(readlinkSync(join(root, 'link.py')), 'real.py');
    assert.equal(readFileSync(join(root, 'real.py'), 'utf8'), oracle(SOURCE, join(root, 'real.py')));
  });

  it('never touches a file with syntax errors, or one it cannot write back exactly', async () => {
    const broken = `${SOURCE}def broken(:\n    pass\n`;
    const invalid = Buffer.concat([Buffer.from(SOURCE), Buffer.from('# caf\xe9\n', 'latin1')]);
    const root = tree({ 'broken.py': broken, 'invalid.py': invalid });
    const stamps = ['broken.py', 'invalid.py'].map((name) => statSync(join(root, name)).mtimeMs);
    const { json, stderr } = await fix(root, ['--fix']);
    assert.equal(readFileSync(join(root, 'broken.py'), 'utf8'), broken);
    assert.deepEqual(readFileSync(join(root, 'invalid.py')), invalid);
    assert.deepEqual(['broken.py', 'invalid.py'].map((name) => statSync(join(root, name)).mtimeMs), stamps);
    const errors = json.errors.map((error) => `${error.file}: ${error.message}`);
    assert.ok(errors.includes('broken.py: has syntax errors; not fixed'), errors.join('\n'));
    assert.ok(errors.some((error) => /^invalid\.py: cannot write utf-8 back byte for byte; not fixed$/.test(error)), errors.join('\n'));
    assert.deepEqual(json.stats.fixed, { files: 0, fixes: 0, rules: {} });
    assert.ok(json.findings.some((f) => f.file === 'broken.py' && f.rule === 'B113'), 'findings are still reported');
    assert.match(stderr, /^broken\.py: error: has syntax errors; not fixed$/m);
  });

  it('refuses fixes whose result would not parse, and leaves the text as it was', () => {
    // A fix that breaks the code: every edit also writes `def (` at the start of the file.
    const breaking = {
      open: (...args: Parameters<Analyzer['open']>) => {
        const document = analyzer.open(...args);
        const fixes = document.fixes.bind(document);
        document.fixes = (finding) => fixes(finding).map((candidate) => ({ ...candidate, edits: [...candidate.edits, { start: 0, end: 0, newText: 'def (' }] }));
        return document;
      },
      analyze: analyzer.analyze.bind(analyzer),
    } as unknown as Analyzer;
    const outcome = fixText(breaking, SOURCE, LANGUAGES.python, { select: ['B113'] }, 'safe', () => true);
    assert.equal(outcome.changed, false);
    assert.match((outcome as { refused?: string }).refused ?? '', /^fixes would introduce syntax errors; left unchanged \(B113/);
    assert.deepEqual(outcome.result.syntaxErrors, [], 'the result is that of the original text');
    assert.equal(outcome.result.findings.filter((f) => f.ruleId === 'B113').length, 2);
  });

  it('fixes only the findings the severity and confidence filters report', async () => {
    const root = tree({ 'app.py': SOURCE });
    // B113 is medium severity, B506 medium too but high confidence: --confidence high keeps B506 only.
    const { json } = await fix(root, ['--fix', '--confidence', 'high']);
    assert.deepEqual(json.stats.fixed!.rules, { B506: 1 });
    assert.match(readFileSync(join(root, 'app.py'), 'utf8'), /^requests\.get\(URL\)$/m);
  });
});

describe('matchLineEndings', () => {
  it('turns inserted LF into CRLF only in files that use CRLF throughout', () => {
    assert.equal(matchLineEndings('a\r\nb\r\n', 'import x\na\r\nb\r\n'), 'import x\r\na\r\nb\r\n');
    assert.equal(matchLineEndings('a\nb\r\n', 'import x\na\nb\r\n'), 'import x\na\nb\r\n', 'mixed endings are left alone');
    assert.equal(matchLineEndings('a\nb\n', 'import x\na\nb\n'), 'import x\na\nb\n');
  });
});
