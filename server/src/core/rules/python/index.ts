/** Every Python rule, one file each. Add a rule here and its fixture under test/fixtures/python. */
import type { Rule } from '../../rule';
import { hardcodedPasswordString } from './B105-hardcoded-password-string';
import { hardcodedPasswordFuncarg } from './B106-hardcoded-password-funcarg';
import { hardcodedPasswordDefault } from './B107-hardcoded-password-default';
import { hardcodedTmpDirectory } from './B108-hardcoded-tmp-directory';
import { requestWithoutTimeout } from './B113-request-without-timeout';
import { paramikoCalls } from './B601-paramiko-calls';
import { subprocessPopenWithShellEqualsTrue } from './B602-subprocess-popen-with-shell-equals-true';
import { subprocessWithoutShellEqualsTrue } from './B603-subprocess-without-shell-equals-true';
import { anyOtherFunctionWithShellEqualsTrue } from './B604-any-other-function-with-shell-equals-true';
import { startProcessWithAShell } from './B605-start-process-with-a-shell';
import { startProcessWithNoShell } from './B606-start-process-with-no-shell';
import { startProcessWithPartialPath } from './B607-start-process-with-partial-path';
import { hardcodedSqlExpressions } from './B608-hardcoded-sql-expressions';
import { linuxCommandsWildcardInjection } from './B609-linux-commands-wildcard-injection';
import { djangoExtraUsed } from './B610-django-extra-used';
import { djangoRawsqlUsed } from './B611-django-rawsql-used';
import { loggingConfigInsecureListen } from './B612-logging-config-insecure-listen';
import { trojansource } from './B613-trojansource';
import { pytorchLoad } from './B614-pytorch-load';
import { huggingfaceUnsafeDownload } from './B615-huggingface-unsafe-download';
import { hardcodedSecret } from './VG101-hardcoded-secret';

export const PYTHON_RULES: readonly Rule[] = [hardcodedTmpDirectory, requestWithoutTimeout, hardcodedPasswordString, hardcodedPasswordFuncarg, hardcodedPasswordDefault, hardcodedSecret, paramikoCalls, subprocessPopenWithShellEqualsTrue, subprocessWithoutShellEqualsTrue, anyOtherFunctionWithShellEqualsTrue, startProcessWithAShell, startProcessWithNoShell, startProcessWithPartialPath, linuxCommandsWildcardInjection, hardcodedSqlExpressions, djangoExtraUsed, djangoRawsqlUsed, loggingConfigInsecureListen, trojansource, pytorchLoad, huggingfaceUnsafeDownload] as Rule[];
