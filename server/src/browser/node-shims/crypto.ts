/** `node:crypto` in a web worker: the scan cache's hashes are never needed (there is no scan). */
export function createHash(): never {
  throw new Error('createHash: not available in a web worker');
}
