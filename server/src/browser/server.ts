/**
 * Entry point of the web-worker language server (dist/browser-server.js), for VS Code for the
 * Web (vscode.dev, github.dev). The client talks to it with postMessage; everything after the
 * transport is the node server's Session, bundled with the small stand-ins in node-shims/ for
 * the Node modules it imports (see esbuild.mjs). What differs in a worker:
 * - the .wasm files are fetched from the extension's `dist/` URI (host.ts), which the client
 *   sends as `initializationOptions.distUri`;
 * - there is no local file system: documents come from the client, files have no paths, so
 *   project configuration files and `vigil.exclude` (which match paths) do not apply;
 * - the workspace scan reads files through the client: `vigil/web/analyzeFiles` (scan.ts).
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { Analyzer } from '../core/analyzer';
import { createBrowserHost } from './host';
import { ANALYZE_FILES, type AnalyzeFilesParams } from './protocol';
import { analyzeFiles } from './scan';
import { Session } from '../node/session';

/** The worker's global scope, typed by what this file uses (the project's lib has no WebWorker). */
declare const self: ConstructorParameters<typeof BrowserMessageReader>[0] & { location: { href: string } };

let session: Session | undefined;
let distUri: string | undefined;
/** Whether the client answers `workspace/configuration` (else the scan uses the defaults). */
let canAskSettings = false;
const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(self), new BrowserMessageWriter(self), {
  messageStrategy: {
    handleMessage(message, next) {
      // The analyser is made while `initialize` is handled: learn where the grammars are first.
      const initialize = message as { method?: string; params?: unknown };
      if (initialize.method === 'initialize') {
        const params = initialize.params as { initializationOptions?: { distUri?: unknown }; capabilities?: { workspace?: { configuration?: boolean } } } | undefined;
        if (typeof params?.initializationOptions?.distUri === 'string') distUri = params.initializationOptions.distUri;
        canAskSettings = params?.capabilities?.workspace?.configuration === true;
      }
      if (session) session.messagesProcessed++;
      return next(message);
    },
  },
});

const log = (message: string): void => connection.console.error(message);
let analyzer: Promise<Analyzer> | undefined;
const sharedAnalyzer = (): Promise<Analyzer> => (analyzer ??= Analyzer.create(createBrowserHost({ distUrl: () => distUri ?? self.location.href, log })));
session = new Session(connection, sharedAnalyzer);
session.listen();
connection.onRequest(ANALYZE_FILES, async (params: AnalyzeFilesParams) => analyzeFiles(connection, await sharedAnalyzer(), params, canAskSettings));
