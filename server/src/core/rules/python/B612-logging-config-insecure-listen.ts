import { argument, cachedCallName, isNone } from '../../python/syntax';
import { defineRule } from '../../rule';

export const loggingConfigInsecureListen = defineRule<undefined>({
  meta: {
    id: 'B612',
    name: 'logging_config_insecure_listen',
    title: 'logging.config.listen without verify',
    severity: 'medium',
    confidence: 'high',
    cwe: 94,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['listen'],
  check(call, ctx) {
    const callee = cachedCallName(call, ctx.facts);
    if (!callee?.imported || callee.name !== 'logging.config.listen') return undefined;
    const verify = argument(call, 1, 'verify');
    if (verify && !isNone(verify)) return undefined;
    return { node: call.childForFieldName('function')!, message: 'logging.config.listen without verify: anyone who can connect to the port can send a configuration, and configurations can run code. Pass verify= to check a signature.' };
  },
  docs: `
## What it does
Reports \`logging.config.listen()\` calls without a \`verify\` function (or with \`verify=None\`).

## Why is this bad?
The listener accepts logging configurations on a socket and applies them; a configuration can
name classes and callables to construct, so whoever can connect to the port (any local user
or process, or more behind a port forward) runs code in this process (CWE-94).

## Example
\`\`\`python
import logging.config
thread = logging.config.listen(9999)
\`\`\`

## Use instead
\`\`\`python
import hmac
import logging.config

def verified(data: bytes) -> bytes | None:
    signature, payload = data[:32], data[32:]
    expected = hmac.digest(KEY, payload, "sha256")
    return payload if hmac.compare_digest(signature, expected) else None

thread = logging.config.listen(9999, verify=verified)
\`\`\`

## Beyond Bandit
\`verify=None\` is reported as well (it is the default), and \`verify\` given by position counts.
Aliases resolve (\`from logging import config\`, \`from logging.config import listen\`).

## Fix safety
No automatic fix: the verification needs a key and a signing scheme.

## References
- [Python: logging.config.listen](https://docs.python.org/3/library/logging.config.html#logging.config.listen)
- [CWE-94: Code Injection](https://cwe.mitre.org/data/definitions/94.html)
`,
});
