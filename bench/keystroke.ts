/**
 * Keystroke → findings latency on a 10,000-line Python file, in the analysis core: apply one
 * typed character (`edit`), reparse incrementally and re-run rules (`reanalyze`), build the
 * result (`result`). Prints median / p95 / max over typing sessions at random places, including
 * typing a whole new statement character by character (the tree has errors mid-way).
 */
import { performance } from 'node:perf_hooks';
import { Analyzer, KEYSTROKE_BUDGET } from '../server/src/core/analyzer';
import { LANGUAGES } from '../server/src/core/languages';
import { createNodeHost } from '../server/src/node/host';
import { tenThousandLinePython } from './corpus';

const SESSIONS = Number(process.env.SESSIONS ?? 20);

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
  const analysed: number[] = [];
  const chunks: number[] = [];
  let fullPasses = 0;
  // The floor: the same edits applied to a bare tree-sitter tree and reparsed, with no rules.
  const floor: number[] = [];
  let shadowText = text;
  let shadow = analyzer.parse(LANGUAGES.python, shadowText);
  let seed = 12345;
  const next = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const statement = 'resp = requests.get(url, timeout=5)  # typed\n';
  for (let session = 0; session < SESSIONS; session++) {
    // Type at the start of a random line, with that line's indentation.
    const current = document.text;
    let at = current.indexOf('\n', Math.floor(next() * current.length)) + 1;
    const indent = /^[ ]*/.exec(current.slice(at))![0];
    at += indent.length;
    const typed = statement + indent;
    for (let i = 0; i < typed.length; i++) {
      const offset = at + i;
      const row = shadowText.slice(0, offset).split('\n').length - 1;
      const column = offset - (shadowText.lastIndexOf('\n', offset - 1) + 1);
      shadowText = shadowText.slice(0, offset) + typed[i] + shadowText.slice(offset);
      const point = { row, column };
      shadow.edit({ startIndex: offset, oldEndIndex: offset, newEndIndex: offset + 1, startPosition: point, oldEndPosition: point, newEndPosition: typed[i] === '\n' ? { row: row + 1, column: 0 } : { row, column: column + 1 } });
      start = performance.now();
      const reparsed = analyzer.parse(LANGUAGES.python, shadowText, shadow);
      floor.push(performance.now() - start);
      shadow.delete();
      shadow = reparsed;
      start = performance.now();
      document.edit(at + i, at + i, typed[i]!);
      document.reanalyze(KEYSTROKE_BUDGET);
      document.result();
      samples.push(performance.now() - start);
      // What the server does between keystrokes when idle: settle deferred work in chunks.
      while (document.hasDeferredWork) {
        const chunkStart = performance.now();
        document.reanalyze(KEYSTROKE_BUDGET);
        chunks.push(performance.now() - chunkStart);
      }
      if (document.stats.full) fullPasses++;
      analysed.push(document.stats.analysedLength);
    }
  }
  samples.sort((a, b) => a - b);
  floor.sort((a, b) => a - b);
  shadow.delete();
  const fmt = (ms: number): string => `${ms.toFixed(2)} ms`;
  console.log(`keystroke → findings (edit + reparse + rules within KEYSTROKE_BUDGET + suppressions), core only, ${lines} lines, ${samples.length} keystrokes`);
  console.log(`  open (full parse + analysis): ${fmt(openMs)}`);
  console.log(`  median ${fmt(percentile(samples, 50))}  p95 ${fmt(percentile(samples, 95))}  p99 ${fmt(percentile(samples, 99))}  max ${fmt(samples.at(-1)!)}`);
  console.log(`  floor (incremental reparse alone): median ${fmt(percentile(floor, 50))}  p95 ${fmt(percentile(floor, 95))}  max ${fmt(floor.at(-1)!)}`);
  analysed.sort((a, b) => a - b);
  chunks.sort((a, b) => a - b);
  if (chunks.length) console.log(`  idle settling of deferred regions: ${chunks.length} chunks, median ${fmt(percentile(chunks, 50))}, p95 ${fmt(percentile(chunks, 95))}, max ${fmt(chunks.at(-1)!)}`);
  console.log(`  full re-analyses: ${fullPasses}; characters re-analysed per keystroke: median ${percentile(analysed, 50)}, p95 ${percentile(analysed, 95)}`);
  console.log(`  findings now: ${document.result().findings.length}`);
  document.dispose();
}

void main();
