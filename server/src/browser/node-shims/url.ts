/**
 * `node:url` in a web worker. No URI names a local file here, so `fileURLToPath` refuses (the
 * session's `pathOf` then treats the document as one without a path).
 */
export function fileURLToPath(url: string | URL): string {
  throw new TypeError(`${String(url)} has no local path in a web worker`);
}

export function pathToFileURL(path: string): URL {
  return new URL(`file://${encodeURI(path.startsWith('/') ? path : `/${path}`)}`);
}
