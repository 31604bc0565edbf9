/** Every Python rule, one file each. Add a rule here and its fixture under test/fixtures/python. */
import type { Rule } from '../../rule';
import { hardcodedPasswordString } from './B105-hardcoded-password-string';
import { hardcodedPasswordFuncarg } from './B106-hardcoded-password-funcarg';
import { hardcodedPasswordDefault } from './B107-hardcoded-password-default';
import { requestWithoutTimeout } from './B113-request-without-timeout';
import { hardcodedSecret } from './VG101-hardcoded-secret';

export const PYTHON_RULES: readonly Rule[] = [requestWithoutTimeout, hardcodedPasswordString, hardcodedPasswordFuncarg, hardcodedPasswordDefault, hardcodedSecret] as Rule[];
