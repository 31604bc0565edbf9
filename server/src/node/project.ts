/**
 * Facts about a Python project that rules cannot read themselves (the core has no file
 * system): which PyTorch version the project installs at least. B614 uses it through
 * `AnalysisOptions.torchVersion`, since PyTorch 2.6 made `torch.load` safe by default.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { ProjectVersions } from '../core/options';
import { compareVersions, parseVersion } from '../core/versions';
import { isNpmVersionSource, minimumNpmVersion, NPM_VERSION_SOURCES } from './npm-project';

/** What one file says about a package: a version floor, or none (any version may be installed). */
export type Requirement = { floor: string } | { floor: undefined };

/**
 * The lowest PyTorch version the project at `root` can install, or undefined when it cannot be
 * told (torch not declared, or declared somewhere without a lower bound).
 *
 * Lock files win: the lowest `torch` locked in `uv.lock` or `poetry.lock`. Otherwise every
 * declaration counts, and the lowest floor is returned: `requirements*.txt` and
 * `requirements/*.txt` (following `-r`/`-c` includes), and `pyproject.toml`'s
 * `[project] dependencies`, `optional-dependencies`, `[dependency-groups]`, `[tool.uv]
 * dev-dependencies` and Poetry's dependency tables. Unreadable or malformed files are skipped.
 */
export function minimumTorchVersion(root: string): string | undefined {
  const locked = [...lockedVersions(join(root, 'uv.lock')), ...lockedVersions(join(root, 'poetry.lock'))];
  if (locked.length > 0) return lowest(locked);
  const requirements = [...requirementsFiles(root).flatMap((file) => requirementsTxt(file, new Set())), ...pyprojectRequirements(join(root, 'pyproject.toml'))];
  if (requirements.length === 0 || requirements.some((requirement) => requirement.floor === undefined)) return undefined;
  return lowest(requirements.map((requirement) => requirement.floor!));
}

const REQUIREMENTS = /^requirements.*\.(?:txt|in)$/i;

/** Globs of the files `minimumTorchVersion` reads, for an editor to watch. */
export const TORCH_VERSION_SOURCES = ['**/{uv.lock,poetry.lock,pyproject.toml}', '**/requirements*.{txt,in}', '**/requirements/*.{txt,in}'];

/** Whether a change to `path` may change what `minimumTorchVersion` says. */
export function isTorchVersionSource(path: string): boolean {
  const name = basename(path);
  return ['uv.lock', 'poetry.lock', 'pyproject.toml'].includes(name) || REQUIREMENTS.test(name) || (basename(dirname(path)) === 'requirements' && /\.(?:txt|in)$/i.test(name));
}

/** What the project at `root` installs of the packages in ProjectVersions (core/options.ts). */
export function projectVersions(root: string): ProjectVersions {
  return { torch: minimumTorchVersion(root), jsYaml: minimumNpmVersion(root, 'js-yaml') };
}

/** Globs of the files `projectVersions` reads, for an editor to watch. */
export const PROJECT_VERSION_SOURCES: readonly string[] = [...TORCH_VERSION_SOURCES, ...NPM_VERSION_SOURCES];

/** Whether a change to `path` may change what `projectVersions` says. */
export function isProjectVersionSource(path: string): boolean {
  return isTorchVersionSource(path) || isNpmVersionSource(path);
}

function lowest(versions: string[]): string | undefined {
  const parsed = versions.map((text) => ({ text, version: parseVersion(text) })).filter((entry) => entry.version);
  if (parsed.length !== versions.length) return undefined;
  return parsed.sort((a, b) => compareVersions(a.version!, b.version!))[0]?.text;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function readToml(path: string): Record<string, unknown> | undefined {
  const text = readText(path);
  if (text === undefined) return undefined;
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function lockedVersions(path: string): string[] {
  const lock = readToml(path);
  const packages = Array.isArray(lock?.package) ? (lock.package as unknown[]) : [];
  return packages.flatMap((entry) => {
    const record = entry as { name?: unknown; version?: unknown };
    return typeof record.name === 'string' && isTorch(record.name) && typeof record.version === 'string' ? [record.version] : [];
  });
}

function requirementsFiles(root: string): string[] {
  const list = (dir: string, pattern: RegExp): string[] => {
    try {
      return readdirSync(dir)
        .filter((name) => pattern.test(name))
        .sort()
        .map((name) => join(dir, name));
    } catch {
      return [];
    }
  };
  return [...list(root, REQUIREMENTS), ...list(join(root, 'requirements'), /\.(?:txt|in)$/i)];
}

/** Requirements of `torch` in a pip requirements file and the files it includes. */
function requirementsTxt(path: string, seen: Set<string>): Requirement[] {
  const absolute = resolve(path);
  if (seen.has(absolute)) return [];
  seen.add(absolute);
  const text = readText(absolute);
  if (text === undefined) return [];
  const found: Requirement[] = [];
  // Backslash continuations join lines; comments start at `#` after whitespace or at the start.
  for (const raw of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const include = /^(?:-r|--requirement|-c|--constraint)[\s=]+(\S+)/.exec(line);
    if (include) {
      const target = join(dirname(absolute), include[1]!);
      if (existsSync(target)) found.push(...requirementsTxt(target, seen));
      continue;
    }
    if (line.startsWith('-')) continue;
    const requirement = pep508Torch(line);
    if (requirement) found.push(requirement);
  }
  return found;
}

function pyprojectRequirements(path: string): Requirement[] {
  const pyproject = readToml(path);
  if (!pyproject) return [];
  const strings: unknown[] = [];
  const project = pyproject.project as Record<string, unknown> | undefined;
  strings.push(...asArray(project?.dependencies));
  for (const group of Object.values(asRecord(project?.['optional-dependencies']))) strings.push(...asArray(group));
  for (const group of Object.values(asRecord(pyproject['dependency-groups']))) strings.push(...asArray(group));
  const tool = asRecord(pyproject.tool);
  strings.push(...asArray(asRecord(tool.uv)['dev-dependencies']));
  const found = strings.flatMap((entry) => (typeof entry === 'string' ? [pep508Torch(entry)].filter((r): r is Requirement => !!r) : []));
  const poetry = asRecord(tool.poetry);
  const poetryTables = [asRecord(poetry.dependencies), asRecord(poetry['dev-dependencies']), ...Object.values(asRecord(poetry.group)).map((group) => asRecord(asRecord(group).dependencies))];
  for (const table of poetryTables) {
    for (const [name, constraint] of Object.entries(table)) {
      if (isTorch(name)) found.push(...poetryRequirement(constraint));
    }
  }
  return found;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function isTorch(name: string): boolean {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-') === 'torch';
}

/**
 * `torch>=2.6,<3 ; python_version >= "3.9"`, `torch[opt]==2.6.0+cu124`, a direct URL to a wheel
 * (`torch @ https://…/torch-2.6.0+cpu-cp311-….whl`); undefined for other packages.
 */
export function pep508Torch(line: string): Requirement | undefined {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*)$/.exec(line);
  if (!match || !isTorch(match[1]!)) return undefined;
  const rest = match[2]!.replace(/;.*$/, '').trim();
  if (rest.startsWith('@')) {
    const wheel = /torch-(\d+(?:\.\d+)*[^-]*)-/i.exec(rest);
    return { floor: wheel?.[1] };
  }
  return { floor: floorOf(rest.replace(/^\(|\)$/g, '').split(',')) };
}

/** The highest lower bound among PEP 440 specifiers (`>=`, `>`, `==`, `===`, `~=`), if any. */
function floorOf(specifiers: string[]): string | undefined {
  const floors = specifiers.flatMap((specifier) => {
    const match = /^\s*(>=|>|===|==|~=)\s*([^\s,]+)\s*$/.exec(specifier);
    return match ? [match[2]!.replace(/\.\*$/, '')] : [];
  });
  const parsed = floors.map((text) => ({ text, version: parseVersion(text) })).filter((entry) => entry.version);
  return parsed.sort((a, b) => compareVersions(b.version!, a.version!))[0]?.text;
}

/** Poetry's forms: `"^2.6"`, `"~2.6"`, `">=2.6,<3"`, `"2.6.0"`, `{ version = "…" }`, a list of those. */
function poetryRequirement(constraint: unknown): Requirement[] {
  if (Array.isArray(constraint)) return constraint.flatMap((entry) => poetryRequirement(entry));
  const text = typeof constraint === 'string' ? constraint : asRecord(constraint).version;
  if (typeof text !== 'string') return [{ floor: undefined }];
  const specifiers = text.split(',').map((part) => {
    const trimmed = part.trim();
    if (/^[\^~](?!=)/.test(trimmed)) return `>=${trimmed.slice(1)}`;
    if (/^\d/.test(trimmed)) return `==${trimmed}`;
    return trimmed;
  });
  return [{ floor: floorOf(specifiers) }];
}
