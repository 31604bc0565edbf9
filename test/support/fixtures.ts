import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(__dirname, '..', 'fixtures');

/** Rule fixtures: every source file under test/fixtures/{python,javascript} except golden `.fixed.` files. */
export function fixtureFiles(): string[] {
  return ['python', 'javascript'].flatMap((dir) =>
    readdirSync(join(FIXTURES, dir))
      .filter((name) => !name.includes('.fixed.') && /\.(py|pyi|ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.test(name))
      .map((name) => join(FIXTURES, dir, name)),
  );
}

/** `B113.py` → `B113.fixed.py`. */
export function goldenPath(path: string): string {
  return path.replace(/(\.[a-z]+)$/, '.fixed$1');
}
