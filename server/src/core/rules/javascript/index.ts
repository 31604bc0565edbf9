/** Every TypeScript/JavaScript rule, one file each. Add a rule here and its fixture under test/fixtures/javascript. */
import type { Rule } from '../../rule';

export const JAVASCRIPT_RULES: readonly Rule[] = [] as Rule[];
