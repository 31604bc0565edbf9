/**
 * `--jobs N`: scanning in N threads, the main one and N-1 workers (node:worker_threads), each
 * with its own Analyzer (its own wasm runtime and grammars). Workers pull files one at a time (a few queued each, so
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
import { FileScanner, readTarget, type ScanSettings } from './scan';

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

/**
 * Scan every target with `jobs` threads: this one and `jobs - 1` workers, all taking the next
 * file from one queue. This thread is one of the jobs because it would otherwise sit idle,
 * and one worker fewer is one start-up (bundle, wasm runtime, grammars) fewer. Reports are in
 * target order.
 */
export async function runScan(run: ScanRun): Promise<FileReport[]> {
  const reports = new Array<FileReport>(run.targets.length);
  if (run.targets.length === 0) return reports;
  let next = 0;
  let done = 0;
  const queue: FileQueue = {
    take: () => (next < run.targets.length ? next++ : undefined),
    target: (index) => run.targets[index]!,
    finish: (index, report) => {
      reports[index] = report;
      run.progress?.(++done);
    },
  };
  const helpers = new Helpers(Math.min(run.jobs, run.targets.length) - 1, run, queue);
  try {
    const scanner = await FileScanner.create(run.settings, run.grammars, run.distDir);
    for (let index = queue.take(); index !== undefined; index = queue.take()) {
      queue.finish(index, scanner.scan(readTarget(run.targets[index]!)));
      if (helpers.failure) throw helpers.failure;
      // Let the workers' messages in, so they get their next files without waiting.
      if (helpers.count > 0 || index % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await helpers.finished();
  } finally {
    await helpers.terminate();
  }
  return reports;
}

/** Files this thread scans between two turns of the event loop when it scans alone. */
const YIELD_EVERY = 16;

interface FileQueue {
  take(): number | undefined;
  target(index: number): ScanTarget;
  finish(index: number, report: FileReport): void;
}

/** Only needed from source; a variable, so the bundler does not try to resolve it. */
const TSX_REGISTER = 'tsx/cjs/api';

function workerEntry(): { source: string; eval: boolean } {
  if (!__filename.endsWith('.ts')) return { source: __filename, eval: false };
  // From source: load tsx's CommonJS hook in the worker, then this file.
  return { source: `require(${JSON.stringify(require.resolve(TSX_REGISTER))}).register(); require(${JSON.stringify(__filename)});`, eval: true };
}

/** The worker threads of a scan, each keeping a few files of the shared queue in hand. */
class Helpers {
  /** Set when a worker fails; the scan then stops with this error. */
  failure: Error | undefined;
  private readonly workers: Worker[] = [];
  private readonly all: Promise<void>;

  constructor(
    readonly count: number,
    run: ScanRun,
    queue: FileQueue,
  ) {
    const entry = workerEntry();
    const init: WorkerInit = { vigilScanWorker: true, settings: run.settings, grammars: run.grammars, distDir: run.distDir };
    const exits: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const worker = new Worker(entry.source, { eval: entry.eval, workerData: init });
      this.workers.push(worker);
      let inFlight = 0;
      const top = (): void => {
        for (let index = inFlight < IN_FLIGHT ? queue.take() : undefined; index !== undefined; index = inFlight < IN_FLIGHT ? queue.take() : undefined) {
          inFlight++;
          worker.postMessage({ index, target: queue.target(index) } satisfies ToWorker);
        }
        if (inFlight === 0) worker.postMessage({ stop: true } satisfies ToWorker);
      };
      exits.push(
        new Promise<void>((resolve, reject) => {
          const fail = (error: Error): void => {
            this.failure ??= error;
            reject(error);
          };
          worker.on('message', (message: FromWorker) => {
            if ('fatal' in message) return fail(new Error(`scan worker failed: ${message.fatal}`));
            if ('report' in message) {
              inFlight--;
              queue.finish(message.index, message.report);
            }
            top();
          });
          worker.on('error', fail);
          worker.on('exit', (code) => (code === 0 ? resolve() : fail(new Error(`scan worker exited with code ${code}`))));
        }),
      );
    }
    this.all = Promise.all(exits).then(() => undefined);
    this.all.catch(() => undefined); // reported through `failure` and `finished()`
  }

  /** Resolves when every worker has scanned its files and stopped. */
  finished(): Promise<void> {
    return this.all;
  }

  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
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
