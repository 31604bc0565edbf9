/** B614 knows that PyTorch 2.6 made torch.load safe by default (options.torchVersion), and versions compare as PEP 440 says. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { languageForPath } from '../../server/src/core/languages';
import { versionAtLeast } from '../../server/src/core/versions';
import { testAnalyzer } from '../support/analyzer';

describe('versionAtLeast', () => {
  it('compares release numbers, padding with zeros, ignoring local labels', () => {
    assert.ok(versionAtLeast('2.6', '2.6'));
    assert.ok(versionAtLeast('2.6.0', '2.6'));
    assert.ok(versionAtLeast('2.10.1', '2.6'));
    assert.ok(versionAtLeast('2.6.0+cu124', '2.6'));
    assert.ok(!versionAtLeast('2.5.1', '2.6'));
    assert.ok(!versionAtLeast('1.13', '2.6'));
  });

  it('puts a pre-release before its release, and refuses what does not parse', () => {
    assert.ok(!versionAtLeast('2.6.0rc1', '2.6'));
    assert.ok(versionAtLeast('2.7.0rc1', '2.6'));
    assert.ok(!versionAtLeast(undefined, '2.6'));
    assert.ok(!versionAtLeast('latest', '2.6'));
  });
});

describe('B614 with the project torch version', () => {
  const python = languageForPath('x.py')!;
  const text = 'import torch\ntorch.load("a.pt")\ntorch.load("b.pt", weights_only=False)\n';

  it('lowers a missing weights_only to low severity from torch 2.6 on, and says why', async () => {
    const analyzer = await testAnalyzer();
    const [missing, explicit] = analyzer.analyze(text, python, { torchVersion: '2.6.0' }).findings.filter((f) => f.ruleId === 'B614');
    assert.equal(missing?.severity, 'low');
    assert.match(missing!.message, /2\.6\.0/);
    assert.match(missing!.message, /default/);
    assert.equal(explicit?.severity, 'medium', 'an explicit weights_only=False stays medium');
  });

  it('keeps medium severity below 2.6 or when the version is unknown, and the fix either way', async () => {
    const analyzer = await testAnalyzer();
    for (const torchVersion of ['2.5.1', undefined]) {
      const findings = analyzer.analyze(text, python, { torchVersion }).findings.filter((f) => f.ruleId === 'B614');
      assert.deepEqual(findings.map((f) => f.severity), ['medium', 'medium'], String(torchVersion));
    }
    const document = analyzer.open(text, python, { torchVersion: '2.7' });
    try {
      const finding = document.result().findings.find((f) => f.ruleId === 'B614')!;
      assert.equal(document.fixes(finding)[0]?.title, 'Load tensors only (weights_only=True)');
    } finally {
      document.dispose();
    }
  });
});
