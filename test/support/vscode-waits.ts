/**
 * Waiting on VS Code events in the extension-host suites (desktop test/electron/suite and the
 * web suite): on the event itself, never on fixed sleeps.
 */
import * as vscode from 'vscode';

/** A diagnostic's code as a string (`B113`), whether plain or with a docs link. */
export function code(diagnostic: vscode.Diagnostic): string | undefined {
  const value = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return value === undefined ? undefined : String(value);
}

/** Resolves with the document's Vigil diagnostics once `predicate` holds for them. */
export function vigilDiagnostics(uri: vscode.Uri, predicate: (diagnostics: vscode.Diagnostic[]) => boolean, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
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

/** The next event satisfying `accept`. */
export function nextEvent<T>(event: vscode.Event<T>, accept: (value: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const listener = event((value) => {
      if (!accept(value)) return;
      listener.dispose();
      resolve(value);
    });
  });
}
