/** Command-line arguments of `vigil`, parsed with `node:util`'s parseArgs and validated. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ALL_RULES } from '../core/rules/registry';
import { LEVELS, type Confidence, type Severity } from '../core/types';

/** Bad command-line input: reported as one line on stderr, exit code 2. */
export class UsageError extends Error {}

export const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/** A scan as the command line asks for it. Undefined: not given (the config file or the default decides). */
export interface ScanCommand {
  command: 'scan';
  paths: string[];
  format: Format;
  output: string | undefined;
  failOn: Severity | undefined;
  severity: Severity | undefined;
  confidence: Confidence | undefined;
  select: string[] | undefined;
  ignore: string[] | undefined;
  exclude: string[];
  /** Apply exclusions (--exclude, the config file's) to files named on the command line too. */
  forceExclude: boolean;
  /** `--config FILE`; `null` for `--no-config`; undefined: discover. */
  config: string | null | undefined;
  /** Worker threads; undefined: one per core for large scans. */
  jobs: number | undefined;
  baseline: string | undefined;
  /** Which fixes to apply: none, safe ones (`--fix`), or safe and unsafe ones (`--unsafe-fixes`). */
  fix: 'none' | 'safe' | 'unsafe';
  quiet: boolean;
}

export type Command = ScanCommand | { command: 'help'; topic: 'main' | 'scan' } | { command: 'version' };

export const MAIN_HELP = `vigil — security checks for Python and TypeScript/JavaScript (Bandit-compatible rule IDs)

Usage:
  vigil scan [PATH...] [options]   scan files and directories (default: .)
  vigil --help                     show this help; 'vigil scan --help' for the scan options
  vigil --version                  print the version

Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 usage or internal error
(including a PATH that does not exist). See docs/cli.md for configuration files.
`;

export const SCAN_HELP = `Usage: vigil scan [PATH...] [options]

Scans the given files and directories (default: the current directory). Directories are walked
for .py .pyi .ts .tsx .mts .cts .js .jsx .mjs .cjs files, honouring .gitignore files (nested
ones and those of parent directories up to the repository root). .git, .hg, .svn, node_modules,
__pycache__ and Python virtual environments (directories with pyvenv.cfg) are always skipped.
Files named explicitly are always scanned. A PATH that does not exist but contains glob
characters ('src/**/*.py') is expanded as a glob, then filtered like a directory walk.

Options:
  -f, --format text|json|sarif|markdown
                                 output format (default: text); markdown is a security summary
                                 for a review: totals, rules, files and every nosec waiver
  -o, --output FILE              write the report to FILE instead of standard output
      --fail-on low|medium|high  exit 1 only for findings of at least this severity (default: low)
      --severity low|medium|high report findings of at least this severity (default: low)
      --confidence low|medium|high
                                 report findings of at least this confidence (default: low)
      --select IDS               run only these rules (comma-separated, repeatable: B113,VG001)
      --ignore IDS               never run these rules (comma-separated, repeatable)
      --exclude GLOB             skip paths matching GLOB (gitignore syntax, relative to the
                                 current directory; repeatable; adds to the config file's)
      --force-exclude            apply exclusions to files named on the command line too
                                 (for pre-commit, which names every staged file)
      --config FILE              read this configuration file instead of searching for one
      --no-config                read no configuration file
  -j, --jobs N                   analyse in N threads (default: one per core for large scans;
                                 1 analyses in the main thread); output does not depend on N
      --baseline FILE            report only findings not in FILE, an earlier JSON or SARIF
                                 report (matched by rule, file and code, not line numbers)
      --fix                      apply safe fixes, then report what is left
      --unsafe-fixes             apply safe and unsafe fixes (review the diff!)
  -q, --quiet                    text format: print findings only, no summary line; no progress
  -h, --help                     show this help

Configuration: the nearest vigil.toml, pyproject.toml ([tool.vigil] or [tool.bandit]), .bandit
or bandit.yaml above the scanned paths (up to the repository root) is read; flags win over it.

Files that cannot be read, are binary, larger than 5 MB, not valid UTF-8, or have syntax
errors are listed as errors and never stop the scan; findings outside the lines that did not
parse are still reported. Suppress a finding with '# nosec B113 - reason' ('// nosec' in TS/JS).
`;

const SCAN_OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  severity: { type: 'string' },
  confidence: { type: 'string' },
  select: { type: 'string', multiple: true },
  ignore: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  'force-exclude': { type: 'boolean' },
  config: { type: 'string' },
  'no-config': { type: 'boolean' },
  jobs: { type: 'string', short: 'j' },
  baseline: { type: 'string' },
  fix: { type: 'boolean' },
  'unsafe-fixes': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const satisfies ParseArgsConfig['options'];

/** Parse `argv` (without the node binary and script). Throws `UsageError` on bad input. */
export function parseCommand(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError(`missing command\n\n${MAIN_HELP}`);
  if (first === '--help' || first === '-h' || first === 'help') return { command: 'help', topic: rest[0] === 'scan' ? 'scan' : 'main' };
  if (first === '--version' || first === '-V' || first === 'version') return { command: 'version' };
  if (first !== 'scan') {
    throw new UsageError(first.startsWith('-') ? `unknown option '${first}' (options follow the command: vigil scan ${first} …)` : `unknown command '${first}'`);
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: SCAN_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help', topic: 'scan' };
  if (values.version) return { command: 'version' };
  if (values.config !== undefined && values['no-config']) throw new UsageError('--config and --no-config exclude each other');
  const optional = <T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined => (value === undefined ? undefined : oneOf(flag, value, allowed));
  return {
    command: 'scan',
    paths: positionals.length > 0 ? positionals : ['.'],
    format: oneOf('--format', values.format ?? 'text', FORMATS),
    output: values.output,
    failOn: optional('--fail-on', values['fail-on'], LEVELS),
    severity: optional('--severity', values.severity, LEVELS),
    confidence: optional('--confidence', values.confidence, LEVELS),
    select: values.select === undefined ? undefined : ruleIds('--select', values.select),
    ignore: values.ignore === undefined ? undefined : ruleIds('--ignore', values.ignore),
    exclude: values.exclude ?? [],
    forceExclude: values['force-exclude'] ?? false,
    config: values['no-config'] ? null : values.config,
    jobs: values.jobs === undefined ? undefined : positiveInteger('--jobs', values.jobs),
    baseline: values.baseline,
    fix: values['unsafe-fixes'] ? 'unsafe' : values.fix ? 'safe' : 'none',
    quiet: values.quiet ?? false,
  };
}

function positiveInteger(flag: string, value: string): number {
  const number = Number(value);
  if (/^\d+$/.test(value) && Number.isSafeInteger(number) && number >= 1) return number;
  throw new UsageError(`invalid value '${value}' for ${flag}: expected a whole number of at least 1`);
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`invalid value '${value}' for ${flag}: expected ${allowed.join(', ')}`);
}

function ruleIds(flag: string, values: readonly string[] | undefined): string[] {
  const known = new Set(ALL_RULES.map((rule) => rule.meta.id));
  const ids = (values ?? []).flatMap((value) => value.split(',')).map((id) => id.trim().toUpperCase()).filter(Boolean);
  for (const id of ids) {
    if (!known.has(id)) throw new UsageError(`unknown rule '${id}' in ${flag} (known: ${[...known].sort().join(', ')})`);
  }
  return [...new Set(ids)];
}

/** parseArgs' messages are long and span lines; keep one line a user can act on. */
function describeParseError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option '${/'(-[^'\s.]+)/.exec(error.message)?.[1] ?? '?'}'`;
  const option = /--[\w-]+/.exec(error.message)?.[0];
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    if (error.message.includes('does not take an argument')) return `option '${option}' takes no value`;
    return `option '${option}' needs a value (${option}=VALUE for a value starting with '-')`;
  }
  return error.message.split('\n')[0]!;
}
