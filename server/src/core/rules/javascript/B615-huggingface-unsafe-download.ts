import {
  addProperty,
  callArguments,
  callName,
  calleeOf,
  codeStyle,
  hasSpreadArgument,
  hasSpreadProperty,
  insertArgument,
  isNullish,
  objectLiteral,
  property,
  propertyValue,
  quoteOf,
  quoteString,
  replaceNode,
  stringValue,
  unwrap,
} from '../../javascript/syntax';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';
import type { Fix } from '../../types';
import { twinMeta } from '../python/index';

/**
 * What the fix writes when no commit is known: the same text as the Python B615's, so one search
 * finds every placeholder. It fails loudly at run time until replaced, and stays reported.
 */
export const REVISION_PLACEHOLDER = 'PIN-A-COMMIT-SHA';
/** A full git commit id: the only revision a repository's owner cannot move. */
const COMMIT = /^[0-9a-f]{40}$/i;
const SHORT_COMMIT = /^[0-9a-f]{7,39}$/i;

/** Transformers.js, under its current and its former package name. */
const PACKAGE = /^@(?:huggingface|xenova)\/transformers\./;

interface Download {
  /** Which argument is the model id, and which the options object. */
  model: number;
  options: number;
}

function downloadOf(name: string): Download | undefined {
  if (!PACKAGE.test(name)) return undefined;
  const rest = name.replace(PACKAGE, '');
  if (rest === 'pipeline') return { model: 1, options: 2 };
  if (/^[\w$]+\.from_pretrained$/.test(rest)) return { model: 0, options: 1 };
  return undefined;
}

/** A path on disk, not a Hub id (`name` or `namespace/name`). */
function isLocalPath(repo: string): boolean {
  return repo === '.' || repo === '..' || /^(\.{1,2}|~)?[\\/]/.test(repo) || /^[A-Za-z]:/.test(repo) || repo.includes('\\') || repo.split('/').length > 2;
}

interface State {
  kind: 'missing' | 'none' | 'branch' | 'short' | 'placeholder' | 'default-model';
  /** The `revision` string, for `branch` and `short`. */
  revision?: string;
  /** The model id, when written as a literal: looked up in the local cache. */
  repo?: string;
  call: Node;
  download: Download;
}

export const jsHuggingfaceUnsafeDownload = defineRule<State>({
  meta: twinMeta('B615'),
  family: 'javascript',
  nodeTypes: ['call_expression'],
  triggers: ['transformers'],
  check(call, ctx) {
    const callee = callName(call, ctx.facts);
    const download = callee?.imported ? downloadOf(callee.name) : undefined;
    if (!download || hasSpreadArgument(call)) return undefined;
    const args = callArguments(call);
    const fn = `${callee!.name.split('.').at(-1)}()`;
    const calleeNode = calleeOf(call)!;
    const modelNode = args[download.model];
    if (!modelNode || isNullish(modelNode)) {
      const message = `${fn} without a model downloads the task's default model from the Hugging Face Hub at whatever revision its main branch holds; name the model and pin its revision.`;
      return { node: calleeNode, message, state: { kind: 'default-model', call, download } };
    }
    const repo = stringValue(modelNode);
    if (repo !== undefined && isLocalPath(repo)) return undefined;
    const where = { repo, call, download };

    const optionsNode = args[download.options];
    const options = objectLiteral(optionsNode);
    if (optionsNode && !options) return undefined; // options built elsewhere may carry the revision
    const localOnly = options && propertyValue(options, 'local_files_only');
    if (localOnly && unwrap(localOnly).type === 'true') return undefined;
    const revisionProperty = options && property(options, 'revision');
    if (!revisionProperty) {
      if (options && hasSpreadProperty(options)) return undefined; // `...defaults` may carry the revision
      const message = `${fn} downloads from the Hugging Face Hub without a pinned revision: it loads whatever the repository's main branch holds when it runs.`;
      return { node: calleeNode, message, state: { kind: 'missing', ...where } };
    }
    const value = propertyValue(options!, 'revision')!;
    if (isNullish(value)) {
      return { node: revisionProperty, message: `${fn} with revision ${unwrap(value).text} loads whatever the repository's main branch holds when it runs; pin a commit sha.`, state: { kind: 'none', ...where } };
    }
    const revision = stringValue(value);
    // A variable or expression is taken as pinned: where it comes from is outside this statement.
    if (revision === undefined || revisionProperty.type !== 'pair' || COMMIT.test(revision)) return undefined;
    if (revision === REVISION_PLACEHOLDER) {
      return { node: revisionProperty, message: `Replace the placeholder revision '${REVISION_PLACEHOLDER}' with the commit sha of the revision you reviewed.`, state: { kind: 'placeholder', ...where } };
    }
    if (SHORT_COMMIT.test(revision)) {
      const message = `revision '${revision}' is an abbreviated commit id, which the Hub resolves at run time; pin the full 40-character sha.`;
      return { node: revisionProperty, message, confidence: 'medium', state: { kind: 'short', revision, ...where } };
    }
    const message = `revision '${revision}' names a branch or tag, which the repository's owner can move to other files; pin a 40-character commit sha.`;
    return { node: revisionProperty, message, state: { kind: 'branch', revision, ...where } };
  },
  fix(report, ctx) {
    const state = report.state!;
    if (state.kind === 'placeholder' || state.kind === 'default-model') return [];
    const args = callArguments(state.call);
    const modelNode = args[state.download.model]!;
    // Written like the model id next to it, else like the rest of the file.
    const modelQuote = unwrap(modelNode).type === 'string' ? quoteOf(modelNode) : '`';
    const quote = modelQuote === '`' ? codeStyle(ctx.root, ctx.text, ctx.options.path).quote : modelQuote;
    // The host knows what `main` points to in the local cache: the revision this machine has been running.
    const cached = state.repo === undefined ? undefined : ctx.host.resolveHuggingFaceRevision?.(state.repo, 'model');
    const target = (revision: string) => {
      const literal = quoteString(revision, quote);
      if (state.kind !== 'missing') return replaceNode(report.node.childForFieldName('value')!, literal);
      const options = objectLiteral(args[state.download.options]);
      if (options) return addProperty(options, `revision: ${literal}`, ctx.text);
      const fillers = Array<string>(Math.max(0, state.download.options - args.length)).fill('undefined');
      return insertArgument(state.call, args.length, [...fillers, `{ revision: ${literal} }`].join(', '), ctx.text);
    };
    if (state.kind === 'short') {
      if (!cached?.startsWith(state.revision!.toLowerCase())) return [];
      return [{ title: `Write out the full commit ${cached}`, applicability: 'safe', edits: [target(cached)] }];
    }
    if (cached && (state.kind !== 'branch' || state.revision === 'main')) {
      return [{ title: `Pin revision: ${quote}${cached.slice(0, 12)}…${quote} (the commit cached locally for main)`, applicability: 'safe', edits: [target(cached)] }];
    }
    const placeholder: Fix = {
      title: `${state.kind === 'missing' ? 'Add' : 'Set'} revision: ${quoteString(REVISION_PLACEHOLDER, quote)} to replace with a commit sha`,
      applicability: 'display-only',
      edits: [target(REVISION_PLACEHOLDER)],
      caveat:
        'The placeholder makes the download fail until you replace it with the 40-character commit sha of the revision you reviewed (the "Files and versions" history on the Hub lists them).',
    };
    return [placeholder];
  },
  docs: `
## What it does
Reports Transformers.js (\`@huggingface/transformers\`, formerly \`@xenova/transformers\`)
downloads from the Hugging Face Hub that do not pin a commit: \`pipeline(task, model, options)\`
and \`X.from_pretrained(model, options)\` for any class of the package (\`AutoModel\`,
\`AutoTokenizer\`, \`AutoProcessor\`, …). A download is pinned when its \`revision\` option is a full
40-character commit sha, or a variable or expression (whose value Vigil cannot see). It is not
pinned when \`revision\` is missing, \`null\`/\`undefined\`, a branch such as \`'main'\`, a tag such as
\`'v1.0'\`, or an abbreviated commit such as \`'1a2b3c4'\` (reported with medium confidence).
\`pipeline(task)\` without a model is reported too: it downloads the task's default model.

## Why is this bad?
A branch or a tag is a name the repository's owner, or whoever takes over their account, can
point at other files at any time. Code that downloads by name runs whatever is there when it
runs: modified weights or a changed tokenizer and config (CWE-494). A commit sha names exactly
the files you reviewed.

## Example
\`\`\`ts
import { pipeline } from '@huggingface/transformers';
const classify = await pipeline('sentiment-analysis', 'org/model');
\`\`\`

## Use instead
\`\`\`ts
import { pipeline } from '@huggingface/transformers';
const classify = await pipeline('sentiment-analysis', 'org/model', { revision: '4f1d3a6c0e0b3a8f2d9b7c5e1a2f3b4c5d6e7f80' });
\`\`\`

## Beyond Bandit
Bandit checks Python only (B615 there covers \`transformers\`, \`datasets\` and
\`huggingface_hub\`). In TS/JS Vigil resolves imports, \`require\` and destructuring, so a local
function named \`pipeline\` is not reported. It does not report local paths (\`'./models/x'\`,
\`'/models/x'\`, or anything with more than one \`/\`, which a Hub id never has), calls with
\`local_files_only: true\`, options that are not an object literal or that spread another object
(either may carry the revision), or a revision given as a variable. Bandit accepts any hex string
of 7 or more characters as a commit; Vigil asks for the full sha. The models a dynamic
\`await import('@huggingface/transformers')\` loads are not followed.

## Fix safety
When the local Hugging Face cache (\`$HF_HUB_CACHE\`, \`$HF_HOME/hub\` or
\`~/.cache/huggingface/hub\`) has the model, "Pin revision" writes the exact commit its \`main\`
points to, i.e. the files this machine has been running. That fix is safe and replaces a missing
revision, \`null\`/\`undefined\` or \`'main'\` (and expands an abbreviated sha that the cached commit
starts with); the revision is added to the options object, or passed as a new one. Otherwise the
fix writes the placeholder \`revision: '${REVISION_PLACEHOLDER}'\`: it is display-only, never
applied in bulk, makes the download fail until it is replaced, and stays reported (with no
further fix) until you put in the commit sha of the revision you reviewed. \`pipeline(task)\`
without a model has no fix: choose the model first.

## References
- [Transformers.js: pipelines](https://huggingface.co/docs/transformers.js/pipelines)
- [Transformers.js: PretrainedOptions (revision)](https://huggingface.co/docs/transformers.js/api/utils/hub)
- [CWE-494: Download of Code Without Integrity Check](https://cwe.mitre.org/data/definitions/494.html)
`,
});
