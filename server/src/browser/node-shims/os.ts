/** `node:os` in a web worker: no home directory, a POSIX-like platform. */
export function homedir(): string {
  return '/';
}

export function tmpdir(): string {
  return '/tmp';
}

export const EOL = '\n';
