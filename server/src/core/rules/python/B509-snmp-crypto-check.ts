import { argument, isNone } from '../../python/syntax';
import { defineRule } from '../../rule';
import { pysnmpClass } from './B508-snmp-insecure-version';

export const snmpCryptoCheck = defineRule({
  meta: {
    id: 'B509',
    name: 'snmp_crypto_check',
    title: 'SNMPv3 without encryption',
    severity: 'medium',
    confidence: 'high',
    cwe: 319,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['UsmUserData'],
  check(call, ctx) {
    if (!pysnmpClass(call, ctx.facts, 'UsmUserData')) return undefined;
    const privKey = argument(call, 2, 'privKey');
    if (privKey && !isNone(privKey)) return undefined;
    return {
      node: privKey ?? call.childForFieldName('function')!,
      message: 'You should not use SNMPv3 without encryption: noAuthNoPriv and authNoPriv send the data in clear text.',
    };
  },
  docs: `
## What it does
Reports pysnmp's \`UsmUserData(…)\` without a privacy key (\`privKey\`), i.e. SNMPv3 in the
\`noAuthNoPriv\` or \`authNoPriv\` security level.

## Why is this bad?
Without a privacy key SNMPv3 encrypts nothing: the values read from and written to the
device travel in clear text (CWE-319).

## Example
\`\`\`python
from pysnmp.hlapi import UsmUserData
auth = UsmUserData("monitor", auth_key)
\`\`\`

## Use instead
\`\`\`python
from pysnmp.hlapi import UsmUserData, usmHMACSHAAuthProtocol, usmAesCfb128Protocol
auth = UsmUserData("monitor", auth_key, priv_key,
                   authProtocol=usmHMACSHAAuthProtocol, privProtocol=usmAesCfb128Protocol)
\`\`\`

## Beyond Bandit
Vigil resolves \`from pysnmp.hlapi import *\` and pysnmp's newer module layouts. The
finding is on \`privKey=None\` when given, else on the callee.

## Fix safety
No fix: a privacy key must be provisioned on the device too.

## References
- [Bandit B509](https://bandit.readthedocs.io/en/latest/plugins/b509_snmp_crypto_check.html)
- [RFC 3414: SNMPv3 user-based security](https://www.rfc-editor.org/rfc/rfc3414)
- [CWE-319: Cleartext Transmission of Sensitive Information](https://cwe.mitre.org/data/definitions/319.html)
`,
});
