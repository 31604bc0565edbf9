// Prints what applying every preferred fix produces for a fixture: review it, then save it as the golden .fixed file.
// Usage: npx tsx scripts/print-fixed.ts test/fixtures/python/B113.py
import { readFileSync } from 'node:fs';
import { languageForPath } from '../server/src/core/languages';
import { testAnalyzer } from '../test/support/analyzer';
import { applyEdits } from '../test/support/edits';
(async () => {
  const path = process.argv[2]!; const analyzer = await testAnalyzer(); let text = readFileSync(path, 'utf8'); const language = languageForPath(path)!;
  for (let i = 0; i < 200; i++) { const d = analyzer.open(text, language, { path }); const fix = d.result().findings.map((f) => d.fixes(f)[0]).find(Boolean); d.dispose(); if (!fix) break; text = applyEdits(text, fix.edits); }
  process.stdout.write(text);
})();
