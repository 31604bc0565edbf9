/** Analysis options: one model for the editor settings, the CLI flags and project config files. */
export interface AnalysisOptions {
  /** Rule IDs to run; empty means every rule. */
  select: string[];
  /** Rule IDs never to run (Bandit's `skips`). */
  ignore: string[];
  /** Seconds the "add a timeout" fix writes. */
  timeoutSeconds: number;
  /** Directory prefixes B108 treats as shared temp dirs (Bandit's `hardcoded_tmp_directory.tmp_dirs`). */
  tmpDirs: string[];
  /** Report hard-coded secrets recognised by their value. */
  secrets: boolean;
  /** Path or URI of the document, for heuristics that depend on it (test files). */
  path?: string;
  /**
   * The lowest PyTorch version the project installs (`minimumTorchVersion` in node/project.ts
   * reads it from requirements, pyproject.toml and lock files); unset when unknown. From 2.6 on,
   * `torch.load` defaults to `weights_only=True` and B614 lowers its finding.
   */
  torchVersion?: string;
  /**
   * Run VG101's entropy heuristic in test files too (tests/, test_*.py, *_test.py, conftest.py,
   * *.test.ts…), where random-looking fixtures make it noisy. Off by default.
   */
  secretEntropyInTests?: boolean;
}

export const DEFAULT_OPTIONS: Readonly<AnalysisOptions> = Object.freeze({
  select: [],
  ignore: [],
  timeoutSeconds: 30,
  tmpDirs: ['/tmp', '/var/tmp', '/dev/shm'],
  secrets: true,
});

export function resolveOptions(partial: Partial<AnalysisOptions> = {}): AnalysisOptions {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_OPTIONS, ...defined } as AnalysisOptions;
}
