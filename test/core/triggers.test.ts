/**
 * WordFinder decides which rules a whole-file analysis runs: a word it misses is a rule that
 * silently does not run. Overlapping and nested words are where a single regex scan goes wrong.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { WordFinder } from '../../server/src/core/triggers';
import { rulesFor } from '../../server/src/core/rules/registry';

const sorted = (words: Set<string>): string[] => [...words].sort();

describe('trigger words', () => {
  it('finds a word that overlaps another word found before it', () => {
    // "subprocess" is found at 0; "process" starts inside it.
    assert.deepEqual(sorted(new WordFinder(['subprocess', 'process', 'cess']).find('import subprocess')), ['cess', 'process', 'subprocess']);
  });

  it('finds a word that is a prefix of a longer word found at the same place', () => {
    assert.deepEqual(sorted(new WordFinder(['pass', 'password', 'word']).find('password = x')), ['pass', 'password', 'word']);
  });

  it('does not report words that are absent, and takes words with regex characters literally', () => {
    assert.deepEqual(sorted(new WordFinder(['0.0.0.0', 'a+b', 'torch']).find('bind("0.0.0.0"); a+b; 0a0b0c0')), ['0.0.0.0', 'a+b']);
    assert.deepEqual(sorted(new WordFinder(['0.0.0.0']).find('0a0b0c0d')), []);
    assert.deepEqual(sorted(new WordFinder([]).find('anything')), []);
  });

  it('finds words at either end of the text, short words, and nothing in texts too short to hold a word', () => {
    const finder = new WordFinder(['os', '/', 'abc', 'xyz']);
    assert.deepEqual(sorted(finder.find('abc + xyz')), ['abc', 'xyz']);
    assert.deepEqual(sorted(finder.find('os/')), ['/', 'os']);
    assert.deepEqual(sorted(finder.find('ab')), []);
    assert.deepEqual(sorted(finder.find('')), []);
  });

  it('agrees with includes() on every trigger word of every rule, over a text holding a few of them', () => {
    for (const family of ['python', 'javascript'] as const) {
      const words = rulesFor(family, { select: [], ignore: [] }).flatMap((rule) => rule.triggers ?? []);
      // Words glued together, so matches overlap and nest.
      const text = words.filter((_, index) => index % 3 === 0).join('');
      const expected = new Set(words.filter((word) => text.includes(word)));
      assert.deepEqual(sorted(new WordFinder(words).find(text)), sorted(expected));
    }
  });
});
