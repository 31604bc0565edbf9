/**
 * What the workspace scan remembers between scans and between sessions: per file, its size,
 * modification time and content hash, a key of everything else the findings depend on (the
 * server build and the analysis options), and the diagnostics of every finding (before the
 * severity/confidence thresholds, which only filter). A file is analysed again only when its
 * content or that key changed.
 *
 * An unchanged size and mtime are trusted without reading the file, unless the file was
 * modified within RACY_MS of being recorded: a write in the same clock tick could leave both
 * unchanged (git's "racily clean" entries), so such files are read and hashed.
 *
 * One JSON file per workspace folder, in the directory the client gives
 * (`initializationOptions.storagePath`: VS Code's per-workspace extension storage) or else in
 * the user's cache directory (`cacheDirectory()`), never in the user's tree. Written
 * atomically (temporary file, then rename); an unreadable or foreign file is ignored.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';

const FORMAT = 1;
/** Files modified this close to being recorded are hashed even when size and mtime match. */
export const RACY_MS = 2_000;

export interface CacheEntry {
  size: number;
  mtimeMs: number;
  /** sha256 of the file's bytes, hex. */
  hash: string;
  /** Hash of the server build and analysis options the findings were computed with. */
  key: string;
  /** When the entry was written (ms since the epoch). */
  recordedAt: number;
  diagnostics: Diagnostic[];
}

interface CacheFile {
  format: number;
  folder: string;
  entries: Record<string, CacheEntry>;
}

export class FolderCache {
  private dirty = false;

  private constructor(
    private readonly file: string | undefined,
    private readonly folder: string,
    private readonly entries: Map<string, CacheEntry>,
  ) {}

  /** The cache of `folderUri` under `directory` (empty when there is none yet, or no directory). */
  static load(directory: string | undefined, folderUri: string, log: (message: string) => void): FolderCache {
    const file = directory ? join(directory, `${createHash('sha256').update(folderUri).digest('hex').slice(0, 20)}.json`) : undefined;
    const entries = new Map<string, CacheEntry>();
    if (file) {
      try {
        const parsed = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
        if (parsed.format === FORMAT && parsed.folder === folderUri && parsed.entries && typeof parsed.entries === 'object') {
          for (const [path, entry] of Object.entries(parsed.entries)) if (isEntry(entry)) entries.set(path, entry);
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log(`scan cache: ignoring ${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return new FolderCache(file, folderUri, entries);
  }

  get size(): number {
    return this.entries.size;
  }

  get(path: string): CacheEntry | undefined {
    return this.entries.get(path);
  }

  /** The entry, when size and mtime show the file unchanged and the entry is not racy. */
  fresh(path: string, size: number, mtimeMs: number, key: string): CacheEntry | undefined {
    const entry = this.entries.get(path);
    if (!entry || entry.key !== key || entry.size !== size || entry.mtimeMs !== mtimeMs) return undefined;
    return entry.recordedAt - entry.mtimeMs > RACY_MS ? entry : undefined;
  }

  set(path: string, entry: CacheEntry): void {
    this.entries.set(path, entry);
    this.dirty = true;
  }

  delete(path: string): boolean {
    const deleted = this.entries.delete(path);
    if (deleted) this.dirty = true;
    return deleted;
  }

  /** Forget every file under `prefix` (a folder path, or a file path). */
  deleteUnder(prefix: string): string[] {
    const removed = [...this.entries.keys()].filter((path) => path === prefix || path.startsWith(prefix.endsWith('/') || prefix.endsWith('\\') ? prefix : `${prefix}/`) || path.startsWith(`${prefix}\\`));
    for (const path of removed) this.entries.delete(path);
    if (removed.length > 0) this.dirty = true;
    return removed;
  }

  /** Forget every file not in `keep` (after a complete scan). */
  retain(keep: ReadonlySet<string>): void {
    for (const path of [...this.entries.keys()]) if (!keep.has(path)) this.delete(path);
  }

  paths(): string[] {
    return [...this.entries.keys()];
  }

  /** Write the cache if it changed since it was loaded or last saved. */
  save(log: (message: string) => void): void {
    if (!this.file || !this.dirty) return;
    const data: CacheFile = { format: FORMAT, folder: this.folder, entries: Object.fromEntries(this.entries) };
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(join(this.file, '..'), { recursive: true });
      writeFileSync(temporary, JSON.stringify(data));
      renameSync(temporary, this.file);
      this.dirty = false;
    } catch (error) {
      log(`scan cache: could not write ${this.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The key of a server build and a set of options: findings computed under another key are stale. */
export function optionsKey(build: string, options: unknown): string {
  return createHash('sha256').update(build).update('\0').update(JSON.stringify(options)).digest('hex').slice(0, 32);
}

/**
 * Identifies this server build by the hash of its bundle (a few milliseconds), so an update or
 * any change to a rule invalidates every entry, while rebuilding the same sources does not.
 */
export function buildFingerprint(file: string = __filename): string {
  try {
    return contentHash(readFileSync(file)).slice(0, 32);
  } catch {
    return `unknown:${Date.now()}`;
  }
}

/**
 * The scan cache directory for clients that give none: the platform's per-user cache directory
 * (`$XDG_CACHE_HOME` or ~/.cache on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on
 * Windows), `vigil/scan-cache` in it.
 */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = homedir();
  let base: string;
  if (platform === 'win32') base = env.LOCALAPPDATA ?? join(home, 'AppData', 'Local');
  else if (platform === 'darwin') base = join(home, 'Library', 'Caches');
  else base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(home, '.cache');
  return join(base, 'vigil', 'scan-cache');
}

function isEntry(value: unknown): value is CacheEntry {
  const entry = value as Partial<CacheEntry> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.size === 'number' &&
    typeof entry.mtimeMs === 'number' &&
    typeof entry.hash === 'string' &&
    typeof entry.key === 'string' &&
    typeof entry.recordedAt === 'number' &&
    Array.isArray(entry.diagnostics)
  );
}
