/**
 * A small LSP client for tests: spawns `node dist/server.js --stdio`, speaks JSON-RPC to it with
 * vscode-jsonrpc, answers the server's requests (configuration, workspace folders, progress
 * creation, registrations) and records what it publishes, shows and notifies.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  ConfigurationParams,
  Diagnostic,
  InitializeResult,
  LogMessageParams,
  PublishDiagnosticsParams,
  TextEdit,
  WorkDoneProgressBegin,
  WorkDoneProgressEnd,
  WorkDoneProgressReport,
  WorkspaceEdit,
  WorkspaceFolder,
} from 'vscode-languageserver/node';

export const ROOT = join(__dirname, '..', '..');
const SERVER = join(ROOT, 'dist', 'server.js');

/**
 * `npm test` builds first; a test file run on its own rebuilds dist/ when a source under
 * server/src is newer than the bundle, so it never tests stale code.
 */
export function ensureBuilt(): void {
  const built = existsSync(SERVER) ? statSync(SERVER).mtimeMs : 0;
  const newest = (dir: string): number =>
    Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((entry) => (entry.isDirectory() ? newest(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs)));
  if (newest(join(ROOT, 'server', 'src')) <= built) return;
  const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('node esbuild.mjs failed');
}

export interface Publish {
  uri: string;
  version: number | undefined;
  diagnostics: Diagnostic[];
}

type Progress = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

export class LspClient {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  readonly publishes: Publish[] = [];
  readonly logs: LogMessageParams[] = [];
  readonly progress = new Map<string | number, Progress[]>();
  stderr = '';
  /** What `workspace/configuration` answers for the `vigil` section, by scope URI ('' = any). */
  settings = new Map<string, unknown>([['', {}]]);
  /** What it answers for the `files` section (VS Code's `files.exclude` lives there). */
  filesSettings: unknown = { exclude: {} };
  folders: WorkspaceFolder[] = [];
  configurationRequests = 0;
  /** `client/registerCapability` registrations, in order. */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  /** `window/showMessage` notifications. */
  readonly messages: { type: number; message: string }[] = [];
  /** Tokens the server asked to create with `window/workDoneProgress/create`. */
  readonly createdProgress: (string | number)[] = [];
  /** Every other notification, by method. */
  readonly notifications: { method: string; params: unknown }[] = [];
  private readonly notificationListeners = new Set<() => void>();
  private readonly listeners = new Set<() => void>();
  private readonly progressListeners = new Set<(token: string | number, value: Progress) => void>();

  constructor() {
    ensureBuilt();
    this.process = spawn(process.execPath, [SERVER, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onRequest('workspace/configuration', (params: ConfigurationParams) => {
      this.configurationRequests++;
      return params.items.map((item) => {
        if (item.section === 'vigil') return this.settings.get(item.scopeUri ?? '') ?? this.settings.get('');
        if (item.section === 'files') return this.filesSettings;
        return null;
      });
    });
    this.connection.onRequest('workspace/workspaceFolders', () => this.folders);
    this.connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...params.registrations);
      return null;
    });
    this.connection.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
      this.createdProgress.push(params.token);
      return null;
    });
    this.connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      this.messages.push(params);
    });
    this.connection.onNotification((method: string, params: unknown) => {
      this.notifications.push({ method, params });
      for (const listener of [...this.notificationListeners]) listener();
    });
    this.connection.onNotification('window/logMessage', (params: LogMessageParams) => {
      this.logs.push(params);
    });
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.publishes.push({ uri: params.uri, version: params.version, diagnostics: params.diagnostics });
      for (const listener of [...this.listeners]) listener();
    });
    this.connection.onNotification('$/progress', (params: { token: string | number; value: Progress }) => {
      this.progress.set(params.token, [...(this.progress.get(params.token) ?? []), params.value]);
      for (const listener of [...this.progressListeners]) listener(params.token, params.value);
    });
    this.connection.listen();
  }

  async initialize(capabilities: object = defaultCapabilities(), initializationOptions?: object): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: this.folders[0]?.uri ?? null,
      workspaceFolders: this.folders,
      capabilities,
      initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: object[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  /** The latest publish for `uri` that satisfies `predicate`, now or when it arrives. */
  waitForPublish(uri: string, predicate: (publish: Publish) => boolean = () => true, timeoutMs = 10_000): Promise<Publish> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const latest = this.latest(uri);
        if (latest && predicate(latest)) {
          cleanup();
          resolve(latest);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; latest: ${JSON.stringify(this.latest(uri))}; server log: ${this.logText()}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Resolves at the first progress notification satisfying `predicate`. */
  waitForProgress(predicate: (token: string | number, value: Progress) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const listener = (token: string | number, value: Progress): void => {
        if (!predicate(token, value)) return;
        this.progressListeners.delete(listener);
        resolve();
      };
      this.progressListeners.add(listener);
    });
  }

  /** The latest `method` notification whose params satisfy `predicate`, now or when it arrives. */
  waitForNotification<T>(method: string, predicate: (params: T) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const latest = (): T | undefined => this.notifications.filter((n) => n.method === method).at(-1)?.params as T | undefined;
      const check = (): void => {
        const params = latest();
        if (params === undefined || !predicate(params)) return;
        cleanup();
        resolve(params);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching ${method} within ${timeoutMs} ms; latest: ${JSON.stringify(latest())}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.notificationListeners.delete(check);
      };
      this.notificationListeners.add(check);
      check();
    });
  }

  latest(uri: string): Publish | undefined {
    return this.publishes.filter((publish) => publish.uri === uri).at(-1);
  }

  logText(): string {
    return this.logs.map((log) => log.message).join('\n') + this.stderr;
  }

  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.process.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    return exited;
  }

  kill(): void {
    this.connection.dispose();
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill();
  }
}

export function defaultCapabilities(): object {
  return {
    workspace: {
      configuration: true,
      workspaceFolders: true,
      workspaceEdit: { documentChanges: true },
      didChangeConfiguration: { dynamicRegistration: true },
      didChangeWatchedFiles: { dynamicRegistration: true },
      fileOperations: { didDelete: true, didRename: true },
    },
    window: { workDoneProgress: true, showDocument: { support: true } },
    textDocument: {
      publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
      hover: { contentFormat: ['markdown', 'plaintext'] },
    },
  };
}

/** Apply LSP text edits (UTF-16 positions) to a text, the way an editor does. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const offsets = edits.map((edit) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), newText: edit.newText }));
  offsets.sort((a, b) => b.start - a.start);
  for (const edit of offsets) text = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
  return text;
}

/** The edits a WorkspaceEdit makes to one document, from `changes` or `documentChanges`. */
export function editsFor(edit: WorkspaceEdit, uri: string): TextEdit[] {
  const fromChanges = edit.changes?.[uri] ?? [];
  const fromDocumentChanges = (edit.documentChanges ?? []).flatMap((change) => ('textDocument' in change && change.textDocument.uri === uri ? (change.edits as TextEdit[]) : []));
  return [...fromChanges, ...fromDocumentChanges];
}

/** Offset of an LSP position, counting UTF-16 code units like a client. */
export function offsetAt(text: string, position: { line: number; character: number }): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  return Math.min(offset + position.character, lineEnd < 0 ? text.length : lineEnd);
}

export function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
