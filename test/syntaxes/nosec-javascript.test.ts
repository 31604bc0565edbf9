import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { tokenize, tokenOf, vigilScopes, type BaseScope } from './textmate';

const KEYWORD = 'keyword.other.nosec.vigil';
const MISSING = 'invalid.deprecated.missing-justification.vigil';
const RULE_ID = 'variable.other.constant.rule-id.vigil';
const SEPARATOR = 'punctuation.separator.justification.vigil';
const JUSTIFICATION = 'string.unquoted.justification.vigil';

/** Valid in all four dialects: no types, no JSX. */
const SOURCE = [
  /* 0 */ "const child = exec(command); // nosec VG101, B602 - command is a constant",
  /* 1 */ 'eval(code); // nosec B307',
  /* 2 */ 'eval(code); //nosec',
  /* 3 */ 'const a = "// nosec B101 - a string, not a comment";',
  /* 4 */ 'const b = `// nosec B101 - a template, not a comment`;',
  /* 5 */ 'const c = 1; /* nosec B101 - Vigil reads nosec after // only */',
  /* 6 */ 'const d = 2; // see nosec B101 - the marker must open the comment',
  /* 7 */ 'const e = 3; // eslint-disable-line // nosec B101 -- after another comment',
  /* 8 */ "writeFileSync('/tmp/x', data); // noqa: S108 - tmpfs is private",
  /* 9 */ '/// nosec B101 - three slashes are still a line comment',
].join('\n');

const DIALECTS: BaseScope[] = ['source.ts', 'source.tsx', 'source.js', 'source.js.jsx'];
const COMMENT: Record<string, string> = {
  'source.ts': 'comment.line.double-slash.ts',
  'source.tsx': 'comment.line.double-slash.tsx',
  'source.js': 'comment.line.double-slash.js',
  'source.js.jsx': 'comment.line.double-slash.js.jsx',
};

for (const dialect of DIALECTS) {
  describe(`${dialect} suppression comments`, () => {
    it('scopes nosec, each rule ID, the separator and the justification inside the line comment', async () => {
      const tokens = await tokenize(dialect, SOURCE);
      assert.deepEqual(vigilScopes(tokens, 0), [
        `nosec: ${KEYWORD}`,
        `VG101: ${RULE_ID}`,
        ',: punctuation.separator.comma.vigil',
        `B602: ${RULE_ID}`,
        `-: ${SEPARATOR}`,
        `command is a constant: ${JUSTIFICATION}`,
      ]);
      assert.equal(tokenOf(tokens, 0, 'nosec').scopes[0], COMMENT[dialect]);
    });

    it('marks a suppression without a justification', async () => {
      const tokens = await tokenize(dialect, SOURCE);
      assert.deepEqual(vigilScopes(tokens, 1), [`nosec: ${KEYWORD} ${MISSING}`, `B307: ${RULE_ID}`]);
      assert.deepEqual(vigilScopes(tokens, 2), [`nosec: ${KEYWORD} ${MISSING}`]);
    });

    it('leaves nosec alone in strings, templates and block comments', async () => {
      const tokens = await tokenize(dialect, SOURCE);
      for (const line of [3, 4, 5]) assert.deepEqual(vigilScopes(tokens, line), [], `line ${line}`);
    });

    it('needs the marker to open a // comment, which may follow another one', async () => {
      const tokens = await tokenize(dialect, SOURCE);
      assert.deepEqual(vigilScopes(tokens, 6), []);
      assert.deepEqual(vigilScopes(tokens, 7), [`nosec: ${KEYWORD}`, `B101: ${RULE_ID}`, `--: ${SEPARATOR}`, `after another comment: ${JUSTIFICATION}`]);
      assert.deepEqual(vigilScopes(tokens, 9), [`nosec: ${KEYWORD}`, `B101: ${RULE_ID}`, `-: ${SEPARATOR}`, `three slashes are still a line comment: ${JUSTIFICATION}`]);
    });

    it("scopes Ruff's noqa with S codes", async () => {
      const tokens = await tokenize(dialect, SOURCE);
      assert.deepEqual(vigilScopes(tokens, 8), [
        'noqa: keyword.other.noqa.vigil',
        ':: punctuation.separator.colon.vigil',
        `S108: ${RULE_ID}`,
        `-: ${SEPARATOR}`,
        `tmpfs is private: ${JUSTIFICATION}`,
      ]);
    });
  });
}

describe('TSX and JSX', () => {
  it('scopes a nosec in a line comment between JSX attributes, not in JSX text', async () => {
    const source = ['const view = (', '  <a', '    href={url} // nosec B101 - reviewed', '  >// nosec B101 - text</a>', ');'].join('\n');
    for (const dialect of ['source.tsx', 'source.js.jsx'] as const) {
      const tokens = await tokenize(dialect, source);
      assert.deepEqual(vigilScopes(tokens, 2), [`nosec: ${KEYWORD}`, `B101: ${RULE_ID}`, `-: ${SEPARATOR}`, `reviewed: ${JUSTIFICATION}`], dialect);
      assert.deepEqual(vigilScopes(tokens, 3), [], dialect);
    }
  });
});
