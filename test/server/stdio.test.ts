/**
 * The language server as an editor sees it: `node dist/server.js --stdio` driven by a real
 * JSON-RPC client. Covers UTF-16 positions, incremental sync (several changes per notification,
 * bursts of notifications), versioned publishing, quick fixes, suppression, settings, fix-all,
 * the workspace scan with .gitignore, progress and cancellation, and a clean shutdown.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { LANGUAGES } from '../../server/src/core/languages';
import { testAnalyzer } from '../support/analyzer';
import { applyTextEdits, editsFor, LspClient, offsetAt, positionAt, ROOT, type Publish } from './lsp-client';
import type { ScanWorkspaceResult } from '../../server/src/node/protocol';

const workspace = mkdtempSync(join(tmpdir(), 'vigil-stdio-'));
/** The scan cache goes here, never into the user's cache directory. */
const storage = mkdtempSync(join(tmpdir(), 'vigil-stdio-storage-'));
const uriOf = (name: string): string => pathToFileURL(join(workspace, name)).href;

const PYTHON = [
  'import requests',
  '',
  '# Non-ASCII before the finding pins UTF-16 columns: é is one code unit, 🎉 two.',
  'greeting = "héllo 🎉"; requests.get("https://example.com/a")',
  '',
].join('\n');

const TYPESCRIPT = ['const answer = 42; // nosec B113', 'export { answer };', ''].join('\n');

let client: LspClient;

/** The findings a fresh, whole-file analysis reports, as `RULE@start-end` in offsets. */
async function freshFindings(text: string): Promise<string[]> {
  const analyzer = await testAnalyzer();
  return analyzer.analyze(text, LANGUAGES.python).findings.map((finding) => `${finding.ruleId}@${finding.start}-${finding.end}`);
}

function published(text: string, publish: Publish): string[] {
  return publish.diagnostics.map((diagnostic) => `${diagnostic.code}@${offsetAt(text, diagnostic.range.start)}-${offsetAt(text, diagnostic.range.end)}`);
}

async function codeActions(uri: string, diagnostic: Diagnostic, only?: string[]): Promise<CodeAction[]> {
  return client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], ...(only ? { only } : {}) },
  });
}

/** Send an edit the way an editor does: one incremental change per text edit, back to front. */
async function applyAndSync(uri: string, text: string, version: number, action: CodeAction): Promise<string> {
  const edits = editsFor(action.edit!, uri).sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  await client.change(uri, version, edits.map((edit) => ({ range: edit.range, text: edit.newText })));
  return applyTextEdits(text, edits);
}

describe('language server over stdio', () => {
  before(async () => {
    mkdirSync(join(workspace, 'src'), { recursive: true });
    client = new LspClient();
    client.folders = [{ uri: pathToFileURL(workspace).href, name: 'workspace' }];
    const result = await client.initialize(undefined, { storagePath: storage });
    assert.equal(result.capabilities.textDocumentSync && typeof result.capabilities.textDocumentSync === 'object' && result.capabilities.textDocumentSync.change, 2, 'incremental sync');
  });

  after(() => {
    client?.kill();
    rmSync(workspace, { recursive: true, force: true });
    rmSync(storage, { recursive: true, force: true });
  });

  it('publishes a Python finding with code, source, docs link and UTF-16 range', async () => {
    const uri = uriOf('src/app.py');
    await client.open(uri, 'python', PYTHON);
    const publish = await client.waitForPublish(uri, (p) => p.diagnostics.length > 0);
    assert.equal(publish.version, 1);
    const [diagnostic] = publish.diagnostics;
    assert.ok(diagnostic);
    assert.equal(diagnostic.source, 'vigil');
    assert.equal(diagnostic.code, 'B113');
    assert.equal(diagnostic.severity, 2, 'medium severity is a Warning');
    assert.equal(typeof diagnostic.message, 'string');
    assert.match(diagnostic.message as string, /confidence low/);
    assert.match(diagnostic.message as string, /CWE-400/);
    assert.equal(diagnostic.codeDescription?.href, pathToFileURL(join(ROOT, 'docs', 'rules', 'B113.md')).href);
    const line = PYTHON.split('\n')[3]!;
    // "requests.get" starts after `greeting = "héllo 🎉"; `: 23 UTF-16 code units, but 22 code
    // points and 26 UTF-8 bytes; LSP positions count UTF-16.
    const prefix = line.slice(0, line.indexOf('requests.get'));
    assert.deepEqual([prefix.length, [...prefix].length, Buffer.byteLength(prefix)], [23, 22, 26]);
    assert.deepEqual(diagnostic.range, { start: { line: 3, character: 23 }, end: { line: 3, character: 23 + 'requests.get'.length } });
  });

  it('publishes TypeScript diagnostics (an unused nosec) with the fading tag', async () => {
    const uri = uriOf('src/answer.ts');
    await client.open(uri, 'typescript', TYPESCRIPT);
    const publish = await client.waitForPublish(uri);
    const unused = publish.diagnostics.find((diagnostic) => diagnostic.code === 'VG002');
    assert.ok(unused, `VG002 expected in ${JSON.stringify(publish.diagnostics)}`);
    assert.equal(unused.severity, 3, 'low severity is Information');
    assert.deepEqual(unused.tags, [1]);
    assert.deepEqual(unused.range.start, { line: 0, character: TYPESCRIPT.indexOf('// nosec') });
    const actions = await codeActions(uri, unused);
    assert.equal(actions[0]?.title, 'Remove unused suppression');
    assert.equal(applyTextEdits(TYPESCRIPT, editsFor(actions[0]!.edit!, uri)), ['const answer = 42;', 'export { answer };', ''].join('\n'));
  });

  it('applies several changes per notification and bursts of notifications in order; versions never go back', async () => {
    const uri = uriOf('src/typing.py');
    let text = 'import requests\n\nrequests.get("a")\n';
    await client.open(uri, 'python', text);
    await client.waitForPublish(uri, (p) => p.version === 1);
    const first = client.publishes.length;

    // One notification, three changes; each change's range is relative to the text after the previous one.
    const changes: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[] = [];
    const change = (start: number, end: number, newText: string): void => {
      changes.push({ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: newText });
      text = text.slice(0, start) + newText + text.slice(end);
    };
    change(text.length, text.length, 'requests.post("ü", data=1)\n');
    change(text.indexOf('"a"') + 3, text.indexOf('"a"') + 3, ', timeout=5');
    change(0, 0, '# 🎉 header\n');
    await client.change(uri, 2, changes);

    // Then character-by-character typing, every notification sent without waiting.
    let version = 2;
    const typed = 'requests.put("€", json={})\n';
    const sends: Promise<void>[] = [];
    for (const character of typed) {
      const at = text.length;
      sends.push(client.change(uri, ++version, [{ range: { start: positionAt(text, at), end: positionAt(text, at) }, text: character }]));
      text += character;
    }
    // And a deletion spanning lines, then a full-text replacement of one line's worth.
    const start = text.indexOf('requests.post');
    sends.push(client.change(uri, ++version, [{ range: { start: positionAt(text, start), end: positionAt(text, start + 'requests.post'.length) }, text: 'requests.patch' }]));
    text = text.slice(0, start) + 'requests.patch' + text.slice(start + 'requests.post'.length);
    await Promise.all(sends);

    const final = await client.waitForPublish(uri, (p) => p.version === version);
    assert.deepEqual(published(text, final).sort(), (await freshFindings(text)).sort());
    assert.equal(final.diagnostics.length, 2, 'requests.patch and requests.put lack a timeout; requests.get has one now');
    const versions = client.publishes.slice(first).filter((p) => p.uri === uri).map((p) => p.version!);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), `published versions must not go backwards: ${versions.join(',')}`);
    assert.ok(versions.length < version - 1, `a burst of ${version - 1} notifications should coalesce into fewer analyses, got ${versions.length}`);
  });

  it('quick fix: the preferred fix adds the timeout, and the diagnostic goes away', async () => {
    const uri = uriOf('src/fix.py');
    let text = 'import requests as r\n\nr.get(\n    "https://example.com",\n)\n';
    await client.open(uri, 'python', text);
    const publish = await client.waitForPublish(uri, (p) => p.diagnostics.length === 1);
    const actions = await codeActions(uri, publish.diagnostics[0]!);
    assert.deepEqual(actions.map((action) => action.title), ['Add timeout=30', 'Suppress B113 on this line with a justification…', 'Show documentation for B113']);
    assert.equal(actions[0]!.isPreferred, true);
    assert.equal(actions[2]!.command?.command, 'vigil.server.showDocumentation', 'clients without their own command get the server one');
    text = await applyAndSync(uri, text, 2, actions[0]!);
    assert.equal(text, 'import requests as r\n\nr.get(\n    "https://example.com",\n    timeout=30,\n)\n');
    const after = await client.waitForPublish(uri, (p) => p.version === 2);
    assert.deepEqual(after.diagnostics, []);
  });

  it('suppression: writes "# nosec B113 - TODO: justify" on the statement\'s first line, merging into an existing nosec', async () => {
    const uri = uriOf('src/suppress.py');
    let text = 'import requests\nrequests.get(  # fetch\n    "u")\nrequests.post("u")  # nosec B108 - fixed path\n';
    await client.open(uri, 'python', text);
    const publish = await client.waitForPublish(uri, (p) => p.diagnostics.filter((d) => d.code === 'B113').length === 2);
    const [firstCall, secondCall] = publish.diagnostics.filter((d) => d.code === 'B113');
    const suppress = (await codeActions(uri, firstCall!)).find((action) => action.title.startsWith('Suppress B113'))!;
    text = await applyAndSync(uri, text, 2, suppress);
    assert.equal(text.split('\n')[1], 'requests.get(  # fetch  # nosec B113 - TODO: justify');
    const afterFirst = await client.waitForPublish(uri, (p) => p.version === 2);
    // The second call's B113 and the unused `nosec B108` remain.
    assert.deepEqual(afterFirst.diagnostics.map((d) => d.code).sort(), ['B113', 'VG002']);
    const second = afterFirst.diagnostics.find((d) => d.code === 'B113')!;
    assert.equal(second.range.start.line, secondCall!.range.start.line);
    const merge = (await codeActions(uri, second)).find((action) => action.title.startsWith('Suppress B113'))!;
    text = await applyAndSync(uri, text, 3, merge);
    assert.equal(text.split('\n')[3], 'requests.post("u")  # nosec B108, B113 - fixed path; TODO: justify');
    const done = await client.waitForPublish(uri, (p) => p.version === 3);
    // B113 is suppressed, and the comment is now in use: no VG002 either.
    assert.deepEqual(done.diagnostics, []);
  });

  it('fix-all (source.fixAll.vigil) applies every safe fix in one edit', async () => {
    const uri = uriOf('src/fixall.py');
    let text = 'import requests\nrequests.get("a")\nrequests.post("b", timeout=None)\n';
    await client.open(uri, 'python', text);
    const publish = await client.waitForPublish(uri, (p) => p.diagnostics.length === 2);
    const actions = await codeActions(uri, publish.diagnostics[0]!, ['source.fixAll']);
    assert.deepEqual(actions.map((action) => [action.kind, action.title]), [['source.fixAll.vigil', 'Fix all safe Vigil problems']]);
    text = await applyAndSync(uri, text, 2, actions[0]!);
    assert.equal(text, 'import requests\nrequests.get("a", timeout=30)\nrequests.post("b", timeout=30)\n');
    assert.deepEqual((await client.waitForPublish(uri, (p) => p.version === 2)).diagnostics, []);
  });

  it('settings: ignoring B113, a severity threshold and the fix timeout take effect after didChangeConfiguration', async () => {
    const uri = uriOf('src/app.py');
    const configure = async (settings: object): Promise<Publish> => {
      const count = (): number => client.publishes.filter((p) => p.uri === uri).length;
      const before = count();
      client.settings.set('', settings);
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      return client.waitForPublish(uri, () => count() > before);
    };
    assert.ok(client.latest(uri)!.diagnostics.some((d) => d.code === 'B113'));
    const requestsBefore = client.configurationRequests;
    assert.deepEqual((await configure({ rules: { ignore: ['B113'] } })).diagnostics, []);
    assert.ok(client.configurationRequests > requestsBefore, 'settings are read again from the client');
    assert.deepEqual((await configure({ severity: 'high' })).diagnostics, [], 'a medium finding is hidden under a high threshold');
    assert.deepEqual((await configure({ enable: false })).diagnostics, [], 'vigil.enable: false clears the document');
    const back = await configure({ fix: { timeoutSeconds: 7 } });
    const actions = await codeActions(uri, back.diagnostics.find((d) => d.code === 'B113')!);
    assert.equal(actions[0]?.title, 'Add timeout=7');
    await configure({});
  });

  it('scanWorkspace publishes for unopened files, honours .gitignore, skips node_modules and reports progress', async () => {
    const finding = 'import requests\nrequests.get("u")\n';
    const files: Record<string, string> = {
      'scan/a.py': finding,
      'scan/lib/b.ts': 'const x = 1; // nosec B113\n',
      'scan/build/c.py': finding,
      'scan/lib/generated/d.py': finding,
      'scan/lib/generated/keep.py': finding,
      'scan/node_modules/pkg/e.py': finding,
      'scan/clean.py': 'print("hello")\n',
      'scan/.gitignore': 'build/\n',
      'scan/lib/.gitignore': 'generated/*\n!generated/keep.py\n',
    };
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(workspace, name, '..'), { recursive: true });
      writeFileSync(join(workspace, name), content);
    }
    // An open document keeps its live diagnostics: the scan must not overwrite them.
    await client.open(uriOf('scan/a.py'), 'python', 'import requests\n');
    await client.waitForPublish(uriOf('scan/a.py'), (p) => p.version === 1);
    client.folders = [{ uri: pathToFileURL(join(workspace, 'scan')).href, name: 'scan' }];

    const result = await client.connection.sendRequest<ScanWorkspaceResult>('vigil/scanWorkspace', { workDoneToken: 'scan-1' });
    assert.deepEqual(result, { files: 4, total: 4, findings: 3, filesWithFindings: 3, cancelled: false, analysed: 4, cached: 0 });
    assert.deepEqual(client.latest(uriOf('scan/lib/b.ts'))!.diagnostics.map((d) => d.code), ['VG002']);
    assert.deepEqual(client.latest(uriOf('scan/lib/generated/keep.py'))!.diagnostics.map((d) => d.code), ['B113']);
    assert.deepEqual(client.latest(uriOf('scan/clean.py'))?.diagnostics, []);
    for (const ignored of ['scan/build/c.py', 'scan/lib/generated/d.py', 'scan/node_modules/pkg/e.py']) {
      assert.equal(client.latest(uriOf(ignored)), undefined, `${ignored} is ignored`);
    }
    assert.deepEqual(client.latest(uriOf('scan/a.py'))!.diagnostics, [], 'the open document keeps its own diagnostics');
    const progress = client.progress.get('scan-1') ?? [];
    assert.equal(progress[0]?.kind, 'begin');
    assert.ok(progress.some((value) => value.kind === 'report' && value.message === '4/4 files'), JSON.stringify(progress));
    assert.equal(progress.at(-1)?.kind, 'end');
  });

  it('scanWorkspace stops when cancelled', async () => {
    const dir = join(workspace, 'many');
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 300; i++) writeFileSync(join(dir, `m${i}.py`), `import requests\nrequests.get("${i}")\n`);
    client.folders = [{ uri: pathToFileURL(dir).href, name: 'many' }];
    const source = new CancellationTokenSource();
    const firstReport = client.waitForProgress((token, value) => token === 'scan-2' && value.kind === 'report');
    const pending = client.connection.sendRequest<ScanWorkspaceResult>('vigil/scanWorkspace', { workDoneToken: 'scan-2' }, source.token);
    await firstReport;
    source.cancel();
    const result = await pending;
    assert.equal(result.cancelled, true);
    assert.equal(result.total, 300);
    assert.ok(result.files < 300, `stopped early (${result.files} of 300)`);
  });

  it('a request the server cannot serve returns an empty answer and the server lives on', async () => {
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf('never-opened.py') },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [{ range: { start: { line: 99, character: 0 }, end: { line: 99, character: 1 } }, message: 'x', source: 'vigil', code: 'B113', data: 'garbage' }] },
    });
    assert.deepEqual(actions, []);
    const uri = uriOf('src/app.py');
    const garbage = await codeActions(uri, { range: { start: { line: 99, character: 0 }, end: { line: 99, character: 1 } }, message: 'x', source: 'vigil', code: 'B113', data: { ruleId: 1 } });
    assert.deepEqual(garbage.map((action) => action.title), ['Show documentation for B113']);
  });

  it('shuts down and exits with code 0', async () => {
    assert.deepEqual(client.logs.filter((log) => log.type === 1).map((log) => log.message), [], 'no errors were logged');
    assert.equal(await client.shutdown(), 0);
  });
});
