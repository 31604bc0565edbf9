import { addKeywordArgument, callName, hasKeywordSplat, isFalse, isNone, keywordArgument, replaceNode } from '../../python/syntax';
import { defineRule } from '../../rule';
import { versionAtLeast } from '../../versions';

/** The first PyTorch release whose `torch.load` defaults to `weights_only=True`. */
const SAFE_DEFAULT = '2.6';

/** `torch.load` under the names it is importable as. `torch.jit.load` reads TorchScript, not pickles. */
const LOADS = new Set(['torch.load', 'torch.serialization.load']);

const CAVEAT =
  'weights_only=True refuses checkpoints that pickle arbitrary Python objects (whole nn.Module objects, custom classes in ' +
  'optimizer or config state). Load those only from files you trust, or allow their classes with ' +
  'torch.serialization.add_safe_globals. The keyword needs PyTorch 1.13 or later.';

interface State {
  /** `missing`: no weights_only; `value`: weights_only=False or None (the keyword is reported). */
  kind: 'missing' | 'value';
  /** `pickle_module=` cannot be combined with weights_only=True, so no fix is offered. */
  customPickle: boolean;
}

export const pytorchLoad = defineRule<State>({
  meta: {
    id: 'B614',
    name: 'pytorch_load',
    title: 'torch.load without weights_only=True',
    severity: 'medium',
    confidence: 'high',
    cwe: 502,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['torch'],
  check(call, ctx) {
    const callee = callName(call, ctx.facts);
    if (!callee?.imported || !LOADS.has(callee.name)) return undefined;
    const customPickle = keywordArgument(call, 'pickle_module') !== undefined;
    const weightsOnly = keywordArgument(call, 'weights_only');
    if (weightsOnly) {
      const value = weightsOnly.childForFieldName('value') ?? undefined;
      // True is safe, and a variable may well be True: only literal False/None are known to unpickle everything.
      if (!isFalse(value) && !isNone(value)) return undefined;
      return {
        node: weightsOnly,
        message: `torch.load() with ${weightsOnly.text} unpickles arbitrary objects: a crafted checkpoint runs code when loaded.`,
        state: { kind: 'value', customPickle },
      };
    }
    if (hasKeywordSplat(call)) return undefined;
    const torchVersion = ctx.options.torchVersion;
    if (versionAtLeast(torchVersion, SAFE_DEFAULT)) {
      return {
        node: call.childForFieldName('function')!,
        message: `torch.load() without weights_only: safe by default with the torch ${torchVersion} this project installs (2.6 and later default to weights_only=True), unless TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD is set or an older torch is used. Say weights_only=True to keep it safe everywhere.`,
        severity: 'low',
        state: { kind: 'missing', customPickle },
      };
    }
    return {
      node: call.childForFieldName('function')!,
      message: 'torch.load() without weights_only=True unpickles arbitrary objects: a crafted checkpoint runs code when loaded.',
      state: { kind: 'missing', customPickle },
    };
  },
  fix(report, ctx) {
    const { kind, customPickle } = report.state!;
    if (customPickle) return [];
    const edit =
      kind === 'value'
        ? replaceNode(report.node.childForFieldName('value')!, 'True')
        : addKeywordArgument(report.node.parent!, 'weights_only=True', ctx.text);
    return [{ title: 'Load tensors only (weights_only=True)', applicability: 'unsafe', edits: [edit], caveat: CAVEAT }];
  },
  docs: `
## What it does
Reports \`torch.load\` calls that do not pass \`weights_only=True\`: the keyword is missing, or
is \`False\` or \`None\`.

## Why is this bad?
\`torch.load\` reads pickles. Without \`weights_only=True\` it rebuilds any Python object the file
names, so a checkpoint downloaded from a model hub, a shared drive or a pull request can run
arbitrary code the moment it is loaded (CWE-502). PyTorch 2.6 made \`weights_only=True\` the
default, but older versions, the \`TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD\` environment variable and
an explicit \`weights_only=False\` all bring the full unpickler back; saying it in the call keeps
the code safe whatever the version.

## Example
\`\`\`python
import torch
state = torch.load("checkpoint.pt", map_location="cpu")
\`\`\`

## Use instead
\`\`\`python
import torch
state = torch.load("checkpoint.pt", map_location="cpu", weights_only=True)
\`\`\`
Or store weights with \`safetensors\`, which cannot hold code at all.

## Beyond Bandit
Where the project installs PyTorch 2.6 or later (pinned in \`requirements*.txt\`,
\`pyproject.toml\`, \`uv.lock\` or \`poetry.lock\`, e.g. \`torch>=2.6\`), a call without
\`weights_only\` is reported at low severity instead of medium, and the message says why: that
\`torch.load\` is safe by default, unless \`TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD\` is set or the code
runs with an older PyTorch elsewhere. An explicit \`weights_only=False\` or \`None\` is reported as
before. Vigil resolves imports (\`import torch as t\`, \`from torch import load\`) and so does not report a
local function that happens to be named \`load\`. It does not report calls whose
\`weights_only\` is a variable or an expression (its value is unknown; Bandit reports those), nor
calls passing \`**kwargs\`, which may carry the keyword. \`torch.jit.load\` reads TorchScript and
is not reported.

## Fix safety
"Load tensors only" adds \`weights_only=True\` (or turns \`False\`/\`None\` into \`True\`). It is
unsafe: checkpoints holding more than tensors and plain containers (a pickled \`nn.Module\`,
custom classes in optimizer or config state) then fail to load. Such files should come only from
trusted sources, or their classes be allowed with \`torch.serialization.add_safe_globals\`.
No fix is offered when \`pickle_module=\` is passed, since PyTorch rejects it together with
\`weights_only=True\`.

## References
- [torch.load](https://pytorch.org/docs/stable/generated/torch.load.html)
- [safetensors](https://github.com/huggingface/safetensors)
- [CWE-502: Deserialization of Untrusted Data](https://cwe.mitre.org/data/definitions/502.html)
`,
});
