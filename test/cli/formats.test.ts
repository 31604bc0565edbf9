/**
 * The SARIF and text formats of `vigil scan` on test/fixtures/cli-tree: SARIF validates against
 * the official SARIF 2.1.0 schema (the copy @datadog/datadog-ci-plugin-sarif ships), keeps its
 * fingerprints when lines move, and carries nosec suppressions; text lines follow the format
 * other tools parse.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Log, Result } from 'sarif';
import { rulesById } from '../../server/src/core/rules/registry';
import { CLI_KIND, cliCommand, ROOT, scanJson, TREE, vigil, type JsonReport } from './run';
import { expectedSuppressed, SELECT } from './tree';

const SCHEMA_PATH = join(dirname(require.resolve('@datadog/datadog-ci-plugin-sarif/package.json')), 'dist', 'json-schema', 'sarif-schema-2.1.0.json');

function validateSarif(log: unknown): string[] {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  // The schema's `language` pattern has a stray `]` that is invalid with the `u` flag Ajv uses
  // by default; the pattern constrains a property Vigil never writes.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return validate(log) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

describe(`vigil scan --format sarif (${CLI_KIND})`, () => {
  let log: Log;
  let json: JsonReport;

  before(async () => {
    const sarif = await vigil(['scan', ...SELECT, '--format', 'sarif']);
    assert.equal(sarif.code, 1, sarif.stderr);
    log = JSON.parse(sarif.stdout) as Log;
    json = (await scanJson(SELECT)).json;
  });

  it('validates against the SARIF 2.1.0 schema', () => {
    assert.equal(log.version, '2.1.0');
    assert.deepEqual(validateSarif(log), []);
  });

  it('the schema check can fail', () => {
    const broken = structuredClone(log);
    (broken.runs[0]!.results![0] as unknown as Record<string, unknown>).level = 'fatal';
    assert.notDeepEqual(validateSarif(broken), []);
  });

  it('describes the tool and every selected rule, with CWE tags, precision and security-severity', () => {
    const { driver } = log.runs[0]!.tool;
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.deepEqual([driver.name, driver.version], ['Vigil', version]);
    assert.deepEqual(driver.rules!.map((rule) => rule.id), ['B113', 'VG001', 'VG002']);
    for (const descriptor of driver.rules!) {
      const { meta } = rulesById(descriptor.id)[0]!;
      assert.equal(descriptor.name, meta.name);
      assert.equal(descriptor.shortDescription!.text, meta.title);
      assert.ok(descriptor.fullDescription!.text.length > 0);
      assert.ok(descriptor.help!.markdown!.includes('## Why is this bad?'));
      assert.match(descriptor.helpUri!, /^https:\/\//);
      assert.deepEqual(descriptor.properties!.tags, ['security', `external/cwe/cwe-${meta.cwe}`]);
      assert.equal(descriptor.properties!.precision, meta.confidence);
      const score = Number(descriptor.properties!['security-severity']);
      const band = { low: [0.1, 3.9], medium: [4, 6.9], high: [7, 8.9] }[meta.severity];
      assert.ok(score >= band[0]! && score <= band[1]!, `${descriptor.id} security-severity ${score} is ${meta.severity}`);
    }
  });

  it('has one result per JSON finding, at the same place, relative to %SRCROOT%', () => {
    const reported = log.runs[0]!.results!.filter((result) => !result.suppressions);
    const place = (result: Result): string => {
      const { artifactLocation, region } = result.locations![0]!.physicalLocation!;
      assert.equal(artifactLocation!.uriBaseId, '%SRCROOT%');
      return `${artifactLocation!.uri}:${region!.startLine}:${region!.startColumn}-${region!.endLine}:${region!.endColumn} ${result.ruleId}`;
    };
    assert.deepEqual(
      reported.map(place).sort(),
      json.findings.map((f) => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.rule}`).sort(),
    );
    const levels = { high: 'error', medium: 'warning', low: 'note' } as const;
    for (const result of reported) assert.equal(result.level, levels[rulesById(result.ruleId!)[0]!.meta.severity]);
    assert.equal(log.runs[0]!.columnKind, 'utf16CodeUnits');
  });

  it('lists nosec-suppressed findings with their justification', () => {
    const suppressed = log.runs[0]!.results!.filter((result) => result.suppressions);
    const summary = suppressed.map((result) => ({
      file: result.locations![0]!.physicalLocation!.artifactLocation!.uri!,
      rule: result.ruleId!,
      justification: result.suppressions![0]!.justification,
    }));
    const sort = (list: typeof summary) => [...list].sort((a, b) => `${a.file}${a.justification}`.localeCompare(`${b.file}${b.justification}`));
    assert.deepEqual(sort(summary), sort(expectedSuppressed()));
    for (const result of suppressed) assert.equal(result.suppressions![0]!.kind, 'inSource');
  });

  it('lists file errors as tool notifications', () => {
    const notifications = log.runs[0]!.invocations![0]!.toolExecutionNotifications!;
    assert.deepEqual(
      notifications.map((notification) => notification.locations![0]!.physicalLocation!.artifactLocation!.uri).sort(),
      json.errors.map((error) => error.file).sort(),
    );
  });
});

describe('SARIF fingerprints', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-fingerprint-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const fingerprints = async (): Promise<{ line: number; fingerprint: string }[]> => {
    const result = await vigil(['scan', '--select', 'B113', '--format', 'sarif', 'app.py'], { cwd: dir });
    return (JSON.parse(result.stdout) as Log).runs[0]!.results!.map((r) => ({
      line: r.locations![0]!.physicalLocation!.region!.startLine!,
      fingerprint: Object.values(r.partialFingerprints!)[0]!,
    }));
  };

  it('stay the same when code moves to other lines, and differ between identical lines', async () => {
    const original = readFileSync(join(TREE, 'app.py'), 'utf8');
    const twice = `${original}\nrequests.get(URL)  # the same text as an earlier finding\n`;
    writeFileSync(join(dir, 'app.py'), twice);
    const before = await fingerprints();
    writeFileSync(join(dir, 'app.py'), `\n\n\n# moved down\n${twice}`);
    const moved = await fingerprints();
    assert.deepEqual(moved.map((r) => r.line), before.map((r) => r.line + 4));
    assert.deepEqual(moved.map((r) => r.fingerprint), before.map((r) => r.fingerprint));
    assert.equal(new Set(before.map((r) => r.fingerprint)).size, before.length, 'identical lines get distinct fingerprints');
  });
});

describe('vigil scan text format', () => {
  it('prints path:line:col: RULE [severity S, confidence C] CWE-N message, then a summary', async () => {
    const [text, { json }] = await Promise.all([vigil(['scan', ...SELECT]), scanJson(SELECT)]);
    const lines = text.stdout.trimEnd().split('\n');
    const rows = json.findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.rule} [severity ${f.severity}, confidence ${f.confidence}] CWE-${f.cwe} ${f.message}`);
    assert.deepEqual(lines.slice(0, -1), rows);
    const { stats } = json;
    assert.match(lines.at(-1)!, new RegExp(`^Found ${stats.findings.total} findings \\(high ${stats.findings.high}, medium ${stats.findings.medium}, low ${stats.findings.low}\\) in ${stats.files} files; ${stats.suppressed} suppressed, ${stats.errors} errors`));
    assert.doesNotMatch(text.stdout, /\u001b\[/, 'no colour when not on a terminal');
    assert.deepEqual(
      text.stderr.trimEnd().split('\n'),
      json.errors.map((error) => `${error.file}: error: ${error.message}`),
      'one line per error on stderr',
    );
  });

  it('--quiet drops the summary; --output writes the report to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-output-'));
    try {
      const quiet = await vigil(['scan', ...SELECT, '--quiet']);
      assert.doesNotMatch(quiet.stdout, /^Found /m);
      const out = join(dir, 'report.json');
      const written = await vigil(['scan', ...SELECT, '--format', 'json', '--output', out]);
      assert.equal(written.stdout, '');
      assert.equal(written.code, 1);
      assert.ok((JSON.parse(readFileSync(out, 'utf8')) as JsonReport).findings.length > 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it('colours on a terminal, unless NO_COLOR is set', { skip: hasScript ? false : 'util-linux `script` is not installed' }, () => {
    const runOnTty = (noColor: string): string => {
      const line = [process.execPath, ...cliCommand(), 'scan', '--select', 'B113', 'app.py'].map((part) => `'${part}'`).join(' ');
      return spawnSync('script', ['-qec', line, '/dev/null'], { cwd: TREE, encoding: 'utf8', env: { ...process.env, NO_COLOR: noColor, NODE_OPTIONS: '' } }).stdout;
    };
    const coloured = runOnTty('');
    assert.match(coloured, /app\.py/);
    assert.match(coloured, /\u001b\[/);
    assert.doesNotMatch(runOnTty('1'), /\u001b\[/);
  });
});
