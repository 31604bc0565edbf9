/**
 * Entry point of the web-worker language server (dist/browser-server.js), for VS Code for the
 * Web (vscode.dev, github.dev). The client talks to it with postMessage; everything after the
 * transport is the node server's Session, bundled with the small stand-ins in node-shims/ for
 * the Node modules it imports (see esbuild.mjs). What differs in a worker:
 * - the .wasm files are fetched from the extension's `dist/` URI (host.ts), which the client
 *   sends as `initializationOptions.distUri`;
 * - there is no local file system: documents come from the client, files have no paths, so
 *   project configuration files and `vigil.exclude` (which match paths) do not apply, and the
 *   workspace scan is not offered (the browser client answers the command itself).
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { Analyzer } from '../core/analyzer';
import { createBrowserHost } from './host';
import { Session } from '../node/session';

/** The worker's global scope, typed by what this file uses (the project's lib has no WebWorker). */
declare const self: ConstructorParameters<typeof BrowserMessageReader>[0] & { location: { href: string } };

let session: Session | undefined;
let distUri: string | undefined;
const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(self), new BrowserMessageWriter(self), {
  messageStrategy: {
    handleMessage(message, next) {
      // The analyser is made while `initialize` is handled: learn where the grammars are first.
      const initialize = message as { method?: string; params?: { initializationOptions?: { distUri?: unknown } } };
      if (initialize.method === 'initialize' && typeof initialize.params?.initializationOptions?.distUri === 'string') {
        distUri = initialize.params.initializationOptions.distUri;
      }
      if (session) session.messagesProcessed++;
      return next(message);
    },
  },
});

const log = (message: string): void => connection.console.error(message);
session = new Session(connection, () => Analyzer.create(createBrowserHost({ distUrl: () => distUri ?? self.location.href, log })));
session.listen();
