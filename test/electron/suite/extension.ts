/**
 * The mocha suite (not a node:test file: it needs the `vscode` module of an extension host).
 * Runs inside VS Code. Waits on events (diagnostics changing), never on fixed sleeps.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { code, nextEvent, vigilDiagnostics } from '../../support/vscode-waits';

// The runner passes the workspace it made; elsewhere (a browser-hosted workbench) it is the open folder.
const workspace = process.env.VIGIL_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders![0]!.uri.fsPath;
const appUri = vscode.Uri.file(join(workspace, 'src', 'app.py'));
/** Never opened: only the workspace scan reports on it. */
const otherUri = vscode.Uri.file(join(workspace, 'src', 'other.py'));

async function quickFixes(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
}

describe('Vigil in VS Code', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('activates on a Python file and reports B113 with a link to its docs', async () => {
    const document = await vscode.workspace.openTextDocument(appUri);
    await vscode.window.showTextDocument(document);
    const extension = vscode.extensions.getExtension('vigil-security.vigil');
    assert.ok(extension, 'the extension is installed');
    await extension.activate();
    assert.equal(extension.isActive, true);
    const [diagnostic] = await vigilDiagnostics(appUri, (diagnostics) => diagnostics.some((d) => code(d) === 'B113'));
    assert.equal(diagnostic!.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(diagnostic!.range.start.line, 2);
    const target = typeof diagnostic!.code === 'object' ? diagnostic!.code.target : undefined;
    assert.match(target?.toString() ?? '', /docs\/rules\/B113\.md$/);
  });

  it('applies the preferred quick fix and the diagnostic goes away', async () => {
    const document = await vscode.workspace.openTextDocument(appUri);
    await vscode.window.showTextDocument(document);
    const [diagnostic] = await vigilDiagnostics(appUri, (diagnostics) => diagnostics.some((d) => code(d) === 'B113'));
    const fix = (await quickFixes(document, diagnostic!)).find((action) => action.isPreferred);
    assert.equal(fix?.title, 'Add timeout=30');
    assert.ok(await vscode.workspace.applyEdit(fix!.edit!));
    assert.match(document.getText(), /requests\.get\("https:\/\/example\.com", timeout=30\)/);
    await vigilDiagnostics(appUri, (diagnostics) => diagnostics.length === 0);
  });

  it('suppresses with the justification typed into the input box', async () => {
    const document = await vscode.workspace.openTextDocument(appUri);
    await vscode.window.showTextDocument(document);
    const [diagnostic] = await vigilDiagnostics(appUri, (diagnostics) => diagnostics.some((d) => code(d) === 'B113'));
    const suppress = (await quickFixes(document, diagnostic!)).find((action) => action.title.startsWith('Suppress B113'));
    assert.equal(suppress?.command?.command, 'vigil.suppressWithJustification', 'VS Code asks for the reason');
    const window = vscode.window as { showInputBox: typeof vscode.window.showInputBox };
    const original = window.showInputBox;
    window.showInputBox = async () => 'example.com is our own CDN';
    try {
      const applied = await vscode.commands.executeCommand<boolean>(suppress!.command!.command, ...(suppress!.command!.arguments ?? []));
      assert.equal(applied, true);
    } finally {
      window.showInputBox = original;
    }
    assert.equal(document.lineAt(2).text, 'requests.get("https://example.com")  # nosec B113 - example.com is our own CDN');
    await vigilDiagnostics(appUri, (diagnostics) => diagnostics.length === 0);
  });

  it('"Vigil: Scan Workspace" reports on files that are not open', async () => {
    const result = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean }>('vigil.scanWorkspace');
    assert.equal(result?.files, 2);
    assert.equal(result?.cancelled, false);
    const diagnostics = await vigilDiagnostics(otherUri, (found) => found.length > 0);
    assert.deepEqual(diagnostics.map(code), ['B113']);
  });

  it('a settings change reaches the server: ignoring B113 clears the diagnostic', async () => {
    const document = await vscode.workspace.openTextDocument(appUri);
    await vscode.window.showTextDocument(document);
    await vigilDiagnostics(appUri, (diagnostics) => diagnostics.some((d) => code(d) === 'B113'));
    const settings = vscode.workspace.getConfiguration('vigil', appUri);
    await settings.update('rules.ignore', ['B113'], vscode.ConfigurationTarget.Workspace);
    try {
      await vigilDiagnostics(appUri, (diagnostics) => diagnostics.length === 0);
    } finally {
      await settings.update('rules.ignore', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await vigilDiagnostics(appUri, (diagnostics) => diagnostics.some((d) => code(d) === 'B113'));
  });
});

describe('Vigil in VS Code: the installed package, exact ranges, TypeScript', () => {
  /** Outside the workspace, so the workspace scan above still sees exactly its two files. */
  let scratch: string;
  let clientUri: vscode.Uri;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'vigil-suite-ts-'));
    const client = join(scratch, 'client.ts');
    writeFileSync(
      client,
      [
        "import { writeFileSync } from 'node:fs';",
        '',
        'export async function upload(body: string): Promise<void> {',
        "  writeFileSync('/tmp/vigil-upload.json', body);",
        "  await fetch('https://example.com/upload', { method: 'POST', body });",
        '}',
        '',
      ].join('\n'),
    );
    clientUri = vscode.Uri.file(client);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  after(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('the extension under test is the one installed from vigil.vsix', function () {
    // Set by runners that install the package (the code-server test); test-electron loads the source folder.
    const extensionsDir = process.env.VIGIL_TEST_EXTENSIONS_DIR;
    if (!extensionsDir) this.skip();
    const extension = vscode.extensions.getExtension('vigil-security.vigil');
    assert.ok(extension?.extensionUri.fsPath.startsWith(`${extensionsDir}/`), `loaded from ${extension?.extensionUri.fsPath}, expected under ${extensionsDir}`);
  });

  it('reports B113 in Python on the callee, requests.get, with its severity and message', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(appUri));
    const diagnostics = await vigilDiagnostics(appUri, (found) => found.some((d) => code(d) === 'B113'));
    assert.deepEqual(
      diagnostics.map((d) => [code(d), d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.severity]),
      [['B113', 2, 0, 2, 12, vscode.DiagnosticSeverity.Warning]],
    );
    assert.match(diagnostics[0]!.message, /requests\.get without a timeout/);
  });

  it('reports B108 and B113 in a TypeScript file with their ranges', async () => {
    const document = await vscode.workspace.openTextDocument(clientUri);
    assert.equal(document.languageId, 'typescript');
    await vscode.window.showTextDocument(document);
    const diagnostics = await vigilDiagnostics(clientUri, (found) => found.length >= 2);
    const summary = diagnostics
      .map((d) => `${code(d)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${document.getText(d.range)}`)
      .sort();
    assert.deepEqual(summary, ["B108 3:16-3:40 '/tmp/vigil-upload.json'", 'B113 4:8-4:13 fetch']);
  });

  it('applies the TypeScript timeout fix: B113 goes, B108 stays', async () => {
    const document = await vscode.workspace.openTextDocument(clientUri);
    await vscode.window.showTextDocument(document);
    const diagnostics = await vigilDiagnostics(clientUri, (found) => found.some((d) => code(d) === 'B113'));
    const b113 = diagnostics.find((d) => code(d) === 'B113')!;
    const actions = await quickFixes(document, b113);
    const fix = actions.find((action) => action.title.startsWith('Add signal: AbortSignal.timeout(30000)'));
    assert.ok(fix?.edit, `the timeout fix for B113; offered: ${JSON.stringify(actions.map((action) => action.title))}`);
    // Unsafe (a request that used to wait forever may now fail): offered, never preferred.
    assert.equal(fix.isPreferred, false);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(document.lineAt(4).text, "  await fetch('https://example.com/upload', { method: 'POST', body, signal: AbortSignal.timeout(30000) });");
    const remaining = await vigilDiagnostics(clientUri, (found) => !found.some((d) => code(d) === 'B113'));
    assert.deepEqual(remaining.map(code), ['B108']);
  });
});

describe('Vigil in VS Code: workspace scan, status bar, hover, project configuration', () => {
  // The suite makes the files it needs, so it runs on any workspace that has src/app.py and src/other.py.
  const file = (name: string): vscode.Uri => vscode.Uri.file(join(workspace, ...name.split('/')));
  const REQUEST = 'import requests\nrequests.get("https://example.com")\n';
  const CREATED: Record<string, string> = {
    'gen/generated.py': REQUEST, // files.exclude "**/gen"
    'vendor/lib.py': REQUEST, // vigil.exclude "vendor/**"
    'proj/pyproject.toml': '[tool.bandit]\nskips = ["B113"]\n',
    'proj/mod.py': `${REQUEST}PATH = "/tmp/vigil.txt"\n`, // B113 skipped by the project; B108 stays
    'src/doomed.py': REQUEST, // deleted by a test
  };
  let filesExcludeBefore: unknown;

  before(async () => {
    for (const [name, text] of Object.entries(CREATED)) await vscode.workspace.fs.writeFile(file(name), new TextEncoder().encode(text));
    const files = vscode.workspace.getConfiguration('files');
    filesExcludeBefore = files.inspect('exclude')?.workspaceValue;
    await files.update('exclude', { ...((filesExcludeBefore as object | undefined) ?? {}), '**/gen': true }, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('vigil').update('exclude', ['vendor/**'], vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('files').update('exclude', filesExcludeBefore, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('vigil').update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    for (const top of ['gen', 'vendor', 'proj', 'src/doomed.py']) await vscode.workspace.fs.delete(file(top), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  type ScanResult = { files: number; analysed: number; cached: number; cancelled: boolean };

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('"Vigil: Scan Workspace" honours files.exclude, vigil.exclude and pyproject [tool.bandit]; a second scan analyses nothing', async () => {
    const first = await vscode.commands.executeCommand<ScanResult>('vigil.scanWorkspace');
    assert.equal(first?.cancelled, false);
    assert.deepEqual((await vigilDiagnostics(file('proj/mod.py'), (found) => found.length > 0)).map(code), ['B108']);
    await vigilDiagnostics(file('src/doomed.py'), (found) => found.length > 0);
    assert.deepEqual(vscode.languages.getDiagnostics(file('gen/generated.py')).filter((d) => d.source === 'vigil'), [], 'files.exclude');
    assert.deepEqual(vscode.languages.getDiagnostics(file('vendor/lib.py')).filter((d) => d.source === 'vigil'), [], 'vigil.exclude');
    const second = await vscode.commands.executeCommand<ScanResult>('vigil.scanWorkspace');
    assert.deepEqual({ files: second?.files, analysed: second?.analysed, cached: second?.cached }, { files: first!.files, analysed: 0, cached: first!.files });
  });

  it('closing a scanned file keeps its findings in the Problems panel', async () => {
    // Opened the way a person does: a document an extension opens with openTextDocument stays
    // open in VS Code for minutes after its editor closes, so it would not be closed at all.
    await vscode.commands.executeCommand('vscode.open', otherUri);
    await vigilDiagnostics(otherUri, (found) => found.some((d) => code(d) === 'B113'));
    const closed = nextEvent(vscode.workspace.onDidCloseTextDocument, (closedDocument) => closedDocument.uri.toString() === otherUri.toString());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await closed;
    // The server answers the close by publishing the scan's findings again (it used to clear them).
    await nextEvent(vscode.languages.onDidChangeDiagnostics, (event) => event.uris.some((uri) => uri.toString() === otherUri.toString()));
    assert.deepEqual(vscode.languages.getDiagnostics(otherUri).filter((d) => d.source === 'vigil').map(code), ['B113']);
  });

  it('deleting a scanned file clears its findings', async () => {
    const edit = new vscode.WorkspaceEdit();
    edit.deleteFile(file('src/doomed.py'));
    assert.ok(await vscode.workspace.applyEdit(edit));
    await vigilDiagnostics(file('src/doomed.py'), (found) => found.length === 0);
  });

  it("hovering a finding shows the rule's documentation with its CWE link", async () => {
    const document = await vscode.workspace.openTextDocument(appUri);
    await vscode.window.showTextDocument(document);
    const [diagnostic] = await vigilDiagnostics(appUri, (found) => found.some((d) => code(d) === 'B113'));
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', appUri, diagnostic!.range.start.translate(0, 2))) ?? [];
    const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    assert.match(text, /B113: HTTP request without a timeout/);
    assert.ok(text.includes('[CWE-400](https://cwe.mitre.org/data/definitions/400.html)'), text);
    assert.match(text, /Why is this bad\?/);
  });

  it('the status bar counts the findings shown and opens the Problems panel', async () => {
    type Counts = { total: number } | undefined;
    const api = vscode.extensions.getExtension<{ statusItem: vscode.StatusBarItem; counts(): Counts; onDidChangeCounts: vscode.Event<Counts> }>('vigil-security.vigil')!.exports;
    const shown = (): number => vscode.languages.getDiagnostics().reduce((sum, [, diagnostics]) => sum + diagnostics.filter((d) => d.source === 'vigil').length, 0);
    // Diagnostics and counts arrive separately: wait on either until they agree.
    while (api.counts()?.total !== shown()) {
      await Promise.race([nextEvent(api.onDidChangeCounts, () => true), nextEvent(vscode.languages.onDidChangeDiagnostics, () => true)]);
    }
    assert.ok(shown() > 0);
    assert.match(api.statusItem.text, new RegExp(`Vigil ${shown()}$`));
    assert.equal(typeof api.statusItem.command === 'string' ? api.statusItem.command : api.statusItem.command?.command, 'vigil.showFindings');
    await vscode.commands.executeCommand('vigil.showFindings');
  });

  it('an open file under a pyproject.toml with [tool.bandit] skips gets no B113', async () => {
    const document = await vscode.workspace.openTextDocument(file('proj/mod.py'));
    await vscode.window.showTextDocument(document);
    const diagnostics = await vigilDiagnostics(file('proj/mod.py'), (found) => found.some((d) => code(d) === 'B108'));
    assert.deepEqual(diagnostics.map(code), ['B108']);
  });
});
