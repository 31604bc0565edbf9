/**
 * The language server's behaviour on one connection: open documents, incremental analysis,
 * diagnostics, code actions, hovers, settings (with project configuration), the workspace
 * scan and the finding counts. Transport-agnostic: server.ts makes the connection (stdio, IPC,
 * socket) and hands it here.
 *
 * Latency: there is no debounce timer. An edit is applied to the document's DocumentAnalysis at
 * once (cheap: the tree and cached findings shift); re-analysis waits only until the messages
 * already received are processed — the scheduler yields to the event loop until a whole turn
 * passes without a new message — so a burst of didChange notifications costs one analysis.
 * Analysis always runs on the latest text, and a publish never goes back to an older version.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MarkupKind,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  ErrorCodes,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type CodeAction,
  type CodeActionParams,
  type Command,
  type Connection,
  type Diagnostic,
  type DidChangeTextDocumentParams,
  type DidChangeWatchedFilesParams,
  type DidOpenTextDocumentParams,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type TextEdit,
  type WorkDoneProgressReporter,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { basename, dirname, join } from 'node:path';
import { KEYSTROKE_BUDGET, type Analyzer, type AnalysisResult, type DocumentAnalysis } from '../core/analyzer';
import { applySafeFixes, replacementEdit } from '../core/fixes';
import { SUPPORTED_EXTENSIONS, languageForDocument, type Language } from '../core/languages';
import { PLACEHOLDER_REASON, suppressionEdit } from '../core/suppress';
import type { Finding, Fix, TextEdit as CoreEdit } from '../core/types';
import { CONFIG_FILE_NAMES, configExcluder, loadProjectConfig, type ProjectConfig } from './config';
import { isProjectVersionSource, PROJECT_VERSION_SOURCES, projectVersions } from './project';
import { SOURCE, isDiagnosticData, isShown, ruleDocsUrl, toDiagnostic, toTextEdit, type DiagnosticData } from './diagnostics';
import { ExcludeSet, type ExcludeValue } from './glob';
import { findingHoverMarkdown } from './hover';
import {
  CLIENT_COMMANDS,
  FINDING_COUNTS,
  SCAN_WORKSPACE,
  SERVER_COMMANDS,
  SUPPRESSION_EDIT,
  type FindingCounts,
  type InitializationOptions,
  type ScanWorkspaceParams,
  type ScanWorkspaceResult,
  type SuppressionCommandTarget,
  type SuppressionEditParams,
} from './protocol';
import { WorkspaceScanner } from './scan';
import { locateInFolder, pathOf } from './uris';
import { buildFingerprint, cacheDirectory } from './scan-cache';
import type { ProjectVersions } from '../core/options';
import { DEFAULT_SETTINGS, analysisOptions, parseSettings, withProjectConfig, type Settings } from './settings';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.vigil`;

/**
 * Longest a re-analysis waits for a stream of messages to pause. Not a debounce: when messages
 * stop (the usual case, after each keystroke) analysis starts on the next turn of the loop.
 */
const MAX_COALESCE_MS = 100;

/** Finding counts are sent at most this often (ms): a scan publishes for many files per second. */
const COUNTS_INTERVAL_MS = 50;

interface OpenDocument {
  readonly uri: string;
  readonly language: Language;
  document: TextDocument;
  /** The `vigil` settings laid over the project configuration (withProjectConfig). */
  settings: Settings | undefined;
  /** Hidden by `vigil.exclude` or the project configuration's `exclude`: no diagnostics. */
  excluded: boolean;
  /** Incremented per settings request; a reply for an older one is dropped. */
  settingsGeneration: number;
  analysis: DocumentAnalysis | undefined;
  /** Edits or settings changed since the last publish. */
  dirty: boolean;
  /** Version of the last published diagnostics; nothing older is published after it. */
  publishedVersion: number;
}

export class Session {
  private readonly documents = new Map<string, OpenDocument>();
  private readonly settingsCache = new Map<string, Promise<Settings>>();
  /** Settings pushed with didChangeConfiguration, for clients that cannot be asked. */
  private pushedSettings: Settings = DEFAULT_SETTINGS;
  private capabilities: ClientCapabilities = {};
  private clientCommands = new Set<string>();
  /** Workspace folder URIs, kept current with didChangeWorkspaceFolders when the client sends it. */
  private folders: string[] = [];
  private scanner: WorkspaceScanner | undefined;
  /** Project configuration by directory (config.ts), until a configuration file changes. */
  private readonly projectConfigs = new Map<string, ProjectConfig>();
  /** projectVersions by project root; cleared when a file it reads changes. */
  private readonly versionsByRoot = new Map<string, ProjectVersions>();
  /** Configuration problems already shown to the user (each once per session). */
  private readonly reportedConfigErrors = new Set<string>();
  /** What is published now, by file path (or URI when not a file): the finding counts' source. */
  private readonly publishedCounts = new Map<string, { high: number; medium: number; low: number }>();
  private sendCounts = false;
  private countsTimer: NodeJS.Timeout | undefined;
  private lastCounts = '';
  private readonly pending = new Set<OpenDocument>();
  private scheduled = false;
  private messagesSeen = -1;
  private scheduledAt = 0;
  /** Messages the connection has started processing (counted by server.ts's message strategy). */
  messagesProcessed = 0;

  constructor(
    private readonly connection: Connection,
    private readonly analyzer: () => Promise<Analyzer>,
  ) {}

  private analyzerInstance: Analyzer | undefined;

  listen(): void {
    const { connection } = this;
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => this.initialized());
    connection.onDidOpenTextDocument((params) => this.guard('didOpen', () => this.didOpen(params)));
    connection.onDidChangeTextDocument((params) => this.guard('didChange', () => this.didChange(params)));
    connection.onDidCloseTextDocument((params) => this.guard('didClose', () => this.didClose(params.textDocument.uri)));
    connection.onDidChangeConfiguration((params) => this.guard('didChangeConfiguration', () => this.didChangeConfiguration(params.settings)));
    connection.onCodeAction((params) => this.guard('codeAction', () => this.codeActions(params), []));
    connection.onExecuteCommand((params, token) => this.guard('executeCommand', () => this.executeCommand(params.command, params.arguments ?? [], params.workDoneToken, token), null));
    connection.onRequest(SUPPRESSION_EDIT, (params: SuppressionEditParams) => this.guard('suppressionEdit', () => this.suppressionEditRequest(params), null));
    connection.onRequest(SCAN_WORKSPACE, (params: ScanWorkspaceParams | undefined, token: CancellationToken) => this.scan(params ?? {}, token));
    connection.onHover((params) => this.guard('hover', () => this.hover(params), null));
    connection.onDidChangeWatchedFiles((params) => this.guard('didChangeWatchedFiles', () => this.didChangeWatchedFiles(params)));
    connection.workspace.onDidDeleteFiles((params) => this.guard('didDeleteFiles', () => params.files.forEach((file) => this.scanner?.forget(file.uri))));
    connection.workspace.onDidRenameFiles((params) => this.guard('didRenameFiles', () => this.didRename(params.files)));
    connection.onShutdown(() => {
      for (const state of this.documents.values()) state.analysis?.dispose();
      this.documents.clear();
      this.scanner?.saveAll();
    });
    connection.listen();
  }

  private async initialize(params: InitializeParams): Promise<InitializeResult> {
    this.capabilities = params.capabilities;
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    this.clientCommands = new Set(Array.isArray(options.clientCommands) ? options.clientCommands : []);
    this.sendCounts = options.findingCounts === true;
    this.folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.analyzerInstance = await this.analyzer();
    const storage = typeof options.storagePath === 'string' && options.storagePath ? join(options.storagePath, 'scan-cache') : cacheDirectory();
    this.scanner = new WorkspaceScanner(
      {
        analyzer: () => this.requireAnalyzer(),
        settingsFor: (uri) => this.settingsFor(uri),
        filesExcludeFor: (uri) => this.filesExclude(uri),
        projectConfig: (dir) => this.projectConfig(dir),
        projectVersions: (path, config) => this.projectVersions(path, config),
        isOpen: (path) => this.isOpenPath(path),
        publish: (uri, diagnostics) => this.send(uri, diagnostics),
        log: (message) => this.log(message),
      },
      storage,
      buildFingerprint(),
    );
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        executeCommandProvider: { commands: [SERVER_COMMANDS.showDocumentation, SERVER_COMMANDS.scanWorkspace] },
        workspace: {
          workspaceFolders: { supported: true, changeNotifications: true },
          // Deleting or renaming a file (or a folder of them) clears its scan findings.
          fileOperations: {
            didDelete: { filters: [{ scheme: 'file', pattern: { glob: '**/*' } }] },
            didRename: { filters: [{ scheme: 'file', pattern: { glob: '**/*' } }] },
          },
        },
      },
      serverInfo: { name: 'vigil' },
    };
  }

  private initialized(): void {
    const workspace = this.capabilities.workspace;
    if (workspace?.didChangeConfiguration?.dynamicRegistration) {
      void this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'vigil' }).catch((error) => this.log(`could not register for configuration changes: ${describe(error)}`));
    }
    if (workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      const extensions = SUPPORTED_EXTENSIONS.map((extension) => extension.slice(1)).join(',');
      const watchers = [{ globPattern: `**/*.{${extensions}}` }, { globPattern: `**/{${CONFIG_FILE_NAMES.join(',')}}` }, ...PROJECT_VERSION_SOURCES.map((globPattern) => ({ globPattern }))];
      void this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch((error) => this.log(`could not watch files: ${describe(error)}`));
    }
    if (workspace?.workspaceFolders) {
      this.connection.workspace.onDidChangeWorkspaceFolders((event) =>
        this.guard('didChangeWorkspaceFolders', () => {
          const removed = new Set(event.removed.map((folder) => folder.uri));
          this.folders = [...this.folders.filter((uri) => !removed.has(uri)), ...event.added.map((folder) => folder.uri)];
          for (const uri of removed) this.scanner?.removeFolder(uri);
        }),
      );
    }
  }

  // ---- documents ------------------------------------------------------------------------

  private didOpen({ textDocument }: DidOpenTextDocumentParams): void {
    const language = languageForDocument(textDocument.languageId, textDocument.uri);
    if (!language) return;
    this.documents.get(textDocument.uri)?.analysis?.dispose();
    const state: OpenDocument = {
      uri: textDocument.uri,
      language,
      document: TextDocument.create(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text),
      settings: undefined,
      excluded: false,
      settingsGeneration: 0,
      analysis: undefined,
      dirty: true,
      publishedVersion: -Infinity,
    };
    this.documents.set(state.uri, state);
    void this.loadSettings(state);
  }

  private didChange({ textDocument, contentChanges }: DidChangeTextDocumentParams): void {
    const state = this.documents.get(textDocument.uri);
    if (!state) return;
    for (const change of contentChanges) {
      // Offsets against the text as it is before this change: each change is relative to the
      // result of the previous one.
      const before = state.document;
      const start = 'range' in change ? before.offsetAt(change.range.start) : 0;
      const end = 'range' in change ? before.offsetAt(change.range.end) : before.getText().length;
      state.document = TextDocument.update(before, [change], textDocument.version);
      if (state.analysis) {
        try {
          state.analysis.edit(start, end, change.text);
        } catch (error) {
          // Reopen from the synchronised text rather than analyse a text we lost track of.
          this.log(`could not apply an edit to ${state.uri}: ${describe(error)}`);
          state.analysis.dispose();
          state.analysis = undefined;
        }
      }
    }
    state.dirty = true;
    this.schedule(state);
  }

  /**
   * A closed file keeps what the workspace scan says about it (its text on disk, which may
   * differ from the closed buffer's); a file no scan covers loses its diagnostics.
   */
  private didClose(uri: string): void {
    const state = this.documents.get(uri);
    if (!state) return;
    state.analysis?.dispose();
    this.documents.delete(uri);
    this.pending.delete(state);
    if (this.scanner?.covers(uri)) {
      void this.scanner.refresh(uri).catch((error: unknown) => this.log(`could not refresh ${uri} from disk: ${describe(error)}`));
    } else {
      this.send(uri, []);
    }
  }

  // ---- scheduling -----------------------------------------------------------------------

  private schedule(state: OpenDocument): void {
    this.pending.add(state);
    if (this.scheduled) return;
    this.scheduled = true;
    this.messagesSeen = -1; // always wait one full turn: the next queued message runs in it
    this.scheduledAt = Date.now();
    setImmediate(this.tick);
  }

  private readonly tick = (): void => {
    if (this.messagesSeen !== this.messagesProcessed && Date.now() - this.scheduledAt < MAX_COALESCE_MS) {
      this.messagesSeen = this.messagesProcessed;
      setImmediate(this.tick);
      return;
    }
    this.scheduled = false;
    const states = [...this.pending];
    this.pending.clear();
    for (const state of states) this.guard('analysis', () => this.flush(state));
  };

  /** Bring a document's analysis up to date with its text and publish, if anything changed. */
  private flush(state: OpenDocument): void {
    this.pending.delete(state);
    if (!state.dirty || !state.settings || this.documents.get(state.uri) !== state) return;
    state.dirty = false;
    if (!state.settings.enable || state.excluded) {
      state.analysis?.dispose();
      state.analysis = undefined;
      this.publish(state, []);
      return;
    }
    try {
      if (state.analysis) {
        // Cap the work per keystroke; deferred regions are settled below, a chunk per turn,
        // after any newer edits (which the scheduler lets in first).
        state.analysis.reanalyze(KEYSTROKE_BUDGET);
      } else {
        state.analysis = this.requireAnalyzer().open(state.document.getText(), state.language, analysisOptions(state.settings, pathOf(state.uri)));
      }
    } catch (error) {
      state.analysis?.dispose();
      state.analysis = undefined;
      throw error;
    }
    const diagnostics = state.analysis.result().findings.filter((finding) => isShown(finding, state.settings!)).map((finding) => toDiagnostic(finding, state.document, state.document.version));
    this.publish(state, diagnostics);
    if (state.analysis.hasDeferredWork) {
      state.dirty = true;
      this.schedule(state);
    }
  }

  private publish(state: OpenDocument, diagnostics: Diagnostic[]): void {
    const version = state.document.version;
    if (version < state.publishedVersion) return;
    state.publishedVersion = version;
    this.send(state.uri, diagnostics, version);
  }

  /** Every publish goes through here, so the finding counts follow what the client shows. */
  private send(uri: string, diagnostics: Diagnostic[], version?: number): void {
    void this.connection.sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics });
    const counts = { high: 0, medium: 0, low: 0 };
    for (const diagnostic of diagnostics) {
      const severity = isDiagnosticData(diagnostic.data) ? (diagnostic.data as DiagnosticData).severity : 'low';
      counts[severity]++;
    }
    const key = pathOf(uri) ?? uri;
    if (diagnostics.length > 0) this.publishedCounts.set(key, counts);
    else this.publishedCounts.delete(key);
    this.scheduleCounts();
  }

  private scheduleCounts(): void {
    if (!this.sendCounts || this.countsTimer) return;
    this.countsTimer = setTimeout(() => {
      this.countsTimer = undefined;
      this.emitCounts();
    }, COUNTS_INTERVAL_MS);
  }

  private emitCounts(): void {
    const counts: FindingCounts = { total: 0, files: this.publishedCounts.size, high: 0, medium: 0, low: 0 };
    for (const file of this.publishedCounts.values()) {
      counts.high += file.high;
      counts.medium += file.medium;
      counts.low += file.low;
    }
    counts.total = counts.high + counts.medium + counts.low;
    const text = JSON.stringify(counts);
    if (text === this.lastCounts) return;
    this.lastCounts = text;
    void this.connection.sendNotification(FINDING_COUNTS, counts);
  }

  /** The current analysis of an open, enabled document, flushed first if edits are pending. */
  private current(uri: string): { state: OpenDocument; analysis: DocumentAnalysis; result: AnalysisResult } | undefined {
    const state = this.documents.get(uri);
    if (!state) return undefined;
    if (state.dirty) this.flush(state);
    if (!state.analysis || !state.settings?.enable) return undefined;
    return { state, analysis: state.analysis, result: state.analysis.result() };
  }

  // ---- settings -------------------------------------------------------------------------

  private settingsFor(uri: string): Promise<Settings> {
    if (!this.capabilities.workspace?.configuration) return Promise.resolve(this.pushedSettings);
    let settings = this.settingsCache.get(uri);
    if (!settings) {
      settings = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'vigil' }).then(parseSettings, (error: unknown) => {
        this.log(`could not read the settings for ${uri}: ${describe(error)}`);
        return DEFAULT_SETTINGS;
      });
      this.settingsCache.set(uri, settings);
    }
    return settings;
  }

  private async loadSettings(state: OpenDocument): Promise<void> {
    const generation = ++state.settingsGeneration;
    const userSettings = await this.settingsFor(state.uri);
    if (generation !== state.settingsGeneration || this.documents.get(state.uri) !== state) return;
    const path = pathOf(state.uri);
    const config = path ? this.projectConfig(dirname(path)) : undefined;
    const settings = withProjectConfig(userSettings, config, path ? this.projectVersions(path, config) : undefined);
    state.excluded = this.isExcluded(state.uri, settings, config);
    if (state.settings && state.analysis && JSON.stringify(settings) !== JSON.stringify(state.settings)) {
      state.analysis.setOptions(analysisOptions(settings, path));
    }
    state.settings = settings;
    state.dirty = true;
    this.schedule(state);
  }

  private didChangeConfiguration(settings: unknown): void {
    const section = (settings as { vigil?: unknown } | undefined)?.vigil;
    if (section !== undefined) this.pushedSettings = parseSettings(section);
    this.settingsCache.clear();
    for (const state of this.documents.values()) void this.loadSettings(state);
  }

  /** `files.exclude` of a folder, for the workspace scan; `{}` from clients without it. */
  private async filesExclude(uri: string): Promise<Record<string, ExcludeValue>> {
    if (!this.capabilities.workspace?.configuration) return {};
    try {
      const files = (await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'files' })) as { exclude?: unknown } | null;
      const exclude = files?.exclude;
      return exclude && typeof exclude === 'object' && !Array.isArray(exclude) ? (exclude as Record<string, ExcludeValue>) : {};
    } catch (error) {
      this.log(`could not read files.exclude for ${uri}: ${describe(error)}`);
      return {};
    }
  }

  /** The project configuration for files in `dir`; its problems are shown once. */
  private projectConfig(dir: string): ProjectConfig {
    let config = this.projectConfigs.get(dir);
    if (!config) {
      config = loadProjectConfig(dir, this.projectConfigs);
      this.projectConfigs.set(dir, config);
      for (const problem of config.errors) {
        const key = `${problem.file}\0${problem.message}`;
        if (this.reportedConfigErrors.has(key)) continue;
        this.reportedConfigErrors.add(key);
        this.log(`configuration: ${problem.file}: ${problem.message}`);
        void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Vigil: ${problem.file}: ${problem.message}` });
      }
    }
    return config;
  }

  /**
   * What the project holding `path` installs of the packages rules depend on (B614's torch,
   * B506's js-yaml), read as `vigil scan` reads it: from the configuration file's folder, else
   * the workspace folder's.
   */
  private projectVersions(path: string, config: ProjectConfig | undefined): ProjectVersions {
    const root = config?.root ?? this.folderRootOf(path) ?? dirname(path);
    let versions = this.versionsByRoot.get(root);
    if (!versions) this.versionsByRoot.set(root, (versions = projectVersions(root)));
    return versions;
  }

  /**
   * Whether `vigil.exclude` or the project configuration hides a document. A file is matched by
   * its path. A document of another scheme (a browser's `vscode-vfs:` or `vscode-test-web:`) is
   * matched by its URI's path under the workspace folder of the same scheme and authority; there
   * is no project configuration to read there.
   */
  private isExcluded(uri: string, settings: Settings, config: ProjectConfig | undefined): boolean {
    const path = pathOf(uri);
    if (path !== undefined) {
      return new ExcludeSet(this.folderRootOf(path) ?? dirname(path), settings.exclude).excludes(path) || (config?.file !== undefined && configExcluder(config)(path, false));
    }
    const located = locateInFolder(uri, this.folders);
    return located !== undefined && new ExcludeSet(located.root, settings.exclude).excludes(located.path);
  }

  /** The workspace folder holding `path` (the innermost one), as a path. */
  private folderRootOf(path: string): string | undefined {
    let best: string | undefined;
    for (const uri of this.folders) {
      const root = pathOf(uri);
      if (root && (path === root || path.startsWith(join(root, '/'))) && (!best || root.length > best.length)) best = root;
    }
    return best;
  }

  private isOpenPath(path: string): boolean {
    for (const state of this.documents.values()) if (pathOf(state.uri) === path) return true;
    return false;
  }

  // ---- files changing on disk -------------------------------------------------------------

  private didChangeWatchedFiles({ changes }: DidChangeWatchedFilesParams): void {
    let configChanged = false;
    for (const change of changes) {
      const path = pathOf(change.uri);
      if (path && (CONFIG_FILE_NAMES.includes(basename(path)) || isProjectVersionSource(path))) {
        configChanged = true;
        continue;
      }
      if (change.type === FileChangeType.Deleted) {
        this.scanner?.forget(change.uri);
      } else if (path && !this.isOpenPath(path) && this.scanner?.covers(change.uri)) {
        // Changed outside the editor (a checkout, a formatter): its scan findings follow.
        void this.scanner.refresh(change.uri).catch((error: unknown) => this.log(`could not refresh ${change.uri}: ${describe(error)}`));
      }
    }
    if (configChanged) {
      // Open documents pick the new project configuration up now; unopened files at the next scan.
      this.projectConfigs.clear();
      this.versionsByRoot.clear();
      for (const state of this.documents.values()) void this.loadSettings(state);
    }
  }

  private didRename(files: readonly { oldUri: string; newUri: string }[]): void {
    for (const { oldUri, newUri } of files) {
      this.scanner?.forget(oldUri);
      void this.scanner?.refreshTree(newUri).catch((error: unknown) => this.log(`could not scan ${newUri}: ${describe(error)}`));
    }
  }

  // ---- hover ----------------------------------------------------------------------------

  /** The documentation of the rules whose findings are under the cursor. */
  private hover(params: HoverParams): Hover | null {
    const current = this.current(params.textDocument.uri);
    if (!current) return null;
    const { state, result } = current;
    const offset = state.document.offsetAt(params.position);
    const findings = result.findings.filter((finding) => finding.start <= offset && offset <= finding.end && isShown(finding, state.settings!));
    if (findings.length === 0) return null;
    const start = Math.min(...findings.map((finding) => finding.start));
    const end = Math.max(...findings.map((finding) => finding.end));
    return {
      contents: { kind: MarkupKind.Markdown, value: findings.map((finding) => findingHoverMarkdown(finding, state.language.family)).join('\n\n---\n\n') },
      range: { start: state.document.positionAt(start), end: state.document.positionAt(end) },
    };
  }

  // ---- code actions ---------------------------------------------------------------------

  private codeActions(params: CodeActionParams): CodeAction[] {
    const current = this.current(params.textDocument.uri);
    if (!current) return [];
    const { state, analysis, result } = current;
    const only = params.context.only;
    const actions: CodeAction[] = [];
    if (wants(only, CodeActionKind.QuickFix)) {
      for (const diagnostic of params.context.diagnostics) {
        if (diagnostic.source !== SOURCE || typeof diagnostic.code !== 'string') continue;
        const finding = this.findingFor(state, result, diagnostic);
        if (finding) {
          analysis.fixes(finding).forEach((fix, index) => actions.push(this.fixAction(state, diagnostic, fix, index === 0)));
          const suppress = this.suppressAction(state, result, diagnostic, finding);
          if (suppress) actions.push(suppress);
        }
        actions.push(this.documentationAction(diagnostic, diagnostic.code));
      }
    }
    if (wants(only, FIX_ALL_KIND)) {
      const fixAll = this.fixAllAction(state);
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  }

  /** The finding a diagnostic shows, in the current result. */
  private findingFor(state: OpenDocument, result: AnalysisResult, diagnostic: Diagnostic): Finding | undefined {
    const data = isDiagnosticData(diagnostic.data) && diagnostic.data.version === state.document.version ? diagnostic.data : undefined;
    const start = data ? data.start : state.document.offsetAt(diagnostic.range.start);
    const end = data ? data.end : state.document.offsetAt(diagnostic.range.end);
    return result.findings.find((finding) => finding.ruleId === diagnostic.code && finding.start === start && finding.end === end);
  }

  private fixAction(state: OpenDocument, diagnostic: Diagnostic, fix: Fix, first: boolean): CodeAction {
    const label = fix.applicability === 'unsafe' ? ' (unsafe)' : fix.applicability === 'display-only' ? ' (needs review)' : '';
    return {
      title: `${fix.title}${label}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: first && fix.applicability === 'safe',
      edit: this.workspaceEdit(state, fix.edits),
    };
  }

  private suppressAction(state: OpenDocument, result: AnalysisResult, diagnostic: Diagnostic, finding: Finding): CodeAction | undefined {
    // The placeholder edit also tells whether a comment can be written there at all.
    const placeholder = suppressionEdit(state.document.getText(), state.language, finding, PLACEHOLDER_REASON, result.suppressions);
    if (!placeholder) return undefined;
    const title = finding.ruleId === 'VG001' ? 'Justify this suppression…' : `Suppress ${finding.ruleId} on this line with a justification…`;
    if (this.clientCommands.has(CLIENT_COMMANDS.suppressWithJustification)) {
      const target: SuppressionCommandTarget = { uri: state.uri, version: state.document.version, ruleId: finding.ruleId, start: finding.start, end: finding.end };
      return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title, command: CLIENT_COMMANDS.suppressWithJustification, arguments: [target] } };
    }
    return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: this.workspaceEdit(state, [placeholder]) };
  }

  private documentationAction(diagnostic: Diagnostic, ruleId: string): CodeAction {
    const title = `Show documentation for ${ruleId}`;
    const command: Command = this.clientCommands.has(CLIENT_COMMANDS.showDocumentation)
      ? { title, command: CLIENT_COMMANDS.showDocumentation, arguments: [ruleId, ruleDocsUrl(ruleId)] }
      : { title, command: SERVER_COMMANDS.showDocumentation, arguments: [ruleId, ruleDocsUrl(ruleId)] };
    return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command };
  }

  private fixAllAction(state: OpenDocument): CodeAction | undefined {
    const settings = state.settings!;
    const before = state.document.getText();
    const fixed = applySafeFixes(this.requireAnalyzer(), before, state.language, analysisOptions(settings, pathOf(state.uri)), (finding) => isShown(finding, settings));
    const edit = fixed.applied > 0 ? replacementEdit(before, fixed.text) : undefined;
    if (!edit) return undefined;
    return { title: 'Fix all safe Vigil problems', kind: FIX_ALL_KIND, edit: this.workspaceEdit(state, [edit]) };
  }

  private workspaceEdit(state: OpenDocument, edits: readonly CoreEdit[]): WorkspaceEdit {
    const textEdits: TextEdit[] = edits.map((edit) => toTextEdit(edit, state.document));
    if (this.capabilities.workspace?.workspaceEdit?.documentChanges) {
      return { documentChanges: [{ textDocument: { uri: state.uri, version: state.document.version }, edits: textEdits }] };
    }
    return { changes: { [state.uri]: textEdits } };
  }

  /** `vigil/suppressionEdit`: the suppression with the reason the user typed in the client. */
  private suppressionEditRequest({ target, reason }: SuppressionEditParams): WorkspaceEdit | null {
    const current = this.current(target.uri);
    if (!current || current.state.document.version !== target.version) return null;
    const finding = current.result.findings.find((candidate) => candidate.ruleId === target.ruleId && candidate.start === target.start && candidate.end === target.end);
    if (!finding) return null;
    const edit = suppressionEdit(current.state.document.getText(), current.state.language, finding, reason, current.result.suppressions);
    return edit ? this.workspaceEdit(current.state, [edit]) : null;
  }

  private async executeCommand(command: string, args: unknown[], workDoneToken?: string | number, token?: CancellationToken): Promise<ScanWorkspaceResult | null> {
    if (command === SERVER_COMMANDS.scanWorkspace) {
      // Editors without custom requests: progress the client can show and cancel, and a summary.
      const result = await this.scan({ workDoneToken }, token ?? { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) });
      const summary = `${result.findings} finding${result.findings === 1 ? '' : 's'} in ${result.filesWithFindings} of ${result.files} file${result.files === 1 ? '' : 's'}`;
      const message = result.cancelled ? `Vigil: scan cancelled after ${result.files} of ${result.total} files (${summary}).` : `Vigil: scanned the workspace: ${summary}.`;
      void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message });
      return result;
    }
    if (command === SERVER_COMMANDS.showDocumentation) {
      const [ruleId, url] = args as [string, string];
      if (this.capabilities.window?.showDocument?.support) {
        await this.connection.window.showDocument({ uri: url });
      } else {
        void this.connection.window.showInformationMessage(`Documentation for ${ruleId}: ${url}`);
      }
    }
    return null;
  }

  // ---- workspace scan -------------------------------------------------------------------

  private async scan(params: ScanWorkspaceParams, token: CancellationToken): Promise<ScanWorkspaceResult> {
    try {
      let progress: WorkDoneProgressReporter = this.connection.window.attachWorkDoneProgress(params.workDoneToken);
      let progressToken: CancellationToken | undefined;
      if (params.workDoneToken === undefined && this.capabilities.window?.workDoneProgress) {
        const created = await this.connection.window.createWorkDoneProgress();
        progress = created;
        progressToken = created.token;
      }
      const cancelled: CancellationToken = progressToken
        ? { get isCancellationRequested() { return token.isCancellationRequested || progressToken!.isCancellationRequested; }, onCancellationRequested: token.onCancellationRequested }
        : token;
      if (this.capabilities.workspace?.workspaceFolders) this.folders = (await this.connection.workspace.getWorkspaceFolders())?.map((folder) => folder.uri) ?? [];
      // Settings and configuration files are read afresh for each scan: a change notification
      // may still be on its way when the user starts one.
      this.settingsCache.clear();
      this.projectConfigs.clear();
      this.versionsByRoot.clear();
      const result = await this.requireScanner().scan(this.folders, progress, cancelled);
      this.flushCounts();
      return result;
    } catch (error) {
      this.log(`workspace scan failed: ${describe(error)}`);
      throw new ResponseError(ErrorCodes.InternalError, `Vigil could not scan the workspace: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  // ---- helpers --------------------------------------------------------------------------

  private requireScanner(): WorkspaceScanner {
    if (!this.scanner) throw new Error('the scanner is not ready: initialize first');
    return this.scanner;
  }

  /** Send the counts now (at the end of a scan), not after the interval. */
  private flushCounts(): void {
    if (!this.countsTimer) return;
    clearTimeout(this.countsTimer);
    this.countsTimer = undefined;
    this.emitCounts();
  }

  private requireAnalyzer(): Analyzer {
    if (!this.analyzerInstance) throw new Error('the analyser is not ready: initialize first');
    return this.analyzerInstance;
  }

  /** Run a handler; one that throws is logged and answers `fallback`, and the server lives on. */
  private guard<T>(what: string, run: () => T, fallback?: Awaited<T>): T | Awaited<T> | undefined {
    try {
      const value = run();
      if (value instanceof Promise) {
        return value.catch((error: unknown) => {
          this.log(`${what} failed: ${describe(error)}`);
          return fallback;
        }) as T;
      }
      return value;
    } catch (error) {
      this.log(`${what} failed: ${describe(error)}`);
      return fallback;
    }
  }

  private log(message: string): void {
    this.connection.console.error(message);
  }
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  if (!only) return kind === CodeActionKind.QuickFix;
  return only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
