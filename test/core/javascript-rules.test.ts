/**
 * What the TS/JS rules do beyond their fixtures: B615 pins the commit the host finds in the
 * local Hugging Face cache; the B113 fix writes the configured timeout; B108 follows the
 * configured temp directories; a Python `nosec` ID means the same in TS/JS.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Analyzer } from '../../server/src/core/analyzer';
import { LANGUAGES, type Language } from '../../server/src/core/languages';
import type { AnalysisOptions } from '../../server/src/core/options';
import { REVISION_PLACEHOLDER } from '../../server/src/core/rules/javascript/B615-huggingface-unsafe-download';
import type { Fix } from '../../server/src/core/types';
import { analyzerWithHost, testAnalyzer } from '../support/analyzer';
import { applyEdits } from '../support/edits';

const SHA = '0123456789abcdef0123456789abcdef01234567';

/** Each finding of `ruleId` with its fixes. */
function findings(analyzer: Analyzer, text: string, ruleId: string, language: Language = LANGUAGES.typescript, options: Partial<AnalysisOptions> = {}) {
  const document = analyzer.open(text, language, options);
  try {
    return document
      .result()
      .findings.filter((finding) => finding.ruleId === ruleId)
      .map((finding) => ({ finding, fixes: document.fixes(finding) }));
  } finally {
    document.dispose();
  }
}

function onlyFix(analyzer: Analyzer, text: string, ruleId: string, options: Partial<AnalysisOptions> = {}): Fix {
  const found = findings(analyzer, text, ruleId, LANGUAGES.typescript, options);
  assert.equal(found.length, 1, `one ${ruleId} finding in ${text}`);
  assert.equal(found[0]!.fixes.length, 1, `one fix for ${text}`);
  return found[0]!.fixes[0]!;
}

describe('B615 (TS/JS) with a host that knows the cached revision', () => {
  const lookups: string[] = [];
  const analyzer = analyzerWithHost({
    resolveHuggingFaceRevision(repoId, repoType) {
      lookups.push(`${repoType}:${repoId}`);
      return repoType === 'model' && repoId === 'org/model' ? SHA : undefined;
    },
  });
  const header = "import { AutoModel, pipeline } from '@huggingface/transformers';\n";

  it('pins a missing revision to the cached commit, safely, in the options object or a new one', async () => {
    const added = onlyFix(await analyzer, `${header}await pipeline('fill-mask', 'org/model');\n`, 'B615');
    assert.equal(added.applicability, 'safe');
    assert.equal(applyEdits(`${header}await pipeline('fill-mask', 'org/model');\n`, added.edits), `${header}await pipeline('fill-mask', 'org/model', { revision: '${SHA}' });\n`);
    const text = `${header}await AutoModel.from_pretrained("org/model", { dtype: "q8" });\n`;
    const merged = onlyFix(await analyzer, text, 'B615');
    assert.equal(applyEdits(text, merged.edits), `${header}await AutoModel.from_pretrained("org/model", { dtype: "q8", revision: "${SHA}" });\n`);
    assert.ok(lookups.includes('model:org/model'));
  });

  it("replaces 'main' and null with the cached commit, and expands a matching short sha", async () => {
    for (const revision of ["'main'", 'null', `'${SHA.slice(0, 7)}'`]) {
      const text = `${header}await AutoModel.from_pretrained('org/model', { revision: ${revision} });\n`;
      const fix = onlyFix(await analyzer, text, 'B615');
      assert.equal(applyEdits(text, fix.edits), `${header}await AutoModel.from_pretrained('org/model', { revision: '${SHA}' });\n`);
    }
  });

  it('does not move a tag to the commit of main: a placeholder instead', async () => {
    const text = `${header}await AutoModel.from_pretrained('org/model', { revision: 'v1.0' });\n`;
    const fix = onlyFix(await analyzer, text, 'B615');
    assert.equal(fix.applicability, 'display-only');
    assert.equal(applyEdits(text, fix.edits), `${header}await AutoModel.from_pretrained('org/model', { revision: '${REVISION_PLACEHOLDER}' });\n`);
  });

  it('keeps reporting the placeholder, with no fix, and the same text as the Python rule', async () => {
    const text = `${header}await AutoModel.from_pretrained('other/model', { revision: '${REVISION_PLACEHOLDER}' });\n`;
    const found = findings(await analyzer, text, 'B615');
    assert.equal(found.length, 1);
    assert.deepEqual(found[0]!.fixes, []);
    assert.equal(REVISION_PLACEHOLDER, 'PIN-A-COMMIT-SHA');
  });
});

describe('B113 (TS/JS) fix uses the configured timeout', () => {
  it('writes timeoutSeconds as milliseconds', async () => {
    const analyzer = await testAnalyzer();
    const text = "import axios from 'axios';\nawait fetch(url);\nawait axios.get(url);\n";
    const document = analyzer.open(text, LANGUAGES.typescript, { timeoutSeconds: 5 });
    try {
      const fixes = document.result().findings.map((finding) => document.fixes(finding)[0]!);
      assert.deepEqual(
        fixes.map((fix) => fix.title),
        ['Add signal: AbortSignal.timeout(5000)', 'Add timeout: 5000'],
      );
      assert.ok(fixes.every((fix) => fix.applicability === 'unsafe' && fix.caveat));
    } finally {
      document.dispose();
    }
  });
});

describe('B108 (TS/JS) follows the configured temp directories', () => {
  it('reports a configured directory and not the defaults it replaces', async () => {
    const analyzer = await testAnalyzer();
    const text = "import fs from 'node:fs';\nfs.writeFileSync('/scratch/a.txt', '');\nfs.writeFileSync('/tmp/b.txt', '');\n";
    const found = findings(analyzer, text, 'B108', LANGUAGES.typescript, { tmpDirs: ['/scratch/'] });
    assert.deepEqual(
      found.map(({ finding }) => text.slice(finding.start, finding.end)),
      ["'/scratch/a.txt'"],
    );
    const fixed = applyEdits(text, found[0]!.fixes[0]!.edits);
    assert.equal(fixed, "import fs from 'node:fs';\nimport os from 'node:os';\nimport path from 'node:path';\nfs.writeFileSync(path.join(os.tmpdir(), 'a.txt'), '');\nfs.writeFileSync('/tmp/b.txt', '');\n");
  });

  it('offers a fresh private directory for a directory-named variable', async () => {
    const analyzer = await testAnalyzer();
    const text = "const fs = require('fs');\nconst workDir = '/tmp/work';\n";
    const found = findings(analyzer, text, 'B108', LANGUAGES.javascript, { path: 'tool.js' });
    assert.equal(found.length, 1);
    const fresh = found[0]!.fixes[1]!;
    assert.equal(
      applyEdits(text, fresh.edits),
      "const fs = require('fs');\nconst os = require('os');\nconst path = require('path');\nconst workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'work-'));\n",
    );
  });
});

describe('nosec IDs mean the same in Python and TS/JS', () => {
  it('// nosec B113 suppresses the JS finding that # nosec B113 suppresses in Python', async () => {
    const analyzer = await testAnalyzer();
    const js = analyzer.analyze('await fetch(url); // nosec B113 - streaming\n', LANGUAGES.typescript);
    const py = analyzer.analyze('import requests\nrequests.get(url)  # nosec B113 - streaming\n', LANGUAGES.python);
    assert.deepEqual(js.findings, []);
    assert.deepEqual(py.findings, []);
    assert.deepEqual(js.suppressed.map((finding) => finding.ruleId), ['B113']);
    assert.deepEqual(py.suppressed.map((finding) => finding.ruleId), ['B113']);
  });
});
