import type { Node } from '../../parser';
import { defineRule } from '../../rule';

/** Bandit's list: embeddings, overrides, isolates and their terminators, and the right-to-left mark. */
const BIDI: Record<string, string> = {
  '\u202A': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202B': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202C': 'POP DIRECTIONAL FORMATTING',
  '\u202D': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202E': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
  '\u200F': 'RIGHT-TO-LEFT MARK',
};
const BIDI_CHARS = /[\u202A-\u202E\u2066-\u2069\u200F]/g;
const HAS_BIDI = /[\u202A-\u202E\u2066-\u2069\u200F]/;
/** Letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko…). */
const RTL_LETTERS = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

interface State {
  /** Offsets (in the document) of the characters to remove or escape. */
  offsets: number[];
  /** How the fix writes them: escaped inside a string literal, removed from a comment. */
  mode: 'escape' | 'remove' | 'none';
}

export const trojansource = defineRule<State>({
  meta: {
    id: 'B613',
    name: 'trojansource',
    title: 'Bidirectional control character in source (Trojan Source)',
    severity: 'high',
    confidence: 'medium',
    cwe: 838,
  },
  family: 'python',
  nodeTypes: ['comment', 'string'],
  triggers: Object.keys(BIDI),
  check(node) {
    if (!HAS_BIDI.test(node.text)) return undefined; // cheap first
    // A string's own text: not the strings nested in its f-string placeholders (they are
    // checked on their own).
    const pieces = node.type === 'comment' ? [node] : node.namedChildren.filter((child): child is Node => child?.type === 'string_content');
    const found = pieces.flatMap((piece) => [...piece.text.matchAll(BIDI_CHARS)].map((match) => ({ char: match[0], offset: piece.startIndex + match.index! })));
    if (found.length === 0 || isRightToLeftText(pieces.map((piece) => piece.text).join(''))) return undefined;
    const names = [...new Set(found.map(({ char }) => char))].map((char) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} (${BIDI[char]})`);
    const where = node.type === 'comment' ? 'comment' : 'string';
    const state: State = { offsets: found.map(({ offset }) => offset), mode: fixMode(node) };
    // Underline the control characters, not a whole docstring: from the first to the last.
    const range = { start: found[0]!.offset, end: found.at(-1)!.offset + 1 };
    if (found.every(({ char }) => char === '\u200F')) {
      // A mark reorders neutral characters around it, not code: usually right-to-left formatting.
      return { node, range, message: `This ${where} contains the right-to-left mark U+200F: harmless in right-to-left formatting, but invisible; write it as an escape.`, severity: 'low', state };
    }
    return {
      node,
      range,
      message: `This ${where} contains bidirectional control character${names.length > 1 ? 's' : ''} ${names.join(', ')}: the code may read differently from how it runs.`,
      state,
    };
  },
  fix(report) {
    const { offsets, mode } = report.state!;
    if (mode === 'none') return [];
    const edits = offsets.map((offset) => {
      const char = report.node.text[offset - report.node.startIndex]!;
      return { start: offset, end: offset + 1, newText: mode === 'escape' ? `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}` : '' };
    });
    return [
      mode === 'escape'
        ? { title: 'Write the control characters as \\u escapes', applicability: 'safe', edits }
        : { title: 'Remove the control characters from the comment', applicability: 'safe', edits },
    ];
  },
  docs: `
## What it does
Reports comments and string literals that contain Unicode bidirectional control characters:
embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069) and the right-to-left mark
(U+200F).

## Why is this bad?
These invisible characters reorder how text is displayed. In a comment or string they can make
code look as if it does something else: a condition that appears to be inside a comment, a
string that seems to end earlier (the "Trojan Source" attack, CVE-2021-42574). Reviewers see
one program; Python runs another (CWE-838).

## Example
Written with RLO, LRI and PDI for the invisible U+202E, U+2066 and U+2069:
\`\`\`python
access_level = "user"
if access_level != "userRLO LRI# Check if adminPDI LRI":
    print("You are an admin.")
\`\`\`
An editor shows the condition as \`access_level != "user"\` followed by a comment; Python
compares with a longer string, so everyone is an admin.

## Use instead
\`\`\`python
access_level = "user"
if access_level != "user":
    print("You are an admin.")
\`\`\`

## Beyond Bandit
Bandit reports the first character of the file; Vigil reports each comment or string that
holds one, naming the characters, and underlines them (from the first to the last). Text in a right-to-left script (Hebrew, Arabic…) whose
embeddings and isolates are all closed within the same string or comment is legitimate
bidirectional text and is not reported (nor is a right-to-left mark in it). A right-to-left
mark alone (U+200F, as in date formats for Arabic locales) is reported at low severity: it
reorders neutral characters, not code. Python rejects
these characters outside comments and strings, so nothing else can hide them.

## Fix safety
Both fixes are safe. In a string literal the characters are written as \`\\u202e\`-style escapes:
the string's value is unchanged and the characters become visible. In a comment they are
removed. Raw strings get no fix (an escape would change their value).

## References
- [Trojan Source: Invisible Vulnerabilities](https://trojansource.codes/)
- [CVE-2021-42574](https://www.cve.org/CVERecord?id=CVE-2021-42574)
- [CWE-838: Inappropriate Encoding for Output Context](https://cwe.mitre.org/data/definitions/838.html)
`,
});

/**
 * Legitimate bidirectional text: right-to-left letters, and every embedding or override closed
 * by U+202C and every isolate by U+2069, in order, within the same piece of text.
 */
function isRightToLeftText(text: string): boolean {
  if (!RTL_LETTERS.test(text)) return false;
  const open: string[] = [];
  for (const char of text) {
    if ('\u202A\u202B\u202D\u202E'.includes(char)) open.push('\u202C');
    else if ('\u2066\u2067\u2068'.includes(char)) open.push('\u2069');
    else if (char === '\u202C' || char === '\u2069') {
      if (open.pop() !== char) return false;
    }
  }
  return open.length === 0;
}

function fixMode(node: Node): State['mode'] {
  if (node.type === 'comment') return 'remove';
  const start = node.firstChild;
  const prefix = start?.type === 'string_start' ? start.text.replace(/["']+$/, '').toLowerCase() : '';
  return prefix.includes('r') || prefix.includes('b') ? 'none' : 'escape';
}
