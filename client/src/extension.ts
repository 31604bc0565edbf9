/**
 * The VS Code client: starts dist/server.js over IPC and adds what only an editor UI can do —
 * asking for a suppression's justification, opening a rule's documentation, running a
 * workspace scan with a cancellable progress notification. Everything else is the server's.
 *
 * Settings are not pushed: the server reads the `vigil` section per document
 * (`workspace/configuration`) and registers for change notifications itself.
 */
import * as vscode from 'vscode';
import {
  LanguageClient,
  RequestType,
  TransportKind,
  WorkDoneProgress,
  type LanguageClientOptions,
  type ServerOptions,
  type WorkspaceEdit,
} from 'vscode-languageclient/node';
import {
  CLIENT_COMMANDS,
  SCAN_WORKSPACE,
  SUPPRESSION_EDIT,
  type InitializationOptions,
  type ScanWorkspaceParams,
  type ScanWorkspaceResult,
  type SuppressionCommandTarget,
  type SuppressionEditParams,
} from '../../server/src/node/protocol';

const LANGUAGES = ['python', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'];
const ScanWorkspaceRequest = new RequestType<ScanWorkspaceParams, ScanWorkspaceResult, void>(SCAN_WORKSPACE);
const SuppressionEditRequest = new RequestType<SuppressionEditParams, WorkspaceEdit | null, void>(SUPPRESSION_EDIT);

let client: LanguageClient | undefined;

/** What the extension's tests (and other extensions) can reach. */
export interface VigilApi {
  client: LanguageClient;
}

export async function activate(context: vscode.ExtensionContext): Promise<VigilApi> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const initializationOptions: InitializationOptions = { clientCommands: Object.values(CLIENT_COMMANDS) };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    initializationOptions,
  };
  const languageClient = new LanguageClient('vigil', 'Vigil', serverOptions, clientOptions);
  client = languageClient;

  context.subscriptions.push(
    vscode.commands.registerCommand('vigil.scanWorkspace', () => scanWorkspace(languageClient)),
    vscode.commands.registerCommand(CLIENT_COMMANDS.suppressWithJustification, (target: SuppressionCommandTarget) => suppressWithJustification(languageClient, target)),
    vscode.commands.registerCommand(CLIENT_COMMANDS.showDocumentation, (ruleId: string, url: string) => showDocumentation(ruleId, url)),
    vscode.commands.registerCommand('vigil.restartServer', () => languageClient.restart()),
  );
  await languageClient.start();
  return { client: languageClient };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

async function suppressWithJustification(languageClient: LanguageClient, target: SuppressionCommandTarget): Promise<boolean> {
  const reason = await vscode.window.showInputBox({
    title: `Suppress ${target.ruleId}`,
    prompt: `Why is this ${target.ruleId} finding safe to ignore? The reason is written into the nosec comment for reviewers.`,
    placeHolder: 'e.g. the URL is a constant pointing at our own service',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'A suppression needs a reason.'),
  });
  if (reason === undefined) return false;
  const edit = await languageClient.sendRequest(SuppressionEditRequest, { uri: target.uri, target, reason });
  if (!edit) {
    void vscode.window.showWarningMessage(`Vigil: the document changed before ${target.ruleId} could be suppressed; try again.`);
    return false;
  }
  return vscode.workspace.applyEdit(await languageClient.protocol2CodeConverter.asWorkspaceEdit(edit));
}

async function showDocumentation(ruleId: string, url: string): Promise<void> {
  const uri = vscode.Uri.parse(url);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    try {
      await vscode.commands.executeCommand('vscode.open', uri);
    } catch {
      void vscode.window.showInformationMessage(`Vigil: no documentation found for ${ruleId} at ${url}`);
    }
  }
}

async function scanWorkspace(languageClient: LanguageClient): Promise<ScanWorkspaceResult | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('Vigil: open a folder to scan it.');
    return undefined;
  }
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Vigil', cancellable: true },
    async (progress, token) => {
      const workDoneToken = `vigil-scan-${Date.now()}`;
      let reported = 0;
      const listener = languageClient.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const percentage = value.percentage ?? reported;
        progress.report({ message: value.message, increment: Math.max(0, percentage - reported) });
        reported = percentage;
      });
      try {
        const result = await languageClient.sendRequest(ScanWorkspaceRequest, { workDoneToken }, token);
        const summary = `${result.findings} finding${result.findings === 1 ? '' : 's'} in ${result.filesWithFindings} of ${result.files} file${result.files === 1 ? '' : 's'}`;
        void vscode.window.showInformationMessage(result.cancelled ? `Vigil: scan cancelled after ${result.files} of ${result.total} files (${summary}).` : `Vigil: scanned the workspace: ${summary}.`);
        return result;
      } catch (error) {
        if (!token.isCancellationRequested) void vscode.window.showErrorMessage(`Vigil: the workspace scan failed: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      } finally {
        listener.dispose();
      }
    },
  );
}
