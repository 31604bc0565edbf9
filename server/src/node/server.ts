/**
 * Entry point of the node language server (dist/server.js). The transport comes from the
 * command line, as every LSP client passes it: `--stdio`, `--node-ipc` (VS Code), `--socket=N`,
 * `--pipe=NAME`. Everything else lives in session.ts.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { Analyzer } from '../core/analyzer';
import { createNodeHost } from './host';
import { Session } from './session';

let session: Session | undefined;
const connection = createConnection(ProposedFeatures.all, {
  // Counts processed messages so the scheduler can tell when a burst of edits has been applied.
  messageStrategy: {
    handleMessage(message, next) {
      if (session) session.messagesProcessed++;
      return next(message);
    },
  },
});

session = new Session(connection, () => Analyzer.create(createNodeHost({ distDir: __dirname, log: (message) => connection.console.error(message) })));
session.listen();

// A bug must cost a request, not the editor's diagnostics: log and keep serving.
process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));
