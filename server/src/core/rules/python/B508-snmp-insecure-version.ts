import type { FileFacts } from '../../facts';
import type { Node } from '../../parser';
import { argument, cachedCallName, integerValue, isNone } from '../../python/syntax';
import { defineRule } from '../../rule';

/** `pysnmp.hlapi.CommunityData`, and the same class under pysnmp's newer layouts (`pysnmp.hlapi.v3arch.asyncio`). */
export function pysnmpClass(call: Node, facts: FileFacts, name: string): boolean {
  const callee = cachedCallName(call, facts);
  if (!callee) return false;
  if (callee.imported) return callee.name.startsWith('pysnmp.hlapi') && callee.name.endsWith(`.${name}`);
  // `from pysnmp.hlapi import *` is how pysnmp's own examples start.
  return callee.name === name && [...facts.starImports].some((module) => module.startsWith('pysnmp.hlapi'));
}

export const snmpInsecureVersion = defineRule({
  meta: {
    id: 'B508',
    name: 'snmp_insecure_version_check',
    title: 'SNMPv1/v2c in use',
    severity: 'medium',
    confidence: 'high',
    cwe: 319,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['CommunityData'],
  check(call, ctx) {
    if (!pysnmpClass(call, ctx.facts, 'CommunityData')) return undefined;
    const mpModel = argument(call, 2, 'mpModel');
    // mpModel defaults to 1 (SNMPv2c); 0 is SNMPv1. Anything we cannot read is not reported.
    const version = !mpModel || isNone(mpModel) ? 1 : integerValue(mpModel);
    if (version !== 0 && version !== 1) return undefined;
    return {
      node: mpModel && !isNone(mpModel) ? mpModel : call.childForFieldName('function')!,
      message: `The use of SNMP${version === 0 ? 'v1' : 'v2c'} is insecure: community strings travel in clear text. Use SNMPv3 (UsmUserData) if able.`,
    };
  },
  docs: `
## What it does
Reports pysnmp's \`CommunityData(…)\`, which selects SNMPv1 (\`mpModel=0\`) or SNMPv2c
(\`mpModel=1\`, the default).

## Why is this bad?
SNMPv1 and v2c authenticate with a community string sent in clear text and encrypt nothing:
anyone on the path reads the string, the data, and can then query or reconfigure the device
(CWE-319).

## Example
\`\`\`python
from pysnmp.hlapi import CommunityData
auth = CommunityData("public", mpModel=0)
\`\`\`

## Use instead
\`\`\`python
from pysnmp.hlapi import UsmUserData, usmHMACSHAAuthProtocol, usmAesCfb128Protocol
auth = UsmUserData("monitor", auth_key, priv_key,
                   authProtocol=usmHMACSHAAuthProtocol, privProtocol=usmAesCfb128Protocol)
\`\`\`

## Beyond Bandit
Vigil resolves \`from pysnmp.hlapi import *\` (how pysnmp's examples begin) and pysnmp's
newer module layouts (\`pysnmp.hlapi.v3arch.asyncio\`). The finding is on \`mpModel\` when it
is given, else on the callee.

## Fix safety
No fix: SNMPv3 needs a user, keys and device-side configuration.

## References
- [Bandit B508](https://bandit.readthedocs.io/en/latest/plugins/b508_snmp_insecure_version_check.html)
- [RFC 3414: SNMPv3 user-based security](https://www.rfc-editor.org/rfc/rfc3414)
- [CWE-319: Cleartext Transmission of Sensitive Information](https://cwe.mitre.org/data/definitions/319.html)
`,
});
