/** Offsets → 1-based lines and UTF-16 columns, and source bytes → text. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { decodeSource, firstInvalidUtf8 } from '../../server/src/cli/decode';
import { LineIndex, lineCount } from '../../server/src/cli/lines';

describe('LineIndex', () => {
  it('counts \\n, \\r\\n and a lone \\r as line breaks, like LSP and SARIF', () => {
    const text = 'a\nbb\r\nccc\rd';
    const index = new LineIndex(text);
    assert.deepEqual(index.position(text.indexOf('bb')), { line: 2, column: 1 });
    assert.deepEqual(index.position(text.indexOf('ccc') + 2), { line: 3, column: 3 });
    assert.deepEqual(index.position(text.indexOf('d')), { line: 4, column: 1 });
    assert.deepEqual([1, 2, 3, 4].map((line) => index.lineText(line)), ['a', 'bb', 'ccc', 'd']);
    assert.equal(index.lineCount, 4);
  });

  it('counts columns in UTF-16 code units (an astral character is two)', () => {
    const text = 'x = "😀é"; y';
    assert.deepEqual(new LineIndex(text).position(text.indexOf('y')), { line: 1, column: text.indexOf('y') + 1 });
    assert.equal(text.indexOf('y'), 11);
  });

  it('lineCount counts the lines as the index does, without building it', () => {
    for (const text of ['', 'a', 'a\n', 'a\nbb\r\nccc\rd', '\r\r\n\n\r', 'x\r', '\r\n']) {
      assert.equal(lineCount(text), new LineIndex(text).lineCount, JSON.stringify(text));
    }
  });

  it('maps the end of the text to the end of the last line', () => {
    const index = new LineIndex('ab\n');
    assert.deepEqual(index.position(3), { line: 2, column: 1 });
    assert.deepEqual(index.position(99), { line: 2, column: 1 });
  });
});

describe('decodeSource', () => {
  it('finds the first invalid UTF-8 byte exactly where a fatal TextDecoder rejects the input', () => {
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const interesting = [0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0xa0, 0x9f, 0x90, 0x8f];
    for (let round = 0; round < 5000; round++) {
      const bytes = Uint8Array.from({ length: 1 + Math.floor(random() * 6) }, () => interesting[Math.floor(random() * interesting.length)]!);
      const at = firstInvalidUtf8(bytes);
      let valid = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        valid = false;
      }
      assert.equal(at === -1, valid, `${[...bytes].map((b) => b.toString(16))}`);
      if (!valid) {
        assert.doesNotThrow(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, at)), 'the prefix before it is valid');
      }
    }
  });

  it('honours a PEP 263 coding cookie, and flags undeclared non-UTF-8 bytes with their line', () => {
    const latin1 = Buffer.from('# -*- coding: latin-1 -*-\nname = "caf\xe9"\n', 'latin1');
    assert.deepEqual(decodeSource(latin1, 'python'), { ok: true, text: '# -*- coding: latin-1 -*-\nname = "café"\n', encoding: { name: 'latin1', bom: false } });
    const undeclared = Buffer.from('ok = 1\nname = "caf\xe9"\n', 'latin1');
    const decoded = decodeSource(undeclared, 'python');
    assert.ok(decoded.ok && decoded.warning?.includes('line 2'));
    // A cookie means nothing to TS/JS.
    assert.ok(decodeSource(latin1, 'javascript').ok && (decodeSource(latin1, 'javascript') as { warning?: string }).warning);
  });

  it('drops a UTF-8 byte-order mark and refuses binary files', () => {
    assert.deepEqual(decodeSource(Buffer.from('\ufeffx = 1\n'), 'python'), { ok: true, text: 'x = 1\n', encoding: { name: 'utf-8', bom: true } });
    assert.equal(decodeSource(Uint8Array.from([0x78, 0x00, 0x79]), 'python').ok, false);
  });
});
