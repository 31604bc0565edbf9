/** Every Python rule, one file each. Add a rule here and its fixture under test/fixtures/python. */
import type { Rule } from '../../rule';
import type { RuleMeta } from '../../types';
import { BLACKLIST_IMPORT_RULES } from './blacklist-imports';
import { BLACKLIST_CALL_RULES } from './blacklist-calls';
import { snmpCryptoCheck } from './B509-snmp-crypto-check';
import { snmpInsecureVersion } from './B508-snmp-insecure-version';
import { sshNoHostKeyVerification } from './B507-ssh-no-host-key-verification';
import { yamlLoad } from './B506-yaml-load';
import { weakCryptographicKey } from './B505-weak-cryptographic-key';
import { sslWithNoVersion } from './B504-ssl-with-no-version';
import { sslWithBadDefaults } from './B503-ssl-with-bad-defaults';
import { sslWithBadVersion } from './B502-ssl-with-bad-version';
import { requestWithNoCertValidation } from './B501-request-with-no-cert-validation';
import { hashlibInsecure } from './B324-hashlib';
import { tarfileUnsafeMembers } from './B202-tarfile-unsafe-members';
import { flaskDebugTrue } from './B201-flask-debug-true';
import { tryExceptContinue } from './B112-try-except-continue';
import { tryExceptPass } from './B110-try-except-pass';
import { hardcodedBindAllInterfaces } from './B104-hardcoded-bind-all-interfaces';
import { setBadFilePermissions } from './B103-set-bad-file-permissions';
import { execUsed } from './B102-exec-used';
import { assertUsed } from './B101-assert-used';
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
import { jinja2AutoescapeFalse } from './B701-jinja2-autoescape-false';
import { useOfMakoTemplates } from './B702-use-of-mako-templates';
import { djangoMarkSafe } from './B703-django-mark-safe';
import { markupsafeMarkupXss } from './B704-markupsafe-markup-xss';
import { hardcodedSecret } from './VG101-hardcoded-secret';
import { huggingfaceTrustRemoteCode } from './VG102-huggingface-trust-remote-code';

export const PYTHON_RULES: readonly Rule[] = [hardcodedTmpDirectory, requestWithoutTimeout, hardcodedPasswordString, hardcodedPasswordFuncarg, hardcodedPasswordDefault, hardcodedSecret, paramikoCalls, subprocessPopenWithShellEqualsTrue, subprocessWithoutShellEqualsTrue, anyOtherFunctionWithShellEqualsTrue, startProcessWithAShell, startProcessWithNoShell, startProcessWithPartialPath, linuxCommandsWildcardInjection, hardcodedSqlExpressions, djangoExtraUsed, djangoRawsqlUsed, loggingConfigInsecureListen, trojansource, pytorchLoad, huggingfaceUnsafeDownload, jinja2AutoescapeFalse, useOfMakoTemplates, djangoMarkSafe, markupsafeMarkupXss, huggingfaceTrustRemoteCode, assertUsed, execUsed, setBadFilePermissions, hardcodedBindAllInterfaces, tryExceptPass, tryExceptContinue, flaskDebugTrue, tarfileUnsafeMembers, hashlibInsecure, requestWithNoCertValidation, sslWithBadVersion, sslWithBadDefaults, sslWithNoVersion, weakCryptographicKey, yamlLoad, sshNoHostKeyVerification, snmpInsecureVersion, snmpCryptoCheck, ...BLACKLIST_CALL_RULES, ...BLACKLIST_IMPORT_RULES] as Rule[];

/**
 * The meta of the Python rule with this Bandit ID, for its TS/JS twin: the ID's name, severity,
 * confidence and CWE are defined once, so `# nosec B324` and `// nosec B324` always name the
 * same check. A twin may word its own title.
 */
export function twinMeta(id: string, title?: string): RuleMeta {
  const rule = PYTHON_RULES.find((candidate) => candidate.meta.id === id);
  if (!rule) throw new Error(`no Python rule ${id} to share its meta with`);
  return title === undefined ? rule.meta : { ...rule.meta, title };
}

