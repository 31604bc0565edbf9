/**
 * Inline expectations in fixtures (after ty's mdtests): `call()  # expect: B113` expects a
 * B113 finding starting on that line; a comment alone on its line (`# expect: B113, B108`)
 * applies to the next non-comment line. `# ok: B113` documents a negative and asserts nothing
 * by itself: strictness comes from every finding having to be expected.
 */
export interface Expectation {
  line: number; // 1-based
  ruleId: string;
}

const EXPECT = /(?:#|\/\/|\{\/\*)\s*expect:\s*([A-Z]+\d+(?:\s*,\s*[A-Z]+\d+)*)/;

export function parseExpectations(text: string): Expectation[] {
  const lines = text.split('\n');
  const expectations: Expectation[] = [];
  let pending: string[] = [];
  lines.forEach((line, index) => {
    const match = EXPECT.exec(line);
    const ids = match ? match[1]!.split(/\s*,\s*/) : [];
    const ownLine = /^\s*(#|\/\/|\{\/\*)/.test(line);
    if (ownLine) {
      pending.push(...ids);
      return;
    }
    if (/^\s*$/.test(line)) return;
    for (const ruleId of [...pending, ...ids]) expectations.push({ line: index + 1, ruleId });
    pending = [];
  });
  return expectations;
}
