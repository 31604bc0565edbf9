/** minimumTorchVersion and minimumNpmVersion: the package versions a project installs, read from its files (temp dirs). */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { minimumNpmVersion } from '../../server/src/node/npm-project';
import { minimumTorchVersion } from '../../server/src/node/project';

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A project folder holding the given files. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'vigil-project-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

describe('minimumTorchVersion', () => {
  it('reads floors from requirements files', () => {
    assert.equal(minimumTorchVersion(project({ 'requirements.txt': 'numpy\ntorch>=2.6\n' })), '2.6');
    assert.equal(minimumTorchVersion(project({ 'requirements.txt': 'torch==2.7.1+cu126 ; python_version >= "3.10"\n' })), '2.7.1+cu126');
    assert.equal(minimumTorchVersion(project({ 'requirements.txt': 'torch[opt] ~= 2.6.0  # pinned\n' })), '2.6.0');
    assert.equal(minimumTorchVersion(project({ 'requirements.txt': 'torch>=2.4,<3,!=2.5.0\n' })), '2.4');
    assert.equal(minimumTorchVersion(project({ 'requirements.txt': 'torch @ https://download.example/whl/torch-2.6.0+cpu-cp311-cp311-linux_x86_64.whl\n' })), '2.6.0+cpu');
  });

  it('takes the lowest floor of every declaration, and none when one has no floor', () => {
    assert.equal(minimumTorchVersion(project({ 'requirements.txt': 'torch>=2.6\n', 'requirements-dev.txt': 'torch>=2.3\n' })), '2.3');
    assert.equal(minimumTorchVersion(project({ 'requirements.txt': 'torch>=2.6\n', 'requirements/gpu.txt': 'torch\n' })), undefined);
    assert.equal(minimumTorchVersion(project({ 'requirements.txt': 'torch<2.6\n' })), undefined);
  });

  it('follows -r includes, once each', () => {
    const root = project({ 'requirements.txt': '-r requirements/base.txt\n', 'requirements/base.txt': '-r ../requirements.txt\ntorch==2.8.0\n' });
    assert.equal(minimumTorchVersion(root), '2.8.0');
  });

  it('does not take torchvision or torchaudio for torch', () => {
    assert.equal(minimumTorchVersion(project({ 'requirements.txt': 'torchvision>=0.21\ntorchaudio==2.6.0\n' })), undefined);
  });

  it('reads pyproject.toml: PEP 621, optional dependencies, dependency groups, Poetry', () => {
    assert.equal(minimumTorchVersion(project({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["torch>=2.6.0", "numpy"]\n' })), '2.6.0');
    assert.equal(minimumTorchVersion(project({ 'pyproject.toml': '[project]\nname = "x"\n[project.optional-dependencies]\ngpu = ["torch==2.5.1"]\n' })), '2.5.1');
    assert.equal(minimumTorchVersion(project({ 'pyproject.toml': '[dependency-groups]\ntrain = ["torch>=2.7"]\n' })), '2.7');
    assert.equal(minimumTorchVersion(project({ 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.10"\ntorch = "^2.6"\n' })), '2.6');
    assert.equal(minimumTorchVersion(project({ 'pyproject.toml': '[tool.poetry.group.ml.dependencies]\ntorch = { version = ">=2.6,<3", source = "pytorch" }\n' })), '2.6');
    assert.equal(minimumTorchVersion(project({ 'pyproject.toml': '[tool.poetry.dependencies]\ntorch = "*"\n' })), undefined);
  });

  it('prefers what a lock file locks over what is declared', () => {
    const uv = '[[package]]\nname = "numpy"\nversion = "2.1.0"\n\n[[package]]\nname = "torch"\nversion = "2.6.0"\n';
    assert.equal(minimumTorchVersion(project({ 'requirements.txt': 'torch\n', 'uv.lock': uv })), '2.6.0');
    const poetry = '[[package]]\nname = "torch"\nversion = "2.5.1"\ndescription = ""\n';
    assert.equal(minimumTorchVersion(project({ 'pyproject.toml': '[tool.poetry.dependencies]\ntorch = "^2.6"\n', 'poetry.lock': poetry })), '2.5.1');
    const two = '[[package]]\nname = "torch"\nversion = "2.7.0"\n\n[[package]]\nname = "torch"\nversion = "2.6.0+cpu"\n';
    assert.equal(minimumTorchVersion(project({ 'uv.lock': two })), '2.6.0+cpu');
  });

  it('returns undefined for a project without torch, and skips malformed files', () => {
    assert.equal(minimumTorchVersion(project({ 'requirements.txt': 'numpy\n' })), undefined);
    assert.equal(minimumTorchVersion(project({})), undefined);
    assert.equal(minimumTorchVersion(project({ 'pyproject.toml': '[project\nbroken', 'requirements.txt': 'torch>=2.6\n' })), '2.6');
  });
});

describe('minimumNpmVersion', () => {
  const json = (value: unknown): string => JSON.stringify(value);

  it('reads the floor of the range package.json declares, in any dependency field, taking the lowest', () => {
    assert.equal(minimumNpmVersion(project({ 'package.json': json({ dependencies: { 'js-yaml': '^3.13.1' } }) }), 'js-yaml'), '3.13.1');
    assert.equal(minimumNpmVersion(project({ 'package.json': json({ devDependencies: { 'js-yaml': '~4.1.0' } }) }), 'js-yaml'), '4.1.0');
    assert.equal(minimumNpmVersion(project({ 'package.json': json({ dependencies: { 'js-yaml': '3.x || ^4.1.0' } }) }), 'js-yaml'), '3.0.0');
    assert.equal(minimumNpmVersion(project({ 'package.json': json({ dependencies: { 'js-yaml': '^4.1.0' }, peerDependencies: { 'js-yaml': '>=3.14 <5' } }) }), 'js-yaml'), '3.14.0');
  });

  it('says nothing for ranges without a floor, other specifiers, or a package not declared', () => {
    for (const range of ['*', '', 'x', 'latest', 'github:nodeca/js-yaml', 'file:../js-yaml']) {
      assert.equal(minimumNpmVersion(project({ 'package.json': json({ dependencies: { 'js-yaml': range } }) }), 'js-yaml'), undefined, range);
    }
    assert.equal(minimumNpmVersion(project({ 'package.json': json({ dependencies: { yaml: '^2.0.0' } }) }), 'js-yaml'), undefined);
    assert.equal(minimumNpmVersion(project({ 'package.json': '{ not json' }), 'js-yaml'), undefined);
  });

  it('prefers what a lock file installs at the top of node_modules (lockfile v3 and v1, shrinkwrap first)', () => {
    const manifest = json({ dependencies: { 'js-yaml': '^4.0.0' } });
    assert.equal(minimumNpmVersion(project({ 'package.json': manifest, 'package-lock.json': json({ lockfileVersion: 3, packages: { 'node_modules/js-yaml': { version: '4.1.0' }, 'node_modules/x/node_modules/js-yaml': { version: '3.14.1' } } }) }), 'js-yaml'), '4.1.0');
    assert.equal(minimumNpmVersion(project({ 'package-lock.json': json({ lockfileVersion: 1, dependencies: { 'js-yaml': { version: '3.12.0' } } }) }), 'js-yaml'), '3.12.0');
    const both = project({ 'npm-shrinkwrap.json': json({ packages: { 'node_modules/js-yaml': { version: '3.14.0' } } }), 'package-lock.json': json({ packages: { 'node_modules/js-yaml': { version: '4.1.0' } } }) });
    assert.equal(minimumNpmVersion(both, 'js-yaml'), '3.14.0');
  });
});
