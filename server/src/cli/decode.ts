/**
 * Bytes of a source file → the text the analyser sees. UTF-8 (a BOM is dropped), UTF-16 with a
 * BOM, and a Python file's PEP 263 `coding:` cookie are honoured. A file with NUL bytes is
 * binary and skipped. Invalid UTF-8 is decoded with U+FFFD replacement characters and still
 * scanned, with a warning naming the first bad line, so findings elsewhere are not lost.
 */
export type Decoded =
  | { ok: true; text: string; encoding: SourceEncoding; warning?: string }
  | { ok: false; reason: string };

/**
 * How the bytes were decoded, so `--fix` can write the text back the same way: `utf-8` (with or
 * without a byte-order mark), `utf-16le`/`utf-16be` (always with one), or a PEP 263 label.
 */
export interface SourceEncoding {
  name: string;
  bom: boolean;
}

/** Git's heuristic: a NUL byte in the first 8000 bytes makes a file binary. */
const BINARY_PROBE = 8000;

/** `# -*- coding: latin-1 -*-` and friends, on line 1 or 2 (PEP 263). */
const CODING_COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

export function decodeSource(bytes: Uint8Array, family: 'python' | 'javascript'): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith('utf-16le', bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith('utf-16be', bytes);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (bytes.subarray(0, BINARY_PROBE).includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes); skipped' };
  const declared = family === 'python' ? pythonEncoding(bytes) : undefined;
  if (declared && !/^utf[-_]?8(?:[-_]sig)?$/i.test(declared)) {
    try {
      const label = whatwgLabel(declared);
      return { ok: true, text: new TextDecoder(label).decode(bytes), encoding: { name: label, bom: false } };
    } catch {
      const decoded = decodeUtf8(bytes, bom);
      const warning = `unknown encoding '${declared}' declared; decoded as UTF-8`;
      return decoded.ok ? { ...decoded, warning: decoded.warning ? `${warning}; ${decoded.warning}` : warning } : decoded;
    }
  }
  return decodeUtf8(bytes, bom);
}

function decodeWith(encoding: 'utf-16le' | 'utf-16be', bytes: Uint8Array): Decoded {
  try {
    return { ok: true, text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding: { name: encoding, bom: true } };
  } catch {
    return { ok: true, text: new TextDecoder(encoding).decode(bytes), encoding: { name: encoding, bom: true }, warning: `not valid ${encoding.toUpperCase()}; decoded with replacement characters` };
  }
}

function decodeUtf8(bytes: Uint8Array, bom: boolean): Decoded {
  const encoding = { name: 'utf-8', bom };
  try {
    return { ok: true, text: STRICT_UTF8.decode(bytes), encoding };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < bad; i++) if (bytes[i] === 10) line++;
    return {
      ok: true,
      text: new TextDecoder('utf-8').decode(bytes),
      encoding,
      warning: `not valid UTF-8 (first invalid byte on line ${line}); scanned with replacement characters, so findings on such lines may be missing`,
    };
  }
}

/** Decoders used for every file, made once. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const LATIN1 = new TextDecoder('latin1');

/** Python's codec names that the WHATWG Encoding Standard (TextDecoder) spells differently. */
function whatwgLabel(pythonName: string): string {
  const name = pythonName.toLowerCase().replace(/_/g, '-');
  if (name === 'latin-1' || name === 'latin' || name === 'iso-8859-1' || name === 'iso8859-1' || name === 'l1') return 'latin1';
  if (name === 'ascii' || name === 'us-ascii') return 'utf-8';
  const codePage = /^(?:cp|windows-)(\d+)$/.exec(name);
  if (codePage) return codePage[1] === '936' ? 'gbk' : codePage[1] === '932' ? 'shift_jis' : `windows-${codePage[1]}`;
  return name;
}

/** The PEP 263 encoding declared on the first or second line, if any. */
function pythonEncoding(bytes: Uint8Array): string | undefined {
  const start = bytes.subarray(0, 512);
  if (!start.includes(0x23)) return undefined; // no `#`, no cookie: most files
  const head = LATIN1.decode(start).split(/\r\n|\r|\n/, 2);
  const first = CODING_COOKIE.exec(head[0] ?? '');
  if (first) return first[1];
  // The cookie may be on line 2 only when line 1 is a comment or blank (a shebang, usually).
  if (!/^[ \t\f]*(?:#.*)?$/.test(head[0] ?? '')) return undefined;
  return CODING_COOKIE.exec(head[1] ?? '')?.[1];
}

/** Index of the first byte that does not start or continue a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    let length: number;
    let min: number;
    if (byte < 0x80) {
      i++;
      continue;
    } else if (byte >= 0xc2 && byte <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (byte >= 0xe0 && byte <= 0xef) {
      length = 3;
      min = 0x800;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      length = 4;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + length > bytes.length) return i;
    let codePoint = byte & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k]!;
      if ((next & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i;
    i += length;
  }
  return -1;
}

/**
 * Text → bytes in `encoding`, or undefined when it cannot be written that way (an encoding
 * Node cannot write, or a character it lacks). Callers check that the original text encodes
 * back to the original bytes before trusting this with a file.
 */
export function encodeSource(text: string, encoding: SourceEncoding): Uint8Array | undefined {
  const bom = (bytes: number[], body: Buffer): Buffer => (encoding.bom ? Buffer.concat([Buffer.from(bytes), body]) : body);
  switch (encoding.name) {
    case 'utf-8':
      return bom([0xef, 0xbb, 0xbf], Buffer.from(text, 'utf8'));
    case 'utf-16le':
      return bom([0xff, 0xfe], Buffer.from(text, 'utf16le'));
    case 'utf-16be':
      return bom([0xfe, 0xff], Buffer.from(text, 'utf16le').swap16());
    case 'latin1':
      // TextDecoder's latin1 is windows-1252: characters above U+00FF do not round-trip.
      return /^[\u0000-\u00ff]*$/.test(text) ? Buffer.from(text, 'latin1') : undefined;
    default:
      return undefined;
  }
}
