/**
 * `vigil scan` on test/fixtures/cli-tree, run as a subprocess, against the expectations the
 * fixture text states (tree.ts): findings, columns, errors, stats, exit codes, usage errors.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { rulesById } from '../../server/src/core/rules/registry';
import { CLI_KIND, ROOT, scanJson, TREE, vigil, type JsonReport } from './run';
import { expectedFindings, expectedSuppressed, fixtureText, HIDDEN, key, SCANNED, SELECT } from './tree';

describe(`vigil scan (${CLI_KIND})`, () => {
  let report: JsonReport;
  let code: number | null;

  before(async () => {
    const { result, json } = await scanJson(SELECT);
    report = json;
    code = result.code;
  });

  it('reports exactly the expected findings, at the lines and UTF-16 columns the source implies', () => {
    const expected = expectedFindings();
    assert.deepEqual(report.findings.map(key).sort(), expected.map(key).sort());
    for (const want of expected) {
      const got = report.findings.find((finding) => key(finding) === key(want))!;
      assert.deepEqual(
        { column: got.column, endLine: got.endLine, endColumn: got.endColumn },
        { column: want.column, endLine: want.line, endColumn: want.endColumn },
        `position of ${key(want)}`,
      );
    }
  });

  it('fills every finding field from the rule', () => {
    for (const finding of report.findings) {
      const rule = rulesById(finding.rule)[0]!;
      assert.deepEqual(Object.keys(finding), ['file', 'line', 'column', 'endLine', 'endColumn', 'rule', 'name', 'severity', 'confidence', 'cwe', 'message']);
      assert.equal(finding.name, rule.meta.name);
      assert.equal(finding.cwe, rule.meta.cwe);
      assert.ok(finding.message.length > 0);
    }
  });

  it('honours .gitignore files, nested ones and their negations', () => {
    const files = new Set(report.findings.map((finding) => finding.file));
    for (const hidden of HIDDEN) assert.ok(!files.has(hidden), `${hidden} is ignored`);
    assert.ok(files.has('pkg/keep.generated.ts'), 'pkg/.gitignore re-includes keep.generated.ts');
    assert.equal(report.stats.files, SCANNED.length);
  });

  it('reports unreadable encodings and syntax errors as errors, and keeps scanning those files', () => {
    const byFile = new Map(report.errors.map((error) => [error.file, error.message]));
    assert.deepEqual([...byFile.keys()].sort(), ['latin1.py', 'pkg/broken.py']);

    const latin1 = readFileSync(join(TREE, 'latin1.py'));
    const badLine = latin1.subarray(0, latin1.findIndex((byte) => byte > 0x7f)).filter((byte) => byte === 10).length + 1;
    assert.match(byFile.get('latin1.py')!, new RegExp(`not valid UTF-8 .*line ${badLine}\\b`));

    const brokenLines = fixtureText('pkg/broken.py').split('\n');
    const brokenLine = brokenLines.findIndex((line) => line.startsWith('def broken(')) + 1;
    const span = /syntax error: lines? (\d+)(?:-(\d+))?/.exec(byFile.get('pkg/broken.py')!);
    assert.ok(span, byFile.get('pkg/broken.py'));
    const [first, last] = [Number(span[1]), Number(span[2] ?? span[1])];
    assert.ok(first <= brokenLine && brokenLine <= last, `the error covers line ${brokenLine}: ${span[0]}`);
    for (const finding of report.findings.filter((f) => f.file === 'pkg/broken.py')) {
      assert.ok(finding.line < first || finding.line > last, 'findings outside the error are still reported');
    }
  });

  it('counts files, lines, severities and suppressions in stats', () => {
    const severity = (rule: string): string => rulesById(rule)[0]!.meta.severity;
    const expected = expectedFindings();
    const count = (level: string): number => expected.filter((finding) => severity(finding.rule) === level).length;
    assert.deepEqual(report.stats.findings, { total: expected.length, high: count('high'), medium: count('medium'), low: count('low') });
    assert.equal(report.stats.suppressed, expectedSuppressed().length);
    assert.equal(report.stats.errors, report.errors.length);
    const lines = SCANNED.reduce((sum, file) => sum + fixtureText(file).split('\n').filter((_, index, all) => index < all.length - 1 || all[index] !== '').length, 0);
    assert.equal(report.stats.lines, lines);
    // Only files holding a selected rule's trigger word (B113: requests, httpx) or `nosec` are parsed.
    const parsed = SCANNED.filter((file) => /requests|httpx|nosec/.test(fixtureText(file))).length;
    assert.equal(report.stats.parsed, parsed);
    assert.ok(parsed < SCANNED.length, 'the tree has a file that needs no parse');
    assert.equal(typeof report.stats.seconds, 'number');
  });

  it('exits 1 when findings are reported (--fail-on low, the default)', () => {
    assert.equal(code, 1);
  });
});

describe('vigil scan thresholds and filters', () => {
  const expected = expectedFindings();
  const meta = (rule: string) => rulesById(rule)[0]!.meta;

  it('--fail-on decides the exit code from the highest reported severity', async () => {
    const severities = new Set(expected.map((finding) => meta(finding.rule).severity));
    assert.ok(!severities.has('high') && severities.has('medium'), 'the tree has medium but no high findings');
    assert.equal((await vigil(['scan', ...SELECT, '--fail-on', 'high'])).code, 0);
    assert.equal((await vigil(['scan', ...SELECT, '--fail-on', 'medium'])).code, 1);
  });

  it('--severity reports only findings at or above it; the exit code follows what is reported', async () => {
    const { result, json } = await scanJson([...SELECT, '--severity', 'medium']);
    const want = expected.filter((finding) => meta(finding.rule).severity !== 'low');
    assert.ok(want.length < expected.length);
    assert.deepEqual(json.findings.map(key).sort(), want.map(key).sort());
    assert.equal(result.code, 1);
    const onlyLow = await vigil(['scan', '--select', 'VG001,VG002', '--severity', 'medium']);
    assert.equal(onlyLow.code, 0, 'hygiene findings are low: filtered out, nothing fails');
  });

  it('--confidence reports only findings at or above it', async () => {
    const { json } = await scanJson([...SELECT, '--confidence', 'medium']);
    const want = expected.filter((finding) => meta(finding.rule).confidence !== 'low');
    assert.ok(want.length > 0 && want.length < expected.length);
    assert.deepEqual(json.findings.map(key).sort(), want.map(key).sort());
  });

  it('--ignore and --select choose rules', async () => {
    const { json } = await scanJson(['--select', 'B113', '--ignore', 'VG001']);
    assert.deepEqual(json.findings.map(key).sort(), expected.filter((finding) => finding.rule === 'B113').map(key).sort());
  });

  it('exits 0 on a clean file', async () => {
    const { result, json } = await scanJson(['web/util.js']);
    assert.deepEqual([json.findings, json.errors, result.code], [[], [], 0]);
  });
});

describe('vigil scan usage errors exit 2 with one line on stderr', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown option', ['scan', '--frobnicate'], /unknown option '--frobnicate'/],
    ['an unknown format', ['scan', '--format', 'xml'], /invalid value 'xml' for --format/],
    ['a bad threshold', ['scan', '--fail-on', 'critical'], /invalid value 'critical' for --fail-on/],
    ['a missing value', ['scan', '--severity'], /--severity/],
    ['an unknown rule', ['scan', '--select', 'B999'], /unknown rule 'B999' in --select/],
    ['a missing path', ['scan', 'no/such/dir'], /no such file or directory: no\/such\/dir/],
    ['an unknown command', ['scna'], /unknown command 'scna'/],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const result = await vigil(args);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, message);
      assert.match(result.stderr, /^vigil: [^\n]+\n$/, 'one line');
    });
  }
});

describe('vigil --help and --version', () => {
  it('--version prints package.json version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = await vigil(['--version']);
    assert.deepEqual([result.code, result.stdout], [0, `vigil ${version}\n`]);
  });

  it('scan --help lists every option', async () => {
    const result = await vigil(['scan', '--help']);
    assert.equal(result.code, 0);
    for (const option of ['--format', '--output', '--fail-on', '--severity', '--confidence', '--select', '--ignore', '--exclude', '--quiet']) {
      assert.ok(result.stdout.includes(option), option);
    }
  });

  it('no arguments prints help on stderr and exits 2', async () => {
    const result = await vigil([]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Usage:/);
  });
});
