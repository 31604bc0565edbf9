#!/usr/bin/env node
// `npm run bench`: speed and latency benchmarks. They print numbers; no test asserts timings.
import { spawnSync } from 'node:child_process';

for (const bench of ['bench/keystroke.ts', 'bench/scan.ts']) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', bench], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
