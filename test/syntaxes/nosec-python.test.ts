import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { tokenize, tokenOf, vigilScopes } from './textmate';

const KEYWORD = 'keyword.other.nosec.vigil';
const MISSING = 'invalid.deprecated.missing-justification.vigil';
const RULE_ID = 'variable.other.constant.rule-id.vigil';
const SEPARATOR = 'punctuation.separator.justification.vigil';
const JUSTIFICATION = 'string.unquoted.justification.vigil';

const SOURCE = [
  /* 0 */ 'path = hf_hub_download("org/model", "w.bin")  # nosec B615, B614 - pinned in requirements.lock',
  /* 1 */ 'assert ok  # nosec B101',
  /* 2 */ 'subprocess.run(cmd, shell=True)  # nosec',
  /* 3 */ 'subprocess.run(cmd, shell=True)  #nosec -- the command is a constant',
  /* 4 */ 'tmp = "/tmp/x"  # noqa: E501, S108 -- tmpfs is private to the container',
  /* 5 */ 'tmp = "/tmp/y"  # noqa: S108',
  /* 6 */ 'x = 1  # noqa: E501',
  /* 7 */ 'msg = "# nosec B101 - a string, not a comment"',
  /* 8 */ 'def f():',
  /* 9 */ '    """Docstring.',
  /* 10 */ '    # nosec B101 - inside the docstring',
  /* 11 */ '    """',
  /* 12 */ 'pattern = re.compile(r"""(',
  /* 13 */ '  \\d+  # nosec B101 - a comment of the regular expression, which is a string to Python',
  /* 14 */ ')""", re.VERBOSE)',
  /* 15 */ 'y = 2  # see nosec B101 - the marker must open the comment',
  /* 16 */ 'z = 3  # nosecure B101 - another word',
  /* 17 */ 'w = 4  # nosec B615 pinned upstream - reason after prose',
  /* 18 */ 'v = 5  # type: ignore # nosec B101 - after a type comment',
  /* 19 */ 'u = 6  # nosec B101 - TODO: link the ticket',
  /* 20 */ 'assert ok  # nosec b101',
].join('\n');

describe('Python suppression comments', () => {
  it('scopes nosec, each rule ID, the separator and the justification', async () => {
    const tokens = await tokenize('source.python', SOURCE);
    assert.deepEqual(vigilScopes(tokens, 0), [
      `nosec: ${KEYWORD}`,
      `B615: ${RULE_ID}`,
      ',: punctuation.separator.comma.vigil',
      `B614: ${RULE_ID}`,
      `-: ${SEPARATOR}`,
      `pinned in requirements.lock: ${JUSTIFICATION}`,
    ]);
    assert.deepEqual(vigilScopes(tokens, 3), [`nosec: ${KEYWORD}`, `--: ${SEPARATOR}`, `the command is a constant: ${JUSTIFICATION}`]);
  });

  it('keeps the comment scope under its own, so a theme without Vigil scopes still paints a comment', async () => {
    const tokens = await tokenize('source.python', SOURCE);
    const nosec = tokenOf(tokens, 0, 'nosec');
    assert.deepEqual(nosec.scopes, ['comment.line.number-sign.python', 'meta.suppression.nosec.vigil', KEYWORD]);
    assert.ok(tokenOf(tokens, 0, 'pinned in requirements.lock').scopes.includes('comment.line.number-sign.python'));
  });

  it('marks a suppression without a justification, with or without rule IDs', async () => {
    const tokens = await tokenize('source.python', SOURCE);
    assert.deepEqual(vigilScopes(tokens, 1), [`nosec: ${KEYWORD} ${MISSING}`, `B101: ${RULE_ID}`]);
    assert.deepEqual(vigilScopes(tokens, 2), [`nosec: ${KEYWORD} ${MISSING}`]);
    assert.ok(tokenOf(tokens, 1, 'B101').scopes.includes('meta.suppression.missing-justification.vigil'));
    assert.ok(!tokenOf(tokens, 0, 'B615').scopes.includes('meta.suppression.missing-justification.vigil'));
  });

  it("scopes Ruff's noqa with S codes, and only the S codes", async () => {
    const tokens = await tokenize('source.python', SOURCE);
    assert.deepEqual(vigilScopes(tokens, 4), [
      'noqa: keyword.other.noqa.vigil',
      ':: punctuation.separator.colon.vigil',
      ',: punctuation.separator.comma.vigil',
      `S108: ${RULE_ID}`,
      `--: ${SEPARATOR}`,
      `tmpfs is private to the container: ${JUSTIFICATION}`,
    ]);
    assert.deepEqual(vigilScopes(tokens, 5), [`noqa: keyword.other.noqa.vigil ${MISSING}`, ':: punctuation.separator.colon.vigil', `S108: ${RULE_ID}`]);
    assert.deepEqual(vigilScopes(tokens, 6), [], 'a noqa for other linters is not a security suppression');
  });

  it('leaves nosec alone in strings, docstrings and regular-expression comments', async () => {
    const tokens = await tokenize('source.python', SOURCE);
    for (const line of [7, 10, 13]) assert.deepEqual(vigilScopes(tokens, line), [], `line ${line}`);
    assert.ok(tokenOf(tokens, 13, '#').scopes.includes('comment.line.number-sign.python'), 'the base grammar calls it a comment');
  });

  it('leaves nosec alone when it does not open the comment or is part of a longer word', async () => {
    const tokens = await tokenize('source.python', SOURCE);
    assert.deepEqual(vigilScopes(tokens, 15), []);
    assert.deepEqual(vigilScopes(tokens, 16), []);
  });

  it('leaves prose between the IDs and the separator as comment', async () => {
    const tokens = await tokenize('source.python', SOURCE);
    assert.deepEqual(vigilScopes(tokens, 17), [`nosec: ${KEYWORD}`, `B615: ${RULE_ID}`, `-: ${SEPARATOR}`, `reason after prose: ${JUSTIFICATION}`]);
  });

  it('finds a nosec after another comment on the line, and wins over TODO highlighting', async () => {
    const tokens = await tokenize('source.python', SOURCE);
    assert.deepEqual(vigilScopes(tokens, 18), [`nosec: ${KEYWORD}`, `B101: ${RULE_ID}`, `-: ${SEPARATOR}`, `after a type comment: ${JUSTIFICATION}`]);
    assert.deepEqual(vigilScopes(tokens, 19), [`nosec: ${KEYWORD}`, `B101: ${RULE_ID}`, `-: ${SEPARATOR}`, `TODO: link the ticket: ${JUSTIFICATION}`]);
  });

  it('shows a lower-case ID as prose: Vigil reads `nosec b101` as a blanket nosec', async () => {
    const tokens = await tokenize('source.python', SOURCE);
    assert.deepEqual(vigilScopes(tokens, 20), [`nosec: ${KEYWORD} ${MISSING}`]);
  });
});
