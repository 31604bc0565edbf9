/**
 * The analysis core's entry points.
 *
 * `Analyzer.analyze(text, language, options)` parses, runs every enabled rule once and frees
 * the tree: what the CLI and workspace scans use.
 *
 * `Analyzer.open(...)` returns a `DocumentAnalysis` that keeps its tree for an open editor
 * document. Each edit is applied to the tree (`tree.edit`) and to the cached findings; the next
 * `reanalyze()` reparses with the old tree and re-runs rules only on the statements the edits
 * and the changed syntax ranges touch, keeping every other finding. If an edit changes what a
 * name resolves to (an import, a binding), every finding may change and the whole file is
 * re-run. See rule.ts for the contract rules keep so that this is sound.
 */
import type { FamilySupport } from './facts';
import { FileFacts, type Fact } from './facts';
import type { AnalyzerHost } from './host';
import type { GrammarName, Language } from './languages';
import { resolveOptions, type AnalysisOptions } from './options';
import { ParserPool, type Node, type Query, type Tree } from './parser';
import { pythonSupport } from './python/support';
import { javascriptSupport } from './javascript/support';
import { mapOffset, mergeRanges, touches, type Range } from './ranges';
import { reportedRange, type FixContext, type Report, type Rule, type RuleContext } from './rule';
import { ALL_RULES, RULE_IDS_BY_NAME, rulesFor } from './rules/registry';
import { findSuppressions, suppresses } from './suppression';
import { WordFinder } from './triggers';
import { hygieneFixes, isHygieneFinding, suppressionHygiene } from './hygiene';
import { unusedNosec } from './rules/hygiene/VG002-unused-nosec';
import type { Finding, Fix, Suppression } from './types';

const SUPPORT: Record<Language['family'], FamilySupport> = {
  python: pythonSupport,
  javascript: javascriptSupport,
};

/**
 * Characters of code one keystroke may re-analyse in an editor (`reanalyze(KEYSTROKE_BUDGET)`);
 * the rest is settled in chunks of the same size while the editor is idle.
 */
export const KEYSTROKE_BUDGET = 4_000;

/** Above this share of the document being dirty, a full pass is cheaper than bookkeeping. */
const FULL_PASS_SHARE = 0.3;

export interface AnalysisResult {
  /** Findings to report, including suppression-hygiene findings; sorted by offset. */
  findings: Finding[];
  /** Findings a `nosec` comment covers (for reports of documented false positives). */
  suppressed: Finding[];
  suppressions: Suppression[];
  /** Ranges tree-sitter could not parse; findings inside them may be missing. */
  syntaxErrors: Range[];
}

export interface AnalysisStats {
  /** Whether the last analysis re-ran the whole file. */
  full: boolean;
  /** Characters of the document the rules were re-run on. */
  analysedLength: number;
}

/** The capture name of the facts queries (FamilySupport.factQuery). */
const FACT_CAPTURE = 'fact';

/** Rules by the node type they check, and a query capturing each such node under its type's name. */
interface RuleSet {
  query: Query;
  rules: Map<string, Rule[]>;
}

/** The rules enabled for a family, and what is needed to pick those a text can trigger. */
class EnabledRules {
  readonly querySource: string;
  private readonly finder: WordFinder;
  /** Trigger word → positions in `rules` of the rules it triggers. */
  private readonly byWord = new Map<string, number[]>();
  /** Positions of the rules without trigger words: they always run. */
  private readonly untriggered: number[] = [];
  /** The last text asked about, and its answer: a scan asks `mayHaveFindings`, then analyses. */
  private last: { text: string; rules: Rule[] } | undefined;
  /** Whether VG002 is enabled: a `nosec` that suppresses nothing is then a finding. */
  readonly reportsUnusedNosec: boolean;

  constructor(
    readonly rules: readonly Rule[],
    factQuery: string,
  ) {
    rules.forEach((rule, position) => {
      if (!rule.triggers || rule.triggers.length === 0) this.untriggered.push(position);
      for (const word of rule.triggers ?? []) this.byWord.set(word, [...(this.byWord.get(word) ?? []), position]);
    });
    this.finder = new WordFinder([...this.byWord.keys()]);
    this.reportsUnusedNosec = rules.some((rule) => rule.meta.id === unusedNosec.meta.id);
    const types = [...new Set(rules.flatMap((rule) => rule.nodeTypes))].sort();
    this.querySource = `${factQuery}\n${types.map((type) => `(${type}) @${type}`).join(' ')}`;
  }

  /** The rules that can fire in `text`, in their usual order. */
  triggeredBy(text: string): Rule[] {
    if (this.last?.text === text) return this.last.rules;
    const active = new Array<boolean>(this.rules.length).fill(false);
    for (const position of this.untriggered) active[position] = true;
    for (const word of this.finder.find(text)) for (const position of this.byWord.get(word)!) active[position] = true;
    const rules = this.rules.filter((_, position) => active[position]);
    this.last = { text, rules };
    return rules;
  }
}

export class Analyzer {
  /** Enabled rules by family and select/ignore lists, with a finder for their trigger words. */
  private readonly enabledRules = new Map<string, EnabledRules>();
  /** By grammar and the IDs of the rules in the set; null when none of them checks a node. */
  private readonly ruleSets = new Map<string, RuleSet | null>();

  private constructor(
    readonly host: AnalyzerHost,
    private readonly parsers: ParserPool,
  ) {}

  static async create(host: AnalyzerHost, grammars?: readonly GrammarName[]): Promise<Analyzer> {
    return new Analyzer(host, await ParserPool.create(host, grammars));
  }

  /** Parse and analyse a whole document once; the tree is freed before returning. */
  analyze(text: string, language: Language, options: Partial<AnalysisOptions> = {}): AnalysisResult {
    const document = this.open(text, language, options);
    try {
      return document.result();
    } finally {
      document.dispose();
    }
  }

  /** Analyse and keep the tree, for a document that will be edited. Call `dispose()` when done. */
  open(text: string, language: Language, options: Partial<AnalysisOptions> = {}): DocumentAnalysis {
    return new DocumentAnalysis(this, text, language, resolveOptions(options));
  }

  /** @internal */
  parse(language: Language, text: string, oldTree?: Tree): Tree {
    return this.parsers.parse(language.grammar, text, oldTree);
  }

  /**
   * Whether `text` can hold a finding under `options`, judged from its words alone: an enabled
   * rule that checks syntax has a trigger word in it (see `Rule.triggers`), or it has a `nosec`,
   * which VG002 reports when it suppresses nothing. A scan need not parse a file for which this
   * is false.
   */
  mayHaveFindings(text: string, language: Language, options: Partial<AnalysisOptions> = {}): boolean {
    const enabled = this.enabledRulesFor(language, resolveOptions(options));
    return enabled.triggeredBy(text).some((rule) => rule.nodeTypes.length > 0) || (enabled.reportsUnusedNosec && text.includes('nosec'));
  }

  private enabledRulesFor(language: Language, options: AnalysisOptions): EnabledRules {
    const key = `${language.family}|${options.select.join(',')}|${options.ignore.join(',')}`;
    let enabled = this.enabledRules.get(key);
    if (!enabled) {
      enabled = new EnabledRules(rulesFor(language.family, options), SUPPORT[language.family].factQuery);
      this.enabledRules.set(key, enabled);
    }
    return enabled;
  }

  /**
   * @internal The rules enabled by `options`, and one query matching all their node types (each
   * capture is named after its node type) and the family's facts (captured as `FACT_CAPTURE`).
   * With `text`, only the rules that can fire in it: those whose trigger words it contains (see
   * `Rule.triggers`) and those without trigger words.
   */
  ruleSet(language: Language, options: AnalysisOptions, text?: string): RuleSet | undefined {
    const enabled = this.enabledRulesFor(language, options);
    const rules = text === undefined ? enabled.rules : enabled.triggeredBy(text);
    const key = `${language.grammar}|${rules.map((rule) => rule.meta.id).join(',')}`;
    let set = this.ruleSets.get(key);
    if (set === undefined) {
      const byType = new Map<string, Rule[]>();
      for (const rule of rules) {
        for (const type of rule.nodeTypes) byType.set(type, [...(byType.get(type) ?? []), rule]);
      }
      // One query for all enabled rules, whichever of them can fire: compiling a query per set
      // of node types costs more than capturing the nodes no rule wants.
      set = byType.size === 0 ? null : { query: this.parsers.query(language.grammar, enabled.querySource), rules: byType };
      this.ruleSets.set(key, set);
    }
    return set ?? undefined;
  }

  /** @internal */
  query(language: Language, source: string): Query {
    return this.parsers.query(language.grammar, source);
  }
}

export class DocumentAnalysis {
  private tree: Tree | undefined;
  private facts: Fact[] = [];
  private fileFacts: FileFacts = new FileFacts([]);
  /** Signature of the facts the current findings were computed with. */
  private factsSignature = '';
  private rawFindings: Finding[] = [];
  /** Ranges (current coordinates) edited since the last analysis. */
  private edited: Range[] = [];
  /** Changed regions a budgeted analysis left for later (current coordinates). */
  private deferred: Range[] = [];
  private options: AnalysisOptions;
  private cachedResult: AnalysisResult | undefined;
  readonly stats: AnalysisStats = { full: true, analysedLength: 0 };

  /** @internal use Analyzer.open */
  constructor(
    private readonly analyzer: Analyzer,
    private currentText: string,
    readonly language: Language,
    options: AnalysisOptions,
  ) {
    this.options = options;
    this.reanalyze();
  }

  get text(): string {
    return this.currentText;
  }

  /** Change the options (settings changed): the next `reanalyze()` runs the whole file. */
  setOptions(options: Partial<AnalysisOptions>): void {
    this.options = resolveOptions(options);
    this.rawFindings = [];
    this.edited = [{ start: 0, end: this.currentText.length }];
    this.deferred = [];
  }

  /**
   * Replace `[start, oldEnd)` of the current text by `newText`. Call once per change, in order;
   * then `reanalyze()` once for the batch.
   */
  edit(start: number, oldEnd: number, newText: string): void {
    const oldText = this.currentText;
    if (start < 0 || oldEnd < start || oldEnd > oldText.length) throw new RangeError(`edit [${start}, ${oldEnd}) outside a document of ${oldText.length} characters`);
    const newEnd = start + newText.length;
    this.currentText = oldText.slice(0, start) + newText + oldText.slice(oldEnd);
    this.cachedResult = undefined;
    if (this.tree) {
      const startPosition = pointAt(oldText, start);
      this.tree.edit({
        startIndex: start,
        oldEndIndex: oldEnd,
        newEndIndex: newEnd,
        startPosition,
        oldEndPosition: pointAt(oldText, oldEnd, startPosition, start),
        newEndPosition: pointAt(this.currentText, newEnd, startPosition, start),
      });
    }
    const edited: Range = { start, end: oldEnd };
    const shift = (range: Range): Range => ({ start: mapOffset(range.start, start, oldEnd, newText.length), end: mapOffset(range.end, start, oldEnd, newText.length) });
    this.rawFindings = this.rawFindings.flatMap((finding) => {
      if (touches(finding.anchor, edited)) return [];
      const moved = shift(finding);
      const anchor = shift(finding.anchor);
      return [{ ...finding, ...moved, anchor: { ...anchor, type: finding.anchor.type }, statementStart: mapOffset(finding.statementStart, start, oldEnd, newText.length) }];
    });
    // Facts an edit touches are dropped here and collected again from the re-run statements.
    this.facts = this.facts.filter((fact) => !touches(fact, edited)).map((fact) => ({ ...fact, ...shift(fact) }));
    this.edited = [...this.edited.map(shift), { start, end: newEnd }];
    this.deferred = this.deferred.map(shift);
  }

  /** Whether a budgeted `reanalyze` left regions to analyse; call `reanalyze()` when idle. */
  get hasDeferredWork(): boolean {
    return this.deferred.length > 0;
  }

  /**
   * Bring the findings up to date with the edits made since the last call.
   *
   * With a `budget` (characters), the work one call may do is capped: the statements holding
   * the edits are always re-run, other changed regions (a half-typed bracket can make the parser
   * restructure far away) only within the budget, nearest first. The rest keep their earlier
   * findings and wait for the next call; `hasDeferredWork` says whether there is any. Without a
   * budget everything is brought up to date.
   */
  reanalyze(budget?: number): void {
    this.cachedResult = undefined;
    const oldTree = this.tree;
    const tree = this.analyzer.parse(this.language, this.currentText, oldTree);
    this.tree = tree;
    const edited = this.edited;
    // Deferred regions were expanded to statements already: expanding them again would undo
    // the slicing of an oversized statement.
    const deferred = this.deferred;
    let dirty = [...edited];
    if (oldTree) {
      dirty = [...dirty, ...oldTree.getChangedRanges(tree).map((range) => ({ start: range.startIndex, end: range.endIndex }))];
      oldTree.delete();
    }
    this.edited = [];
    this.deferred = [];
    const dirtyLength = mergeRanges([...dirty, ...deferred]).reduce((sum, range) => sum + range.end - range.start, 0);
    const full = !oldTree || (budget === undefined && dirtyLength > this.currentText.length * FULL_PASS_SHARE);
    if (full) {
      this.runFull(tree.rootNode);
      return;
    }
    if (dirty.length === 0 && deferred.length === 0) {
      this.stats.full = false;
      this.stats.analysedLength = 0;
      return;
    }
    const support = SUPPORT[this.language.family];
    let regions = mergeRanges([...dirty.map((range) => statementRegion(tree.rootNode, range, support)), ...deferred]);
    if (budget !== undefined) {
      const split = withinBudget(regions, edited, budget);
      regions = split.now;
      this.deferred = split.later;
    }
    // Facts first: if the regions now hold different imports or bindings, run everything again.
    const factNodes = nodesTouching(this.analyzer.query(this.language, support.factQuery), tree.rootNode, regions);
    const keptFacts = this.facts.filter((fact) => !regions.some((region) => touches(fact, region)));
    const regionFacts = this.relevantFacts(factNodes.flatMap(({ node }) => support.factsOf(node)));
    const newFacts = [...keptFacts, ...regionFacts];
    if (FileFacts.signature(newFacts) !== this.factsSignature) {
      // Imports can change what any statement means: re-run everything. A changed binding
      // (`s = requests.Session()`) only matters where its name is used: re-run those statements.
      const changed = this.fileFacts.changedBindings(this.buildFacts(newFacts));
      if (changed === 'imports') {
        this.facts = newFacts;
        this.runFull(tree.rootNode);
        return;
      }
      for (const name of changed) {
        for (const offset of wordOccurrences(this.currentText, name)) {
          regions.push(statementRegion(tree.rootNode, { start: offset, end: offset + name.length }, support));
        }
      }
      regions = mergeRanges(regions);
      if (regions.reduce((sum, region) => sum + region.end - region.start, 0) > this.currentText.length * FULL_PASS_SHARE) {
        this.facts = newFacts;
        this.runFull(tree.rootNode);
        return;
      }
    }
    this.facts = newFacts;
    const kept = this.rawFindings.filter((finding) => !regions.some((region) => touches(finding.anchor, region)));
    const ruleSet = this.analyzer.ruleSet(this.language, this.options);
    const fresh = this.runRules(tree.rootNode, ruleSet, ruleSet ? nodesTouching(ruleSet.query, tree.rootNode, regions) : []);
    this.rawFindings = dedupe([...kept, ...fresh]);
    this.stats.full = false;
    this.stats.analysedLength = regions.reduce((sum, region) => sum + region.end - region.start, 0);
  }

  /** The current findings, with suppressions applied and suppression hygiene reported. */
  result(): AnalysisResult {
    if (this.cachedResult) return this.cachedResult;
    const root = this.tree!.rootNode;
    const support = SUPPORT[this.language.family];
    const suppressions = findSuppressions(this.currentText, this.language.commentPrefix, (offset) => root.descendantForIndex(offset)?.type === support.commentType, RULE_IDS_BY_NAME);
    const byLine = new Map<number, Suppression[]>();
    for (const suppression of suppressions) byLine.set(suppression.lineStart, [...(byLine.get(suppression.lineStart) ?? []), suppression]);
    const findings: Finding[] = [];
    const suppressed: Finding[] = [];
    const used = new Set<Suppression>();
    for (const finding of this.rawFindings) {
      const lines = new Set([lineStartOf(this.currentText, finding.start), lineStartOf(this.currentText, finding.statementStart)]);
      const by = [...lines].flatMap((line) => byLine.get(line) ?? []).find((suppression) => suppresses(suppression, finding.ruleId));
      if (by) {
        used.add(by);
        suppressed.push({ ...finding, suppressedBy: by });
      } else {
        findings.push(finding);
      }
    }
    findings.push(...suppressionHygiene(suppressions, used, this.options));
    findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
    const syntaxErrors = root.hasError ? errorRanges(root) : [];
    this.cachedResult = { findings, suppressed, suppressions, syntaxErrors };
    return this.cachedResult;
  }

  /** The fixes for a finding of the current result, computed from the current tree. */
  fixes(finding: Finding): Fix[] {
    if (!finding.fixable || !this.tree) return [];
    if (isHygieneFinding(finding)) return hygieneFixes(finding, this.currentText);
    const rule = rulesFor(this.language.family, this.options).find((candidate) => candidate.meta.id === finding.ruleId);
    const node = findNode(this.tree.rootNode, finding.anchor);
    if (!rule?.fix || !node) return [];
    const context: FixContext = { ...this.ruleContext(), root: this.tree.rootNode };
    const reported = runCheck(rule, node, context, this.analyzer.host) ?? [];
    const report = (Array.isArray(reported) ? reported : [reported]).find((candidate) => {
      const range = reportedRange(candidate);
      return range.start === finding.start && range.end === finding.end;
    });
    if (!report) return [];
    try {
      return rule.fix(report, context);
    } catch (error) {
      this.analyzer.host.log?.(`rule ${rule.meta.id} failed to build a fix: ${describe(error)}`);
      return [];
    }
  }

  /** Free the tree. The analysis cannot be used afterwards. */
  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
  }

  private runFull(root: Node): void {
    this.deferred = [];
    const support = SUPPORT[this.language.family];
    // Only the rules that can fire in this text; a region pass (below) runs them all, as the
    // edit may just have typed a rule's trigger word.
    const ruleSet = this.analyzer.ruleSet(this.language, this.options, this.currentText);
    // The rule set's query captures the facts too: one walk over the tree instead of two.
    const captures = (ruleSet?.query ?? this.analyzer.query(this.language, support.factQuery)).captures(root);
    this.facts = this.relevantFacts(captures.filter((capture) => capture.name === FACT_CAPTURE).flatMap((capture) => support.factsOf(capture.node)));
    this.rawFindings = this.runRules(root, ruleSet, captures);
    this.stats.full = true;
    this.stats.analysedLength = this.currentText.length;
  }

  /**
   * Drop bindings that cannot be of a tracked factory (judged by the callee's last name, as
   * aliases are not resolved yet), so edits to ordinary assignments never count as fact changes.
   */
  private relevantFacts(facts: Fact[]): Fact[] {
    const lastNames = trackedLastNames(this.language.family);
    return facts.filter((fact) => !fact.key.startsWith('bind:') || lastNames.has(/([\w$]+)\(\)$/.exec(fact.key)?.[1] ?? ''));
  }

  private buildFacts(list: readonly Fact[]): FileFacts {
    return new FileFacts(list, trackedFactories(this.language.family));
  }

  private ruleContext(): RuleContext {
    return { text: this.currentText, language: this.language, options: this.options, facts: this.fileFacts, host: this.analyzer.host };
  }

  /** Run the rule set on the captured nodes (the fact captures among them are skipped). */
  private runRules(root: Node, ruleSet: RuleSet | undefined, captures: readonly Capture[]): Finding[] {
    this.fileFacts = this.buildFacts(this.facts);
    this.factsSignature = FileFacts.signature(this.facts);
    if (!ruleSet) return [];
    const support = SUPPORT[this.language.family];
    const findings: Finding[] = [];
    for (const { rule, capture, reported } of checkCaptures(captures, ruleSet.rules, this.ruleContext(), this.analyzer.host)) {
      const { node, name: type } = capture;
      for (const report of Array.isArray(reported) ? reported : [reported]) {
        const { start, end } = reportedRange(report);
        findings.push({
          ruleId: rule.meta.id,
          name: rule.meta.name,
          message: report.message,
          severity: report.severity ?? rule.meta.severity,
          confidence: report.confidence ?? rule.meta.confidence,
          cwe: rule.meta.cwe,
          start,
          end,
          anchor: { start: node.startIndex, end: node.endIndex, type },
          statementStart: statementOf(root, node, support).start,
          fixable: rule.fix !== undefined,
        });
      }
    }
    return findings;
  }
}

/**
 * The hot loop of an analysis: each rule on each captured node of its type. It only gathers
 * what the rules return; reading those reports (whose shapes differ from rule to rule) happens
 * outside, so that a new shape does not make V8 throw this loop's optimised code away.
 */
function checkCaptures(captures: readonly Capture[], rules: ReadonlyMap<string, Rule[]>, context: RuleContext, host: AnalyzerHost): Checked[] {
  const checked: Checked[] = [];
  for (const capture of captures) {
    const forType = rules.get(capture.name);
    if (forType === undefined) continue;
    for (const rule of forType) {
      const reported = runCheck(rule, capture.node, context, host);
      if (reported !== undefined) checked.push({ rule, capture, reported });
    }
  }
  return checked;
}

interface Capture {
  node: Node;
  name: string;
}

interface Checked {
  rule: Rule;
  capture: Capture;
  reported: Report | Report[];
}

const trackedByFamily = new Map<string, ReadonlySet<string>>();

/** Every factory any rule of the family follows (all rules, so facts never depend on settings). */
function trackedFactories(family: Language['family']): ReadonlySet<string> {
  let tracked = trackedByFamily.get(family);
  if (!tracked) {
    tracked = new Set(ALL_RULES.filter((rule) => rule.family === family).flatMap((rule) => rule.trackedFactories ?? []));
    trackedByFamily.set(family, tracked);
  }
  return tracked;
}

const lastNamesByFamily = new Map<string, ReadonlySet<string>>();

function trackedLastNames(family: Language['family']): ReadonlySet<string> {
  let names = lastNamesByFamily.get(family);
  if (!names) {
    names = new Set([...trackedFactories(family)].map((name) => name.slice(name.lastIndexOf('.') + 1)));
    lastNamesByFamily.set(family, names);
  }
  return names;
}

/** Run one rule on one node; a rule that throws costs that rule's finding, not the document. */
function runCheck(rule: Rule, node: Node, context: RuleContext, host: AnalyzerHost): Report | Report[] | undefined {
  try {
    return rule.check(node, context);
  } catch (error) {
    host.log?.(`rule ${rule.meta.id} failed on ${node.type} at ${node.startIndex}: ${describe(error)}`);
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * Split regions into those to analyse now (every region holding an edit, then the nearest
 * others while the budget lasts) and those to analyse later.
 */
function withinBudget(regions: readonly Range[], edited: readonly Range[], budget: number): { now: Range[]; later: Range[] } {
  const length = (range: Range): number => range.end - range.start;
  const distance = (range: Range): number => Math.min(...edited.map((edit) => Math.max(0, range.start - edit.end, edit.start - range.end)));
  const holdsEdit = (range: Range): boolean => edited.some((edit) => touches(range, edit));
  const now: Range[] = [];
  const later: Range[] = [];
  for (const region of regions.filter(holdsEdit)) {
    if (length(region) <= budget) {
      now.push(region);
      continue;
    }
    // A statement larger than the budget (an unclosed bracket makes the parser fold the lines
    // below into one error node): analyse a window around the edit now, the rest later.
    const edit = edited.find((candidate) => touches(region, candidate))!;
    const start = Math.max(region.start, Math.min(edit.start, edit.end - budget / 2));
    const end = Math.min(region.end, Math.max(edit.end, start + budget));
    now.push({ start, end });
    if (start > region.start) later.push({ start: region.start, end: start });
    if (end < region.end) later.push({ start: end, end: region.end });
  }
  let used = now.reduce((sum, range) => sum + length(range), 0);
  for (const range of regions.filter((range) => !holdsEdit(range)).sort((a, b) => distance(a) - distance(b))) {
    if (used + length(range) <= budget) {
      now.push(range);
      used += length(range);
    } else if (now.length === 0) {
      // Always make progress: take a budget-sized slice of an oversized region.
      now.push({ start: range.start, end: range.start + budget });
      later.push({ start: range.start + budget, end: range.end });
      used = budget;
    } else {
      later.push(range);
    }
  }
  return { now: mergeRanges(now), later };
}

/** Captures of `query` whose nodes touch one of the regions (inclusively), each node once. */
function nodesTouching(query: Query, root: Node, regions: Range[]): Capture[] {
  const seen = new Set<string>();
  const nodes: Capture[] = [];
  for (const region of regions) {
    // The query cursor returns nodes that overlap its range strictly; widening the range by one
    // character each side also returns the nodes that merely touch the region, which the
    // inclusive test needs. web-tree-sitter 0.25 takes these bounds in bytes of its UTF-16
    // input: two per code unit.
    const startIndex = Math.max(0, region.start - 1) * 2;
    const endIndex = (region.end + 1) * 2;
    for (const capture of query.captures(root, { startIndex, endIndex })) {
      const { node } = capture;
      const key = `${node.id}:${capture.name}`;
      if (seen.has(key) || !touches({ start: node.startIndex, end: node.endIndex }, region)) continue;
      seen.add(key);
      nodes.push(capture);
    }
  }
  return nodes;
}

/**
 * The nodes from the root down to the smallest node containing `range`. Walking down is cheap;
 * `node.parent` is not (tree-sitter finds a parent by searching from the root).
 */
function pathTo(root: Node, range: Range): Node[] {
  const path = [root];
  for (let node: Node | null = root; node; ) {
    const child: Node | null = node.firstChildForIndex(range.start);
    if (!child || child.startIndex > range.start || child.endIndex < range.end || (child.startIndex === node.startIndex && child.endIndex === node.endIndex && child.childCount === 0)) break;
    path.push(child);
    node = child;
  }
  return path;
}

/**
 * The region to re-run for an edited range: the whole statement that holds it, or, when the
 * range falls between statements of a block, those statements. A compound statement edited in
 * its header (`def f(…):`) is re-run up to its body only.
 */
function statementRegion(root: Node, range: Range, support: FamilySupport): Range {
  const path = pathTo(root, range);
  let index = path.length - 1;
  while (index > 0 && !support.statementContainers.has(path[index]!.type) && !support.statementContainers.has(path[index - 1]!.type)) index--;
  const node = path[index]!;
  if (support.statementContainers.has(node.type)) {
    let start = range.start;
    let end = range.end;
    for (const child of node.namedChildren) {
      if (child && touches({ start: child.startIndex, end: child.endIndex }, range)) {
        start = Math.min(start, child.startIndex);
        end = Math.max(end, child.endIndex);
      }
    }
    return { start, end };
  }
  const header = node.children.find((child) => child && containsContainer(child, support));
  if (header && range.end < header.startIndex) return { start: node.startIndex, end: header.startIndex };
  return { start: node.startIndex, end: node.endIndex };
}

function containsContainer(node: Node, support: FamilySupport): boolean {
  if (support.statementContainers.has(node.type)) return true;
  return node.namedChildren.some((child) => child && support.statementContainers.has(child.type));
}

/** The statement holding `node`: the deepest node on its path whose parent is a statement container. */
function statementOf(root: Node, node: Node, support: FamilySupport): Range {
  const path = pathTo(root, { start: node.startIndex, end: node.endIndex });
  for (let index = path.length - 1; index > 0; index--) {
    if (support.statementContainers.has(path[index - 1]!.type)) return { start: path[index]!.startIndex, end: path[index]!.endIndex };
  }
  return { start: node.startIndex, end: node.endIndex };
}

function findNode(root: Node, ref: { start: number; end: number; type: string }): Node | undefined {
  for (let node: Node | null = root.descendantForIndex(ref.start, ref.end); node; node = node.parent) {
    if (node.startIndex === ref.start && node.endIndex === ref.end && node.type === ref.type) return node;
    if (node.startIndex < ref.start || node.endIndex > ref.end) break;
  }
  // A node of the same range may sit below the smallest one descendantForIndex returned.
  const stack: Node[] = [root.descendantForIndex(ref.start, ref.end)!];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.startIndex === ref.start && node.endIndex === ref.end && node.type === ref.type) return node;
    for (const child of node.children) if (child && child.startIndex <= ref.start && child.endIndex >= ref.end) stack.push(child);
  }
  return undefined;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.ruleId}:${finding.start}:${finding.end}:${finding.anchor.start}:${finding.anchor.end}:${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function errorRanges(root: Node): Range[] {
  const ranges: Range[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'ERROR' || node.isMissing) {
      ranges.push({ start: node.startIndex, end: node.endIndex });
      return;
    }
    for (const child of node.children) if (child?.hasError || child?.isMissing) visit(child);
  };
  visit(root);
  return ranges;
}

/** Offsets where `word` occurs as a whole identifier. */
function wordOccurrences(text: string, word: string): number[] {
  const offsets: number[] = [];
  const isIdentifierChar = (char: string | undefined): boolean => char !== undefined && /[\w$]/.test(char);
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
    if (!isIdentifierChar(text[at - 1]) && !isIdentifierChar(text[at + word.length])) offsets.push(at);
  }
  return offsets;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Row and column (UTF-16 code units, as web-tree-sitter counts them) of an offset. */
function pointAt(text: string, offset: number, from?: { row: number; column: number }, fromOffset = 0): { row: number; column: number } {
  let row = from ? from.row : 0;
  let lineStart = from ? fromOffset - from.column : 0;
  for (let i = text.indexOf('\n', from ? fromOffset : 0); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
