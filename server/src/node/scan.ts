/**
 * "Vigil: Scan Workspace": analyse every Python/TS/JS file under the workspace folders and
 * publish diagnostics for the files that are not open (open ones have live diagnostics).
 *
 * Which files: workspace-files.ts (.gitignore, always-skipped folders), minus `files.exclude`,
 * `vigil.exclude` and the project configuration's `exclude`. Per file, the settings are the
 * folder's laid over the nearest project configuration (settings.ts `withProjectConfig`).
 *
 * Incremental: scan-cache.ts remembers each file's size, mtime, hash and findings, across
 * scans and sessions; an unchanged file is not analysed again. A file whose text names nothing
 * any enabled rule looks for (`Rule.triggers`) and has no `nosec` is not parsed
 * (`Analyzer.mayHaveFindings`, as in `vigil scan`).
 *
 * After a scan the folder stays "covered": a covered file that is closed gets its on-disk
 * findings back (`refresh`), and one that is deleted or renamed away loses them (`forget`).
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CancellationToken, Diagnostic, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyzer } from '../core/analyzer';
import type { ProjectVersions } from '../core/options';
import { languageForPath, type Language } from '../core/languages';
import { levelRank } from '../core/types';
import { decodeSource } from '../cli/decode';
import { configExcluder, type ProjectConfig } from './config';
import { isDiagnosticData, toDiagnostic } from './diagnostics';
import { ExcludeSet, type ExcludeValue } from './glob';
import type { ScanWorkspaceResult } from './protocol';
import { FolderCache, contentHash, optionsKey } from './scan-cache';
import { analysisOptions, withProjectConfig, type Settings } from './settings';
import { pathOf } from './uris';
import { isWorkspaceFile, listWorkspaceFiles } from './workspace-files';

/** Files larger than this are generated or vendored code, not what a person reviews. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** Files read ahead of the one being analysed. */
const READ_AHEAD = 8;
/** How often (ms) progress is reported; reporting every file would flood the client. */
const PROGRESS_INTERVAL = 100;

export interface ScanHost {
  analyzer(): Analyzer;
  /** The `vigil` settings of a resource, before project configuration. */
  settingsFor(uri: string): Promise<Settings>;
  /** `files.exclude` for a folder (`{}` when the client has no such setting). */
  filesExcludeFor(uri: string): Promise<Record<string, ExcludeValue>>;
  /** The project configuration for files in `dir` (cached by the caller). */
  projectConfig(dir: string): ProjectConfig;
  /** What the project holding `path` installs of the packages rules depend on (cached by the caller). */
  projectVersions(path: string, config: ProjectConfig): ProjectVersions;
  /** Whether a file (absolute path) is open in the editor. */
  isOpen(path: string): boolean;
  publish(uri: string, diagnostics: Diagnostic[]): void;
  log(message: string): void;
}

/** A workspace folder as the last scan saw it. */
interface Folder {
  uri: string;
  root: string;
  settings: Settings;
  /** `files.exclude` and `vigil.exclude`. */
  excludes: ExcludeSet[];
  cache: FolderCache;
  /** Files whose findings the scan owns (published while they are not open). */
  covered: Set<string>;
}

/** What `readFile` learned about one file, for `finishFile`. */
interface FileRead {
  folder: Folder;
  path: string;
  uri: string;
  language: Language | undefined;
  settings: Settings;
  /** The cache key of the options the file is analysed with. */
  key: string;
  stats?: { size: number; mtimeMs: number };
  /** Only when the cache does not hold the file's findings. */
  bytes?: Uint8Array;
  error?: NodeJS.ErrnoException;
}

interface FileOutcome {
  /** Findings shown under the thresholds. */
  shown: number;
  /** Analysed now (as opposed to taken from the cache). */
  analysed: boolean;
}

export class WorkspaceScanner {
  private readonly folders = new Map<string, Folder>();
  private readonly caches = new Map<string, FolderCache>();
  private running: { cancel: () => void; done: Promise<unknown> } | undefined;
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly host: ScanHost,
    /** Where caches are stored; undefined keeps them in memory only. */
    private readonly storageDir: string | undefined,
    /** Identifies the server build (scan-cache.ts `buildFingerprint`). */
    private readonly build: string,
  ) {}

  /** Scan every folder; a scan already running is cancelled first. */
  async scan(folderUris: readonly string[], progress: WorkDoneProgressReporter, token: CancellationToken): Promise<ScanWorkspaceResult> {
    if (this.running) {
      this.running.cancel();
      await this.running.done.catch(() => undefined);
    }
    let cancelledHere = false;
    const cancelled = (): boolean => cancelledHere || token.isCancellationRequested;
    const done = this.run(folderUris, progress, cancelled);
    const running = { cancel: () => (cancelledHere = true), done };
    this.running = running;
    try {
      return await done;
    } finally {
      if (this.running === running) this.running = undefined;
    }
  }

  private async run(folderUris: readonly string[], progress: WorkDoneProgressReporter, cancelled: () => boolean): Promise<ScanWorkspaceResult> {
    const result: ScanWorkspaceResult = { files: 0, total: 0, findings: 0, filesWithFindings: 0, cancelled: false, analysed: 0, cached: 0 };
    progress.begin('Vigil: scanning workspace', 0, 'listing files…', true);
    try {
      const scans: { folder: Folder; files: string[] }[] = [];
      for (const uri of folderUris) {
        if (!uri.startsWith('file:')) continue;
        const root = fileURLToPath(uri);
        const [settings, filesExclude] = await Promise.all([this.host.settingsFor(uri), this.host.filesExcludeFor(uri)]);
        const previous = this.folders.get(uri);
        if (!settings.enable) {
          if (previous) this.uncover(previous, previous.covered);
          this.folders.delete(uri);
          continue;
        }
        const folder: Folder = {
          uri,
          root,
          settings,
          excludes: [new ExcludeSet(root, filesExclude), new ExcludeSet(root, settings.exclude)],
          cache: this.cacheFor(uri),
          covered: previous?.covered ?? new Set(),
        };
        this.folders.set(uri, folder);
        const files = await listWorkspaceFiles(root, { excluded: (path, isDir) => this.excluded(folder, path, isDir), isCancelled: cancelled });
        scans.push({ folder, files });
      }
      result.total = scans.reduce((sum, scan) => sum + scan.files.length, 0);
      progress.report(0, `0/${result.total} files`);
      let lastReport = Date.now();
      for (const { folder, files } of scans) {
        if (cancelled()) break;
        const listed = new Set<string>();
        const reads: Promise<FileRead>[] = [];
        let next = 0;
        for (const path of files) {
          if (cancelled()) break;
          listed.add(path);
          while (reads.length < READ_AHEAD && next < files.length) reads.push(this.readFile(folder, files[next++]!));
          const outcome = this.finishFile(await reads.shift()!);
          result.files++;
          if (outcome) {
            result.findings += outcome.shown;
            if (outcome.shown > 0) result.filesWithFindings++;
            if (outcome.analysed) result.analysed++;
            else result.cached++;
          }
          if (Date.now() - lastReport >= PROGRESS_INTERVAL || result.files === result.total) {
            lastReport = Date.now();
            progress.report(Math.floor((result.files / Math.max(1, result.total)) * 100), `${result.files}/${result.total} files`);
          }
          // Let queued messages (edits, cancellation) in between files.
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (listed.size === files.length && !cancelled()) {
          // Complete: files gone or newly excluded lose their findings and their cache entries.
          this.uncover(folder, [...folder.covered].filter((path) => !listed.has(path)));
          folder.cache.retain(listed);
        }
        folder.cache.save(this.host.log);
      }
      result.cancelled = cancelled();
      return result;
    } finally {
      progress.done();
    }
  }

  /** Whether a folder has been scanned this session and `uri` is one of its files (open or not). */
  covers(uri: string): boolean {
    return this.folderOf(uri) !== undefined;
  }

  /**
   * Bring one file's scan findings up to date from disk and publish them (unless it is open).
   * Returns false when no scanned folder covers the file.
   */
  async refresh(uri: string): Promise<boolean> {
    const found = this.folderOf(uri);
    if (!found) return false;
    const { folder, path } = found;
    await this.scanFile(folder, path);
    this.scheduleSave();
    return true;
  }

  /**
   * A file or folder appeared under a new name: scan what it holds if a scanned folder covers
   * it (a renamed folder's files are listed the way a scan lists them).
   */
  async refreshTree(uri: string): Promise<void> {
    const path = pathOf(uri);
    if (!path) return;
    let isDirectory = false;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch {
      return;
    }
    if (!isDirectory) {
      await this.refresh(uri);
      return;
    }
    const folder = [...this.folders.values()].filter((candidate) => path.startsWith(join(candidate.root, '/'))).sort((a, b) => b.root.length - a.root.length)[0];
    if (!folder) return;
    const excluded = (candidate: string, isDir: boolean): boolean => this.excluded(folder, candidate, isDir);
    for (const file of await listWorkspaceFiles(path, { excluded })) {
      if (isWorkspaceFile(folder.root, file, excluded)) await this.scanFile(folder, file);
    }
    this.scheduleSave();
  }

  /** A workspace folder was removed: what the scan published for it goes. */
  removeFolder(uri: string): void {
    const folder = this.folders.get(uri);
    if (!folder) return;
    this.uncover(folder, [...folder.covered]);
    this.folders.delete(uri);
    folder.cache.save(this.host.log);
  }

  /** A file or folder was deleted or renamed away: its findings go. */
  forget(uri: string): void {
    const path = pathOf(uri);
    if (!path) return;
    for (const folder of this.folders.values()) {
      const gone = [...folder.covered].filter((covered) => covered === path || covered.startsWith(join(path, '/')));
      this.uncover(folder, gone);
      if (folder.cache.deleteUnder(path).length > 0) this.scheduleSave();
    }
  }

  /** The scanned folder covering `uri`, if it is a file the scan would list. */
  private folderOf(uri: string): { folder: Folder; path: string } | undefined {
    const path = pathOf(uri);
    if (!path) return undefined;
    let best: Folder | undefined;
    for (const folder of this.folders.values()) {
      if ((path.startsWith(join(folder.root, '/')) || path === folder.root) && (!best || folder.root.length > best.root.length)) best = folder;
    }
    if (!best) return undefined;
    const folder = best;
    if (!isWorkspaceFile(folder.root, path, (candidate, isDir) => this.excluded(folder, candidate, isDir))) return undefined;
    return { folder, path };
  }

  private excluded(folder: Folder, path: string, isDir: boolean): boolean {
    if (folder.excludes.some((set) => set.excludes(path))) return true;
    // A folder is judged by the configuration of the folder holding it; a file by its own folder's.
    const config = this.host.projectConfig(dirname(path));
    return config.file !== undefined && excluderOf(config)(path, isDir);
  }

  /** Analyse (or take from the cache) one file, publish unless open; undefined when unreadable. */
  private async scanFile(folder: Folder, path: string): Promise<FileOutcome | undefined> {
    return this.finishFile(await this.readFile(folder, path));
  }

  /**
   * The asynchronous half of scanning a file: its settings, its stat, and its bytes unless the
   * cache holds its findings. The scan runs a few of these ahead of the analysis, so the thread
   * pool's reads overlap the analysis instead of leaving the thread idle between files.
   */
  private async readFile(folder: Folder, path: string): Promise<FileRead> {
    const language = languageForPath(path);
    const uri = pathToFileURL(path).href;
    const config = this.host.projectConfig(dirname(path));
    const settings = withProjectConfig(folder.settings, config, this.host.projectVersions(path, config));
    const read: FileRead = { folder, path, uri, language, settings, key: optionsKey(this.build, analysisOptions(settings, undefined)) };
    if (!language) return read;
    try {
      const stats = await stat(path);
      if (!stats.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
      read.stats = { size: stats.size, mtimeMs: stats.mtimeMs };
      if (stats.size > MAX_FILE_BYTES || folder.cache.fresh(path, stats.size, stats.mtimeMs, read.key)) return read;
      read.bytes = await readFile(path);
    } catch (error) {
      read.error = error as NodeJS.ErrnoException;
    }
    return read;
  }

  /** The synchronous half: analyse the bytes (or take the cached findings) and publish. */
  private finishFile(read: FileRead): FileOutcome | undefined {
    const { folder, path, uri, language, settings, key } = read;
    if (!language) return undefined;
    try {
      if (read.error) throw read.error;
      const stats = read.stats!;
      if (stats.size > MAX_FILE_BYTES) {
        this.host.log(`scan: skipped ${path}: larger than ${MAX_FILE_BYTES} bytes`);
        return undefined;
      }
      let entry = folder.cache.fresh(path, stats.size, stats.mtimeMs, key);
      let analysed = false;
      if (!entry) {
        const bytes = read.bytes!;
        const hash = contentHash(bytes);
        const known = folder.cache.get(path);
        const diagnostics = known && known.key === key && known.hash === hash ? known.diagnostics : this.analyse(bytes, language, settings, uri, path);
        analysed = diagnostics !== known?.diagnostics;
        entry = { size: stats.size, mtimeMs: stats.mtimeMs, hash, key, recordedAt: Date.now(), diagnostics };
        folder.cache.set(path, entry);
      }
      folder.covered.add(path);
      const shown = entry.diagnostics.filter((diagnostic) => isShownDiagnostic(diagnostic, settings));
      if (!this.host.isOpen(path)) this.host.publish(uri, shown);
      return { shown: shown.length, analysed };
    } catch (error) {
      // Gone, or unreadable: nothing the scan says about it holds any more.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.host.log(`scan: could not analyse ${path}: ${error instanceof Error ? error.message : String(error)}`);
      folder.covered.delete(path);
      folder.cache.delete(path);
      if (!this.host.isOpen(path)) this.host.publish(uri, []);
      return undefined;
    }
  }

  /** Every finding of a file's bytes, as diagnostics (thresholds are applied when publishing). */
  private analyse(bytes: Uint8Array, language: Language, settings: Settings, uri: string, path: string): Diagnostic[] {
    const decoded = decodeSource(bytes, language.family);
    if (!decoded.ok) return [];
    const { text } = decoded;
    const analyzer = this.host.analyzer();
    const options = analysisOptions(settings, path);
    if (!analyzer.mayHaveFindings(text, language, options)) return [];
    const document = TextDocument.create(uri, language.grammar, 0, text);
    return analyzer
      .analyze(text, language, options)
      .findings.map((finding) => toDiagnostic(finding, document, null));
  }

  /** The scan no longer owns these files' findings: clear them unless the file is open. */
  private uncover(folder: Folder, paths: Iterable<string>): void {
    for (const path of paths) {
      if (!folder.covered.delete(path)) continue;
      if (!this.host.isOpen(path)) this.host.publish(pathToFileURL(path).href, []);
    }
  }

  private cacheFor(uri: string): FolderCache {
    let cache = this.caches.get(uri);
    if (!cache) {
      cache = FolderCache.load(this.storageDir, uri, this.host.log);
      this.caches.set(uri, cache);
    }
    return cache;
  }

  /** Single-file updates are written a little later, together. */
  private scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.saveAll(), 1_000);
    this.saveTimer.unref();
  }

  /** Write every changed cache now (at shutdown). */
  saveAll(): void {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    for (const cache of this.caches.values()) cache.save(this.host.log);
  }
}

const excluders = new WeakMap<ProjectConfig, (path: string, isDir: boolean) => boolean>();

function excluderOf(config: ProjectConfig): (path: string, isDir: boolean) => boolean {
  let excluder = excluders.get(config);
  if (!excluder) {
    excluder = configExcluder(config);
    excluders.set(config, excluder);
  }
  return excluder;
}

/** Whether the settings' severity and confidence thresholds let a stored diagnostic through. */
export function isShownDiagnostic(diagnostic: Diagnostic, settings: Settings): boolean {
  if (!isDiagnosticData(diagnostic.data)) return true;
  return levelRank(diagnostic.data.severity) >= levelRank(settings.severity) && levelRank(diagnostic.data.confidence) >= levelRank(settings.confidence);
}
