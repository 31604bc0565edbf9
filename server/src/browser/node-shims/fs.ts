/** `node:fs` in a web worker: no file exists, and nothing can be written. */
export function missing(call: string): Error & { code: string } {
  return Object.assign(new Error(`${call}: there is no file system in a web worker`), { code: 'ENOENT' });
}

export function existsSync(): boolean {
  return false;
}

const fail = (call: string) => (): never => {
  throw missing(call);
};

export const readFileSync = fail('readFileSync');
export const readdirSync = fail('readdirSync');
export const statSync = fail('statSync');
export const writeFileSync = fail('writeFileSync');
export const mkdirSync = fail('mkdirSync');
export const renameSync = fail('renameSync');
export const rmSync = fail('rmSync');
export const unlinkSync = fail('unlinkSync');
