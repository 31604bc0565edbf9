/** Every Python rule, one file each. Add a rule here and its fixture under test/fixtures/python. */
import type { Rule } from '../../rule';
import { requestWithoutTimeout } from './B113-request-without-timeout';

export const PYTHON_RULES: readonly Rule[] = [requestWithoutTimeout] as Rule[];
