/**
 * The secret detectors (server/src/core/secrets.ts) and how VG101 and B105–B107 use them: what
 * each detector finds and refuses, that messages never show a secret in full, the entropy
 * heuristic and its test-file default, and the `secrets` option. All values are made up.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { languageForPath } from '../../server/src/core/languages';
import {
  findSecrets,
  isPasswordName,
  isPlaceholderSecret,
  isSecretishName,
  isTestPath,
  looksRandom,
  maskSecret,
  shannonEntropy,
} from '../../server/src/core/secrets';
import { testAnalyzer } from '../support/analyzer';

const SAMPLES: Record<string, string> = {
  'aws-access-key-id': 'AKIA1234567890ABCDEF',
  'github-token': 'ghp_0123456789abcdefghijABCDEFGHIJ012345',
  'slack-webhook': 'https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdEFGH1234ijklMNOP5678',
  'slack-token': 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  'openai-key': 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh',
  'anthropic-key': 'sk-ant-api03-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh',
  'huggingface-token': 'hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ01234567',
  'private-key': '-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ',
  jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  'connection-string': 'postgres://app:Sup3rS3cret@db.internal:5432/app',
  'stripe-key': 'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
  'google-api-key': 'AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q',
  'gitlab-token': 'glpat-Ab3dEf6hIj9kLm2nOp5q',
};

describe('secret detectors', () => {
  for (const [kind, sample] of Object.entries(SAMPLES)) {
    it(`finds a ${kind}, alone and inside a longer string`, () => {
      assert.deepEqual(findSecrets(sample).map((match) => match.kind), [kind]);
      const embedded = `Authorization: ${sample} (rotated yearly)`;
      const [match] = findSecrets(embedded);
      assert.equal(match?.kind, kind);
      assert.ok(embedded.slice(match!.start, match!.end).length > 0);
    });
  }

  it('reports the secret part of a connection string: its password', () => {
    const [match] = findSecrets('mysql://root:Tr0ub4dor@localhost/db');
    assert.equal('mysql://root:Tr0ub4dor@localhost/db'.slice(match!.start, match!.end), 'Tr0ub4dor');
  });

  it('tells an Anthropic key from an OpenAI key', () => {
    assert.deepEqual(findSecrets(SAMPLES['anthropic-key']!).map((match) => match.kind), ['anthropic-key']);
  });

  const NOT_SECRETS = [
    'AKIAIOSFODNN7EXAMPLE', // AWS's documented example
    '-----BEGIN RSA PRIVATE KEY-----', // a header a parser looks for
    'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.', // unsigned
    'postgres://app:${DB_PASSWORD}@db/app',
    'postgres://app:password@db/app',
    'postgres://app:{password}@db/app',
    'postgres://app@db/app',
    'https://user@example.com/path',
    'sk-this-is-not-a-real-key-value-at-all',
    'hf_hub_download_and_cache_the_model_files',
    'ghp_short',
    'npm_config_registry_value_for_the_project',
    'the task is to ask for a token',
  ];
  for (const value of NOT_SECRETS) {
    it(`finds nothing in ${JSON.stringify(value)}`, () => {
      assert.deepEqual(findSecrets(value), []);
    });
  }
});

describe('masking', () => {
  it('shows at most four characters, never more than half, then an ellipsis', () => {
    assert.equal(maskSecret('ghp_0123456789abcdefghijABCDEFGHIJ012345'), 'ghp_…');
    assert.equal(maskSecret('hunter2'), 'hun…');
    assert.equal(maskSecret('abc'), 'a…');
    assert.equal(maskSecret('x'), '…');
  });

  it('no VG101 or B105–B107 message contains a secret or password in full', async () => {
    const analyzer = await testAnalyzer();
    const secrets = [...Object.values(SAMPLES), 'q8Zr3L0pXv9Tn2Wb7Ys4Kd1M', 'hunter2', 'opensesame'];
    const text = [
      ...Object.values(SAMPLES).map((sample, i) => `value_${i} = "${sample}"`),
      'api_key = "q8Zr3L0pXv9Tn2Wb7Ys4Kd1M"',
      'password = "hunter2"',
      'connect(password="opensesame")',
      'def f(secret="hunter2"): pass',
    ].join('\n');
    const { findings } = analyzer.analyze(text, languageForPath('app.py')!, { path: 'app.py' });
    const ids = findings.map((finding) => finding.ruleId);
    assert.equal(ids.filter((id) => id === 'VG101').length, Object.keys(SAMPLES).length + 1);
    assert.deepEqual(ids.filter((id) => id !== 'VG101'), ['B105', 'B106', 'B107']);
    for (const finding of findings) {
      for (const secret of secrets) assert.ok(!finding.message.includes(secret), `${finding.ruleId} message shows ${secret}: ${finding.message}`);
    }
  });
});

describe('entropy heuristic', () => {
  it('measures Shannon entropy in bits per character', () => {
    assert.equal(shannonEntropy('aaaa'), 0);
    assert.equal(shannonEntropy('abcd'), 2);
    assert.equal(shannonEntropy(''), 0);
  });

  it('takes random credentials for random, and words, identifiers, versions and paths not', () => {
    for (const value of ['q8Zr3L0pXv9Tn2Wb7Ys4Kd1M', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ9k2LmN0pQr', '3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e']) {
      assert.ok(looksRandom(value), value);
    }
    for (const value of ['this_is_not_random_at_all', 'my-application-name-2024', 'MyApplicationName2024', 'test_model_checkpoint_v2', '1.2.3.4567890123456789', 'aaaaaaaaaaaaaaaaaaaaaaaa1', '0123456789abcdef', 'your-api-key-here-please']) {
      assert.ok(!looksRandom(value), value);
    }
  });

  it('knows secret-ish names in any case style, and not names that describe a secret', () => {
    for (const name of ['api_key', 'apiKey', 'ACCESS_KEY', 'client_secret', 'credentials', 'AUTH', 'stripeApiKey', 'privateKey']) assert.ok(isSecretishName(name), name);
    for (const name of ['key', 'cache_key', 'sort_key', 'api_key_name', 'pad_token', 'secret_path', 'is_auth']) assert.ok(!isSecretishName(name), name);
  });

  it('is off in test files, where format-recognised secrets are still reported', async () => {
    const analyzer = await testAnalyzer();
    const text = 'api_key = "q8Zr3L0pXv9Tn2Wb7Ys4Kd1M"\ntoken_value = "ghp_0123456789abcdefghijABCDEFGHIJ012345"\n';
    const python = languageForPath('x.py')!;
    const lines = (path: string): number[] => analyzer.analyze(text, python, { path }).findings.filter((f) => f.ruleId === 'VG101').map((f) => text.slice(0, f.start).split('\n').length);
    assert.deepEqual(lines('src/app/config.py'), [1, 2]);
    for (const path of ['tests/unit/config.py', 'src/test_config.py', 'src/config_test.py', 'conftest.py', 'C:\\proj\\tests\\x.py']) {
      assert.deepEqual(lines(path), [2], path);
    }
    const inTests = analyzer.analyze(text, python, { path: 'tests/unit/config.py', secretEntropyInTests: true }).findings.filter((f) => f.ruleId === 'VG101');
    assert.equal(inTests.length, 2, 'secretEntropyInTests turns the heuristic on in tests');
  });

  it('recognises test files by folder and file name', () => {
    for (const path of ['tests/a.py', '/repo/pkg/tests/sub/a.py', 'test_a.py', 'pkg/a_test.py', 'conftest.py', 'file:///repo/tests/a.py', 'src/a.test.ts', 'src/__tests__/a.js', 'src/a.spec.tsx']) {
      assert.ok(isTestPath(path), path);
    }
    for (const path of ['src/app.py', 'src/testing_utils.py', 'src/contest.py', 'attests/a.py', undefined]) assert.ok(!isTestPath(path), String(path));
  });
});

describe('the secrets option', () => {
  const text = 'GITHUB_TOKEN = "ghp_0123456789abcdefghijABCDEFGHIJ012345"\n';

  it('turns VG101 off; B105 then reports the value itself', async () => {
    const analyzer = await testAnalyzer();
    const python = languageForPath('x.py')!;
    assert.deepEqual(analyzer.analyze(text, python, { path: 'app.py' }).findings.map((f) => f.ruleId), ['VG101']);
    assert.deepEqual(analyzer.analyze(text, python, { path: 'app.py', secrets: false }).findings.map((f) => f.ruleId), ['B105']);
    assert.deepEqual(analyzer.analyze(text, python, { path: 'app.py', ignore: ['VG101'] }).findings.map((f) => f.ruleId), ['B105']);
  });
});

describe('password names and placeholders (B105–B107)', () => {
  it("follows Bandit's words as whole parts of a name", () => {
    for (const name of ['password', 'PASSWORD', 'db_password', 'passwd', 'pwd', 'secret', 'SECRET_KEY', 'api_token', 'passphrase', 'user_pass']) assert.ok(isPasswordName(name), name);
    for (const name of ['NextToken', 'apiToken', 'passenger', 'tokens', 'bypass', 'secretary']) assert.ok(!isPasswordName(name), name);
  });

  it('leaves out names that describe a secret or use "token" for text', () => {
    for (const name of ['token_type', 'TOKEN_URL', 'password_min_length', 'PASSWORD_FIELD', 'is_password', 'pad_token', 'eos_token', 'next_token', 'page_token', 'password_prompt']) {
      assert.ok(!isPasswordName(name), name);
    }
  });

  it('knows placeholders, and that "changeme" is a real default password', () => {
    for (const value of ['', '   ', 'xxx', 'XXXXXXXX', '***', '<password>', '${PASSWORD}', '$TOKEN', '%(password)s', '{password}', '{{ secret }}', 'your-api-key-here', 'REDACTED', 'DB_PASSWORD', '[PAD]', '<|endoftext|>']) {
      assert.ok(isPlaceholderSecret(value), JSON.stringify(value));
    }
    for (const value of ['changeme', 'hunter2', 'admin', 'mypassword', 'P@ssw0rd!']) assert.ok(!isPlaceholderSecret(value), value);
  });

  it('reports "changeme" in test files too', async () => {
    const analyzer = await testAnalyzer();
    const { findings } = analyzer.analyze('password = "changeme"\n', languageForPath('x.py')!, { path: 'tests/test_login.py' });
    assert.deepEqual(findings.map((f) => f.ruleId), ['B105']);
  });
});
