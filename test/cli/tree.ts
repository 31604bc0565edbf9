/**
 * What test/fixtures/cli-tree must produce, read from the fixture text: `# expect:` /
 * `// expect:` comments give each finding's line, the source text gives its column, and
 * `# suppressed: RULE - reason` markers the findings a `nosec` covers. Scans select B113 and the
 * hygiene rules only, so rules added later cannot change what this tree reports.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseExpectations } from '../support/expectations';
import { TREE } from './run';

export const SELECT = ['--select', 'B113,VG001,VG002'];

/** What a scan of the tree must read: everything with a supported extension that no .gitignore hides. */
export const SCANNED = ['app.py', 'cookie.py', 'latin1.py', 'pkg/__init__.py', 'pkg/broken.py', 'pkg/keep.generated.ts', 'pkg/only_nosec.py', 'web/client.ts', 'web/util.js'];
export const HIDDEN = ['ignored.py', 'build/generated.py', 'pkg/local_only.py'];

/** The fixture as the scanner must read it: cookie.py declares latin-1, the rest is UTF-8. */
export function fixtureText(file: string): string {
  const bytes = readFileSync(join(TREE, file));
  return new TextDecoder(file === 'cookie.py' ? 'latin1' : 'utf-8').decode(bytes);
}

interface Expected {
  file: string;
  line: number;
  rule: string;
  column: number;
  endColumn: number;
}

/** Findings the fixture's comments expect, with the columns the source text implies. */
export function expectedFindings(): Expected[] {
  return SCANNED.flatMap((file) => {
    const text = fixtureText(file);
    const lines = text.split(/\r\n|\r|\n/);
    return parseExpectations(text).map(({ line, ruleId }) => {
      const source = lines[line - 1]!;
      if (ruleId === 'B113') {
        // The callee (`requests.get`) is reported; JS string indices are UTF-16 code units.
        const callee = /requests\.\w+/.exec(source);
        assert.ok(callee, `${file}:${line} should call requests.*`);
        return { file, line, rule: ruleId, column: callee.index + 1, endColumn: callee.index + callee[0].length + 1 };
      }
      // Hygiene findings cover the suppression comment, from its `#` or `//` to the line end.
      const marker = source.indexOf('nosec');
      const prefix = file.endsWith('.py') ? '#' : '//';
      return { file, line, rule: ruleId, column: source.lastIndexOf(prefix, marker) + 1, endColumn: source.length + 1 };
    });
  });
}

/** `# suppressed: B113 - reason` markers: the next code line has a finding a nosec covers. */
export function expectedSuppressed(): { file: string; rule: string; justification: string | undefined }[] {
  return SCANNED.flatMap((file) =>
    [...fixtureText(file).matchAll(/# suppressed: (\w+)(?: - (.*))?$/gm)].map((match) => ({ file, rule: match[1]!, justification: match[2] })),
  );
}

export const key = (finding: { file: string; line: number; rule: string }): string => `${finding.file}:${finding.line}: ${finding.rule}`;
