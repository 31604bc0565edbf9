/**
 * Which of a set of words (the rules' `triggers`) occur in a text, found in one pass over it.
 *
 * A whole-file analysis runs only the rules whose trigger words the file contains: on a typical
 * source file that is a handful of rules out of eighty, and a rule that cannot fire then costs
 * nothing. Asking `text.includes(word)` for each of the ~180 words reads the text ~180 times,
 * and one regular expression of all of them still costs ~18 ns a character. This finder reads
 * the text once, looking up a hash of each three consecutive characters in a table: only where
 * a word starts with such a triple does it compare the word. Words shorter than three
 * characters are few, and each is one `String.includes`.
 */
export class WordFinder {
  private readonly short: string[] = [];
  /** Hash of a word's first three characters → the words starting with a triple of that hash. */
  private readonly slots: (string[] | undefined)[] = new Array(TABLE_SIZE);
  /** Which slots hold words: most positions of a text are turned away by one array read. */
  private readonly occupied = new Uint8Array(TABLE_SIZE);

  constructor(words: readonly string[]) {
    for (const word of new Set(words)) {
      if (word.length === 0) continue;
      if (word.length < 3) {
        this.short.push(word);
        continue;
      }
      const slot = tripleHash(word.charCodeAt(0), word.charCodeAt(1), word.charCodeAt(2));
      (this.slots[slot] ??= []).push(word);
      this.occupied[slot] = 1;
    }
  }

  /** The words of the set that occur in `text`. */
  find(text: string): Set<string> {
    const found = new Set<string>();
    for (const word of this.short) if (text.includes(word)) found.add(word);
    const occupied = this.occupied;
    let first = text.charCodeAt(0);
    let second = text.charCodeAt(1);
    for (let index = 0, last = text.length - 2; index < last; index++) {
      const third = text.charCodeAt(index + 2);
      // tripleHash, written out: this loop runs once per character, and the CLI turns off
      // TurboFan's inlining (cli/main.ts), which would otherwise do this.
      const slot = (Math.imul(Math.imul(first, 0x9e37) + second, 0x85eb) + third) & (TABLE_SIZE - 1);
      first = second;
      second = third;
      if (occupied[slot] === 0) continue;
      for (const word of this.slots[slot]!) {
        if (!found.has(word) && text.startsWith(word, index)) found.add(word);
      }
    }
    return found;
  }
}

const TABLE_SIZE = 1 << 16;

function tripleHash(first: number, second: number, third: number): number {
  return (Math.imul(Math.imul(first, 0x9e37) + second, 0x85eb) + third) & (TABLE_SIZE - 1);
}
