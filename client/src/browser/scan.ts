/**
 * "Vigil: Scan Workspace" in the browser. The worker has no file system, so the files are listed
 * and read here, through `vscode.workspace.fs` (whatever file system the browser workspace has:
 * `vscode-vfs:` on github.dev, a mounted folder, a local folder in vscode.dev), and their text
 * is sent to the worker in batches (`vigil/web/analyzeFiles`, server/src/browser/protocol.ts),
 * which analyses each with its `vigil` settings and publishes its diagnostics.
 *
 * Like the desktop scan (server/src/node/workspace-files.ts), with the same pattern code
 * (server/src/core/gitignore.ts, server/src/core/glob.ts): it skips what the folder's
 * `.gitignore` and nested ones ignore (a deeper file wins, `!` re-includes), what `files.exclude`
 * (`when` siblings included) and `vigil.exclude` exclude, `.git`, `.hg`, `.svn`, `node_modules`,
 * `__pycache__`, Python virtual environments and files over 4 MiB; it leaves open documents to
 * the live analysis, keeps a scanned file's findings when it is opened and closed again, and
 * drops them when the file is deleted. Unlike it: the `.gitignore` files of folders above the
 * workspace folder are out of a browser's reach (a github.dev workspace is the repository root,
 * so there are none), project configuration files (`[tool.vigil]`, `[tool.bandit]`, `.bandit`)
 * are not read, and every scan reads every file (no cache).
 */
import * as vscode from 'vscode';
import { RequestType, type LanguageClient } from 'vscode-languageclient/browser';
import { ANALYZE_FILES, type AnalyzeFilesParams, type AnalyzeFilesResult } from '../../../server/src/browser/protocol';
import { ALWAYS_SKIPPED_DIRS, gitignored, gitignoreLayer, VIRTUALENV_MARKER, type IgnoreLayer } from '../../../server/src/core/gitignore';
import { ExcludeSet, type ExcludeValue } from '../../../server/src/core/glob';
import { languageForPath } from '../../../server/src/core/languages';
import type { ScanWorkspaceResult } from '../../../server/src/node/protocol';

const AnalyzeFilesRequest = new RequestType<AnalyzeFilesParams, AnalyzeFilesResult, void>(ANALYZE_FILES);
/** Larger files are skipped, as by the desktop scan (server/src/node/scan.ts). */
const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** Files sent to the worker per request: progress and cancellation act between batches. */
const SCAN_BATCH = 25;

export class WebScan {
  /** Set once the language client exists (the client's middleware needs the scan first). */
  client: LanguageClient | undefined;
  /** The files the scans covered, as URI strings. */
  private readonly scanned = new Set<string>();
  private readonly decoder = new TextDecoder();

  /** The command: scan every workspace folder with a cancellable progress notification. */
  async run(): Promise<ScanWorkspaceResult | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
      void vscode.window.showInformationMessage('Vigil: open a folder to scan it.');
      return undefined;
    }
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Vigil', cancellable: true }, async (progress, token) => {
      const open = new Set(vscode.workspace.textDocuments.filter((document) => !document.isClosed).map((document) => document.uri.toString()));
      const listed = (await Promise.all(folders.map((folder) => listFiles(folder.uri, token)))).flat();
      const files = listed.filter((uri) => !open.has(uri.toString()));
      const result: ScanWorkspaceResult = { files: 0, total: files.length, findings: 0, filesWithFindings: 0, cancelled: false, analysed: 0, cached: 0 };
      try {
        for (let start = 0; start < files.length; start += SCAN_BATCH) {
          if (token.isCancellationRequested) {
            result.cancelled = true;
            break;
          }
          const batch = files.slice(start, start + SCAN_BATCH);
          const analysed = await this.analyze(batch);
          result.files += batch.length;
          result.analysed += analysed.files;
          result.findings += analysed.findings;
          result.filesWithFindings += analysed.filesWithFindings;
          progress.report({ message: `${result.files} of ${files.length} files`, increment: (100 * batch.length) / files.length });
        }
      } catch (error) {
        void vscode.window.showErrorMessage(`Vigil: the workspace scan failed: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
      const summary = `${result.findings} finding${result.findings === 1 ? '' : 's'} in ${result.filesWithFindings} of ${result.files} file${result.files === 1 ? '' : 's'}`;
      void vscode.window.showInformationMessage(result.cancelled ? `Vigil: scan cancelled after ${result.files} of ${result.total} files (${summary}).` : `Vigil: scanned the workspace: ${summary}.`);
      return result;
    });
  }

  /**
   * A document was closed: the live analysis has cleared its diagnostics. If a scan covered the
   * file, its findings (of its text as saved) are published again.
   */
  refresh(uri: vscode.Uri): void {
    if (!this.scanned.has(uri.toString())) return;
    this.analyze([uri]).catch((error: unknown) => this.client?.warn(`could not scan ${uri.toString()} again`, error, false));
  }

  /** Files or folders were deleted: their scan findings go with them. */
  forget(deleted: readonly vscode.Uri[]): void {
    for (const uri of deleted) {
      const prefix = `${uri.toString()}/`;
      for (const entry of [...this.scanned]) {
        if (entry !== uri.toString() && !entry.startsWith(prefix)) continue;
        this.scanned.delete(entry);
        this.client?.diagnostics?.delete(vscode.Uri.parse(entry));
      }
    }
  }

  /** Read the files and have the worker analyse them and publish their diagnostics. */
  private async analyze(uris: readonly vscode.Uri[]): Promise<AnalyzeFilesResult> {
    if (!this.client) throw new Error('the language client has not started');
    const read = await Promise.all(
      uris.map(async (uri) => {
        const bytes = await vscode.workspace.fs.readFile(uri);
        // Generated bundles and data, as the desktop scan: not worth a worker's time.
        return bytes.byteLength > MAX_FILE_BYTES ? undefined : { uri: uri.toString(), text: this.decoder.decode(bytes) };
      }),
    );
    const files = read.filter((file) => file !== undefined);
    for (const file of files) this.scanned.add(file.uri);
    return this.client.sendRequest(AnalyzeFilesRequest, { files });
  }
}

/**
 * Every file with a supported extension under `folder`, sorted, as the desktop scan lists them:
 * the walk skips ALWAYS_SKIPPED_DIRS, Python virtual environments (folders holding
 * `pyvenv.cfg`), and folders and files that a `.gitignore` ignores or an exclusion set excludes.
 * Links to files are followed, links to folders are not. Sibling folders are read concurrently:
 * on github.dev each listing may be a network call. Paths are the URIs' paths.
 */
async function listFiles(folder: vscode.Uri, token: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const files: vscode.Uri[] = [];
  // The names in each folder read so far, by the folder's path with a final `/` (the
  // workspace folder's path may be `/` itself), for `{ "when": "$(basename).ts" }` siblings.
  const listings = new Map<string, Set<string>>();
  const siblingExists = (path: string): boolean => {
    const slash = path.lastIndexOf('/');
    return listings.get(path.slice(0, slash + 1))?.has(path.slice(slash + 1)) ?? false;
  };
  const excludes = exclusionSettings(folder).map((patterns) => new ExcludeSet(folder.path, patterns, siblingExists));
  const excluded = (uri: vscode.Uri): boolean => excludes.some((set) => set.excludes(uri.path));
  const walk = async (dir: vscode.Uri, layers: readonly IgnoreLayer[]): Promise<void> => {
    if (token.isCancellationRequested) return;
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(dir);
    } catch {
      return; // unreadable: nothing to scan in it
    }
    if (dir !== folder && entries.some(([name]) => name === VIRTUALENV_MARKER)) return;
    listings.set(dir.path.endsWith('/') ? dir.path : `${dir.path}/`, new Set(entries.map(([name]) => name)));
    const own = entries.some(([name]) => name === '.gitignore') ? await readGitignore(dir) : undefined;
    const here = own ? [...layers, own] : layers;
    const subfolders: vscode.Uri[] = [];
    for (const [name, type] of entries) {
      const uri = vscode.Uri.joinPath(dir, name);
      if (type === vscode.FileType.Directory) {
        if (!ALWAYS_SKIPPED_DIRS.has(name) && !gitignored(here, uri.path, true) && !excluded(uri)) subfolders.push(uri);
      } else if (type & vscode.FileType.File && languageForPath(name) && !gitignored(here, uri.path, false) && !excluded(uri)) {
        files.push(uri);
      }
    }
    await Promise.all(subfolders.map((subfolder) => walk(subfolder, here)));
  };
  await walk(folder, []);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** `files.exclude` and `vigil.exclude` of a workspace folder, as the desktop scan reads them. */
function exclusionSettings(folder: vscode.Uri): [Record<string, ExcludeValue>, string[]] {
  const filesExclude = vscode.workspace.getConfiguration('files', folder).get<unknown>('exclude');
  const vigilExclude = vscode.workspace.getConfiguration('vigil', folder).get<unknown>('exclude');
  return [
    filesExclude && typeof filesExclude === 'object' && !Array.isArray(filesExclude) ? (filesExclude as Record<string, ExcludeValue>) : {},
    Array.isArray(vigilExclude) ? vigilExclude.filter((pattern): pattern is string => typeof pattern === 'string') : [],
  ];
}

async function readGitignore(dir: vscode.Uri): Promise<IgnoreLayer | undefined> {
  try {
    return gitignoreLayer(dir.path, new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, '.gitignore'))));
  } catch {
    return undefined;
  }
}
