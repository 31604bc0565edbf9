/** `node:fs/promises` in a web worker: every call rejects as for a missing file. */
import { missing } from './fs';

const fail = (call: string) => (): Promise<never> => Promise.reject(missing(call));

export const readFile = fail('readFile');
export const readdir = fail('readdir');
export const stat = fail('stat');
export const writeFile = fail('writeFile');
export const mkdir = fail('mkdir');
export const rename = fail('rename');
export const rm = fail('rm');
