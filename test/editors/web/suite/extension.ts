/**
 * The mocha suite for VS Code for the Web: runs in the browser extension host, with the
 * extension's `browser` entry and its web-worker server, on the workspace test-web mounts as a
 * virtual file system (`vscode-test-web://mount/`, no local paths). Waits on events, never on
 * fixed sleeps.
 */
import * as vscode from 'vscode';

const appUri = (): vscode.Uri => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'app.py');

function ok(value: unknown, message: string): asserts value {
  if (!value) throw new Error(message);
}

function code(diagnostic: vscode.Diagnostic): string | undefined {
  const value = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return value === undefined ? undefined : String(value);
}

/** Resolves with the document's Vigil diagnostics once `predicate` holds for them. */
function vigilDiagnostics(uri: vscode.Uri, predicate: (diagnostics: vscode.Diagnostic[]) => boolean, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  const current = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'vigil');
  return new Promise((resolve, reject) => {
    if (predicate(current())) return resolve(current());
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`diagnostics never matched; last: ${JSON.stringify(current().map(code))}`));
    }, timeoutMs);
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((changed) => changed.toString() === uri.toString()) || !predicate(current())) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(current());
    });
  });
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
});
