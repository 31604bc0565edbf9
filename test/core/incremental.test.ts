/**
 * Incremental analysis must be invisible: after any sequence of edits, the findings of the
 * edited DocumentAnalysis equal those of a fresh full analysis of the same text. Random edit
 * sequences (seeded, so a failure reproduces) type, delete and paste code that creates and
 * removes findings, imports, strings and brackets.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Analyzer } from '../../server/src/core/analyzer';
import { LANGUAGES, languageForPath, type Language } from '../../server/src/core/languages';
import type { Finding } from '../../server/src/core/types';
import { testAnalyzer } from '../support/analyzer';
import { fixtureFiles } from '../support/fixtures';

const PYTHON_SNIPPETS = ['requests.get(u)\n', 'import requests as q\n', 'q.post(x)\n', 'import torch\n', 'torch.load(f)\n', '"/tmp/x"', 'open("/tmp/a")\n',
  '(', ')', '"', "'", ':', '\n', '    ', 'def f(a):\n    ', 'try:\n    pass\nexcept:\n    pass\n', '  # nosec B113\n', '  # nosec\n', ', timeout=5', 'x = ', 'with requests.Session() as s:\n    s.get(u)\n'];
const JS_SNIPPETS = ["fetch(url);\n", "import axios from 'axios';\n", "axios.get(u);\n", "const fs = require('fs');\n", "fs.writeFileSync('/tmp/a', d);\n",
  '(', ')', '{', '}', '"', '`', ';', '\n', '  ', 'function f() {\n  ', ' // nosec B113\n', ', { timeout: 5 }', 'const x = '];

/** A small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function summary(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.start}-${f.end} ${f.ruleId} ${f.severity}/${f.confidence} ${f.message}`);
}

/**
 * With a `budget`, each step first runs a budgeted `reanalyze(budget)` (as the language server
 * does per keystroke) and then settles the deferred work, as the server does when idle.
 */
function checkRandomEdits(analyzer: Analyzer, text: string, language: Language, seed: number, steps: number, budget?: number): void {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const snippets = language.family === 'python' ? PYTHON_SNIPPETS : JS_SNIPPETS;
  const document = analyzer.open(text, language);
  try {
    for (let step = 0; step < steps; step++) {
      const edits = 1 + Math.floor(next() * 3);
      for (let i = 0; i < edits; i++) {
        const current = document.text;
        const start = Math.floor(next() * (current.length + 1));
        const kind = next();
        if (kind < 0.45) document.edit(start, start, pick(snippets));
        else if (kind < 0.75) document.edit(start, Math.min(current.length, start + Math.floor(next() * 12)), '');
        else if (kind < 0.9) document.edit(start, Math.min(current.length, start + Math.floor(next() * 30)), pick(snippets));
        else {
          // Type a snippet one character at a time, as in an editor.
          const snippet = pick(snippets);
          for (let c = 0; c < snippet.length; c++) document.edit(start + c, start + c, snippet[c]!);
        }
      }
      if (budget !== undefined) document.reanalyze(budget);
      document.reanalyze();
      assert.equal(document.hasDeferredWork, false);
      const fresh = analyzer.analyze(document.text, language);
      assert.deepEqual(summary(document.result().findings), summary(fresh.findings), `seed ${seed}, step ${step}: incremental findings differ from a fresh analysis of:\n${document.text}`);
    }
  } finally {
    document.dispose();
  }
}

describe('incremental analysis', () => {
  for (const path of fixtureFiles()) {
    const name = path.split('/fixtures/')[1];
    it(`random edits of ${name} give the findings of a fresh parse`, async () => {
      const analyzer = await testAnalyzer();
      const text = readFileSync(path, 'utf8');
      // One seed per fixture keeps the suite quick; the seed differs per fixture, and the empty
      // files below get long sequences.
      checkRandomEdits(analyzer, text, languageForPath(path)!, 7919 + text.length, 20);
    });
  }

  it('budgeted analysis per keystroke, settled later, gives the findings of a fresh parse', async () => {
    const analyzer = await testAnalyzer();
    for (const path of fixtureFiles().filter((_, index) => index % 10 === 0)) {
      checkRandomEdits(analyzer, readFileSync(path, 'utf8'), languageForPath(path)!, 99 + path.length, 20, 80);
    }
  });

  it('a budget caps the work of a keystroke that makes the parser restructure the rest of the file', async () => {
    const analyzer = await testAnalyzer();
    const text = 'import requests\n' + Array.from({ length: 300 }, (_, i) => `def f${i}(u):\n    return requests.get(u, timeout=${i + 1})\n`).join('');
    const document = analyzer.open(text, LANGUAGES.python);
    try {
      // An unclosed bracket near the top: error recovery changes the tree far below it.
      const at = document.text.indexOf('def f1(');
      document.edit(at, at, 'x = (\n');
      document.reanalyze(500);
      assert.ok(document.stats.analysedLength <= 600, `re-ran ${document.stats.analysedLength} characters`);
      const settled = document.hasDeferredWork;
      document.reanalyze();
      assert.equal(document.hasDeferredWork, false);
      assert.deepEqual(document.result().findings.map((f) => f.ruleId), analyzer.analyze(document.text, LANGUAGES.python).findings.map((f) => f.ruleId));
      assert.ok(settled || document.stats.analysedLength === 0, 'work beyond the budget was deferred, not dropped');
    } finally {
      document.dispose();
    }
  });

  it('random edits of an empty Python file and an empty TypeScript file', async () => {
    const analyzer = await testAnalyzer();
    checkRandomEdits(analyzer, '', LANGUAGES.python, 42, 150);
    checkRandomEdits(analyzer, '', LANGUAGES.typescript, 43, 150);
  });

  it('an edit inside one statement of a long file re-runs rules on that statement only', async () => {
    const analyzer = await testAnalyzer();
    const block = 'import requests\n' + Array.from({ length: 2000 }, (_, i) => `def f${i}(u):\n    return requests.get(u, timeout=${i + 1})\n`).join('');
    const document = analyzer.open(block, LANGUAGES.python);
    try {
      const at = document.text.indexOf('timeout=1000');
      document.edit(at, at + 'timeout=1000'.length, 'verify=True');
      document.reanalyze();
      assert.equal(document.stats.full, false);
      assert.ok(document.stats.analysedLength < 200, `re-ran ${document.stats.analysedLength} characters`);
      assert.deepEqual(document.result().findings.map((f) => f.ruleId), ['B113'], 'the edit created exactly one finding');
      // An import change can alter what any name means: the whole file is re-run.
      document.edit(0, 'import requests'.length, 'import requests as requests2');
      document.reanalyze();
      assert.equal(document.stats.full, true);
      assert.deepEqual(document.result().findings, []);
    } finally {
      document.dispose();
    }
  });

  it('a rule whose trigger word the file lacked fires as soon as an edit types it', async () => {
    // The whole-file pass skipped B105 (no "pass" in the file); the statement pass must not.
    const analyzer = await testAnalyzer();
    const document = analyzer.open('import os\n' + 'x = 1\n'.repeat(2000), LANGUAGES.python);
    try {
      assert.deepEqual(document.result().findings, []);
      const at = document.text.indexOf('x = 1');
      document.edit(at, at + 'x = 1'.length, 'password = "hunter2"');
      document.reanalyze();
      assert.equal(document.stats.full, false);
      assert.deepEqual(document.result().findings.map((f) => f.ruleId), ['B105']);
    } finally {
      document.dispose();
    }
  });
});
