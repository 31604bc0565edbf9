/**
 * `--fix` / `--unsafe-fixes`: apply each reported finding's preferred (first) fix when its
 * applicability allows (`safe`; with `--unsafe-fixes` also `unsafe`; `display-only` never), one
 * at a time with a re-analysis in between (DocumentAnalysis.fixes), until nothing fixable is
 * left, as core/fixes.ts does for the editor's fix-all.
 *
 * A file is written only when it is safe to: it parsed without errors before, it still parses
 * after, its text encodes back to exactly the bytes that were read (so its encoding, byte-order
 * mark and every byte outside the edits survive), and it did not change while being fixed.
 * Line endings follow the file: in a file with only CRLF endings, a fix's inserted newlines are
 * CRLF too. The write is atomic (a temporary file in the same directory, renamed over the file,
 * with the file's permission bits and, where allowed, its owner); a symbolic link is kept and
 * its target written.
 */
import { chmodSync, chownSync, lstatSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Analyzer, AnalysisResult } from '../core/analyzer';
import type { Language } from '../core/languages';
import type { AnalysisOptions } from '../core/options';
import type { Applicability, Finding, Fix } from '../core/types';

/** Far more than any real file needs; stops a fix that fails to remove its finding. */
const MAX_ROUNDS = 1000;

export type FixMode = 'none' | 'safe' | 'unsafe';

export interface AppliedFix {
  rule: string;
  title: string;
  applicability: Applicability;
}

export type FixOutcome =
  | { changed: false; result: AnalysisResult; fixes: [] }
  | { changed: true; text: string; result: AnalysisResult; fixes: AppliedFix[] }
  | { changed: false; result: AnalysisResult; fixes: []; refused: string };

function allowed(mode: FixMode, fix: Fix | undefined): fix is Fix {
  if (!fix || mode === 'none') return false;
  return fix.applicability === 'safe' || (mode === 'unsafe' && fix.applicability === 'unsafe');
}

/**
 * Fix `text` as far as `mode` allows. `include` limits the fixes to reported findings (the
 * severity/confidence filters). The result is the analysis of the text that would be written
 * (the original text when nothing is written).
 */
export function fixText(analyzer: Analyzer, text: string, language: Language, options: Partial<AnalysisOptions>, mode: FixMode, include: (finding: Finding) => boolean): FixOutcome {
  const document = analyzer.open(text, language, options);
  try {
    const original = document.result();
    if (mode === 'none') return { changed: false, result: original, fixes: [] };
    if (original.syntaxErrors.length > 0) {
      return hasFix(document, original.findings, mode, include) ? { changed: false, result: original, fixes: [], refused: 'has syntax errors; not fixed' } : { changed: false, result: original, fixes: [] };
    }
    const applied: AppliedFix[] = [];
    for (let round = 0; round < MAX_ROUNDS; round++) {
      let chosen: { finding: Finding; fix: Fix } | undefined;
      for (const finding of document.result().findings) {
        if (!include(finding)) continue;
        const fix = document.fixes(finding)[0];
        if (allowed(mode, fix)) {
          chosen = { finding, fix };
          break;
        }
      }
      if (!chosen) break;
      // Back to front, so each edit's offsets still hold when it is applied.
      for (const edit of [...chosen.fix.edits].sort((a, b) => b.start - a.start || b.end - a.end)) document.edit(edit.start, edit.end, edit.newText);
      document.reanalyze();
      applied.push({ rule: chosen.finding.ruleId, title: chosen.fix.title, applicability: chosen.fix.applicability });
    }
    if (applied.length === 0) return { changed: false, result: original, fixes: [] };
    const after = document.result();
    if (after.syntaxErrors.length > 0) return { changed: false, result: original, fixes: [], refused: `fixes would introduce syntax errors; left unchanged (${applied.map((fix) => fix.rule).join(', ')})` };
    const fixed = matchLineEndings(text, document.text);
    return { changed: true, text: fixed, result: fixed === document.text ? after : analyzer.analyze(fixed, language, options), fixes: applied };
  } finally {
    document.dispose();
  }
}

function hasFix(document: ReturnType<Analyzer['open']>, findings: readonly Finding[], mode: FixMode, include: (finding: Finding) => boolean): boolean {
  return findings.some((finding) => include(finding) && allowed(mode, document.fixes(finding)[0]));
}

/** In a file whose every line ends with CRLF, newlines a fix inserted become CRLF too. */
export function matchLineEndings(original: string, fixed: string): string {
  if (!original.includes('\r\n') || /(?<!\r)\n/.test(original)) return fixed;
  return fixed.replace(/(?<!\r)\n/g, '\r\n');
}

export interface ReadStamp {
  size: number;
  mtimeMs: number;
}

/**
 * Replace the contents of `path` with `bytes` atomically, keeping its mode (and owner, when the
 * process may set it). Throws with a one-line message when the file changed since `stamp`.
 */
export function writeAtomically(path: string, bytes: Uint8Array, stamp: ReadStamp): void {
  // Write through a symbolic link to its target; renaming over the link would replace it.
  const real = lstatSync(path).isSymbolicLink() ? realpathSync(path) : path;
  const stats = statSync(real);
  if (stats.size !== stamp.size || stats.mtimeMs !== stamp.mtimeMs) throw new Error('changed on disk while being fixed; not written');
  const mode = stats.mode & 0o7777;
  const temporary = join(dirname(real), `.${basename(real)}.vigil-${process.pid}-${Math.random().toString(36).slice(2, 8)}.tmp`);
  try {
    writeFileSync(temporary, bytes, { flag: 'wx', mode: 0o600 });
    chmodSync(temporary, mode);
    if (typeof process.getuid === 'function' && (stats.uid !== process.getuid() || stats.gid !== process.getgid?.())) {
      try {
        chownSync(temporary, stats.uid, stats.gid);
      } catch {
        // Not permitted: the file ends up owned by whoever runs the fix, as with any editor.
      }
    }
    renameSync(temporary, real);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // never created, or already renamed
    }
    throw error;
  }
}
