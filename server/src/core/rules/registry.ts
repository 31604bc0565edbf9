/**
 * The flat, explicit list of every rule (after Ruff's codes.rs): one place to see what exists.
 * Each language's list lives in its folder's index.ts.
 */
import type { LanguageFamily } from '../languages';
import type { AnalysisOptions } from '../options';
import type { Rule } from '../rule';
import { nosecWithoutJustification } from './hygiene/VG001-nosec-without-justification';
import { unusedNosec } from './hygiene/VG002-unused-nosec';
import { JAVASCRIPT_RULES } from './javascript/index';
import { PYTHON_RULES } from './python/index';

export const ALL_RULES: readonly Rule[] = [...PYTHON_RULES, ...JAVASCRIPT_RULES, nosecWithoutJustification, unusedNosec] as Rule[];

/** Rule names (Bandit's test names where Bandit has the check: `assert_used`) → rule IDs. */
export const RULE_IDS_BY_NAME: ReadonlyMap<string, string> = new Map(ALL_RULES.map((rule) => [rule.meta.name, rule.meta.id]));

/** Rules by ID; a Python rule and its TS/JS twin share an ID, so an ID maps to a list. */
export function rulesById(id: string): Rule[] {
  return ALL_RULES.filter((rule) => rule.meta.id === id);
}

/** The rules that run on a language family's documents under `options`. */
export function rulesFor(family: LanguageFamily, options: Pick<AnalysisOptions, 'select' | 'ignore'>): Rule[] {
  return ALL_RULES.filter(
    (rule) =>
      (rule.family === family || rule.family === 'any') &&
      !options.ignore.includes(rule.meta.id) &&
      (options.select.length === 0 || options.select.includes(rule.meta.id)),
  );
}
