/**
 * The VS Code for the Web client (package.json `browser`): starts the language server in a web
 * worker (dist/browser-server.js) and talks to it with postMessage. The server is the node
 * server's Session (server/src/browser/server.ts), so diagnostics, quick fixes, fix-all and
 * hovers are the same as on the desktop. The workspace scan reads the files here (scan.ts),
 * since the worker has no file system, and the status-bar counts are the client's (status.ts).
 */
import * as vscode from 'vscode';
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  LanguageClient,
  type ConfigurationParams,
  type LanguageClientOptions,
  type MessageTransports,
} from 'vscode-languageclient/browser';
import { CLIENT_COMMANDS, type FindingCounts, type SuppressionCommandTarget } from '../../../server/src/node/protocol';
import { explicitSettings, LANGUAGES, suppressWithJustification, vigilSettingKeys } from '../shared';
import { WebScan } from './scan';
import { WebFindingsStatus } from './status';

/** A Markdown link's target naming a rule's page, as the server writes it: `](file:///…/docs/rules/B113.md)`. */
const DOCS_LINK = /\]\(file:[^)\s]*\/docs\/rules\/([A-Za-z]{1,3}\d{3})\.md\)/g;

/** The browser extension host's Worker, as far as used here (the project's lib has no DOM types). */
type WebWorker = ConstructorParameters<typeof BrowserMessageReader>[0] & { terminate(): void };
declare const Worker: new (scriptURL: string) => WebWorker;

let client: LanguageClient | undefined;
/** The worker running the current server; a restart replaces it. */
let worker: WebWorker | undefined;

/** What the extension's tests can reach. */
export interface VigilWebApi {
  client: LanguageClient;
  /** The status-bar item showing the finding counts. */
  statusItem: vscode.StatusBarItem;
  /** The counts the status bar shows now (undefined until any diagnostics change). */
  counts(): FindingCounts | undefined;
  /** Fires after the status bar changed its counts. */
  onDidChangeCounts: vscode.Event<FindingCounts | undefined>;
}

export async function activate(context: vscode.ExtensionContext): Promise<VigilWebApi> {
  const dist = vscode.Uri.joinPath(context.extensionUri, 'dist/');
  const settingKeys = vigilSettingKeys(context);
  const scan = new WebScan();
  const clientOptions: LanguageClientOptions = {
    // Any scheme: a browser workspace is `vscode-vfs:` (github.dev), `file:` (a local folder
    // opened in vscode.dev), a virtual file system of another extension, or untitled.
    documentSelector: LANGUAGES.map((language) => ({ language })),
    initializationOptions: {
      clientCommands: [CLIENT_COMMANDS.showDocumentation, CLIENT_COMMANDS.suppressWithJustification],
      // The worker fetches its .wasm files from here (server/src/browser/host.ts).
      distUri: dist.toString(true),
    },
    middleware: {
      // A scanned file closed: the live analysis cleared its diagnostics; the scan's come back.
      didClose: async (document, next) => {
        await next(document);
        scan.refresh(document.uri);
      },
      // The server's documentation links name files of a desktop install; here the pages are
      // the extension's own docs/rules/<ID>.md, wherever the extension is served from.
      handleDiagnostics: (uri, diagnostics, next) => next(uri, diagnostics.map((diagnostic) => withDocsLink(diagnostic, context.extensionUri))),
      provideHover: async (document, position, token, next) => {
        const hover = await next(document, position, token);
        if (!hover) return hover;
        const contents = hover.contents.map((content) => (content instanceof vscode.MarkdownString ? new vscode.MarkdownString(content.value.replace(DOCS_LINK, (_link, id: string) => `](${docsPage(context.extensionUri, id).toString(true)})`)) : content));
        return new vscode.Hover(contents, hover.range);
      },
      workspace: {
        configuration: async (params: ConfigurationParams, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, index) => (item.section === 'vigil' ? explicitSettings(settingKeys, item.scopeUri) : answers[index]));
        },
      },
    },
  };
  const serverUrl = vscode.Uri.joinPath(dist, 'browser-server.js').toString(true);
  // A fresh worker per start: a stopped server's worker is finished with. The transports are
  // made here: the extension host's Worker is its own wrapper, which fails the client's
  // `instanceof Worker` test.
  const startWorker = async (): Promise<MessageTransports> => {
    worker?.terminate();
    const started = new Worker(serverUrl);
    worker = started;
    return { reader: new BrowserMessageReader(started), writer: new BrowserMessageWriter(started) };
  };
  const languageClient = new LanguageClient('vigil', 'Vigil', startWorker, clientOptions);
  client = languageClient;
  scan.client = languageClient;
  const status = new WebFindingsStatus(() => languageClient.diagnostics);
  context.subscriptions.push(
    status,
    vscode.commands.registerCommand('vigil.scanWorkspace', () => scan.run()),
    vscode.workspace.onDidDeleteFiles((event) => scan.forget(event.files)),
    vscode.commands.registerCommand('vigil.showFindings', () => vscode.commands.executeCommand('workbench.actions.view.problems')),
    vscode.commands.registerCommand('vigil.restartServer', () => restart(languageClient)),
    vscode.commands.registerCommand(CLIENT_COMMANDS.showDocumentation, (ruleId: string) => showDocumentation(context.extensionUri, ruleId)),
    vscode.commands.registerCommand(CLIENT_COMMANDS.suppressWithJustification, (target: SuppressionCommandTarget) => suppressWithJustification(languageClient, target)),
  );
  await languageClient.start();
  return { client: languageClient, statusItem: status.item, counts: () => status.counts, onDidChangeCounts: status.onDidChange };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
  worker?.terminate();
  worker = undefined;
}

/** Stop the server and start a fresh one in a new worker (the browser client has no `restart`). */
async function restart(languageClient: LanguageClient): Promise<void> {
  await languageClient.stop();
  await languageClient.start();
}

/** A rule's documentation page shipped with the extension. */
function docsPage(extensionUri: vscode.Uri, ruleId: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${ruleId}.md`);
}

/** A Vigil diagnostic whose code links to the extension's own page for its rule. */
function withDocsLink(diagnostic: vscode.Diagnostic, extensionUri: vscode.Uri): vscode.Diagnostic {
  if (diagnostic.source !== 'vigil' || typeof diagnostic.code !== 'object') return diagnostic;
  diagnostic.code = { value: diagnostic.code.value, target: docsPage(extensionUri, String(diagnostic.code.value)) };
  return diagnostic;
}

async function showDocumentation(extensionUri: vscode.Uri, ruleId: string): Promise<void> {
  const page = docsPage(extensionUri, ruleId);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', page);
  } catch {
    void vscode.window.showInformationMessage(`Vigil: no documentation found for ${ruleId}.`);
  }
}
