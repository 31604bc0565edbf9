/**
 * `files.exclude` and `vigil.exclude` on the desktop: the globs of core/glob.ts, with the
 * `{ "when": "$(basename).ts" }` sibling looked up on disk.
 */
import { existsSync } from 'node:fs';
import { ExcludeSet as ExcludeSetOf, type ExcludeValue } from '../core/glob';

export { compileGlob, type ExcludeValue } from '../core/glob';

export class ExcludeSet extends ExcludeSetOf {
  constructor(root: string, patterns: Readonly<Record<string, ExcludeValue>> | readonly string[]) {
    super(root, patterns, existsSync);
  }
}
