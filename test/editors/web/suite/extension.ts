/**
 * The mocha suite for VS Code for the Web: runs in the browser extension host, with the
 * extension's `browser` entry and its web-worker server, on the workspace test-web mounts as a
 * virtual file system (`vscode-test-web://mount/`, no local paths). Waits on events, never on
 * fixed sleeps.
 */
import * as vscode from 'vscode';
import { code, nextEvent, vigilDiagnostics } from '../../../support/vscode-waits';

const folder = (): vscode.Uri => vscode.workspace.workspaceFolders![0]!.uri;
const appUri = (): vscode.Uri => vscode.Uri.joinPath(folder(), 'app.py');

/** What the extension's activate returns (client/src/browser/extension.ts), as far as used here. */
interface VigilWebApi {
  statusItem: vscode.StatusBarItem;
  onDidChangeCounts: vscode.Event<{ total: number; files: number; high: number; medium: number; low: number } | undefined>;
}

/** What the scan command answers (server/src/node/protocol.ts). */
interface ScanResult {
  files: number;
  total: number;
  findings: number;
  filesWithFindings: number;
  cancelled: boolean;
}

function ok(value: unknown, message: string): asserts value {
  if (!value) throw new Error(message);
}

describe('Vigil in VS Code for the Web', () => {
  it('runs the browser entry: the web-worker server reports B113 in a file of a virtual workspace', async () => {
    const extension = vscode.extensions.getExtension('vigil-security.vigil');
    ok(extension, 'the extension under development is loaded');
    const document = await vscode.workspace.openTextDocument(appUri());
    await vscode.window.showTextDocument(document);
    const [diagnostic] = await vigilDiagnostics(document.uri, (diagnostics) => diagnostics.length > 0);
    ok(extension.isActive, 'opening a Python file activated the extension');
    ok(code(diagnostic!) === 'B113', `B113 reported, got ${code(diagnostic!)}`);
    // The alias resolves through the import (`import requests as r`): the core's facts at work.
    ok(document.getText(diagnostic!.range) === 'r.get', `reported on the callee, got ${JSON.stringify(document.getText(diagnostic!.range))}`);
    ok(diagnostic!.severity === vscode.DiagnosticSeverity.Warning, 'medium severity is a Warning');
  });

  it('links the rule documentation shipped with the extension, from the diagnostic and the hover', async () => {
    const extension = vscode.extensions.getExtension('vigil-security.vigil')!;
    const page = vscode.Uri.joinPath(extension.extensionUri, 'docs', 'rules', 'B113.md').toString(true);
    const document = await vscode.workspace.openTextDocument(appUri());
    const [diagnostic] = await vigilDiagnostics(document.uri, (diagnostics) => diagnostics.length > 0);
    const target = typeof diagnostic!.code === 'object' ? diagnostic!.code.target.toString(true) : undefined;
    ok(target === page, `the code links ${page}, got ${target}`);
    const response = await fetch(page);
    ok(response.ok && (await response.text()).startsWith('# B113'), `${page} serves the rule's page (HTTP ${response.status})`);
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, diagnostic!.range.start)) ?? [];
    const markdown = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    ok(markdown.includes(`[Full documentation for B113](${page})`), `the hover links the page:\n${markdown}`);
  });

  it('applies the preferred quick fix, after which the finding is gone', async () => {
    const document = await vscode.workspace.openTextDocument(appUri());
    const [diagnostic] = await vigilDiagnostics(document.uri, (diagnostics) => diagnostics.some((each) => code(each) === 'B113'));
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic!.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const titles = actions.map((action) => action.title);
    const fix = actions.find((action) => action.isPreferred);
    ok(fix?.edit, `a preferred fix with an edit among ${JSON.stringify(titles)}`);
    ok(titles.some((title) => title.startsWith('Suppress B113')), `the suppression is offered: ${JSON.stringify(titles)}`);
    ok(titles.includes('Show documentation for B113'), `the documentation is offered: ${JSON.stringify(titles)}`);
    const cleared = vigilDiagnostics(document.uri, (diagnostics) => diagnostics.length === 0);
    ok(await vscode.workspace.applyEdit(fix.edit), 'the fix applied');
    await cleared;
    ok(document.getText().includes('r.get("https://example.com", timeout=30)'), `the fix wrote the timeout:\n${document.getText()}`);
  });

  it('suppresses with the justification typed into the input box', async () => {
    // Its own file, open from here on, so the workspace scan (which leaves open files alone) does not count it.
    const uri = vscode.Uri.joinPath(folder(), 'suppress.py');
    const document = await vscode.workspace.openTextDocument(uri);
    const [diagnostic] = await vigilDiagnostics(uri, (diagnostics) => diagnostics.some((each) => code(each) === 'B113'));
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic!.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const suppress = actions.find((action) => action.title.startsWith('Suppress B113'));
    ok(suppress?.command?.command === 'vigil.suppressWithJustification', `the web client asks for the reason: ${JSON.stringify(suppress?.command)}`);
    const window = vscode.window as { showInputBox: typeof vscode.window.showInputBox };
    const original = window.showInputBox;
    window.showInputBox = async () => 'example.com is our own CDN';
    try {
      ok((await vscode.commands.executeCommand<boolean>(suppress.command.command, ...(suppress.command.arguments ?? []))) === true, 'the suppression applied');
    } finally {
      window.showInputBox = original;
    }
    const line = document.lineAt(2).text;
    ok(line === 'requests.get("https://example.com")  # nosec B113 - example.com is our own CDN', `the reason is in the comment: ${line}`);
    await vigilDiagnostics(uri, (diagnostics) => diagnostics.length === 0);
  });

  it('scans the workspace through vscode.workspace.fs: unopened files get diagnostics, node_modules is skipped', async () => {
    const config = vscode.Uri.joinPath(folder(), 'lib', 'config.py');
    const script = vscode.Uri.joinPath(folder(), 'lib', 'run.js');
    const vendored = vscode.Uri.joinPath(folder(), 'node_modules', 'vendored', 'skipped.py');
    const api = vscode.extensions.getExtension<VigilWebApi>('vigil-security.vigil')!.exports;
    const counted = nextEvent(api.onDidChangeCounts, (counts) => counts?.total === 2);
    const result = await vscode.commands.executeCommand<ScanResult>('vigil.scanWorkspace');
    ok(result, 'the scan answered');
    // app.py is open (the live analysis owns it); lib/config.py and lib/run.js are read from the workspace.
    ok(result.files === 2 && result.total === 2 && !result.cancelled, `two unopened files scanned: ${JSON.stringify(result)}`);
    ok(result.findings === 2 && result.filesWithFindings === 2, `one finding in each: ${JSON.stringify(result)}`);
    const [yaml] = await vigilDiagnostics(config, (diagnostics) => diagnostics.length > 0);
    ok(code(yaml!) === 'B506' && yaml!.range.start.line === 4, `B506 on line 5 of lib/config.py, got ${code(yaml!)} at ${yaml!.range.start.line + 1}`);
    const [shell] = await vigilDiagnostics(script, (diagnostics) => diagnostics.length > 0);
    ok(code(shell!) === 'B605', `B605 in lib/run.js, got ${code(shell!)}`);
    ok(vscode.languages.getDiagnostics(vendored).length === 0, 'nothing reported under node_modules');
    // app.py is fixed; the two scanned findings count, the high one (B605) shows the error icon.
    const counts = await counted;
    ok(counts?.high === 1 && counts.medium === 1 && counts.files === 2, `counts: ${JSON.stringify(counts)}`);
    ok(api.statusItem.text === '$(error) Vigil 2', `status bar: ${api.statusItem.text}`);
  });

  it('closing a scanned file keeps its findings; deleting one clears them', async () => {
    const config = vscode.Uri.joinPath(folder(), 'lib', 'config.py');
    // Opened the way a person does: a document opened with openTextDocument stays open long
    // after its editor closes.
    await vscode.commands.executeCommand('vscode.open', config);
    await vigilDiagnostics(config, (diagnostics) => diagnostics.some((each) => code(each) === 'B506'));
    let changesAfterClose = 0;
    const counter = vscode.languages.onDidChangeDiagnostics((event) => void (event.uris.some((uri) => uri.toString() === config.toString()) && changesAfterClose++));
    const closed = nextEvent(vscode.workspace.onDidCloseTextDocument, (document) => document.uri.toString() === config.toString());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await closed;
    try {
      // The live analysis clears the closed document's diagnostics, then the scan's come back.
      await vigilDiagnostics(config, (diagnostics) => changesAfterClose > 0 && diagnostics.some((each) => code(each) === 'B506'));
    } finally {
      counter.dispose();
    }
    const script = vscode.Uri.joinPath(folder(), 'lib', 'run.js');
    const edit = new vscode.WorkspaceEdit();
    edit.deleteFile(script);
    ok(await vscode.workspace.applyEdit(edit), 'lib/run.js deleted');
    await vigilDiagnostics(script, (diagnostics) => diagnostics.length === 0);
  });

  it('the workspace scan skips what .gitignore files, files.exclude and vigil.exclude leave out', async () => {
    const yamlLoad = 'import yaml\n\nyaml.load(open("settings.yaml"))\n';
    const write = (path: string, text: string): Thenable<void> => vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), path), new TextEncoder().encode(text));
    const scan = async (): Promise<ScanResult> => {
      const result = await vscode.commands.executeCommand<ScanResult>('vigil.scanWorkspace');
      ok(result && !result.cancelled, `the scan answered: ${JSON.stringify(result)}`);
      return result;
    };
    const before = await scan();
    // Each of these would be reported if it were scanned. The ignore files are written here,
    // not kept in the fixture, where they would hide its files from the project's git.
    const skipped: Record<string, string> = {
      'ignored/dropped.py': yamlLoad, // the folder's .gitignore: `ignored/`
      'nested/private.py': yamlLoad, // nested/.gitignore: `private.py`
      'nested/report.excluded.py': yamlLoad, // files.exclude: `**/*.excluded.py`
      'vendor/lib.py': yamlLoad, // vigil.exclude: `vendor/**`
      'compiled.js': 'const { execSync } = require("child_process");\n\nexecSync(`ls ${process.argv[2]}`);\n', // files.exclude: `**/*.js` when `$(basename).ts` exists
    };
    await write('.gitignore', 'ignored/\n');
    await write('nested/.gitignore', 'private.py\n');
    for (const [path, text] of Object.entries(skipped)) await write(path, text);
    await write('nested/kept.py', yamlLoad);
    await write('compiled.ts', 'export const answer = 42;\n');
    const after = await scan();
    // Two more files to read: nested/kept.py and compiled.ts; none of the five above.
    ok(after.total === before.total + 2, `two files more than before (${before.total}): ${JSON.stringify(after)}`);
    const [kept] = await vigilDiagnostics(vscode.Uri.joinPath(folder(), 'nested', 'kept.py'), (diagnostics) => diagnostics.length > 0);
    ok(code(kept!) === 'B506', `B506 in nested/kept.py, got ${code(kept!)}`);
    for (const path of Object.keys(skipped)) {
      const reported = vscode.languages.getDiagnostics(vscode.Uri.joinPath(folder(), path)).map(code);
      ok(reported.length === 0, `nothing reported in ${path}: ${JSON.stringify(reported)}`);
    }
  });

  it('"Vigil: Restart Language Server" restarts the server, which then serves new documents', async () => {
    await vscode.commands.executeCommand('vigil.restartServer');
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: 'import yaml\n\nyaml.load(open("settings.yaml"))\n' });
    const [diagnostic] = await vigilDiagnostics(document.uri, (diagnostics) => diagnostics.length > 0);
    ok(code(diagnostic!) === 'B506', `B506 in an untitled file after the restart, got ${code(diagnostic!)}`);
  });
});
