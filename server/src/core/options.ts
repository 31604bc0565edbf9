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
   * The lowest js-yaml version the project installs (`minimumNpmVersion` in node/npm-project.ts
   * reads it from the lock file or package.json); unset when unknown. Before 4.0, `load()`
   * parses with the full schema (`!!js/function`) unless given another, and B506 reports it.
   */
  jsYamlVersion?: string;
  /**
   * Run VG101's entropy heuristic in test files too (tests/, test_*.py, *_test.py, conftest.py,
   * *.test.ts…), where random-looking fixtures make it noisy. Off by default.
   */
  secretEntropyInTests?: boolean;
}

/** Versions of the packages some rules' verdicts depend on, as a project installs them. */
export interface ProjectVersions {
  /** B614: torch.load is safe by default from 2.6 on. */
  torch?: string;
  /** B506 (TS/JS): js-yaml's load() uses the unsafe full schema by default before 4.0. */
  jsYaml?: string;
}

/** The analysis options a project's package versions set. */
export function versionOptions(versions: ProjectVersions | undefined): Pick<AnalysisOptions, 'torchVersion' | 'jsYamlVersion'> {
  return { torchVersion: versions?.torch, jsYamlVersion: versions?.jsYaml };
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
