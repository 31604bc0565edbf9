/**
 * `--jobs N`: scanning in N threads, the main one and N-1 workers (node:worker_threads), each
 * with its own Analyzer (its own wasm runtime and grammars).
 *
 * - Every thread takes the next file from one counter in shared memory (`Atomics.add`), so no
 *   thread waits for a message to get work, and the files are shared out one at a time to the
 *   end. Every report is stored at its file's index: the result is the same list, in the same
 *   order, whatever N is and however the files were shared out.
 * - The main thread is one of the N: it would otherwise sit idle, and one worker fewer is one
 *   start-up (bundle, wasm runtime, grammars) fewer.
 * - Workers can be started before the files are known (`ScanPool.start`), so that they load
 *   while the main thread walks the directories.
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

/** Below this many files per thread, starting workers costs more than it saves (default only). */
const FILES_PER_THREAD = 64;
/** Files the main thread scans alone between two turns of the event loop (progress, signals). */
const YIELD_EVERY = 16;

interface WorkerInit {
  vigilScanWorker: true;
  distDir: string | undefined;
}

/** The one message a worker gets: what to scan, and the shared counter of the next file. */
interface WorkerJob {
  settings: ScanSettings;
  grammars: GrammarName[];
  targets: readonly ScanTarget[];
  next: SharedArrayBuffer;
}

type FromWorker = { index: number; report: FileReport } | { done: true } | { fatal: string };

/** How many threads a scan of `files` files uses: `--jobs` as given, else one per core when worth it. */
export function workerCount(requested: number | undefined, files: number): number {
  if (requested !== undefined) return Math.max(1, Math.min(requested, files));
  return Math.max(1, Math.min(availableParallelism(), Math.floor(files / FILES_PER_THREAD)));
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

/** Scan every target with `jobs` threads. Reports are in target order. */
export async function runScan(run: ScanRun): Promise<FileReport[]> {
  const pool = ScanPool.start(Math.min(run.jobs, run.targets.length) - 1, run.distDir);
  try {
    return await pool.run(run);
  } finally {
    await pool.close();
  }
}

/** Only needed from source; a variable, so the bundler does not try to resolve it. */
const TSX_REGISTER = 'tsx/cjs/api';

function workerEntry(): { source: string; eval: boolean } {
  if (!__filename.endsWith('.ts')) return { source: __filename, eval: false };
  // From source: load tsx's CommonJS hook in the worker, then this file.
  return { source: `require(${JSON.stringify(require.resolve(TSX_REGISTER))}).register(); require(${JSON.stringify(__filename)});`, eval: true };
}

/** Worker threads started ahead of a scan, and the scan that shares the files between them and this thread. */
export class ScanPool {
  private workers: Worker[];
  /** Workers that failed or stopped before `run` listened to them. */
  private readonly lost = new Set<Worker>();
  /** Terminations of the workers a scan did not need. */
  private readonly stopping: Promise<number>[] = [];

  private constructor(workers: Worker[]) {
    this.workers = workers;
    // Until `run` listens, an 'error' event without a listener would end the process.
    for (const worker of workers) {
      worker.once('error', () => this.lost.add(worker));
      worker.once('exit', () => this.lost.add(worker));
    }
  }

  /** Start `helpers` workers now; they load the bundle and the wasm runtime, then wait for `run`. */
  static start(helpers: number, distDir: string | undefined): ScanPool {
    const entry = workerEntry();
    const init: WorkerInit = { vigilScanWorker: true, distDir };
    const workers: Worker[] = [];
    for (let i = 0; i < helpers; i++) {
      try {
        workers.push(new Worker(entry.source, { eval: entry.eval, workerData: init }));
      } catch {
        break; // no more threads to be had (a resource limit): the scan runs with fewer
      }
    }
    return new ScanPool(workers);
  }

  /**
   * Scan the targets with this thread and at most `run.jobs - 1` of the started workers (the
   * others are stopped). A pool runs one scan.
   */
  async run(run: ScanRun): Promise<FileReport[]> {
    const reports = new Array<FileReport>(run.targets.length);
    if (run.targets.length === 0) return reports;
    // A worker lost before it was given files costs nothing but its share, which the others take.
    const alive = this.workers.filter((worker) => !this.lost.has(worker));
    const helpers = Math.min(alive.length, Math.max(0, Math.min(run.jobs, run.targets.length) - 1));
    // The extra workers stop while the scan runs; `close` waits for them.
    this.stopping.push(...alive.slice(helpers).map((worker) => worker.terminate()));
    this.workers = alive.slice(0, helpers);

    let done = 0;
    const finish = (index: number, report: FileReport): void => {
      reports[index] = report;
      run.progress?.(++done);
    };
    const next = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const counter = new Int32Array(next);
    const take = (): number | undefined => {
      const index = Atomics.add(counter, 0, 1);
      return index < run.targets.length ? index : undefined;
    };
    let failure: Error | undefined;
    const job: WorkerJob = { settings: run.settings, grammars: run.grammars, targets: run.targets, next };
    const finished = Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let settled = false;
            const fail = (error: Error): void => {
              if (settled) return;
              settled = true;
              failure = error;
              reject(error);
            };
            worker.on('message', (message: FromWorker) => {
              if ('fatal' in message) fail(new Error(`scan worker failed: ${message.fatal}`));
              else if ('done' in message) {
                settled = true;
                resolve();
              } else finish(message.index, message.report);
            });
            worker.on('error', fail);
            worker.on('exit', (code) => fail(new Error(`scan worker exited with code ${code} before it was done`)));
            worker.postMessage(job);
          }),
      ),
    );
    finished.catch(() => undefined); // reported through `failure` and the await below

    const scanner = await FileScanner.create(run.settings, run.grammars, run.distDir);
    for (let index = take(), scanned = 1; index !== undefined; index = take(), scanned++) {
      finish(index, scanner.scan(readTarget(run.targets[index]!)));
      if (failure) throw failure;
      // Let the workers' reports in as they come, and progress and signals now and then.
      if (helpers > 0 || scanned % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await finished;
    return reports;
  }

  async close(): Promise<void> {
    await Promise.all([...this.stopping, ...this.workers.map((worker) => worker.terminate())]);
    this.workers = [];
  }
}

/** The worker side: load the runtime at once, then scan files from the shared counter until none are left. */
function serveWorker(init: WorkerInit): void {
  const port = parentPort!;
  // Loading the wasm runtime does not depend on the job: do it while the main thread walks.
  const warm = FileScanner.prepare(init.distDir).catch(() => undefined); // a failure shows again below
  port.once('message', (job: WorkerJob) => {
    void (async () => {
      try {
        await warm;
        const scanner = await FileScanner.create(job.settings, job.grammars, init.distDir);
        const counter = new Int32Array(job.next);
        for (let index = Atomics.add(counter, 0, 1); index < job.targets.length; index = Atomics.add(counter, 0, 1)) {
          port.postMessage({ index, report: scanner.scan(readTarget(job.targets[index]!)) } satisfies FromWorker);
        }
        port.postMessage({ done: true } satisfies FromWorker);
      } catch (error) {
        port.postMessage({ fatal: error instanceof Error ? error.message : String(error) } satisfies FromWorker);
      }
      port.close();
    })();
  });
}

if (!isMainThread && (workerData as Partial<WorkerInit> | null)?.vigilScanWorker) serveWorker(workerData as WorkerInit);
