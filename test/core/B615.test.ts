/**
 * B615's fix pins the commit the local Hugging Face cache has for `main` when the host knows it
 * (a safe fix), and otherwise writes a placeholder that stays reported. Both paths, through a
 * host with a fixed table and through the Node host reading a temporary HF cache.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Analyzer } from '../../server/src/core/analyzer';
import { LANGUAGES } from '../../server/src/core/languages';
import { REVISION_PLACEHOLDER } from '../../server/src/core/rules/python/B615-huggingface-unsafe-download';
import type { Fix } from '../../server/src/core/types';
import { createNodeHost, huggingFaceCachedRevision } from '../../server/src/node/host';
import { analyzerWithHost, testAnalyzer } from '../support/analyzer';
import { applyEdits } from '../support/edits';

const MODEL_SHA = '0123456789abcdef0123456789abcdef01234567';
const DATASET_SHA = 'fedcba9876543210fedcba9876543210fedcba98';

/** The B615 fixes of a text's findings, in order. */
function b615Fixes(analyzer: Analyzer, text: string): { message: string; fixes: Fix[] }[] {
  const document = analyzer.open(text, LANGUAGES.python);
  try {
    return document
      .result()
      .findings.filter((finding) => finding.ruleId === 'B615')
      .map((finding) => ({ message: finding.message, fixes: document.fixes(finding) }));
  } finally {
    document.dispose();
  }
}

function fixOnly(analyzer: Analyzer, text: string): Fix {
  const found = b615Fixes(analyzer, text);
  assert.equal(found.length, 1, `one B615 finding in ${text}`);
  assert.equal(found[0]!.fixes.length, 1, `one fix for ${text}`);
  return found[0]!.fixes[0]!;
}

describe('B615 fix with a host that knows the cached revision', () => {
  const lookups: string[] = [];
  const analyzer = analyzerWithHost({
    resolveHuggingFaceRevision(repoId, repoType) {
      lookups.push(`${repoType}:${repoId}`);
      if (repoType === 'model' && repoId === 'org/model') return MODEL_SHA;
      if (repoType === 'dataset' && repoId === 'org/data') return DATASET_SHA;
      return undefined;
    },
  });

  it('adds the cached commit of a model as a safe fix, and nothing is reported afterwards', async () => {
    const text = 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("org/model")\n';
    const fix = fixOnly(await analyzer, text);
    assert.equal(fix.applicability, 'safe');
    const fixed = applyEdits(text, fix.edits);
    assert.equal(fixed, `from transformers import AutoModel\nmodel = AutoModel.from_pretrained("org/model", revision="${MODEL_SHA}")\n`);
    assert.deepEqual(b615Fixes(await analyzer, fixed), []);
  });

  it('replaces revision="main" and revision=None with the cached commit', async () => {
    for (const revision of ['"main"', 'None']) {
      const text = `import transformers as tf\ntf.AutoTokenizer.from_pretrained(\n    "org/model",\n    revision=${revision},\n)\n`;
      const fix = fixOnly(await analyzer, text);
      assert.equal(fix.applicability, 'safe');
      assert.equal(applyEdits(text, fix.edits), `import transformers as tf\ntf.AutoTokenizer.from_pretrained(\n    "org/model",\n    revision="${MODEL_SHA}",\n)\n`);
    }
  });

  it('looks datasets up as datasets: load_dataset and repo_type="dataset"', async () => {
    lookups.length = 0;
    const loads = 'from datasets import load_dataset\nload_dataset("org/data")\n';
    assert.equal(applyEdits(loads, fixOnly(await analyzer, loads).edits), `from datasets import load_dataset\nload_dataset("org/data", revision="${DATASET_SHA}")\n`);
    const downloads = 'import huggingface_hub as hub\nhub.snapshot_download("org/data", repo_type="dataset")\n';
    assert.equal(fixOnly(await analyzer, downloads).edits[0]!.newText, `, revision="${DATASET_SHA}"`);
    assert.deepEqual(lookups, ['dataset:org/data', 'dataset:org/data']);
  });

  it('expands an abbreviated commit the cached one starts with, and offers nothing for one it does not', async () => {
    const text = `from transformers import AutoModel\nAutoModel.from_pretrained("org/model", revision="${MODEL_SHA.slice(0, 7)}")\n`;
    const fix = fixOnly(await analyzer, text);
    assert.equal(fix.applicability, 'safe');
    assert.ok(applyEdits(text, fix.edits).includes(`revision="${MODEL_SHA}"`));
    const other = 'from transformers import AutoModel\nAutoModel.from_pretrained("org/model", revision="abcdef1")\n';
    assert.deepEqual(b615Fixes(await analyzer, other)[0]!.fixes, []);
  });

  it('does not pin a tag to the commit cached for main', async () => {
    const text = 'from transformers import AutoModel\nAutoModel.from_pretrained("org/model", revision="v1.0")\n';
    const fix = fixOnly(await analyzer, text);
    assert.equal(fix.applicability, 'display-only');
    assert.ok(applyEdits(text, fix.edits).includes(`revision="${REVISION_PLACEHOLDER}"`));
  });
});

describe('B615 fix without a cached revision', () => {
  it('writes a display-only placeholder that stays reported, with no further fix', async () => {
    const analyzer = await analyzerWithHost({ resolveHuggingFaceRevision: () => undefined });
    const text = 'from huggingface_hub import hf_hub_download\nhf_hub_download(repo_id=repo, filename="config.json")\n';
    const fix = fixOnly(analyzer, text);
    assert.equal(fix.applicability, 'display-only');
    assert.ok(fix.caveat);
    const fixed = applyEdits(text, fix.edits);
    assert.equal(fixed, `from huggingface_hub import hf_hub_download\nhf_hub_download(repo_id=repo, filename="config.json", revision="${REVISION_PLACEHOLDER}")\n`);
    const after = b615Fixes(analyzer, fixed);
    assert.equal(after.length, 1);
    assert.match(after[0]!.message, /Replace the placeholder/);
    assert.deepEqual(after[0]!.fixes, []);
  });

  it('does not ask a host that cannot resolve revisions', async () => {
    const analyzer = await Analyzer.create({ loadWasm: createNodeHost().loadWasm });
    const text = 'from transformers import AutoModel\nAutoModel.from_pretrained("org/model")\n';
    assert.equal(fixOnly(analyzer, text).applicability, 'display-only');
  });
});

describe('the Node host reads the Hugging Face cache', () => {
  const home = mkdtempSync(join(tmpdir(), 'vigil-hf-'));
  after(() => rmSync(home, { recursive: true, force: true }));
  const writeRef = (hub: string, folder: string, content: string) => {
    mkdirSync(join(hub, folder, 'refs'), { recursive: true });
    writeFileSync(join(hub, folder, 'refs', 'main'), content);
  };
  writeRef(join(home, 'hub'), 'models--org--model', `${MODEL_SHA}\n`);
  writeRef(join(home, 'hub'), 'datasets--org--data', DATASET_SHA);
  writeRef(join(home, 'hub'), 'models--org--broken', 'not a commit');
  writeRef(join(home, 'other-hub'), 'models--org--model', DATASET_SHA);

  it('finds refs/main under $HF_HOME/hub by repository type', () => {
    const env = { HF_HOME: home };
    assert.equal(huggingFaceCachedRevision('org/model', 'model', env), MODEL_SHA);
    assert.equal(huggingFaceCachedRevision('org/data', 'dataset', env), DATASET_SHA);
    assert.equal(huggingFaceCachedRevision('org/data', 'model', env), undefined);
    assert.equal(huggingFaceCachedRevision('org/missing', 'model', env), undefined);
    assert.equal(huggingFaceCachedRevision('org/broken', 'model', env), undefined, 'a ref that is not a commit is ignored');
  });

  it('prefers $HF_HUB_CACHE over $HF_HOME', () => {
    assert.equal(huggingFaceCachedRevision('org/model', 'model', { HF_HOME: home, HF_HUB_CACHE: join(home, 'other-hub') }), DATASET_SHA);
  });

  it('feeds the B615 fix end to end', async () => {
    const analyzer = await Analyzer.create(createNodeHost({ env: { HF_HOME: home } }));
    const text = 'from transformers import AutoModel\nAutoModel.from_pretrained("org/model")\n';
    const fix = fixOnly(analyzer, text);
    assert.equal(fix.applicability, 'safe');
    assert.ok(applyEdits(text, fix.edits).includes(`revision="${MODEL_SHA}"`));
  });
});

describe('B615 detection', () => {
  it('reports the revision keyword for branches and tags, and the callee when it is missing', async () => {
    const analyzer = await testAnalyzer();
    const text = [
      'from transformers import AutoModel',
      'AutoModel.from_pretrained("org/model", revision="main")',
      'AutoModel.from_pretrained("org/model", revision="refs/pr/1")',
      'AutoModel.from_pretrained("org/model")',
      '',
    ].join('\n');
    const found = analyzer.analyze(text, LANGUAGES.python).findings.map((finding) => text.slice(finding.start, finding.end));
    assert.deepEqual(found, ['revision="main"', 'revision="refs/pr/1"', 'AutoModel.from_pretrained']);
  });
});
