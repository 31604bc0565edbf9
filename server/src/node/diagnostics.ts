/**
 * Findings (core, string offsets) → LSP Diagnostics (UTF-16 line/character positions). The one
 * place offsets become positions: `TextDocument.positionAt` counts UTF-16 code units, which is
 * what JavaScript string offsets are, so no re-encoding happens anywhere.
 *
 * Severity follows Bandit's: high → Error, medium → Warning, low → Information. Confidence and
 * CWE go in the message (LSP has no field for them) and in `data`.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit as CoreEdit, Finding, Severity } from '../core/types';
import { levelRank } from '../core/types';
import type { TextEdit } from 'vscode-languageserver/node';
import type { Settings } from './settings';

export const SOURCE = 'vigil';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  high: DiagnosticSeverity.Error,
  medium: DiagnosticSeverity.Warning,
  low: DiagnosticSeverity.Information,
};

/** What code actions need to find the finding again (in `Diagnostic.data`). */
export interface DiagnosticData {
  ruleId: string;
  /** Offsets in `version` of the document. */
  start: number;
  end: number;
  version: number | null;
  severity: Severity;
  confidence: Finding['confidence'];
  cwe: number;
  fixable: boolean;
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  const data = value as Partial<DiagnosticData> | undefined;
  return typeof data?.ruleId === 'string' && typeof data.start === 'number' && typeof data.end === 'number';
}

/** Whether the settings' severity and confidence thresholds let a finding through. */
export function isShown(finding: Finding, settings: Settings): boolean {
  return levelRank(finding.severity) >= levelRank(settings.severity) && levelRank(finding.confidence) >= levelRank(settings.confidence);
}

export function toDiagnostic(finding: Finding, document: TextDocument, version: number | null): Diagnostic {
  const details = [`severity ${finding.severity}`, `confidence ${finding.confidence}`, ...(finding.cwe ? [`CWE-${finding.cwe}`] : [])];
  const data: DiagnosticData = {
    ruleId: finding.ruleId,
    start: finding.start,
    end: finding.end,
    version,
    severity: finding.severity,
    confidence: finding.confidence,
    cwe: finding.cwe,
    fixable: finding.fixable,
  };
  return {
    range: { start: document.positionAt(finding.start), end: document.positionAt(finding.end) },
    severity: SEVERITY[finding.severity],
    source: SOURCE,
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    message: `${finding.message} [${details.join(', ')}]`,
    // A suppression that suppresses nothing is dead text: editors fade it.
    ...(finding.ruleId === 'VG002' ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    data,
  };
}

export function toTextEdit(edit: CoreEdit, document: TextDocument): TextEdit {
  return { range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) }, newText: edit.newText };
}

let root: string | undefined;

/**
 * The installed extension's (or npm package's) root: the nearest folder above this module with
 * a package.json. `dist/server.js` → the package root; the sources → the repository root.
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  root = dir;
  return root;
}

/** The rule's documentation page shipped with the package (docs/rules/<ID>.md). */
export function ruleDocsUrl(ruleId: string): string {
  return pathToFileURL(join(packageRoot(), 'docs', 'rules', `${ruleId}.md`)).href;
}
