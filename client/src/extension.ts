/**
 * The VS Code client: starts dist/server.js over IPC and adds what only an editor UI can do —
 * asking for a suppression's justification, opening a rule's documentation, running a
 * workspace scan with a cancellable progress notification, and a status-bar item counting
 * Vigil's findings that opens the Problems panel. Everything else is the server's.
 *
 * Settings are not pushed: the server reads the `vigil` section per document
 * (`workspace/configuration`) and registers for change notifications itself. The client
 * answers that request with the keys set explicitly in some settings.json only (not the
 * defaults), so that a project's configuration file can fill in the rest (settings.ts).
 * The scan cache lives in the extension's workspace storage.
 */
import * as vscode from 'vscode';
import {
  LanguageClient,
  NotificationType,
  RequestType,
  State,
  TransportKind,
  WorkDoneProgress,
  type ConfigurationParams,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  CLIENT_COMMANDS,
  FINDING_COUNTS,
  SCAN_WORKSPACE,
  type FindingCounts,
  type InitializationOptions,
  type ScanWorkspaceParams,
  type ScanWorkspaceResult,
  type SuppressionCommandTarget,
} from '../../server/src/node/protocol';
import { explicitSettings, LANGUAGES, suppressWithJustification, vigilSettingKeys } from './shared';

const ScanWorkspaceRequest = new RequestType<ScanWorkspaceParams, ScanWorkspaceResult, void>(SCAN_WORKSPACE);
const FindingCountsNotification = new NotificationType<FindingCounts>(FINDING_COUNTS);

let client: LanguageClient | undefined;

/** What the extension's tests (and other extensions) can reach. */
export interface VigilApi {
  client: LanguageClient;
  /** The status-bar item showing the finding counts. */
  statusItem: vscode.StatusBarItem;
  /** The counts the status bar shows now (undefined until the server sends any). */
  counts(): FindingCounts | undefined;
  /** Fires after the status bar changed its counts. */
  onDidChangeCounts: vscode.Event<FindingCounts | undefined>;
}

export async function activate(context: vscode.ExtensionContext): Promise<VigilApi> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const initializationOptions: InitializationOptions = {
    clientCommands: Object.values(CLIENT_COMMANDS),
    // Per workspace when a folder is open, else the extension's global storage.
    storagePath: (context.storageUri ?? context.globalStorageUri).fsPath,
    findingCounts: true,
  };
  const settingKeys = vigilSettingKeys(context);
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    initializationOptions,
    middleware: {
      workspace: {
        configuration: async (params: ConfigurationParams, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, index) => (item.section === 'vigil' ? explicitSettings(settingKeys, item.scopeUri) : answers[index]));
        },
      },
    },
  };
  const languageClient = new LanguageClient('vigil', 'Vigil', serverOptions, clientOptions);
  client = languageClient;

  const status = new FindingsStatus();
  context.subscriptions.push(
    status,
    vscode.commands.registerCommand('vigil.scanWorkspace', () => scanWorkspace(languageClient)),
    vscode.commands.registerCommand('vigil.showFindings', () => showFindings()),
    vscode.commands.registerCommand(CLIENT_COMMANDS.suppressWithJustification, (target: SuppressionCommandTarget) => suppressWithJustification(languageClient, target)),
    vscode.commands.registerCommand(CLIENT_COMMANDS.showDocumentation, (ruleId: string, url: string) => showDocumentation(ruleId, url)),
    vscode.commands.registerCommand('vigil.restartServer', () => languageClient.restart()),
    languageClient.onNotification(FindingCountsNotification, (counts) => status.update(counts)),
    // A new server process starts from zero: forget the old process's counts.
    languageClient.onDidChangeState((event) => event.newState !== State.Running && status.update(undefined)),
  );
  await languageClient.start();
  return { client: languageClient, statusItem: status.item, counts: () => status.counts, onDidChangeCounts: status.onDidChange };
}

/**
 * The status-bar item: how many Vigil findings are shown (at or above the `vigil.severity` and
 * `vigil.confidence` thresholds), across open files and the last workspace scan. Clicking it
 * opens the Problems panel.
 */
class FindingsStatus implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('vigil.findings', vscode.StatusBarAlignment.Left, 40);
  counts: FindingCounts | undefined;
  private readonly changed = new vscode.EventEmitter<FindingCounts | undefined>();
  readonly onDidChange = this.changed.event;

  constructor() {
    this.item.name = 'Vigil findings';
    this.item.command = 'vigil.showFindings';
    this.update(undefined);
  }

  update(counts: FindingCounts | undefined): void {
    this.counts = counts;
    const total = counts?.total ?? 0;
    const icon = counts && counts.high > 0 ? '$(error)' : counts && total > 0 ? '$(warning)' : '$(shield)';
    this.item.text = `${icon} Vigil ${total}`;
    const breakdown = counts && total > 0 ? ` (${[['high', counts.high], ['medium', counts.medium], ['low', counts.low]].filter(([, n]) => (n as number) > 0).map(([name, n]) => `${n} ${name}`).join(', ')})` : '';
    const files = counts && total > 0 ? ` in ${counts.files} file${counts.files === 1 ? '' : 's'}` : '';
    const tooltip = new vscode.MarkdownString(
      `**Vigil**: ${total} security finding${total === 1 ? '' : 's'}${breakdown}${files}, at or above the severity and confidence thresholds, in open files and the last workspace scan.\n\nClick to open the Problems panel; type \`vigil\` in its filter to see only these. Run **Vigil: Scan Workspace** to check files that are not open.`,
    );
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `Vigil: ${total} security findings${breakdown}${files}` };
    this.item.show();
    this.changed.fire(counts);
  }

  dispose(): void {
    this.item.dispose();
    this.changed.dispose();
  }
}

/**
 * Open the Problems panel with its filter focused. VS Code has no command that sets the
 * filter's text (its markers view registers only focus/clear-filter commands), so the
 * status bar says what to type.
 */
async function showFindings(): Promise<void> {
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  try {
    await vscode.commands.executeCommand('problems.action.focusFilter');
    vscode.window.setStatusBarMessage('Vigil: type "vigil" in the Problems filter to see only Vigil\'s findings', 8_000);
  } catch {
    // An older or different workbench without the command: the panel is open, which is the point.
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
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
