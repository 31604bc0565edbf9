/**
 * The workspace side of the language server over stdio, driven by a real JSON-RPC client:
 * "Scan Workspace" with `files.exclude`, `vigil.exclude` and project configuration; the scan
 * cache (a second scan analyses only what changed, and the cache outlives the process); what
 * closing, deleting, renaming and changing files on disk do to scan findings; hovers; the
 * finding counts the status bar shows; and the scan as a server command with server-created,
 * cancellable progress.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver/node';
import type { FindingCounts, ScanWorkspaceResult } from '../../server/src/node/protocol';
import { LspClient, positionAt } from './lsp-client';

const temporary: string[] = [];
const clients: LspClient[] = [];
after(() => {
  for (const client of clients) client.kill();
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

const REQUEST = 'import requests\nrequests.get("https://example.com")\n';
const REQUEST_AND_TMP = `${REQUEST}PATH = "/tmp/vigil.txt"\n`;
const SHELL = 'import subprocess\nsubprocess.call("ls " + x, shell=True)\n';
const FETCH = 'fetch("https://example.com");\n';

/** The test project: what each file is for is said next to it. */
const FILES: Record<string, string> = {
  'app.py': REQUEST,
  'clean.py': 'print("hello")\n',
  'tools/run.py': SHELL, // B404 (low) and B602 (high)
  'web/client.ts': 'export async function load(url: string) {\n  return fetch(url);\n}\n',
  'gen/out.py': REQUEST, // files.exclude "**/gen"
  'vendor/lib.py': REQUEST, // vigil.exclude "vendor/**"
  'docs/conf.py': REQUEST, // files.exclude "docs": false (switched off)
  'assets/a.js': FETCH, // files.exclude "**/*.js" when "$(basename).ts" exists
  'assets/a.ts': 'export const a = 1;\n',
  'assets/b.js': FETCH,
  'proj/pyproject.toml': '[tool.bandit]\nskips = ["B113"]\nexclude_dirs = ["legacy"]\n',
  'proj/pkg/mod.py': REQUEST_AND_TMP, // B113 skipped by the project, B108 stays
  'proj/legacy/old.py': REQUEST, // excluded by the project
};
const SCANNED = ['app.py', 'clean.py', 'tools/run.py', 'web/client.ts', 'docs/conf.py', 'assets/a.ts', 'assets/b.js', 'proj/pkg/mod.py'];
const NOT_SCANNED = ['gen/out.py', 'vendor/lib.py', 'assets/a.js', 'proj/legacy/old.py'];
const FILES_EXCLUDE = { '**/gen': true, docs: false, '**/*.js': { when: '$(basename).ts' } };
const VIGIL_SETTINGS = { exclude: ['vendor/**'] };

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

function project(files: Record<string, string> = FILES): string {
  const root = tempDir('vigil-ws-');
  for (const [name, text] of Object.entries(files)) write(root, name, text);
  return root;
}

function write(root: string, name: string, text: string): void {
  mkdirSync(dirname(join(root, name)), { recursive: true });
  writeFileSync(join(root, name), text);
}

const uriIn = (root: string) => (name: string): string => pathToFileURL(join(root, name)).href;

async function start(root: string, storage: string, options: { settings?: object; filesExclude?: object } = {}): Promise<LspClient> {
  const client = new LspClient();
  clients.push(client);
  client.folders = [{ uri: pathToFileURL(root).href, name: 'ws' }];
  client.settings.set('', options.settings ?? VIGIL_SETTINGS);
  client.filesSettings = { exclude: options.filesExclude ?? FILES_EXCLUDE };
  await client.initialize(undefined, { storagePath: storage, findingCounts: true });
  return client;
}

function scan(client: LspClient, workDoneToken = `scan-${Math.random()}`): Promise<ScanWorkspaceResult> {
  return client.connection.sendRequest<ScanWorkspaceResult>('vigil/scanWorkspace', { workDoneToken });
}

/** Rule IDs of the latest publish for `uri`, sorted; undefined when it was never published. */
function codes(client: LspClient, uri: string): string[] | undefined {
  return client.latest(uri)?.diagnostics.map((diagnostic) => String(diagnostic.code)).sort();
}

/** Resolves when `uri`'s latest diagnostics have exactly these rule IDs. */
async function expectCodes(client: LspClient, uri: string, expected: string[]): Promise<void> {
  const want = [...expected].sort();
  await client.waitForPublish(uri, (publish) => JSON.stringify(publish.diagnostics.map((d) => String(d.code)).sort()) === JSON.stringify(want));
}

function listTree(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: false }).map(String).sort();
}

describe('workspace scan: which files', () => {
  it('honours files.exclude (with switched-off and `when` patterns), vigil.exclude and the project configuration', async () => {
    const root = project();
    const uri = uriIn(root);
    const client = await start(root, tempDir('vigil-storage-'));
    const result = await scan(client);
    assert.equal(result.files, SCANNED.length, JSON.stringify(result));
    assert.equal(result.total, SCANNED.length);
    assert.deepEqual(codes(client, uri('app.py')), ['B113']);
    assert.deepEqual(codes(client, uri('clean.py')), []);
    assert.deepEqual(codes(client, uri('tools/run.py')), ['B404', 'B602']);
    assert.deepEqual(codes(client, uri('web/client.ts')), ['B113']);
    assert.deepEqual(codes(client, uri('docs/conf.py')), ['B113'], 'a files.exclude pattern set to false excludes nothing');
    assert.deepEqual(codes(client, uri('assets/b.js')), ['B113'], 'no b.ts next to it: the `when` clause does not apply');
    assert.deepEqual(codes(client, uri('proj/pkg/mod.py')), ['B108'], 'the project skips B113; B108 still runs');
    for (const name of NOT_SCANNED) assert.equal(client.latest(uri(name)), undefined, `${name} is excluded`);
  });

  it('a scan after vigil.exclude grows clears what is now excluded', async () => {
    const root = project();
    const uri = uriIn(root);
    const client = await start(root, tempDir('vigil-storage-'));
    await scan(client);
    assert.deepEqual(codes(client, uri('tools/run.py')), ['B404', 'B602']);
    client.settings.set('', { exclude: ['vendor/**', 'tools'] });
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const result = await scan(client);
    assert.equal(result.files, SCANNED.length - 1);
    assert.deepEqual(codes(client, uri('tools/run.py')), [], 'its findings are withdrawn');
  });
});

describe('workspace scan: incremental, and the cache outlives the server', () => {
  const root = project();
  const uri = uriIn(root);
  const storage = tempDir('vigil-storage-');
  const treeBefore = listTree(root);
  let client: LspClient;

  it('a second scan analyses nothing when nothing changed, and publishes the same findings', async () => {
    client = await start(root, storage);
    const first = await scan(client);
    assert.equal(first.analysed, SCANNED.length);
    assert.equal(first.cached, 0);
    const before = client.publishes.length;
    const second = await scan(client);
    assert.deepEqual({ analysed: second.analysed, cached: second.cached, findings: second.findings }, { analysed: 0, cached: SCANNED.length, findings: first.findings });
    assert.ok(client.publishes.length > before, 'findings are published again');
    assert.deepEqual(codes(client, uri('app.py')), ['B113']);
  });

  it('after an edit on disk only that file is analysed; a touch without a change analyses nothing', async () => {
    write(root, 'clean.py', REQUEST);
    const edited = await scan(client);
    assert.deepEqual({ analysed: edited.analysed, cached: edited.cached }, { analysed: 1, cached: SCANNED.length - 1 });
    assert.deepEqual(codes(client, uri('clean.py')), ['B113']);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'app.py'), later, later);
    const touched = await scan(client);
    assert.equal(touched.analysed, 0, 'same content, new mtime: the hash shows it unchanged');
  });

  it('changed analysis settings analyse again', async () => {
    client.settings.set('', { ...VIGIL_SETTINGS, rules: { ignore: ['B108'] } });
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const result = await scan(client);
    assert.equal(result.analysed, SCANNED.length);
    assert.deepEqual(codes(client, uri('proj/pkg/mod.py')), []);
    client.settings.set('', VIGIL_SETTINGS);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await scan(client);
  });

  it('a new server process with the same storage analyses nothing and republishes from the cache', async () => {
    assert.equal(await client.shutdown(), 0);
    const restarted = await start(root, storage);
    const result = await scan(restarted);
    assert.deepEqual({ analysed: result.analysed, cached: result.cached }, { analysed: 0, cached: SCANNED.length });
    assert.deepEqual(codes(restarted, uri('app.py')), ['B113']);
    assert.deepEqual(codes(restarted, uri('tools/run.py')), ['B404', 'B602']);
    // Control: another storage directory has no cache.
    const fresh = await start(root, tempDir('vigil-storage-'));
    assert.equal((await scan(fresh)).analysed, SCANNED.length);
  });

  it('the cache lives in the storage directory, never in the user\'s tree', () => {
    assert.ok(readdirSync(join(storage, 'scan-cache')).some((name) => name.endsWith('.json')));
    const touchedByTests = new Set(['clean.py', 'app.py']);
    assert.deepEqual(listTree(root).filter((name) => !touchedByTests.has(name)), treeBefore.filter((name) => !touchedByTests.has(name)));
  });
});

describe('scan findings as files are opened, closed, changed, renamed and deleted', () => {
  const root = project();
  const uri = uriIn(root);
  let client: LspClient;

  it('closing a scanned file gives it back its findings on disk', async () => {
    client = await start(root, tempDir('vigil-storage-'));
    await scan(client);
    const app = uri('app.py');
    // Fixed in the editor but never saved: the live analysis is clean...
    await client.open(app, 'python', 'import requests\nrequests.get("https://example.com", timeout=5)\n');
    await client.waitForPublish(app, (publish) => publish.version === 1 && publish.diagnostics.length === 0);
    // ...and closing (reverting) it shows what is on disk again.
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: app } });
    await expectCodes(client, app, ['B113']);
  });

  it('closing a file no scan covers clears its diagnostics', async () => {
    const elsewhere = tempDir('vigil-elsewhere-');
    write(elsewhere, 'x.py', REQUEST);
    const outside = pathToFileURL(join(elsewhere, 'x.py')).href;
    await client.open(outside, 'python', REQUEST);
    await expectCodes(client, outside, ['B113']);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: outside } });
    await expectCodes(client, outside, []);
  });

  it('a file changed outside the editor (didChangeWatchedFiles) gets its new findings', async () => {
    const registration = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.match(JSON.stringify(registration?.registerOptions), /\*\*\/\*\.\{py,/, 'the server watches source files');
    write(root, 'clean.py', SHELL);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('clean.py'), type: 2 }] });
    await expectCodes(client, uri('clean.py'), ['B404', 'B602']);
  });

  it('didRenameFiles moves the findings to the new name', async () => {
    renameSync(join(root, 'docs', 'conf.py'), join(root, 'docs', 'settings.py'));
    await client.connection.sendNotification('workspace/didRenameFiles', { files: [{ oldUri: uri('docs/conf.py'), newUri: uri('docs/settings.py') }] });
    await expectCodes(client, uri('docs/conf.py'), []);
    await expectCodes(client, uri('docs/settings.py'), ['B113']);
  });

  it('didDeleteFiles clears a deleted file, and every file of a deleted folder', async () => {
    rmSync(join(root, 'web', 'client.ts'));
    await client.connection.sendNotification('workspace/didDeleteFiles', { files: [{ uri: uri('web/client.ts') }] });
    await expectCodes(client, uri('web/client.ts'), []);
    assert.deepEqual(codes(client, uri('assets/b.js')), ['B113']);
    rmSync(join(root, 'assets'), { recursive: true });
    await client.connection.sendNotification('workspace/didDeleteFiles', { files: [{ uri: uri('assets') }] });
    await expectCodes(client, uri('assets/b.js'), []);
    // The next scan agrees, from the cache.
    const result = await scan(client);
    assert.equal(result.files, SCANNED.length - 3);
    assert.equal(result.analysed, 0);
  });

  it('a file deleted while open loses its diagnostics when it is closed', async () => {
    const run = uri('tools/run.py');
    await client.open(run, 'python', SHELL);
    await client.waitForPublish(run, (publish) => publish.version === 1);
    rmSync(join(root, 'tools', 'run.py'));
    await client.connection.sendNotification('workspace/didDeleteFiles', { files: [{ uri: run }] });
    assert.deepEqual(codes(client, run), ['B404', 'B602'], 'the open document keeps its live diagnostics');
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: run } });
    await expectCodes(client, run, []);
  });
});

describe('hover', () => {
  const root = project({ 'h.py': REQUEST, 'h.ts': FETCH });
  const uri = uriIn(root);
  let client: LspClient;

  it("shows the rule's docs with the CWE link on a finding, for the document's language", async () => {
    client = await start(root, tempDir('vigil-storage-'));
    await client.open(uri('h.py'), 'python', REQUEST);
    const publish = await client.waitForPublish(uri('h.py'), (p) => p.diagnostics.some((d) => d.code === 'B113'));
    const diagnostic = publish.diagnostics[0]!;
    const inside = { line: diagnostic.range.start.line, character: diagnostic.range.start.character + 3 };
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: uri('h.py') }, position: inside });
    assert.ok(hover, 'a hover on the finding');
    const { kind, value } = hover.contents as MarkupContent;
    assert.equal(kind, 'markdown');
    assert.match(value, /^\*\*B113: HTTP request without a timeout\*\*/);
    assert.ok(value.includes('[CWE-400](https://cwe.mitre.org/data/definitions/400.html)'), value);
    for (const section of ['**What it does**', '**Why is this bad?**', '**Use instead**', '**Fix safety**']) assert.ok(value.includes(section), `${section} in ${value}`);
    assert.match(value, /timeout=30/, 'the Python fix');
    assert.doesNotMatch(value, /AbortSignal/, 'not the TS/JS section');
    assert.deepEqual(hover.range, diagnostic.range);
  });

  it('shows the TS/JS docs in a TypeScript file, and nothing away from findings', async () => {
    await client.open(uri('h.ts'), 'typescript', FETCH);
    const publish = await client.waitForPublish(uri('h.ts'), (p) => p.diagnostics.some((d) => d.code === 'B113'));
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: uri('h.ts') }, position: publish.diagnostics[0]!.range.start });
    assert.match((hover?.contents as MarkupContent).value, /AbortSignal\.timeout/);
    const text = REQUEST;
    const away = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: uri('h.py') }, position: positionAt(text, text.indexOf('import') + 2) });
    assert.equal(away, null);
  });
});

describe('finding counts (the status bar)', () => {
  const root = project();
  const uri = uriIn(root);

  /** The counts the client would compute from what it was sent. */
  function countsFromPublishes(client: LspClient): FindingCounts {
    const latest = new Map<string, { data?: unknown }[]>();
    for (const publish of client.publishes) latest.set(publish.uri, publish.diagnostics);
    const counts: FindingCounts = { total: 0, files: 0, high: 0, medium: 0, low: 0 };
    for (const diagnostics of latest.values()) {
      if (diagnostics.length > 0) counts.files++;
      for (const diagnostic of diagnostics) counts[(diagnostic.data as { severity: 'high' | 'medium' | 'low' }).severity]++;
    }
    counts.total = counts.high + counts.medium + counts.low;
    return counts;
  }

  it('are sent after a scan and follow closes and deletes, split by severity', async () => {
    const client = await start(root, tempDir('vigil-storage-'));
    await scan(client);
    const expected = countsFromPublishes(client);
    assert.deepEqual(expected, { total: 7, files: 6, high: 1, medium: 5, low: 1 }, 'the project as described in FILES');
    await client.waitForNotification<FindingCounts>('vigil/findingCounts', (counts) => JSON.stringify(counts) === JSON.stringify(expected));

    // A live document replaces its scan findings in the counts.
    await client.open(uri('tools/run.py'), 'python', 'import subprocess\n');
    await client.waitForNotification<FindingCounts>('vigil/findingCounts', (counts) => counts.high === 0 && counts.low === 1 && counts.total === 6);

    rmSync(join(root, 'app.py'));
    await client.connection.sendNotification('workspace/didDeleteFiles', { files: [{ uri: uri('app.py') }] });
    await client.waitForNotification<FindingCounts>('vigil/findingCounts', (counts) => counts.total === 5 && counts.files === 5);
  });

  it('are not sent to clients that did not ask for them', async () => {
    const client = new LspClient();
    clients.push(client);
    client.folders = [{ uri: pathToFileURL(root).href, name: 'ws' }];
    await client.initialize(undefined, { storagePath: tempDir('vigil-storage-') });
    await scan(client);
    await client.open(uri('clean.py'), 'python', REQUEST);
    await expectCodes(client, uri('clean.py'), ['B113']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(client.notifications.filter((n) => n.method === 'vigil/findingCounts'), []);
  });
});

describe('project configuration', () => {
  const root = project({
    ...FILES,
    'strict/pyproject.toml': '[tool.vigil]\nseverity = "high"\n',
    'strict/x.py': REQUEST + SHELL,
  });
  const uri = uriIn(root);
  let client: LspClient;

  it('pyproject [tool.bandit] skips and exclude_dirs apply to open documents under the project', async () => {
    client = await start(root, tempDir('vigil-storage-'));
    await client.open(uri('proj/pkg/mod.py'), 'python', REQUEST_AND_TMP);
    await expectCodes(client, uri('proj/pkg/mod.py'), ['B108']);
    await client.open(uri('app.py'), 'python', REQUEST);
    await expectCodes(client, uri('app.py'), ['B113']);
    await client.open(uri('proj/legacy/old.py'), 'python', REQUEST);
    await client.waitForPublish(uri('proj/legacy/old.py'), (publish) => publish.version === 1);
    assert.deepEqual(codes(client, uri('proj/legacy/old.py')), [], 'excluded by the project');
  });

  it('a project threshold applies unless the user set one explicitly', async () => {
    await client.open(uri('strict/x.py'), 'python', REQUEST + SHELL);
    await expectCodes(client, uri('strict/x.py'), ['B602']);
    client.settings.set('', { ...VIGIL_SETTINGS, severity: 'low' });
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await expectCodes(client, uri('strict/x.py'), ['B113', 'B404', 'B602']);
    client.settings.set('', VIGIL_SETTINGS);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await expectCodes(client, uri('strict/x.py'), ['B602']);
  });

  it('an edited configuration file (didChangeWatchedFiles) applies to open documents', async () => {
    write(root, 'proj/pyproject.toml', '[tool.bandit]\nexclude_dirs = ["legacy"]\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('proj/pyproject.toml'), type: 2 }] });
    await expectCodes(client, uri('proj/pkg/mod.py'), ['B108', 'B113']);
  });

  it('a broken configuration file is reported once, and the defaults apply', async () => {
    write(root, 'broken/pyproject.toml', '[tool.vigil]\nseverity = \n');
    // Two folders under one broken file: it is read for each, and reported once.
    await client.open(uri('broken/a/y.py'), 'python', REQUEST);
    await expectCodes(client, uri('broken/a/y.py'), ['B113']);
    await client.open(uri('broken/b/z.py'), 'python', REQUEST);
    await expectCodes(client, uri('broken/b/z.py'), ['B113']);
    const warnings = client.messages.filter((message) => message.type === 2 && message.message.includes('pyproject.toml'));
    assert.equal(warnings.length, 1, JSON.stringify(client.messages));
    assert.match(warnings[0]!.message, /syntax error/);
  });
});

describe('documents of other schemes (a browser workspace: vscode-vfs:, vscode-test-web:)', () => {
  it('vigil.exclude hides an open document by its path under the workspace folder of its scheme', async () => {
    const client = new LspClient();
    clients.push(client);
    const folder = 'vscode-vfs://github/owner/repo';
    client.folders = [{ uri: folder, name: 'repo' }];
    client.settings.set('', { exclude: ['vendor/**'] });
    await client.initialize(undefined, { storagePath: tempDir('vigil-storage-') });
    await client.open(`${folder}/app.py`, 'python', REQUEST);
    await expectCodes(client, `${folder}/app.py`, ['B113']);
    await client.open(`${folder}/vendor/lib.py`, 'python', REQUEST);
    await client.waitForPublish(`${folder}/vendor/lib.py`, (publish) => publish.version === 1);
    assert.deepEqual(codes(client, `${folder}/vendor/lib.py`), [], 'excluded by vigil.exclude');
    // The same path in another repository is not under this folder.
    await client.open('vscode-vfs://github/other/repo/vendor/lib.py', 'python', REQUEST);
    await expectCodes(client, 'vscode-vfs://github/other/repo/vendor/lib.py', ['B113']);
  });
});

describe("the project's PyTorch version (B614)", () => {
  const LOAD = 'import torch\nmodel = torch.load(path)\n';
  /** The B614 message of `uri`'s latest publish, once it says (or does not say) "safe by default". */
  const b614 = (client: LspClient, uri: string, safeByDefault: boolean) =>
    client.waitForPublish(uri, (publish) => publish.diagnostics.some((d) => d.code === 'B614' && String(d.message).includes('safe by default') === safeByDefault));

  it('is read from the workspace, as vigil scan reads it, and follows edits to the requirements', async () => {
    const root = project({ 'requirements.txt': 'torch>=2.6\n', 'train.py': LOAD, 'ml/pyproject.toml': '[tool.vigil]\n', 'ml/requirements.txt': 'torch==2.1.0\n', 'ml/old.py': LOAD });
    const uri = uriIn(root);
    const client = await start(root, tempDir('vigil-storage-'));
    await client.open(uri('train.py'), 'python', LOAD);
    await b614(client, uri('train.py'), true);
    const watched = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.match(JSON.stringify(watched), /requirements\*/, 'requirements files are watched');
    // The configuration file's folder is its own project, with its own requirements.
    await client.open(uri('ml/old.py'), 'python', LOAD);
    await b614(client, uri('ml/old.py'), false);
    write(root, 'requirements.txt', 'torch>=2.0\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('requirements.txt'), type: 2 }] });
    await b614(client, uri('train.py'), false);
  });
});

describe("the project's js-yaml version (B506, TS/JS)", () => {
  it('is read from package.json, and follows edits to it', async () => {
    const LOAD = "import yaml from 'js-yaml';\nexport const config = yaml.load(text);\n";
    const root = project({ 'package.json': JSON.stringify({ dependencies: { 'js-yaml': '^3.14.1' } }), 'src/config.ts': LOAD });
    const uri = uriIn(root);
    const client = await start(root, tempDir('vigil-storage-'));
    await client.open(uri('src/config.ts'), 'typescript', LOAD);
    await expectCodes(client, uri('src/config.ts'), ['B506']);
    write(root, 'package.json', JSON.stringify({ dependencies: { 'js-yaml': '^4.1.0' } }));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('package.json'), type: 2 }] });
    await expectCodes(client, uri('src/config.ts'), []);
  });
});

describe('scan as a server command (editors without custom requests)', () => {
  it('creates its own progress, reports a file count, shows a summary, and stops on window/workDoneProgress/cancel', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`m${i}.py`] = `import requests\nrequests.get("${i}")\n`;
    const root = project(files);
    const client = await start(root, tempDir('vigil-storage-'), { settings: {}, filesExclude: {} });
    const done = await client.connection.sendRequest<ScanWorkspaceResult>('workspace/executeCommand', { command: 'vigil.server.scanWorkspace', arguments: [] });
    assert.equal(done.files, 300);
    assert.equal(client.createdProgress.length, 1);
    const progress = client.progress.get(client.createdProgress[0]!) ?? [];
    assert.equal(progress[0]?.kind, 'begin');
    assert.equal((progress[0] as { cancellable?: boolean }).cancellable, true);
    assert.ok(progress.some((value) => value.kind === 'report' && value.message === '300/300 files'), JSON.stringify(progress));
    assert.equal(progress.at(-1)?.kind, 'end');
    assert.ok(client.messages.some((message) => message.message === 'Vigil: scanned the workspace: 300 findings in 300 of 300 files.'), JSON.stringify(client.messages));

    // Again, with a cold cache elsewhere, cancelled from the progress UI.
    const other = await start(root, tempDir('vigil-storage-'), { settings: {}, filesExclude: {} });
    const firstReport = other.waitForProgress((_token, value) => value.kind === 'report' && value.message !== '0/300 files');
    const pending = other.connection.sendRequest<ScanWorkspaceResult>('workspace/executeCommand', { command: 'vigil.server.scanWorkspace', arguments: [] });
    await firstReport;
    await other.connection.sendNotification('window/workDoneProgress/cancel', { token: other.createdProgress[0] });
    const cancelled = await pending;
    assert.equal(cancelled.cancelled, true);
    assert.ok(cancelled.files < 300, `stopped early (${cancelled.files} of 300)`);
    assert.ok(existsSync(root));
  });
});
