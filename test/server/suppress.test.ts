/**
 * The edits behind "Suppress … with a justification" and fix-all, on the core alone: where the
 * comment goes, how it merges into an existing one, and what bulk fixing applies.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { applySafeFixes, replacementEdit } from '../../server/src/core/fixes';
import { LANGUAGES, type Language } from '../../server/src/core/languages';
import { PLACEHOLDER_REASON, suppressionEdit } from '../../server/src/core/suppress';
import { testAnalyzer } from '../support/analyzer';
import { applyEdits } from '../support/edits';

/** Suppress every finding of `ruleId` (first one) in `text` and return the new text, or undefined. */
async function suppress(text: string, ruleId: string, reason = PLACEHOLDER_REASON, language: Language = LANGUAGES.python): Promise<string | undefined> {
  const analyzer = await testAnalyzer();
  const result = analyzer.analyze(text, language);
  const finding = result.findings.find((candidate) => candidate.ruleId === ruleId);
  assert.ok(finding, `a ${ruleId} finding in ${JSON.stringify(text)}; got ${result.findings.map((f) => f.ruleId).join(', ')}`);
  const edit = suppressionEdit(text, language, finding, reason, result.suppressions);
  return edit && applyEdits(text, [edit]);
}

async function ruleIds(text: string, language: Language = LANGUAGES.python): Promise<string[]> {
  return (await testAnalyzer()).analyze(text, language).findings.map((finding) => finding.ruleId);
}

describe('suppressionEdit', () => {
  it('appends a nosec with the reason to the first line of a multi-line statement, keeping trailing code intact', async () => {
    const text = 'import requests\nrequests.get(   \n    "u",\n)\n';
    const fixed = await suppress(text, 'B113', 'internal endpoint, answers in ms');
    assert.equal(fixed, 'import requests\nrequests.get(  # nosec B113 - internal endpoint, answers in ms\n    "u",\n)\n');
    assert.deepEqual(await ruleIds(fixed!), [], 'suppressed, and justified so no VG001');
  });

  it('keeps CRLF line endings', async () => {
    const fixed = await suppress('import requests\r\nrequests.get("u")\r\n', 'B113');
    assert.equal(fixed, 'import requests\r\nrequests.get("u")  # nosec B113 - TODO: justify\r\n');
  });

  it('merges into an existing nosec: adds the ID and joins the reasons', async () => {
    const fixed = await suppress('import requests\nrequests.get("u")  # nosec B108 - fixed path\n', 'B113', 'trusted host');
    assert.equal(fixed, 'import requests\nrequests.get("u")  # nosec B108, B113 - fixed path; trusted host\n');
  });

  it('adds a reason to a nosec that lacks one (VG001) without naming VG001', async () => {
    const text = 'import requests\nrequests.get("u")  # nosec B113\n';
    assert.deepEqual(await ruleIds(text), ['VG001']);
    const fixed = await suppress(text, 'VG001', 'vendored client');
    assert.equal(fixed, 'import requests\nrequests.get("u")  # nosec B113 - vendored client\n');
    assert.deepEqual(await ruleIds(fixed!), []);
  });

  it('writes nothing where a comment would break the code (a backslash continuation), for VG002, or without a reason', async () => {
    assert.equal(await suppress('import requests\nx = requests.get("u").text + \\\n    "!"\n', 'B113'), undefined);
    assert.equal(await suppress('x = 1  # nosec B113 - stale\n', 'VG002'), undefined);
    assert.equal(await suppress('import requests\nrequests.get("u")\n', 'B113', ' \n '), undefined);
  });

  it('uses // in TypeScript and keeps the reason on one line', async () => {
    const target = { ruleId: 'B113', statementStart: 0 };
    const fresh = suppressionEdit('let b = 2;\n', LANGUAGES.typescript, target, 'two\n  lines', [])!;
    assert.equal(applyEdits('let b = 2;\n', [fresh]), 'let b = 2;  // nosec B113 - two lines\n');
    const bare = 'const a = 1; // nosec B113\n';
    const existing = (await testAnalyzer()).analyze(bare, LANGUAGES.typescript).suppressions;
    assert.equal(existing.length, 1);
    const merged = suppressionEdit(bare, LANGUAGES.typescript, target, 'why', existing)!;
    assert.equal(applyEdits(bare, [merged]), 'const a = 1; // nosec B113 - why\n');
  });
});

describe('applySafeFixes', () => {
  it('applies each finding\'s safe preferred fix, re-analysing in between', async () => {
    const analyzer = await testAnalyzer();
    const text = 'import requests\nrequests.get("a")\nrequests.post("b", timeout=None)  # nosec B113 - checked\nrequests.put("c")\n';
    const result = applySafeFixes(analyzer, text, LANGUAGES.python, { timeoutSeconds: 9 });
    assert.equal(result.text, 'import requests\nrequests.get("a", timeout=9)\nrequests.post("b", timeout=None)  # nosec B113 - checked\nrequests.put("c", timeout=9)\n');
    assert.equal(result.applied, 2);
  });

  it('fixes only the findings `include` lets through', async () => {
    const analyzer = await testAnalyzer();
    const text = 'import requests\nrequests.get("a")\nrequests.get("b")\n';
    const result = applySafeFixes(analyzer, text, LANGUAGES.python, {}, (finding) => finding.start > text.indexOf('"a"'));
    assert.equal(result.text, 'import requests\nrequests.get("a")\nrequests.get("b", timeout=30)\n');
  });

  it('replacementEdit spans only what changed and never splits a surrogate pair', () => {
    assert.deepEqual(replacementEdit('abcdef', 'abXYef'), { start: 2, end: 4, newText: 'XY' });
    assert.equal(replacementEdit('same', 'same'), undefined);
    const before = 'x = "🎉"';
    const after = 'x = "🎊"';
    const edit = replacementEdit(before, after)!;
    assert.equal(applyEdits(before, [edit]), after);
    assert.equal(edit.newText, '🎊', 'both halves of the pair are replaced');
  });
});
