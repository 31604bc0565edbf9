/**
 * Writes docs/rules/<ID>.md (and an index) from the `docs` of each rule, the single source of a
 * rule's documentation: the hover, SARIF help and the docs link all show the same text. Also
 * writes the rule names into the suppression-comment grammars (scripts/grammar-names.ts).
 * Usage: `npm run docs`. test/core/docs.test.ts and test/syntaxes fail when the files are stale.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRuleDocs } from '../server/src/core/docs';
import { updateGrammars } from './grammar-names';

const dir = join(__dirname, '..', 'docs', 'rules');
mkdirSync(dir, { recursive: true });
const pages = renderRuleDocs();
for (const name of readdirSync(dir)) if (name.endsWith('.md') && !pages.has(name)) rmSync(join(dir, name));
for (const [name, text] of pages) writeFileSync(join(dir, name), text);
console.log(`wrote ${pages.size} pages to docs/rules/`);
for (const file of updateGrammars()) console.log(`updated the rule names in ${file}`);
