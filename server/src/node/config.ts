/**
 * Project configuration: one model for the language server and the CLI.
 *
 * API
 * - `loadProjectConfig(startDir)` finds the configuration that applies to files in `startDir`
 *   and reads it. Never throws: a file that cannot be read or parsed becomes one entry of
 *   `errors` (a one-line message with the file and, when known, the line) and the defaults.
 * - `readConfigFile(path)` reads one file named explicitly (`vigil scan --config FILE`); its
 *   kind comes from its name (`*.toml` other than pyproject.toml is Vigil's format, `.bandit`
 *   and `*.ini`/`*.cfg` Bandit's INI, `*.yaml`/`*.yml` Bandit's YAML).
 * - `configExcluder(config)` → `(absolutePath, isDirectory) => boolean`: whether the file's
 *   `exclude` patterns hide a path.
 * - `configAnalysisOptions(config)` → the `Partial<AnalysisOptions>` the file sets, to lay over
 *   editor settings or under command-line flags. `severity`, `confidence` and `failOn` are
 *   report filters, not analysis options: read them from `config.options`.
 *
 * Discovery: from `startDir` up to the repository root (the nearest directory holding `.git`)
 * or the filesystem root, the first directory holding any of these wins, and in it the first of:
 *   1. `vigil.toml` (Vigil's keys at the top level);
 *   2. `pyproject.toml` with a `[tool.vigil]` or `[tool.bandit]` table (both are read;
 *      `[tool.vigil]` keys win over the same settings from `[tool.bandit]`);
 *   3. `.bandit` (Bandit's INI: a `[bandit]` section);
 *   4. `bandit.yaml`, `.bandit.yaml`, `bandit.yml`, `.bandit.yml` (Bandit's YAML).
 * Bandit itself reads `.bandit` only under `-r` and YAML/TOML only with `-c`; Vigil finds them
 * without flags so a project's existing Bandit setup applies in the editor and the CLI alike.
 * A pyproject.toml that does not parse counts only when its text mentions one of the tables.
 *
 * Keys (Vigil: kebab-case; `_` works too)          Bandit equivalent
 *   select = ["B113"]        run only these rules   tests
 *   ignore = ["B101"]        never run these        skips
 *   exclude = ["gen/"]       gitignore patterns,    exclude (INI, comma-separated) /
 *                            relative to the file   exclude_dirs (TOML, YAML)
 *   severity, confidence     lowest reported level  level / confidence (INI)
 *   fail-on                  lowest failing level   —
 *   tmp-dirs = ["/tmp"]      B108's shared dirs     hardcoded_tmp_directory.tmp_dirs
 *   timeout-seconds = 30     B113's fix             —
 *   secrets = true           VG101 on/off           —
 * Bandit's excludes keep Bandit's meaning (an fnmatch glob, or a path that appears in the
 * file's path), but a plain path matches whole path segments only: `test` hides `test/` and
 * `pkg/test/x.py`, not `latest.py`. Unknown Vigil keys and values of the wrong type are
 * reported in `errors` and ignored; Bandit keys Vigil has no use for (targets, plugin options
 * other than tmp_dirs) are ignored silently. Rule IDs Vigil does not know are reported.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore from 'ignore';
import { parse as parseIni } from 'ini';
import { parse as parseToml, TomlError } from 'smol-toml';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { AnalysisOptions } from '../core/options';
import { ALL_RULES } from '../core/rules/registry';
import { LEVELS, type Confidence, type Severity } from '../core/types';

/** Which format a configuration was read as. */
export type ConfigKind = 'vigil.toml' | 'pyproject.toml' | 'bandit-ini' | 'bandit-yaml';

/** What a configuration file sets; unset keys are undefined (the caller's defaults apply). */
export interface ConfigOptions {
  select?: string[];
  ignore?: string[];
  severity?: Severity;
  confidence?: Confidence;
  failOn?: Severity;
  tmpDirs?: string[];
  timeoutSeconds?: number;
  secrets?: boolean;
  /** Exclusion patterns as written, in the syntax of the file they come from. */
  excludes: ConfigExclude[];
}

export interface ConfigExclude {
  pattern: string;
  /** `gitignore`: Vigil's keys; `bandit`: Bandit's exclude/exclude_dirs (glob or path). */
  syntax: 'gitignore' | 'bandit';
}

export interface ConfigProblem {
  /** Absolute path of the file the problem is in. */
  file: string;
  /** One line, without the file name: what is wrong (with its line when known) and what happens instead. */
  message: string;
}

export interface ProjectConfig {
  /** Absolute path of the file read; undefined when none was found. */
  file: string | undefined;
  kind: ConfigKind | undefined;
  /** Directory relative exclude patterns are resolved against (the file's). */
  root: string | undefined;
  options: ConfigOptions;
  errors: ConfigProblem[];
}

const VIGIL_TOML = 'vigil.toml';
const PYPROJECT = 'pyproject.toml';
const BANDIT_INI = '.bandit';
const BANDIT_YAML = ['bandit.yaml', '.bandit.yaml', 'bandit.yml', '.bandit.yml'];

/** The file names discovery looks for, in the order it prefers them within one directory. */
export const CONFIG_FILE_NAMES: readonly string[] = [VIGIL_TOML, PYPROJECT, BANDIT_INI, ...BANDIT_YAML];

const NO_CONFIG: Readonly<ProjectConfig> = Object.freeze({ file: undefined, kind: undefined, root: undefined, options: Object.freeze({ excludes: [] }), errors: [] });

/**
 * The configuration for files in `startDir`: see the module comment for the search. With
 * `known` (directory → its configuration), the search stops at a directory already answered,
 * and every directory it passed is answered too: a workspace scan asks for each of thousands
 * of directories, most of them under the same few.
 */
export function loadProjectConfig(startDir: string, known?: Map<string, ProjectConfig>): ProjectConfig {
  const passed: string[] = [];
  let config: ProjectConfig | undefined;
  for (let dir = resolve(startDir); ; ) {
    config = known?.get(dir) ?? configIn(dir);
    if (config) break;
    passed.push(dir);
    const parent = dirname(dir);
    if (parent === dir || existsSync(join(dir, '.git'))) {
      config = { ...NO_CONFIG, errors: [] };
      break;
    }
    dir = parent;
  }
  for (const dir of passed) known?.set(dir, config);
  return config;
}

/** The configuration in one directory, if it has one. */
function configIn(dir: string): ProjectConfig | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    if (name === PYPROJECT) {
      const text = readText(path);
      if (text === undefined) continue;
      const config = readPyproject(path, text);
      if (config) return config;
      continue;
    }
    return readConfigFile(path);
  }
  return undefined;
}

/** Read one configuration file, its format chosen by its name. */
export function readConfigFile(path: string): ProjectConfig {
  const file = resolve(path);
  const name = basename(file).toLowerCase();
  const text = readText(file);
  if (text === undefined) return failed(file, kindOf(name), 'cannot read the file; using the defaults');
  switch (kindOf(name)) {
    case 'pyproject.toml':
      return readPyproject(file, text) ?? { ...empty(file, 'pyproject.toml'), errors: [{ file, message: 'no [tool.vigil] or [tool.bandit] table; using the defaults' }] };
    case 'bandit-ini':
      return readBanditIni(file, text);
    case 'bandit-yaml':
      return readBanditYaml(file, text);
    case 'vigil.toml':
      return readVigilToml(file, text);
  }
}

function kindOf(name: string): ConfigKind {
  if (name === PYPROJECT) return 'pyproject.toml';
  if (name === BANDIT_INI || name.endsWith('.ini') || name.endsWith('.cfg')) return 'bandit-ini';
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'bandit-yaml';
  return 'vigil.toml';
}

/** Whether the configuration's exclude patterns hide `path` (absolute). */
export function configExcluder(config: ProjectConfig): (path: string, isDir: boolean) => boolean {
  const root = config.root;
  const gitignore = config.options.excludes.filter((exclude) => exclude.syntax === 'gitignore').map((exclude) => exclude.pattern);
  const bandit = config.options.excludes.filter((exclude) => exclude.syntax === 'bandit').map((exclude) => exclude.pattern);
  if (!root || (gitignore.length === 0 && bandit.length === 0)) return () => false;
  const rules = ignore().add(gitignore);
  const banditMatchers = bandit.map(banditMatcher);
  return (path, isDir) => {
    const rel = relative(root, path);
    if (!rel || rel.startsWith('..') || isAbsolute(rel)) return false;
    const posix = sep === '/' ? rel : rel.split(sep).join('/');
    if (gitignore.length > 0 && rules.ignores(posix + (isDir ? '/' : ''))) return true;
    return banditMatchers.some((matches) => matches(posix));
  };
}

/** The analysis options a configuration sets (undefined keys leave the caller's values). */
export function configAnalysisOptions(config: ProjectConfig): Partial<AnalysisOptions> {
  const { options } = config;
  const partial: Partial<AnalysisOptions> = {};
  if (options.select) partial.select = options.select;
  if (options.ignore) partial.ignore = options.ignore;
  if (options.tmpDirs) partial.tmpDirs = options.tmpDirs;
  if (options.timeoutSeconds !== undefined) partial.timeoutSeconds = options.timeoutSeconds;
  if (options.secrets !== undefined) partial.secrets = options.secrets;
  return partial;
}

// ---------------------------------------------------------------------------------------------
// Formats

function readVigilToml(file: string, text: string): ProjectConfig {
  const config = empty(file, 'vigil.toml');
  let table: Record<string, unknown>;
  try {
    table = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    return failed(file, 'vigil.toml', syntaxMessage(error));
  }
  applyVigil(config, table, '');
  return config;
}

/** A pyproject.toml's Vigil configuration, or undefined when it has none. */
function readPyproject(file: string, text: string): ProjectConfig | undefined {
  let document: Record<string, unknown>;
  try {
    document = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    // Only a broken file that was meant to configure us is our business.
    return /^\s*\[\s*tool\.(?:vigil|bandit)\b/m.test(text) ? failed(file, 'pyproject.toml', syntaxMessage(error)) : undefined;
  }
  const tool = asRecord(document.tool);
  const vigil = tool.vigil;
  const bandit = tool.bandit;
  if (vigil === undefined && bandit === undefined) return undefined;
  const config = empty(file, 'pyproject.toml');
  if (bandit !== undefined) {
    if (isRecord(bandit)) applyBandit(config, bandit, '[tool.bandit] ');
    else problem(config, `[tool.bandit] is not a table; ignored`);
  }
  if (vigil !== undefined) {
    if (isRecord(vigil)) applyVigil(config, vigil, '[tool.vigil] ');
    else problem(config, `[tool.vigil] is not a table; ignored`);
  }
  return config;
}

function readBanditYaml(file: string, text: string): ProjectConfig {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    return failed(file, 'bandit-yaml', syntaxMessage(error));
  }
  const config = empty(file, 'bandit-yaml');
  if (document === null || document === undefined) return config; // an empty file
  if (!isRecord(document)) return failed(file, 'bandit-yaml', 'not a mapping of Bandit settings; using the defaults');
  applyBandit(config, document, '');
  return config;
}

/**
 * Bandit's INI is read by Python's configparser: `key = value` or `key: value`, values continued
 * on indented lines, `#`/`;` comments. The `ini` package knows only `key = value`, so lines are
 * first brought to that form; what configparser would reject is a syntax error here too.
 */
function readBanditIni(file: string, text: string): ProjectConfig {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  /** `[section]` lines and `[key, value]` pairs, in order. */
  const entries: (string | [string, string])[] = [];
  let sawSection = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (/^\s*(?:[#;].*)?$/.test(line)) continue;
    if (/^\[[^\]]+\]\s*$/.test(line)) {
      sawSection = true;
      entries.push(line.trim());
      continue;
    }
    const last = entries[entries.length - 1];
    if (/^\s/.test(line) && Array.isArray(last)) {
      // A continuation line: configparser joins it to the previous value with a newline.
      last[1] += `\n${line.trim()}`;
      continue;
    }
    const separator = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (!separator || !sawSection) {
      const why = !sawSection ? 'a setting before any [section] header' : "a line that is neither 'key = value' nor a [section]";
      return failed(file, 'bandit-ini', `syntax error at line ${index + 1}: ${why}; using the defaults`);
    }
    entries.push([separator[1]!.trim(), separator[2]!.trim()]);
  }
  const config = empty(file, 'bandit-ini');
  const normalized = entries.map((entry) => (typeof entry === 'string' ? entry : `${entry[0]} = ${JSON.stringify(entry[1])}`)).join('\n');
  const section = asRecord(parseIni(normalized).bandit);
  if (!entries.includes('[bandit]')) {
    problem(config, 'no [bandit] section; nothing to read');
    return config;
  }
  const list = (value: unknown): string[] => (typeof value === 'string' ? value.split(/[,\n]/).map((item) => item.trim()).filter(Boolean) : []);
  const tests = list(section.tests);
  if (tests.length > 0) config.options.select = ruleIds(config, tests, 'tests', true);
  const skips = list(section.skips);
  if (skips.length > 0) config.options.ignore = ruleIds(config, skips, 'skips', false);
  const excludes = [...list(section.exclude), ...list(section.exclude_dirs)];
  config.options.excludes.push(...excludes.map((pattern) => ({ pattern, syntax: 'bandit' as const })));
  for (const [key, target] of [['level', 'severity'], ['severity', 'severity'], ['confidence', 'confidence']] as const) {
    if (typeof section[key] === 'string') {
      const value = level(section[key]);
      if (value) config.options[target] = value;
      else problem(config, `${key} = ${section[key]}: expected low, medium or high; ignored`);
    }
  }
  return config;
}

// ---------------------------------------------------------------------------------------------
// Keys

const VIGIL_KEYS = new Set(['select', 'ignore', 'exclude', 'severity', 'confidence', 'fail-on', 'tmp-dirs', 'timeout-seconds', 'secrets']);

function applyVigil(config: ProjectConfig, table: Record<string, unknown>, where: string): void {
  for (const [rawKey, value] of Object.entries(table)) {
    const key = rawKey.replace(/_/g, '-');
    const label = `${where}${rawKey}`;
    if (!VIGIL_KEYS.has(key)) {
      problem(config, `unknown key '${label}' (known: ${[...VIGIL_KEYS].join(', ')}); ignored`);
      continue;
    }
    const { options } = config;
    switch (key) {
      case 'select':
      case 'ignore': {
        const ids = stringList(config, value, label);
        if (ids) options[key] = ruleIds(config, ids, label, key === 'select');
        break;
      }
      case 'exclude': {
        const patterns = stringList(config, value, label);
        // [tool.vigil] exclude replaces [tool.bandit]'s, like every other key.
        if (patterns) options.excludes = patterns.map((pattern) => ({ pattern, syntax: 'gitignore' }));
        break;
      }
      case 'severity':
      case 'confidence':
      case 'fail-on': {
        const parsed = typeof value === 'string' ? level(value) : undefined;
        if (!parsed) problem(config, `${label} = ${JSON.stringify(value)}: expected "low", "medium" or "high"; ignored`);
        else if (key === 'fail-on') options.failOn = parsed;
        else options[key] = parsed;
        break;
      }
      case 'tmp-dirs': {
        const dirs = stringList(config, value, label);
        if (dirs) options.tmpDirs = dirs;
        break;
      }
      case 'timeout-seconds':
        if (typeof value === 'number' && Number.isFinite(value) && value > 0) options.timeoutSeconds = value;
        else problem(config, `${label} = ${JSON.stringify(value)}: expected a positive number; ignored`);
        break;
      case 'secrets':
        if (typeof value === 'boolean') options.secrets = value;
        else problem(config, `${label} = ${JSON.stringify(value)}: expected true or false; ignored`);
        break;
    }
  }
}

function applyBandit(config: ProjectConfig, table: Record<string, unknown>, where: string): void {
  const { options } = config;
  // Bandit's YAML and TOML take lists; a comma-separated string is accepted too.
  const list = (key: string): string[] | undefined => {
    const value = table[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value.split(',').map((item) => item.trim()).filter(Boolean);
    return stringList(config, value, `${where}${key}`);
  };
  const tests = list('tests');
  if (tests && tests.length > 0) options.select = ruleIds(config, tests, `${where}tests`, true);
  const skips = list('skips');
  if (skips) options.ignore = ruleIds(config, skips, `${where}skips`, false);
  const excludes = [...(list('exclude_dirs') ?? []), ...(list('exclude') ?? [])];
  options.excludes.push(...excludes.map((pattern) => ({ pattern, syntax: 'bandit' as const })));
  const tmp = table.hardcoded_tmp_directory;
  if (tmp !== undefined) {
    const dirs = isRecord(tmp) ? tmp.tmp_dirs : undefined;
    if (dirs !== undefined) {
      const parsed = stringList(config, dirs, `${where}hardcoded_tmp_directory.tmp_dirs`);
      if (parsed) options.tmpDirs = parsed;
    }
  }
}

/**
 * Known rule IDs, upper-cased. Unknown IDs in a list of rules to run are reported: Bandit checks
 * Vigil lacks cannot run. In a list of rules to skip they are harmless, so only Vigil's own keys
 * report them. A list to run that names no known rule keeps its IDs, so that nothing runs
 * rather than everything.
 */
function ruleIds(config: ProjectConfig, ids: string[], label: string, toRun: boolean): string[] {
  const known = new Set(ALL_RULES.map((rule) => rule.meta.id));
  const upper = [...new Set(ids.map((id) => id.trim().toUpperCase()).filter(Boolean))];
  const unknown = upper.filter((id) => !known.has(id));
  const fromBandit = config.kind === 'bandit-ini' || config.kind === 'bandit-yaml' || label.includes('tool.bandit');
  if (unknown.length > 0 && (toRun || !fromBandit)) {
    problem(config, `${label}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a rule' : 'are not rules'} Vigil has; ${toRun ? 'those cannot run' : 'ignored'}`);
  }
  const kept = upper.filter((id) => known.has(id));
  return toRun && kept.length === 0 ? upper : kept;
}

function stringList(config: ProjectConfig, value: unknown, label: string): string[] | undefined {
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  problem(config, `${label} = ${JSON.stringify(value)}: expected a list of strings; ignored`);
  return undefined;
}

function level(value: string): Severity | undefined {
  const lower = value.trim().toLowerCase();
  if (lower === 'all' || lower === 'undefined') return 'low';
  return (LEVELS as readonly string[]).includes(lower) ? (lower as Severity) : undefined;
}

/**
 * Bandit's exclusion test: an fnmatch glob over the path (`*` crosses `/`), or a path contained
 * in the file's path; here a plain path must match whole segments.
 */
function banditMatcher(raw: string): (path: string) => boolean {
  const pattern = raw.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (pattern === '' || pattern === '.') return () => false;
  if (/[*?[]/.test(pattern)) {
    const regex = new RegExp(`^${fnmatchSource(pattern)}$`);
    // Bandit sees paths as given on its command line (`./src/x.py` under `-r .`).
    return (path) => regex.test(path) || regex.test(`./${path}`) || regex.test(`/${path}`);
  }
  const plain = pattern.replace(/^\/+/, '');
  return (path) => path === plain || path.startsWith(`${plain}/`) || path.includes(`/${plain}/`) || path.endsWith(`/${plain}`);
}

/** Python's fnmatch.translate, for the parts Bandit users write: `*`, `?`, `[seq]`, `[!seq]`. */
function fnmatchSource(pattern: string): string {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) source += '\\[';
      else {
        let set = pattern.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (set.startsWith('!')) set = `^${set.slice(1)}`;
        source += `[${set}]`;
        i = close;
      }
    } else source += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return source;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function empty(file: string, kind: ConfigKind): ProjectConfig {
  return { file, kind, root: dirname(file), options: { excludes: [] }, errors: [] };
}

/** A file that could not be used at all: the defaults, and one error. */
function failed(file: string, kind: ConfigKind, message: string): ProjectConfig {
  return { ...empty(file, kind), errors: [{ file, message }] };
}

function problem(config: ProjectConfig, message: string): void {
  config.errors.push({ file: config.file!, message });
}

/** `syntax error at line L, column C: WHAT; using the defaults`, on one line. */
function syntaxMessage(error: unknown): string {
  let where = '';
  let what = error instanceof Error ? error.message : String(error);
  if (error instanceof TomlError) {
    where = ` at line ${error.line}, column ${error.column}`;
    what = what.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
  } else if (error instanceof YAMLParseError && error.linePos) {
    where = ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}`;
    what = what.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  } else {
    what = what.split('\n')[0]!;
  }
  return `syntax error${where}: ${what}; using the defaults`;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}
