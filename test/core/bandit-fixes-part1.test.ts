/**
 * Fixes of part 1 that the golden `.fixed.py` files do not reach: the golden files apply only
 * each finding's first fix, so the alternatives (B324's "Use SHA-256") and each fix's
 * applicability are pinned here.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LANGUAGES } from '../../server/src/core/languages';
import type { Fix } from '../../server/src/core/types';
import { testAnalyzer } from '../support/analyzer';
import { applyEdits } from '../support/edits';

/** The fixes offered for the one finding of `ruleId` in `code`. */
async function fixesFor(code: string, ruleId: string): Promise<Fix[]> {
  const analyzer = await testAnalyzer();
  const document = analyzer.open(code, LANGUAGES.python, { path: 'example.py' });
  try {
    const findings = document.result().findings.filter((finding) => finding.ruleId === ruleId);
    assert.equal(findings.length, 1, `one ${ruleId} finding in:\n${code}`);
    return document.fixes(findings[0]!);
  } finally {
    document.dispose();
  }
}

async function applied(code: string, ruleId: string, title: string): Promise<string> {
  const fix = (await fixesFor(code, ruleId)).find((candidate) => candidate.title === title);
  assert.ok(fix, `a fix titled "${title}"`);
  return applyEdits(code, fix.edits);
}

describe('part 1 fixes beyond the preferred one', () => {
  it('B324 offers usedforsecurity=False first, then SHA-256, both unsafe', async () => {
    const fixes = await fixesFor('import hashlib\nhashlib.md5(data)\n', 'B324');
    assert.deepEqual(
      fixes.map((fix) => `${fix.title} (${fix.applicability})`),
      ['Mark as not used for security (usedforsecurity=False) (unsafe)', 'Use SHA-256 (unsafe)'],
    );
    assert.ok(fixes.every((fix) => fix.caveat));
  });

  it('B324 "Use SHA-256" keeps an alias, imports hashlib for a from-import, and rewrites hashlib.new', async () => {
    assert.equal(await applied('import hashlib as h\nh.sha1(data)\n', 'B324', 'Use SHA-256'), 'import hashlib as h\nh.sha256(data)\n');
    assert.equal(await applied('from hashlib import md5\nmd5(data)\n', 'B324', 'Use SHA-256'), 'from hashlib import md5\nimport hashlib\nhashlib.sha256(data)\n');
    assert.equal(await applied('import hashlib\nhashlib.new("MD5", data)\n', 'B324', 'Use SHA-256'), 'import hashlib\nhashlib.new("sha256", data)\n');
  });

  it('B324 turns usedforsecurity=True into False rather than adding a second keyword', async () => {
    const code = 'import hashlib\nhashlib.md5(data, usedforsecurity=True)\n';
    assert.equal(await applied(code, 'B324', 'Mark as not used for security (usedforsecurity=False)'), 'import hashlib\nhashlib.md5(data, usedforsecurity=False)\n');
  });

  it('B506 is safe without a Loader, unsafe with one of PyYAML\'s loaders, absent with a custom one', async () => {
    assert.deepEqual((await fixesFor('import yaml\nyaml.load(s)\n', 'B506')).map((fix) => fix.applicability), ['safe']);
    assert.deepEqual((await fixesFor('import yaml\nyaml.load(s, Loader=yaml.FullLoader)\n', 'B506')).map((fix) => fix.applicability), ['unsafe']);
    assert.deepEqual(await fixesFor('import yaml\nyaml.load(s, Loader=MyLoader)\n', 'B506'), []);
  });

  it('B306 offers mkstemp only for `name = tempfile.mktemp(…)`', async () => {
    assert.equal(
      await applied('import os\nimport tempfile\n\n\ndef f():\n    path = tempfile.mktemp(".txt")\n    return path\n', 'B306', 'Create the file safely with tempfile.mkstemp'),
      'import os\nimport tempfile\n\n\ndef f():\n    path_fd, path = tempfile.mkstemp(".txt")\n    os.close(path_fd)\n    return path\n',
    );
    assert.deepEqual(await fixesFor('import tempfile\nopen(tempfile.mktemp(), "w")\n', 'B306'), []);
    assert.deepEqual(await fixesFor('import tempfile\nif x: path = tempfile.mktemp()\n', 'B306'), []);
  });

  it('B311 maps randrange with a step to SystemRandom, keeping the arguments', async () => {
    const fixes = await fixesFor('import random\nrandom.randrange(0, 10, 2)\n', 'B311');
    assert.equal(fixes.length, 1);
    assert.equal(applyEdits('import random\nrandom.randrange(0, 10, 2)\n', fixes[0]!.edits), 'import random\nimport secrets\nsecrets.SystemRandom().randrange(0, 10, 2)\n');
  });

  it('B101 offers no fix in a test module', async () => {
    const analyzer = await testAnalyzer();
    const document = analyzer.open('def test_x():\n    assert x\n', LANGUAGES.python, { path: 'test_x.py' });
    try {
      const [finding] = document.result().findings;
      assert.equal(finding?.ruleId, 'B101');
      assert.deepEqual(document.fixes(finding!), []);
    } finally {
      document.dispose();
    }
  });
});
