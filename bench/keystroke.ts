/**
 * Keystroke → findings latency on a 10,000-line Python file, in the analysis core: apply one
 * typed character (`edit`), reparse incrementally and re-run rules (`reanalyze`), build the
 * result (`result`). Prints median / p95 / max over typing sessions at random places, including
 * typing a whole new statement character by character (the tree has errors mid-way).
 */
import { performance } from 'node:perf_hooks';
import { Analyzer } from '../server/src/core/analyzer';
import { LANGUAGES } from '../server/src/core/languages';
import { createNodeHost } from '../server/src/node/host';
import { tenThousandLinePython } from './corpus';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

async function main(): Promise<void> {
  const analyzer = await Analyzer.create(createNodeHost());
  const text = tenThousandLinePython();
  const lines = text.split('\n').length;
  let start = performance.now();
  const document = analyzer.open(text, LANGUAGES.python);
  const openMs = performance.now() - start;
  const samples: number[] = [];
  let seed = 12345;
  const next = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const statement = 'resp = requests.get(url, timeout=5)  # typed\n';
  for (let session = 0; session < 20; session++) {
    // Type at the start of a random line, with that line's indentation.
    const current = document.text;
    let at = current.indexOf('\n', Math.floor(next() * current.length)) + 1;
    const indent = /^[ ]*/.exec(current.slice(at))![0];
    at += indent.length;
    const typed = statement + indent;
    for (let i = 0; i < typed.length; i++) {
      start = performance.now();
      document.edit(at + i, at + i, typed[i]!);
      document.reanalyze();
      document.result();
      samples.push(performance.now() - start);
    }
  }
  samples.sort((a, b) => a - b);
  const fmt = (ms: number): string => `${ms.toFixed(2)} ms`;
  console.log(`keystroke → findings, core only, ${lines} lines, ${samples.length} keystrokes`);
  console.log(`  open (full parse + analysis): ${fmt(openMs)}`);
  console.log(`  median ${fmt(percentile(samples, 50))}  p95 ${fmt(percentile(samples, 95))}  p99 ${fmt(percentile(samples, 99))}  max ${fmt(samples.at(-1)!)}`);
  console.log(`  findings now: ${document.result().findings.length}`);
  document.dispose();
}

void main();
