import type { Node } from '../../parser';
import { keywordValue, stringValue } from '../../python/syntax';
import { defineRule } from '../../rule';

export const huggingfaceTrustRemoteCode = defineRule<undefined>({
  meta: {
    id: 'VG102',
    name: 'huggingface_trust_remote_code',
    title: 'Hugging Face model or dataset loaded with trust_remote_code=True',
    severity: 'high',
    confidence: 'high',
    cwe: 94,
  },
  family: 'python',
  nodeTypes: ['keyword_argument', 'pair'],
  triggers: ['trust_remote_code'],
  check(node) {
    if (!node.text.includes('trust_remote_code')) return undefined; // cheap first
    const isKeyword = node.type === 'keyword_argument';
    const name = isKeyword ? node.childForFieldName('name')?.text : pairKey(node);
    if (name !== 'trust_remote_code' || !isTruthyLiteral(node.childForFieldName('value'))) return undefined;
    if (isKeyword && node.parent?.parent?.type !== 'call') return undefined;
    const call = isKeyword ? node.parent!.parent! : enclosingCall(node);
    const pin = call ? (keywordValue(call, 'revision') ?? keywordValue(call, 'code_revision')) : undefined;
    const revision = pin ? stringValue(pin) : undefined;
    if (revision !== undefined && /^[0-9a-f]{40}$/.test(revision)) {
      return {
        node,
        message: `trust_remote_code=True runs the repository's Python code, pinned here to commit ${revision.slice(0, 7)}: review that commit's code, and re-review when the pin changes.`,
        severity: 'low',
      };
    }
    return {
      node,
      message: 'trust_remote_code=True runs Python code from the model or dataset repository on this machine, whatever its author (or whoever takes over the repository) puts there next. Pin revision= to a reviewed commit, or use a model that needs no remote code.',
    };
  },
  docs: `
## What it does
Reports \`trust_remote_code=True\` passed to a call (\`AutoModel.from_pretrained\`, \`pipeline\`,
\`load_dataset\`, \`SentenceTransformer\`, vLLM's \`LLM\`…) or given in a dict of options
(\`model_kwargs={"trust_remote_code": True}\`).

## Why is this bad?
With \`trust_remote_code=True\`, Transformers and Datasets download Python files from the hub
repository and import them: the repository's owner, or anyone who compromises the account,
runs code on every machine that loads the model, with its credentials and data (CWE-94).
Without a pinned revision, the code can change between two runs of the same program.

## Example
\`\`\`python
from transformers import AutoModelForCausalLM
model = AutoModelForCausalLM.from_pretrained("some-org/some-model", trust_remote_code=True)
\`\`\`

## Use instead
\`\`\`python
from transformers import AutoModelForCausalLM
model = AutoModelForCausalLM.from_pretrained(
    "some-org/some-model",
    trust_remote_code=True,  # nosec VG102 - reviewed modeling code at this commit
    revision="0123456789abcdef0123456789abcdef01234567",
)
\`\`\`
Better still, use a model whose architecture the library ships, which needs no remote code.

## Beyond Bandit
Bandit has no check for this (VG102 is Vigil's; B615 covers unpinned downloads). A call that pins
\`revision\` to a full commit hash is still reported, at low severity: the code can no longer
change unseen, but it still runs. A value that is not a literal (\`trust_remote_code=args.trust\`)
is a setting and is not reported.

## Fix safety
No automatic fix: removing the flag breaks models that need their own code, and a pin needs a
reviewed commit.

## References
- [Transformers: Custom models and remote code](https://huggingface.co/docs/transformers/en/custom_models)
- [Datasets: load_dataset trust_remote_code](https://huggingface.co/docs/datasets/en/package_reference/loading_methods#datasets.load_dataset)
- [CWE-94: Code Injection](https://cwe.mitre.org/data/definitions/94.html)
`,
});

function pairKey(pair: Node): string | undefined {
  const key = pair.childForFieldName('key');
  return key && (key.type === 'string' || key.type === 'concatenated_string') ? stringValue(key) : undefined;
}

function isTruthyLiteral(value: Node | null | undefined): boolean {
  return value?.type === 'true' || (value?.type === 'integer' && Number(value.text) !== 0);
}

/** The call a `{"trust_remote_code": True}` dict is passed to, if it is passed directly. */
function enclosingCall(pair: Node): Node | undefined {
  const dict = pair.parent;
  const holder = dict?.parent?.type === 'keyword_argument' ? dict.parent.parent : dict?.parent;
  return holder?.type === 'argument_list' && holder.parent?.type === 'call' ? holder.parent : undefined;
}

