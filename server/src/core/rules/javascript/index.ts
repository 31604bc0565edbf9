/** Every TypeScript/JavaScript rule, one file each. Add a rule here and its fixture under test/fixtures/javascript. */
import type { Rule } from '../../rule';
import { jsHardcodedBindAllInterfaces } from './B104-hardcoded-bind-all-interfaces';
import { jsHardcodedTmpDirectory } from './B108-hardcoded-tmp-directory';
import { jsRequestWithoutTimeout } from './B113-request-without-timeout';
import { jsEval } from './B307-eval';
import { jsRequestWithNoCertValidation } from './B501-request-with-no-cert-validation';
import { jsSslWithBadVersion } from './B502-ssl-with-bad-version';
import { jsSubprocessPopenWithShellEqualsTrue } from './B602-subprocess-popen-with-shell-equals-true';
import { jsStartProcessWithAShell } from './B605-start-process-with-a-shell';
import { jsHuggingfaceUnsafeDownload } from './B615-huggingface-unsafe-download';
import { jsUnescapedHtml } from './B704-unescaped-html';
import { jsCleartextCredentials } from './VG110-cleartext-credentials';
import { jsPathTraversal } from './VG120-path-traversal';
import { jsReflectedRequestData } from './VG121-reflected-request-data';
import { jsSetBadFilePermissions } from './B103-set-bad-file-permissions';
import { jsHardcodedPasswordString } from './B105-hardcoded-password-string';
import { jsHardcodedSecret } from './VG101-hardcoded-secret';
import { jsJwtNoneAlgorithm } from './VG122-jwt-none-algorithm';
import { jsJwtDecodeWithoutVerify } from './VG123-jwt-decode-without-verify';
import { jsInsecureCookie } from './VG124-insecure-cookie';
import { jsUnsafeDeserialization } from './B301-unsafe-deserialization';
import { jsYamlLoad } from './B506-yaml-load';
import { jsHardcodedSqlExpressions } from './B608-hardcoded-sql-expressions';

export const JAVASCRIPT_RULES: readonly Rule[] = [jsHardcodedTmpDirectory, jsRequestWithoutTimeout, jsHuggingfaceUnsafeDownload, jsEval, jsStartProcessWithAShell, jsSubprocessPopenWithShellEqualsTrue, jsUnescapedHtml, jsPathTraversal, jsReflectedRequestData, jsSetBadFilePermissions, jsHardcodedPasswordString, jsHardcodedSecret, jsRequestWithNoCertValidation, jsSslWithBadVersion, jsHardcodedBindAllInterfaces, jsCleartextCredentials, jsJwtNoneAlgorithm, jsJwtDecodeWithoutVerify, jsInsecureCookie, jsUnsafeDeserialization, jsYamlLoad, jsHardcodedSqlExpressions] as Rule[];
