#!/usr/bin/env node
/**
 * Ruff's flake8-bandit rules (`S`), compiled to WebAssembly (npm `@astral-sh/ruff-wasm-nodejs`),
 * over a list of Python files, one thread: the closest peer to vigil on the same runtime.
 *
 *   node bench/ruff-s.mjs PACKAGE_DIR LIST   # PACKAGE_DIR holds node_modules with the package;
 *                                             # LIST: a JSON array of [path, grammar] pairs
 *
 * Prints one JSON line: { files, findings, seconds, version }.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const started = performance.now();
const [packageDir, listFile] = process.argv.slice(2);
const ruff = createRequire(join(packageDir, 'package.json'))('@astral-sh/ruff-wasm-nodejs');
const list = JSON.parse(readFileSync(listFile, 'utf8'));

const workspace = new ruff.Workspace({ lint: { select: ['S'] } }, ruff.PositionEncoding.Utf16);
let findings = 0;
for (const [path] of list) {
  const diagnostics = workspace.check(readFileSync(path, 'utf8'));
  for (const diagnostic of diagnostics) if (diagnostic.code?.startsWith('S')) findings++;
}
console.log(JSON.stringify({ files: list.length, findings, seconds: (performance.now() - started) / 1000, version: ruff.Workspace.version() }));
