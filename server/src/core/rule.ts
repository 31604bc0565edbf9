/**
 * What a rule is: metadata, the node types it is called for, a pure `check` returning what it
 * found (with a small state), and an optional `fix` that turns that state into edits.
 *
 * The contract that makes incremental analysis sound: `check(node)` may read `node`'s subtree,
 * its ancestors up to the enclosing statement, and the file-level facts (`ctx.facts`: imports
 * and bindings). It must not read sibling statements. A fix may read and edit anything.
 */
import type { Node } from './parser';
import type { Range } from './ranges';
import type { AnalyzerHost } from './host';
import type { Language, LanguageFamily } from './languages';
import type { AnalysisOptions } from './options';
import type { Confidence, Fix, RuleMeta, Severity } from './types';
import type { FileFacts } from './facts';

export interface RuleContext {
  readonly text: string;
  readonly language: Language;
  readonly options: AnalysisOptions;
  readonly facts: FileFacts;
  readonly host: AnalyzerHost;
}

export interface Report<State = unknown> {
  /** The narrowest node that shows the problem; it is what gets underlined. */
  node: Node;
  /**
   * The part of `node` to underline instead, when no node is that narrow (the control
   * characters inside a string). Document offsets.
   */
  range?: Range;
  message: string;
  state?: State;
  /** Overrides of the rule's default severity/confidence for this one finding. */
  severity?: Severity;
  confidence?: Confidence;
}

/** What a report underlines: its `range`, else its node. */
export function reportedRange(report: Report): Range {
  return report.range ?? { start: report.node.startIndex, end: report.node.endIndex };
}

export interface FixContext extends RuleContext {
  /** The root of the current tree, for edits outside the reported node (imports). */
  readonly root: Node;
}

export interface Rule<State = unknown> {
  readonly meta: RuleMeta;
  /** `any` for rules the analyser reports itself, for every language. */
  readonly family: LanguageFamily | 'any';
  /** Tree-sitter node types `check` is called for. */
  readonly nodeTypes: readonly string[];
  /**
   * Words at least one of which must occur in a file's text for the rule to possibly fire.
   * A file that contains none of any enabled rule's words is not parsed at all by scans.
   */
  readonly triggers?: readonly string[];
  /**
   * Qualified callees whose results the rule follows through variables, e.g. `requests.Session`
   * so that `s = requests.Session(); s.get(u)` resolves to `requests.Session().get`. Only these
   * assignments become file facts: an edit to any other assignment stays local.
   */
  readonly trackedFactories?: readonly string[];
  /** The rule's documentation in Markdown: what / why / example / use instead / fix safety / references. */
  readonly docs: string;
  check(node: Node, ctx: RuleContext): Report<State> | Report<State>[] | undefined;
  fix?(report: Report<State>, ctx: FixContext): Fix[];
}

/**
 * Keeps each rule file's `State` type checked, and gives every rule the same shape: the
 * analyser reads the same fields of every rule in its hottest loop, and rule objects that
 * differ in which optional fields they have would each get a hidden class of their own, which
 * made V8 throw away and re-optimise that loop each time a new one came by.
 */
export function defineRule<State>(rule: Rule<State>): Rule<State> {
  const { meta } = rule;
  return {
    meta: { id: meta.id, name: meta.name, title: meta.title, severity: meta.severity, confidence: meta.confidence, cwe: meta.cwe },
    family: rule.family,
    nodeTypes: rule.nodeTypes,
    triggers: rule.triggers,
    trackedFactories: rule.trackedFactories,
    docs: rule.docs,
    check: rule.check,
    fix: rule.fix,
  };
}
