/**
 * Which of a set of words (the rules' `triggers`) occur in a text, found in one pass over it.
 *
 * A whole-file analysis runs only the rules whose trigger words the file contains: on a typical
 * source file that is a handful of rules out of eighty, and a rule that cannot fire then costs
 * nothing. Asking `text.includes(word)` for each of the ~180 words reads the text ~180 times;
 * one regular expression of all words, tried at every position, reads it once.
 */
export class WordFinder {
  private readonly pattern: RegExp | undefined;
  /** Word → the other words that are its prefixes: found wherever it is found. */
  private readonly prefixes = new Map<string, string[]>();

  constructor(words: readonly string[]) {
    const unique = [...new Set(words)].filter((word) => word.length > 0);
    if (unique.length === 0) return;
    // Longest first, so at each position the regex reports the longest word starting there;
    // the shorter ones starting there are its prefixes, added from `prefixes`.
    unique.sort((a, b) => b.length - a.length);
    for (const word of unique) this.prefixes.set(word, unique.filter((other) => other !== word && word.startsWith(other)));
    // A lookahead matches without consuming, so words overlapping a match are found too.
    this.pattern = new RegExp(`(?=(${unique.map(escapeRegExp).join('|')}))`, 'g');
  }

  /** The words of the set that occur in `text`. */
  find(text: string): Set<string> {
    const found = new Set<string>();
    const pattern = this.pattern;
    if (!pattern) return found;
    const total = this.prefixes.size;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      const word = match[1]!;
      if (!found.has(word)) {
        found.add(word);
        for (const prefix of this.prefixes.get(word)!) found.add(prefix);
        if (found.size === total) break;
      }
      pattern.lastIndex = match.index + 1;
    }
    return found;
  }
}

function escapeRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
