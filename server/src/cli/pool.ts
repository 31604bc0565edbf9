/**
 * `--jobs N`: scanning in N worker threads (node:worker_threads), each with its own Analyzer
 * (its own wasm runtime and grammars). Workers pull files one at a time (a few queued each, so
 * none waits for its next file), and every report is stored at its file's index: the result is
 * the same list, in the same order, whatever N is and however the files were shared out.
 *
 * The worker runs this very module: the bundle (dist/cli.js) when bundled, this file through
 * tsx when run from source.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { GrammarName } from '../core/languages';
import type { ScanTarget } from './files';
import type { FileReport } from './report';
import { FileScanner, readTarget, scanTargets, type ScanSettings } from './scan';

/** Files queued per worker: enough to hide a message's round trip, few enough to share out the tail evenly. */
const IN_FLIGHT = 4;
/** Below this many files per worker, starting workers costs more than it saves (default only). */
const FILES_PER_WORKER = 64;

interface WorkerInit {
  vigilScanWorker: true;
  settings: ScanSettings;
  grammars: GrammarName[];
  distDir: string | undefined;
}

type ToWorker = { index: number; target: ScanTarget } | { stop: true };
type FromWorker = { ready: true } | { index: number; report: FileReport } | { fatal: string };

/** How many workers a scan of `files` files uses: `--jobs` as given, else one per core when worth it. */
export function workerCount(requested: number | undefined, files: number): number {
  if (requested !== undefined) return Math.max(1, Math.min(requested, files));
  return Math.max(1, Math.min(availableParallelism(), Math.floor(files / FILES_PER_WORKER)));
}

export interface ScanRun {
  targets: readonly ScanTarget[];
  settings: ScanSettings;
  grammars: GrammarName[];
  distDir: string | undefined;
  jobs: number;
  /** Called after each file with the number of files done. */
  progress?: (done: number) => void;
}

/** Scan every target: in this thread for one job, else in `jobs` workers. Reports are in target order. */
export async function runScan(run: ScanRun): Promise<FileReport[]> {
  if (run.targets.length === 0) return [];
  if (run.jobs <= 1) {
    const scanner = await FileScanner.create(run.settings, run.grammars, run.distDir);
    let done = 0;
    return scanTargets(run.targets, (read) => {
      const report = scanner.scan(read);
      run.progress?.(++done);
      return report;
    });
  }
  return scanInWorkers(run);
}

/** Only needed from source; a variable, so the bundler does not try to resolve it. */
const TSX_REGISTER = 'tsx/cjs/api';

function workerEntry(): { source: string; eval: boolean } {
  if (!__filename.endsWith('.ts')) return { source: __filename, eval: false };
  // From source: load tsx's CommonJS hook in the worker, then this file.
  return { source: `require(${JSON.stringify(require.resolve(TSX_REGISTER))}).register(); require(${JSON.stringify(__filename)});`, eval: true };
}

async function scanInWorkers(run: ScanRun): Promise<FileReport[]> {
  const reports: FileReport[] = new Array<FileReport>(run.targets.length);
  const entry = workerEntry();
  const init: WorkerInit = { vigilScanWorker: true, settings: run.settings, grammars: run.grammars, distDir: run.distDir };
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let running = run.jobs;
      const feed = (worker: Worker): void => {
        if (next < run.targets.length) {
          const index = next++;
          worker.postMessage({ index, target: run.targets[index]! } satisfies ToWorker);
        }
      };
      for (let i = 0; i < run.jobs; i++) {
        const worker = new Worker(entry.source, { eval: entry.eval, workerData: init });
        workers.push(worker);
        let inFlight = 0;
        const top = (): void => {
          while (inFlight < IN_FLIGHT && next < run.targets.length) {
            inFlight++;
            feed(worker);
          }
          if (inFlight === 0) {
            worker.postMessage({ stop: true } satisfies ToWorker);
          }
        };
        worker.on('message', (message: FromWorker) => {
          if ('fatal' in message) {
            reject(new Error(`scan worker failed: ${message.fatal}`));
            return;
          }
          if ('report' in message) {
            reports[message.index] = message.report;
            inFlight--;
            run.progress?.(++done);
          }
          top();
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (code !== 0) reject(new Error(`scan worker exited with code ${code}`));
          else if (--running === 0) resolve();
        });
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return reports;
}

/** The worker side: one FileScanner, one file per message. */
async function serveWorker(init: WorkerInit): Promise<void> {
  const port = parentPort!;
  let scanner: FileScanner;
  try {
    scanner = await FileScanner.create(init.settings, init.grammars, init.distDir);
  } catch (error) {
    port.postMessage({ fatal: error instanceof Error ? error.message : String(error) } satisfies FromWorker);
    return;
  }
  port.on('message', (message: ToWorker) => {
    if ('stop' in message) port.close();
    else port.postMessage({ index: message.index, report: scanner.scan(readTarget(message.target)) } satisfies FromWorker);
  });
  port.postMessage({ ready: true } satisfies FromWorker);
}

if (!isMainThread && (workerData as Partial<WorkerInit> | null)?.vigilScanWorker) void serveWorker(workerData as WorkerInit);
