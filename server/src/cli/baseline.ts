/**
 * `--baseline FILE`: report only findings an earlier report does not have, so a project can
 * adopt Vigil without fixing everything first and still fail on anything new.
 *
 * Line numbers are never compared: code moves. A SARIF baseline (`--format sarif`) carries each
 * result's fingerprint (rule, the finding's line text with whitespace collapsed, and its
 * occurrence among identical lines of the file), so a finding matches when the same code is
 * still in the same file. A JSON baseline (`--format json`) has no line text, so findings are
 * matched on file, rule and message, as Bandit's baseline does: findings at their old line
 * first, then the rest in order. Either way matching counts: two identical findings where the
 * baseline had one report one as new.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './args';
import type { FileReport, ScannedFinding } from './report';

const FINGERPRINT = 'vigil/v1';

interface JsonEntry {
  file: string;
  rule: string;
  message: string;
  line: number;
}

export type Baseline = { kind: 'sarif'; fingerprints: Map<string, number>; size: number } | { kind: 'json'; entries: Map<string, number[]>; size: number };

/** Read a baseline report; `label` names it in messages (the path as the user gave it). */
export function loadBaseline(path: string, label = path): Baseline {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8').replace(/^\ufeff/, ''));
  } catch (error) {
    throw new UsageError(`cannot read baseline ${label}: ${error instanceof SyntaxError ? 'not JSON' : error instanceof Error ? error.message.replace(/, \w+ '.*'$/, '') : String(error)}`);
  }
  const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
  const root = record(document);
  if (Array.isArray(root.runs)) {
    const fingerprints = new Map<string, number>();
    let size = 0;
    for (const run of root.runs) {
      for (const result of (record(run).results as unknown[] | undefined) ?? []) {
        const entry = record(result);
        if (Array.isArray(entry.suppressions) && entry.suppressions.length > 0) continue;
        const fingerprint = record(entry.partialFingerprints)[FINGERPRINT];
        const uri = record(record(record(record((entry.locations as unknown[] | undefined)?.[0]).physicalLocation).artifactLocation)).uri;
        if (typeof fingerprint !== 'string' || typeof uri !== 'string' || typeof entry.ruleId !== 'string') continue;
        const key = sarifKey(decodeUri(uri), entry.ruleId, fingerprint);
        fingerprints.set(key, (fingerprints.get(key) ?? 0) + 1);
        size++;
      }
    }
    return { kind: 'sarif', fingerprints, size };
  }
  if (Array.isArray(root.findings)) {
    const entries = new Map<string, number[]>();
    let size = 0;
    for (const finding of root.findings as unknown[]) {
      const entry = record(finding) as Partial<JsonEntry>;
      if (typeof entry.file !== 'string' || typeof entry.rule !== 'string' || typeof entry.message !== 'string' || typeof entry.line !== 'number') continue;
      const key = jsonKey(entry.file, entry.rule, entry.message);
      entries.set(key, [...(entries.get(key) ?? []), entry.line]);
      size++;
    }
    return { kind: 'json', entries, size };
  }
  throw new UsageError(`cannot read baseline ${label}: not a vigil JSON or SARIF report`);
}

/** `reports` with the findings the baseline has removed; returns how many were removed. */
export function applyBaseline(baseline: Baseline, reports: FileReport[]): number {
  let known = 0;
  if (baseline.kind === 'sarif') {
    const remaining = new Map(baseline.fingerprints);
    for (const report of reports) {
      report.findings = report.findings.filter((row) => {
        const key = sarifKey(row.file, row.rule, row.fingerprint);
        const count = remaining.get(key) ?? 0;
        if (count === 0) return true;
        remaining.set(key, count - 1);
        known++;
        return false;
      });
    }
    return known;
  }
  for (const report of reports) {
    const groups = new Map<string, ScannedFinding[]>();
    for (const row of report.findings) {
      const key = jsonKey(row.file, row.rule, row.message);
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const old = new Set<ScannedFinding>();
    for (const [key, rows] of groups) {
      const lines = [...(baseline.entries.get(key) ?? [])].sort((a, b) => a - b);
      if (lines.length === 0) continue;
      // Unmoved findings first, then the rest in order of appearance.
      const rest = rows.filter((row) => {
        const at = lines.indexOf(row.line);
        if (at < 0) return true;
        lines.splice(at, 1);
        old.add(row);
        return false;
      });
      for (const row of rest.sort((a, b) => a.line - b.line || a.column - b.column).slice(0, lines.length)) old.add(row);
    }
    known += old.size;
    report.findings = report.findings.filter((row) => !old.has(row));
  }
  return known;
}

function sarifKey(file: string, rule: string, fingerprint: string): string {
  return `${file}\u0000${rule}\u0000${fingerprint}`;
}

function jsonKey(file: string, rule: string, message: string): string {
  return `${file}\u0000${rule}\u0000${message}`;
}

function decodeUri(uri: string): string {
  try {
    return uri.split('/').map(decodeURIComponent).join('/');
  } catch {
    return uri;
  }
}
