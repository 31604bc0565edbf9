/** Bandit's suppression syntax, where it applies, and the hygiene findings about it. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LANGUAGES } from '../../server/src/core/languages';
import { RULE_IDS_BY_NAME } from '../../server/src/core/rules/registry';
import { parseSuppression } from '../../server/src/core/suppression';
import { testAnalyzer } from '../support/analyzer';

describe('nosec suppressions', () => {
  it('parses IDs and the justification after " - " or " -- "', () => {
    assert.deepEqual(parseSuppression('nosec'), { ruleIds: [], justification: undefined, syntax: 'nosec' });
    assert.deepEqual(parseSuppression('nosec B615, B614 - pinned upstream'), { ruleIds: ['B615', 'B614'], justification: 'pinned upstream', syntax: 'nosec' });
    assert.deepEqual(parseSuppression('nosec: B108 -- a fixed build path'), { ruleIds: ['B108'], justification: 'a fixed build path', syntax: 'nosec' });
    assert.deepEqual(parseSuppression('noqa: S108, E501'), { ruleIds: ['B108'], justification: undefined, syntax: 'noqa' });
    assert.equal(parseSuppression('noqa: E501'), undefined, 'a noqa for other linters suppresses nothing of ours');
    // Ruff's and flake8's longer codes are skipped, not the end of the list; noqa in any case.
    assert.deepEqual(parseSuppression('noqa: PLR0913, S108'), { ruleIds: ['B108'], justification: undefined, syntax: 'noqa' });
    assert.deepEqual(parseSuppression('NOQA: FURB101 S602 - shell is a constant'), { ruleIds: ['B602'], justification: 'shell is a constant', syntax: 'noqa' });
    assert.equal(parseSuppression('noqa: SIM108'), undefined, "flake8-simplify's SIM108 is not Ruff's S108");
  });

  it("takes a rule's name for its ID, as Bandit takes test names", () => {
    assert.deepEqual(parseSuppression('nosec: assert_used, B108 - test helper', RULE_IDS_BY_NAME), { ruleIds: ['B101', 'B108'], justification: 'test helper', syntax: 'nosec' });
    assert.deepEqual(parseSuppression('nosec hardcoded_password_string', RULE_IDS_BY_NAME)?.ruleIds, ['B105']);
    // Prose after the list ends it; prose alone is a blanket nosec, as in Bandit.
    assert.deepEqual(parseSuppression('nosec random value', RULE_IDS_BY_NAME)?.ruleIds, ['B311']);
    assert.deepEqual(parseSuppression('nosec this is fine', RULE_IDS_BY_NAME)?.ruleIds, []);
  });

  it('a nosec on the first line of a multi-line statement covers findings on its later lines, inside a function', async () => {
    const analyzer = await testAnalyzer();
    // The statement sits early in a long function: a statement lookup that stops at the `def`
    // (as a doubled offset once made it) puts the nosec on the wrong line.
    const body = Array.from({ length: 40 }, (_, i) => `    v${i} = ${i}\n`).join('');
    const text = `from django.utils.safestring import mark_safe\n\n\ndef f(x):\n    a = mark_safe(  # nosec B703 - escaped by the caller\n        x\n    )\n${body}    return a\n`;
    const result = analyzer.analyze(text, LANGUAGES.python, { select: ['B703', 'VG001', 'VG002'] });
    assert.deepEqual(result.findings.map((f) => f.ruleId), []);
    assert.deepEqual(result.suppressed.map((f) => [f.ruleId, f.suppressedBy?.justification]), [['B703', 'escaped by the caller']]);
  });

  it('reports a nosec without a reason (VG001) and one that suppresses nothing (VG002), and removes the unused one', async () => {
    const analyzer = await testAnalyzer();
    const text = 'import requests\nrequests.get(u)  # nosec B113\nx = 1  # nosec B113 - stale\n';
    const document = analyzer.open(text, LANGUAGES.python);
    try {
      const findings = document.result().findings;
      assert.deepEqual(findings.map((f) => [f.ruleId, text.slice(0, f.start).split('\n').length]), [['VG001', 2], ['VG002', 3]]);
      const [removal] = document.fixes(findings[1]!);
      assert.equal(removal?.applicability, 'safe');
      const edit = removal!.edits[0]!;
      assert.equal(text.slice(0, edit.start) + edit.newText + text.slice(edit.end), 'import requests\nrequests.get(u)  # nosec B113\nx = 1\n');
    } finally {
      document.dispose();
    }
  });

  it('a nosec inside a string is not a suppression', async () => {
    const analyzer = await testAnalyzer();
    const result = analyzer.analyze('import requests\nrequests.get("# nosec")\n', LANGUAGES.python, { select: ['B113'] });
    assert.deepEqual(result.findings.map((f) => f.ruleId), ['B113']);
  });
});
