import { addKeywordArgument, argument, callName, hasKeywordSplat, isNone, isTrue, keywordArgument, keywordValue, replaceNode, stringValue } from '../../python/syntax';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';

/** What the fix writes when no commit is known; it fails loudly at run time until replaced, and stays reported. */
export const REVISION_PLACEHOLDER = 'PIN-A-COMMIT-SHA';
/** A full git commit id: the only revision a repository's owner cannot move. */
const COMMIT = /^[0-9a-f]{40}$/i;
const SHORT_COMMIT = /^[0-9a-f]{7,39}$/i;

/** Libraries whose `X.from_pretrained(id)` fetches `id` from the Hub. */
const MODEL_LIBRARIES = new Set(['transformers', 'diffusers', 'peft', 'sentence_transformers', 'optimum', 'setfit', 'trl', 'huggingface_hub']);
/** `load_dataset` builders that read local or given files rather than a Hub dataset. */
const PACKAGED_BUILDERS = new Set(['csv', 'json', 'parquet', 'text', 'arrow', 'pandas', 'imagefolder', 'audiofolder', 'videofolder', 'webdataset', 'xml', 'sql', 'generator', 'spark']);

type RepoType = 'model' | 'dataset';

/** Where a download call names its repository. */
interface Download {
  position: number;
  keywords: readonly string[];
  /** `undefined`: read from the call's `repo_type=` (hf_hub_download, snapshot_download). */
  repoType?: RepoType;
  /** The argument may be a loaded object instead of an id: only a string literal downloads. */
  idOnlyWhenString?: boolean;
}

function downloadOf(name: string): Download | undefined {
  const parts = name.split('.');
  const module = parts[0]!;
  const last = parts.at(-1);
  if (last === 'from_pretrained' && MODEL_LIBRARIES.has(module)) {
    // PeftModel.from_pretrained(base_model, model_id): the adapter's id comes second.
    if (module === 'peft' && /^Peft(Mixed)?Model(For\w+)?$/.test(parts.at(-2) ?? '')) return { position: 1, keywords: ['model_id'], repoType: 'model' };
    return { position: 0, keywords: ['pretrained_model_name_or_path'], repoType: 'model' };
  }
  if (module === 'huggingface_hub' && (last === 'hf_hub_download' || last === 'snapshot_download')) return { position: 0, keywords: ['repo_id'] };
  if (module === 'datasets' && last === 'load_dataset') return { position: 0, keywords: ['path'], repoType: 'dataset' };
  // pipeline("text-generation", model="org/name"): `model` may also be a model object, and
  // without it transformers takes its own default model at a commit it pins itself.
  if (name === 'transformers.pipeline') return { position: 1, keywords: ['model'], repoType: 'model', idOnlyWhenString: true };
  if (module === 'sentence_transformers' && (last === 'SentenceTransformer' || last === 'CrossEncoder')) {
    return { position: 0, keywords: ['model_name_or_path', 'model_name'], repoType: 'model' };
  }
  return undefined;
}

/** A path on disk, not a Hub id (`name` or `namespace/name`). */
function isLocalPath(repo: string): boolean {
  return repo === '.' || repo === '..' || /^(\.{1,2}|~)?[\\/]/.test(repo) || /^[A-Za-z]:/.test(repo) || repo.includes('\\') || repo.split('/').length > 2;
}

interface State {
  kind: 'missing' | 'none' | 'branch' | 'short' | 'placeholder';
  /** The `revision=` string, for `branch` and `short`. */
  revision?: string;
  /** Repository ids to look up in the local cache, most likely first. */
  repos: string[];
  repoType?: RepoType;
}

export const huggingfaceUnsafeDownload = defineRule<State>({
  meta: {
    id: 'B615',
    name: 'huggingface_unsafe_download',
    title: 'Hugging Face Hub download without a pinned revision',
    severity: 'medium',
    confidence: 'high',
    cwe: 494,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['from_pretrained', 'hf_hub_download', 'snapshot_download', 'load_dataset', 'SentenceTransformer', 'CrossEncoder', 'pipeline'],
  trackedFactories: ['huggingface_hub.HfApi'],
  check(call, ctx) {
    const callee = callName(call, ctx.facts);
    const download = callee?.imported ? downloadOf(callee.name) : undefined;
    if (!download) return undefined;
    const repoNode = download.keywords.map((keyword) => keywordValue(call, keyword)).find(Boolean) ?? argument(call, download.position, download.keywords[0]!);
    if (!repoNode || isTrue(keywordValue(call, 'local_files_only'))) return undefined;
    const repo = stringValue(repoNode);
    if (repo === undefined && download.idOnlyWhenString) return undefined;
    if (repo !== undefined && (isLocalPath(repo) || (download.repoType === 'dataset' && PACKAGED_BUILDERS.has(repo)))) return undefined;
    const repos = repo === undefined ? [] : callee!.name.startsWith('sentence_transformers.') && !repo.includes('/') ? [repo, `sentence-transformers/${repo}`] : [repo];
    const where = { repos, repoType: download.repoType ?? repoTypeOf(call) };
    const fn = `${callee!.name.split('.').at(-1)}()`;

    const keyword = keywordArgument(call, 'revision');
    if (!keyword) {
      if (hasKeywordSplat(call)) return undefined; // **kwargs may carry the revision
      const message = `${fn} downloads from the Hugging Face Hub without a pinned revision: it loads whatever the repository's main branch holds when it runs.`;
      return { node: call.childForFieldName('function')!, message, state: { kind: 'missing', ...where } };
    }
    const value = keyword.childForFieldName('value')!;
    if (isNone(value)) {
      return { node: keyword, message: `${fn} with revision=None loads whatever the repository's main branch holds when it runs; pin a commit sha.`, state: { kind: 'none', ...where } };
    }
    const revision = stringValue(value);
    // A variable or expression is taken as pinned: where it comes from is outside this statement.
    if (revision === undefined || COMMIT.test(revision)) return undefined;
    if (revision === REVISION_PLACEHOLDER) {
      return { node: keyword, message: `Replace the placeholder revision "${REVISION_PLACEHOLDER}" with the commit sha of the revision you reviewed.`, state: { kind: 'placeholder', ...where } };
    }
    if (SHORT_COMMIT.test(revision)) {
      const message = `revision="${revision}" is an abbreviated commit id; the Hub expects the full 40-character sha.`;
      return { node: keyword, message, confidence: 'medium', state: { kind: 'short', revision, ...where } };
    }
    const message = `revision="${revision}" names a branch or tag, which the repository's owner can move to other files; pin a 40-character commit sha.`;
    return { node: keyword, message, state: { kind: 'branch', revision, ...where } };
  },
  fix(report, ctx) {
    const state = report.state!;
    if (state.kind === 'placeholder') return [];
    // The host knows what `main` points to in the local cache: the revision this machine has been running.
    const cached = state.repoType ? state.repos.map((repo) => ctx.host.resolveHuggingFaceRevision?.(repo, state.repoType!)).find(Boolean) : undefined;
    const target = (text: string) => (state.kind === 'missing' ? addKeywordArgument(report.node.parent!, `revision=${text}`, ctx.text) : replaceNode(report.node.childForFieldName('value')!, text));
    if (state.kind === 'short') {
      if (!cached?.startsWith(state.revision!.toLowerCase())) return [];
      return [{ title: `Write out the full commit ${cached}`, applicability: 'safe', edits: [target(`"${cached}"`)] }];
    }
    if (cached && (state.kind !== 'branch' || state.revision === 'main')) {
      return [{ title: `Pin revision="${cached.slice(0, 12)}…" (the commit cached locally for main)`, applicability: 'safe', edits: [target(`"${cached}"`)] }];
    }
    return [
      {
        title: `Write the placeholder revision="${REVISION_PLACEHOLDER}", to replace with a commit sha`,
        applicability: 'display-only',
        edits: [target(`"${REVISION_PLACEHOLDER}"`)],
        caveat: 'The placeholder makes the download fail until you replace it with the 40-character commit sha of the revision you reviewed (the "Files and versions" history on the Hub lists them).',
      },
    ];
  },
  docs: `
## What it does
Reports downloads from the Hugging Face Hub that do not pin a commit: \`X.from_pretrained(id)\`
for classes of \`transformers\`, \`diffusers\`, \`peft\`, \`sentence_transformers\`, \`optimum\`,
\`setfit\`, \`trl\` and \`huggingface_hub\`; \`SentenceTransformer(id)\` and \`CrossEncoder(id)\`;
\`transformers.pipeline(task, model="id")\` (a model given as an object is already loaded);
\`huggingface_hub.hf_hub_download\` and \`snapshot_download\` (also as \`HfApi\` methods); and
\`datasets.load_dataset\`. A download is pinned when its \`revision=\` is a full 40-character commit
sha, or a variable or expression (whose value Vigil cannot see). It is not pinned when
\`revision\` is missing, \`None\`, a branch such as \`"main"\`, a tag such as \`"v1.0"\`, a ref such as
\`"refs/pr/1"\`, or an abbreviated commit such as \`"1a2b3c4"\` (reported with medium confidence).

## Why is this bad?
A branch or a tag is a name the repository's owner, or whoever takes over their account, can
point at other files at any time. Code that downloads by name runs whatever is there when it
runs: modified weights, a pickle that executes code, or new \`trust_remote_code\` Python
(CWE-494). A commit sha names exactly the files you reviewed. Tags are treated as unpinned
because the Hub lets them be deleted and created again on another commit. The Hub asks for
the full-length commit hash; \`huggingface_hub\` treats only 40 hex characters as a commit, so an
abbreviated one is looked up as a name and does not match the local cache.

## Example
\`\`\`python
from transformers import AutoModel
model = AutoModel.from_pretrained("org/model")
model = AutoModel.from_pretrained("org/model", revision="main")
\`\`\`

## Use instead
\`\`\`python
from transformers import AutoModel
model = AutoModel.from_pretrained("org/model", revision="4f1d3a6c0e0b3a8f2d9b7c5e1a2f3b4c5d6e7f80")
\`\`\`

## Beyond Bandit
Vigil resolves imports and aliases, so a local class with a \`from_pretrained\` method is not
reported, and it knows more libraries (\`diffusers\`, \`peft\` — whose \`PeftModel.from_pretrained\`
takes the adapter id second —, \`sentence_transformers\`, …) and \`transformers.pipeline\`, which
Bandit does not check. It does not report local paths
(\`"./ckpt"\`, \`"/models/x"\`, \`"~/x"\`, \`"C:\\x"\`, or anything with more than one \`/\`, which a Hub id
never has), \`load_dataset\`'s packaged builders (\`"csv"\`, \`"json"\`, \`"parquet"\`, …), calls with
\`local_files_only=True\`, calls passing \`**kwargs\` (which may carry the revision), or a revision
given as a variable. Bandit reports a variable revision and accepts any hex string of 7 or more
characters as a commit; Vigil asks for the full sha.

## Fix safety
When the local Hugging Face cache (\`$HF_HUB_CACHE\`, \`$HF_HOME/hub\` or
\`~/.cache/huggingface/hub\`) has the repository, "Pin revision" writes the exact commit its
\`main\` points to, i.e. the files this machine has been running. That fix is safe and replaces a
missing revision, \`None\` or \`"main"\` (and expands an abbreviated sha that the cached commit
starts with). Otherwise the fix writes the placeholder \`revision="${REVISION_PLACEHOLDER}"\`: it is
display-only, never applied in bulk, makes the download fail until it is replaced, and stays
reported (with no further fix) until you put in the commit sha of the revision you reviewed.

## References
- [Hugging Face Hub: download files (revision)](https://huggingface.co/docs/huggingface_hub/en/guides/download)
- [Transformers security policy](https://github.com/huggingface/transformers/blob/main/SECURITY.md)
- [CWE-494: Download of Code Without Integrity Check](https://cwe.mitre.org/data/definitions/494.html)
`,
});

/** `repo_type=` of hf_hub_download / snapshot_download: a model unless it says otherwise; unknown if computed. */
function repoTypeOf(call: Node): RepoType | undefined {
  const value = keywordValue(call, 'repo_type');
  if (!value || isNone(value)) return 'model';
  const type = stringValue(value);
  return type === 'model' || type === 'dataset' ? type : undefined;
}
