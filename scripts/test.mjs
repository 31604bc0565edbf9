#!/usr/bin/env node
// `npm test`: build the bundles, type-check (the core with no platform types), then run every
// test/**/*.test.ts with Node's test runner. Suites that need real editors install what they
// need themselves and say loudly when they cannot.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', shell: false });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const only = process.argv.slice(2);
run(process.execPath, ['esbuild.mjs']);
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']);
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'server/src/core/tsconfig.json']);
// The real-editor suites (test/editors/) are the longest single files, installs included:
// start them first so the other files run beside them instead of after them.
const slowFirst = (files) => [...files.filter((file) => file.startsWith(join('test', 'editors'))), ...files.filter((file) => !file.startsWith(join('test', 'editors')))];
run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...(only.length ? only : slowFirst(testFiles('test').sort()))]);
