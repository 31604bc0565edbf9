/**
 * The rule names the suppression-comment grammars (syntaxes/) highlight as rule IDs, as Bandit
 * takes test names in a `nosec` list (`# nosec assert_used`). The names live in the grammars as
 * one alternation; `npm run docs` writes it from the rules, and test/syntaxes checks it is current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_IDS_BY_NAME } from '../server/src/core/rules/registry';

export const GRAMMAR_FILES = ['nosec.python.injection.tmLanguage.json', 'nosec.js.injection.tmLanguage.json'].map((name) => join(__dirname, '..', 'syntaxes', name));

/** What a rule ID in a nosec list is, in the grammars: an ID, or a rule's name (longest first). */
export function ruleIdPattern(): string {
  const names = [...RULE_IDS_BY_NAME.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return `(?:[A-Z]{1,3}[0-9]{3}|${names.join('|')})`;
}

/** An earlier version of the pattern, names and all. */
const WRITTEN = /\(\?:\[A-Z\]\{1,3\}\[0-9\]\{3\}\|[A-Za-z0-9_|]+\)/g;

/** Write the current pattern into every grammar; returns the files it changed. */
export function updateGrammars(): string[] {
  const changed: string[] = [];
  for (const file of GRAMMAR_FILES) {
    const before = readFileSync(file, 'utf8');
    const after = before.replace(WRITTEN, ruleIdPattern().replace(/\\/g, '\\\\'));
    if (after !== before) {
      writeFileSync(file, after);
      changed.push(file);
    }
  }
  return changed;
}
