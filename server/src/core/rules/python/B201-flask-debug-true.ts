import { cachedCallName, isTrue, keywordArgument, replaceNode } from '../../python/syntax';
import { defineRule } from '../../rule';

export const flaskDebugTrue = defineRule({
  meta: {
    id: 'B201',
    name: 'flask_debug_true',
    title: 'Flask app run with debug=True',
    severity: 'high',
    confidence: 'medium',
    cwe: 94,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['flask'],
  trackedFactories: ['flask.Flask'],
  check(call, ctx) {
    if (!ctx.facts.importsModule('flask')) return undefined;
    const callee = cachedCallName(call, ctx.facts);
    if (!callee?.name.endsWith('.run')) return undefined;
    const debug = keywordArgument(call, 'debug');
    if (!debug || !isTrue(debug.childForFieldName('value') ?? undefined)) return undefined;
    // The receiver is known to be a Flask app (`app = Flask(__name__)`): more than a guess.
    const isFlaskApp = callee.imported && /^flask\.Flask\(\)\.run$/.test(callee.name);
    return {
      node: debug,
      message: 'A Flask app appears to be run with debug=True, which exposes the Werkzeug debugger and allows the execution of arbitrary code.',
      ...(isFlaskApp ? { confidence: 'high' as const } : {}),
    };
  },
  fix(report) {
    return [
      {
        title: 'Set debug=False',
        applicability: 'unsafe',
        caveat: 'Turns off the interactive debugger and the auto-reloader for this run; enable them in development through FLASK_DEBUG or `flask run --debug` instead.',
        edits: [replaceNode(report.node.childForFieldName('value')!, 'False')],
      },
    ];
  },
  docs: `
## What it does
Reports \`app.run(debug=True)\` in a module that imports Flask.

## Why is this bad?
Debug mode serves the Werkzeug interactive debugger: anyone who can trigger an error page
gets a Python console in the server process, and so can run arbitrary code (CWE-94). A debug
server reachable in production was the likely cause of the 2015 Patreon breach.

## Example
\`\`\`python
from flask import Flask
app = Flask(__name__)
app.run(debug=True)
\`\`\`

## Use instead
\`\`\`python
from flask import Flask
app = Flask(__name__)
app.run()  # in development: FLASK_DEBUG=1 flask run
\`\`\`

## Beyond Bandit
Same trigger as Bandit (any \`….run(debug=True)\` in a module importing \`flask\`, since the
app often comes from another module). When the receiver is known to be a Flask app
(\`app = Flask(__name__)\` in the same file) the confidence is **high** instead of medium.
The finding is on the \`debug=True\` argument.

## Fix safety
"Set debug=False" is **unsafe**: it turns off the debugger and the auto-reloader for every
run of this line, development included. Enable debug mode from the environment
(\`FLASK_DEBUG=1\`, \`flask run --debug\`) rather than in code.

## References
- [Flask: debug mode](https://flask.palletsprojects.com/en/stable/quickstart/#debug-mode)
- [Werkzeug: debugging applications](https://werkzeug.palletsprojects.com/en/stable/debug/)
- [CWE-94: Improper Control of Generation of Code](https://cwe.mitre.org/data/definitions/94.html)
`,
});
