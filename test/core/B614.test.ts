/** B614's fix is unsafe (it refuses checkpoints holding arbitrary objects) and says so; it is withheld where PyTorch would reject it. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LANGUAGES } from '../../server/src/core/languages';
import { testAnalyzer } from '../support/analyzer';
import { applyEdits } from '../support/edits';

async function b614(text: string) {
  const document = (await testAnalyzer()).open(text, LANGUAGES.python);
  try {
    return document
      .result()
      .findings.filter((finding) => finding.ruleId === 'B614')
      .map((finding) => ({ reported: text.slice(finding.start, finding.end), fixes: document.fixes(finding) }));
  } finally {
    document.dispose();
  }
}

describe('B614 pytorch_load', () => {
  it('offers weights_only=True as an unsafe fix with a caveat', async () => {
    const text = 'import torch as t\nt.load(path, map_location="cpu")\n';
    const [finding] = await b614(text);
    assert.equal(finding!.reported, 't.load');
    const [fix] = finding!.fixes;
    assert.equal(fix!.applicability, 'unsafe');
    assert.match(fix!.caveat ?? '', /add_safe_globals/);
    const fixed = applyEdits(text, fix!.edits);
    assert.equal(fixed, 'import torch as t\nt.load(path, map_location="cpu", weights_only=True)\n');
    assert.deepEqual(await b614(fixed), []);
  });

  it('reports weights_only=False on the keyword and turns it into True', async () => {
    const text = 'from torch import load\nload(path, weights_only=False)\n';
    const [finding] = await b614(text);
    assert.equal(finding!.reported, 'weights_only=False');
    assert.equal(applyEdits(text, finding!.fixes[0]!.edits), 'from torch import load\nload(path, weights_only=True)\n');
  });

  it('reports but offers no fix when pickle_module= is passed', async () => {
    const [finding] = await b614('import torch\ntorch.load(path, pickle_module=dill)\n');
    assert.deepEqual(finding!.fixes, []);
  });

  it('leaves a load that is not torch.load alone, even when torch is imported', async () => {
    assert.deepEqual(await b614('import torch\nimport pickle\npickle.load(f)\ntorch.jit.load(p)\nload(p)\n'), []);
  });
});
