/**
 * The vocabulary shared by every layer. The core speaks in `Finding`s with string offsets
 * (UTF-16 code units, i.e. JavaScript string indices); the language server turns them into
 * LSP `Diagnostic`s and the CLI into report rows. Nothing here knows about editors or files.
 */

export type Severity = 'low' | 'medium' | 'high';
export type Confidence = 'low' | 'medium' | 'high';

export const LEVELS: readonly Severity[] = ['low', 'medium', 'high'];

/** Numeric rank of a severity or confidence, for threshold comparisons. */
export function levelRank(level: Severity | Confidence): number {
  return LEVELS.indexOf(level);
}

/** A replacement of `text.slice(start, end)` by `newText`. Offsets are string indices. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * How freely a fix may be applied (after Ruff). `safe` fixes keep the program's meaning and may
 * be applied in bulk (`--fix`, fix-all); `unsafe` ones may change behaviour and are applied one
 * at a time by a person; `display-only` edits need the user's attention (e.g. a placeholder).
 */
export type Applicability = 'safe' | 'unsafe' | 'display-only';

export interface Fix {
  title: string;
  applicability: Applicability;
  edits: TextEdit[];
  /** Why a non-safe fix is not safe; shown to the user. */
  caveat?: string;
}

export interface Finding {
  ruleId: string;
  name: string;
  message: string;
  severity: Severity;
  confidence: Confidence;
  cwe: number;
  /** The narrowest range that shows the problem (a keyword, a string, a call's callee). */
  start: number;
  end: number;
  /** The node the rule was triggered on; used to recompute fixes lazily. */
  anchor: NodeRef;
  /** Start offset of the statement holding the finding: its first line carries a `nosec`. */
  statementStart: number;
  /** Whether the rule can offer a code-changing fix for this finding. */
  fixable: boolean;
  /** Set when a `nosec` comment covers this finding (the finding is then not reported). */
  suppressedBy?: Suppression;
}

export interface NodeRef {
  start: number;
  end: number;
  type: string;
}

/** A parsed `# nosec` / `// nosec` comment. */
export interface Suppression {
  /** Offsets of the whole comment text. */
  start: number;
  end: number;
  line: number;
  /** Offset of the line start the comment applies from. */
  lineStart: number;
  /** Rule IDs named after `nosec`; empty means "every rule on this line". */
  ruleIds: string[];
  justification: string | undefined;
  /** `noqa: S108`-style suppressions carry their original form for reports. */
  syntax: 'nosec' | 'noqa';
}

export interface RuleMeta {
  id: string;
  /** Bandit's plugin name where Bandit has the check (`huggingface_unsafe_download`). */
  name: string;
  /** One-line title for menus and reports. */
  title: string;
  severity: Severity;
  confidence: Confidence;
  cwe: number;
}
