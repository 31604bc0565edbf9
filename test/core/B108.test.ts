/** B108: configurable temp directories, and fixes that add their imports in the right place. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LANGUAGES } from '../../server/src/core/languages';
import type { AnalysisOptions } from '../../server/src/core/options';
import { testAnalyzer } from '../support/analyzer';
import { applyEdits } from '../support/edits';

async function b108(text: string, options: Partial<AnalysisOptions> = {}) {
  const document = (await testAnalyzer()).open(text, LANGUAGES.python, options);
  try {
    return document
      .result()
      .findings.filter((finding) => finding.ruleId === 'B108')
      .map((finding) => ({ reported: text.slice(finding.start, finding.end), fixes: document.fixes(finding) }));
  } finally {
    document.dispose();
  }
}

describe('B108 hardcoded_tmp_directory', () => {
  it('uses the configured temp directories', async () => {
    const text = 'open("/scratch/run.log")\nopen("/tmp/run.log")\n';
    assert.deepEqual((await b108(text)).map((f) => f.reported), ['"/tmp/run.log"']);
    assert.deepEqual((await b108(text, { tmpDirs: ['/scratch/'] })).map((f) => f.reported), ['"/scratch/run.log"']);
  });

  it('adds import os and import tempfile, in that order, to a file without imports', async () => {
    const text = '"""Module docstring."""\nopen("/tmp/run.log", "w")\n';
    const [finding] = await b108(text);
    const fixed = applyEdits(text, finding!.fixes[0]!.edits);
    assert.equal(fixed, '"""Module docstring."""\nimport os\nimport tempfile\nopen(os.path.join(tempfile.gettempdir(), "run.log"), "w")\n');
    assert.deepEqual(await b108(fixed), []);
  });

  it('slots the imports into a sorted import block', async () => {
    const text = 'import json\nimport sys\n\nopen("/tmp/run.log")\n';
    const fixed = applyEdits(text, (await b108(text))[0]!.fixes[0]!.edits);
    assert.equal(fixed, 'import json\nimport os\nimport sys\nimport tempfile\n\nopen(os.path.join(tempfile.gettempdir(), "run.log"))\n');
  });

  it('is an unsafe fix that explains why', async () => {
    const [fix] = (await b108('import os\nos.makedirs("/tmp/x")\n'))[0]!.fixes;
    assert.equal(fix!.applicability, 'unsafe');
    assert.match(fix!.caveat ?? '', /TMPDIR/);
  });

  it('offers mkdtemp() as a second fix only for a directory-named variable', async () => {
    const text = 'import tempfile\nwork_dir = "/tmp/build/work"\n';
    const fixes = (await b108(text))[0]!.fixes;
    assert.deepEqual(fixes.map((fix) => fix.applicability), ['unsafe', 'unsafe']);
    assert.equal(applyEdits(text, fixes[1]!.edits), 'import tempfile\nwork_dir = tempfile.mkdtemp(prefix="work-")\n');
    for (const other of ['import tempfile\nopen("/tmp/work")\n', 'import tempfile\ndef f(work_dir="/tmp/work"):\n    pass\n', 'import tempfile\nlog_file = "/tmp/x.log"\n']) {
      assert.equal((await b108(other))[0]!.fixes.length, 1, other);
    }
  });

  it('reports an implicit concatenation once, without a fix', async () => {
    const found = await b108('open("/tmp/" "run.log")\n');
    assert.deepEqual(found.map((f) => [f.reported, f.fixes.length]), [['"/tmp/" "run.log"', 0]]);
  });
});
