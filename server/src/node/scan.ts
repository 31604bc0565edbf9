/**
 * "Vigil: Scan Workspace": analyse every Python/TS/JS file under the workspace folders and
 * publish diagnostics for the files that are not open (open ones have live diagnostics).
 *
 * Files come from tinyglobby; `.gitignore` files (the folder's and nested ones, deeper ones
 * taking precedence, as in git) filter them with the `ignore` package. `node_modules`, `.git`
 * and dot-folders (`.venv`, `.tox`) are never entered. A file whose text names nothing any
 * enabled rule looks for (`Rule.triggers`) and has no suppression comment is not parsed.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, posix, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ignore, { type Ignore } from 'ignore';
import { glob } from 'tinyglobby';
import type { CancellationToken, Diagnostic, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyzer } from '../core/analyzer';
import { SUPPORTED_EXTENSIONS, languageForPath, type Language } from '../core/languages';
import { rulesFor } from '../core/rules/registry';
import { isShown, toDiagnostic } from './diagnostics';
import type { ScanWorkspaceResult } from './protocol';
import { analysisOptions, type Settings } from './settings';

/** Files larger than this are generated or vendored code, not what a person reviews. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** How often (ms) progress is reported; reporting every file would flood the client. */
const PROGRESS_INTERVAL = 100;

const NEVER_ENTER = ['**/node_modules/**', '**/.git/**'];

export interface ScanContext {
  analyzer: Analyzer;
  settingsFor(uri: string): Promise<Settings>;
  isOpen(uri: string): boolean;
  publish(uri: string, diagnostics: Diagnostic[]): void;
  log(message: string): void;
}

/** Every analysable file under `root` (absolute paths, sorted), minus what .gitignore files exclude. */
export async function listSourceFiles(root: string): Promise<string[]> {
  const [files, gitignores] = await Promise.all([
    glob(SUPPORTED_EXTENSIONS.map((extension) => `**/*${extension}`), { cwd: root, ignore: NEVER_ENTER, dot: false, followSymbolicLinks: false, expandDirectories: false }),
    glob(['**/.gitignore'], { cwd: root, ignore: [...NEVER_ENTER, '**/.*/**'], dot: true, followSymbolicLinks: false, expandDirectories: false }),
  ]);
  const rules = await loadGitignores(root, gitignores);
  return files
    .map(toPosix)
    .filter((file) => !isIgnored(file, rules))
    .sort()
    .map((file) => join(root, file));
}

interface GitignoreRules {
  /** Folder of the .gitignore, relative to the root, posix, '' for the root. */
  dir: string;
  rules: Ignore;
}

async function loadGitignores(root: string, paths: string[]): Promise<GitignoreRules[]> {
  const loaded = await Promise.all(
    paths.map(async (path) => {
      const file = toPosix(path);
      const dir = posix.dirname(file);
      try {
        return { dir: dir === '.' ? '' : dir, rules: ignore().add(await readFile(join(root, file), 'utf8')) };
      } catch {
        return undefined;
      }
    }),
  );
  // Shallow first: a deeper .gitignore overrides its parents, like git.
  return loaded.filter((rules) => rules !== undefined).sort((a, b) => depth(a.dir) - depth(b.dir));
}

function isIgnored(file: string, gitignores: GitignoreRules[]): boolean {
  let ignored = false;
  for (const { dir, rules } of gitignores) {
    if (dir && !file.startsWith(`${dir}/`)) continue;
    const verdict = rules.test(dir ? file.slice(dir.length + 1) : file);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

function depth(dir: string): number {
  return dir === '' ? 0 : dir.split('/').length;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** Whether a file can hold a finding at all under these settings (else it need not be parsed). */
export function mayHaveFindings(text: string, language: Language, settings: Settings): boolean {
  if (/\bnosec\b|\bnoqa\b/.test(text)) return true;
  const rules = rulesFor(language.family, settings.rules).filter((rule) => rule.family !== 'any');
  return rules.some((rule) => !rule.triggers || rule.triggers.some((word) => text.includes(word)));
}

export async function scanWorkspace(folderUris: readonly string[], context: ScanContext, progress: WorkDoneProgressReporter, token: CancellationToken): Promise<ScanWorkspaceResult> {
  const result: ScanWorkspaceResult = { files: 0, total: 0, findings: 0, filesWithFindings: 0, cancelled: false };
  progress.begin('Vigil: scanning workspace', 0, 'listing files', true);
  try {
    const folders: { uri: string; settings: Settings; files: string[] }[] = [];
    for (const uri of folderUris) {
      if (!uri.startsWith('file:')) continue;
      const settings = await context.settingsFor(uri);
      if (!settings.enable) continue;
      folders.push({ uri, settings, files: await listSourceFiles(fileURLToPath(uri)) });
    }
    result.total = folders.reduce((sum, folder) => sum + folder.files.length, 0);
    let lastReport = 0;
    for (const folder of folders) {
      for (const path of folder.files) {
        if (token.isCancellationRequested) {
          result.cancelled = true;
          return result;
        }
        const count = await scanFile(path, folder.settings, context);
        result.files++;
        result.findings += count;
        if (count > 0) result.filesWithFindings++;
        if (Date.now() - lastReport >= PROGRESS_INTERVAL || result.files === result.total) {
          lastReport = Date.now();
          progress.report(Math.floor((result.files / result.total) * 100), `${result.files}/${result.total} files`);
        }
        // Let queued messages (edits, cancellation) in between files.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    return result;
  } finally {
    progress.done();
  }
}

/** Analyse one file and publish its diagnostics unless it is open; returns the number of findings shown. */
async function scanFile(path: string, settings: Settings, context: ScanContext): Promise<number> {
  const language = languageForPath(path);
  const uri = pathToFileURL(path).href;
  if (!language) return 0;
  try {
    if ((await stat(path)).size > MAX_FILE_BYTES) {
      context.log(`scan: skipped ${path}: larger than ${MAX_FILE_BYTES} bytes`);
      return 0;
    }
    const text = await readFile(path, 'utf8');
    const findings = mayHaveFindings(text, language, settings)
      ? context.analyzer.analyze(text, language, analysisOptions(settings, path)).findings.filter((finding) => isShown(finding, settings))
      : [];
    if (!context.isOpen(uri)) {
      const document = TextDocument.create(uri, language.grammar, 0, text);
      context.publish(uri, findings.map((finding) => toDiagnostic(finding, document, null)));
    }
    return findings.length;
  } catch (error) {
    context.log(`scan: could not analyse ${path}: ${error instanceof Error ? error.message : String(error)}`);
    return 0;
  }
}
