/** B613 underlines the bidirectional control characters themselves, not the whole string or comment. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LANGUAGES } from '../../server/src/core/languages';
import { applyEdits } from '../support/edits';
import { testAnalyzer } from '../support/analyzer';

describe('B613 (Trojan Source)', () => {
  it('underlines from the first to the last control character, in a docstring many lines long', async () => {
    const analyzer = await testAnalyzer();
    const text = `def check(user):\n    """Access rules.\n\n    Admins only: ${'\u202E'} } ${'\u2066'}if user.is_admin${'\u2069'} ${'\u2066'} begin admins only\n    """\n    return True\n`;
    const document = analyzer.open(text, LANGUAGES.python);
    try {
      const [finding] = document.result().findings.filter((f) => f.ruleId === 'B613');
      assert.ok(finding, 'B613 is reported');
      assert.equal(finding.start, text.indexOf('\u202E'));
      assert.equal(finding.end, text.lastIndexOf('\u2066') + 1);
      // The fix still finds its report through the narrower range.
      const [fix] = document.fixes(finding);
      assert.ok(fix, 'the finding keeps its fix');
      const fixed = applyEdits(text, fix.edits);
      assert.ok(!/[\u202A-\u202E\u2066-\u2069]/.test(fixed));
      assert.deepEqual(analyzer.analyze(fixed, LANGUAGES.python).findings.filter((f) => f.ruleId === 'B613'), []);
    } finally {
      document.dispose();
    }
  });
});
