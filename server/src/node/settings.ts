/**
 * The `vigil` settings section: one typed object, read per resource from the client
 * (`workspace/configuration`) and mapped onto the core's AnalysisOptions. package.json's
 * `contributes.configuration` declares the same keys with the same defaults.
 *
 * Project configuration (config.ts: vigil.toml, pyproject.toml's [tool.vigil]/[tool.bandit],
 * .bandit, bandit.yaml) is laid under the settings by `withProjectConfig`: a setting the user
 * set explicitly wins over the project file, the project file wins over a default, and the
 * lists of rules to ignore and paths to exclude add up. A key counts as set explicitly when the
 * client sends it: VS Code's client sends only the keys set in some settings.json (see
 * client/src/extension.ts); other editors send what their configuration names.
 */
import { DEFAULT_OPTIONS, versionOptions, type AnalysisOptions, type ProjectVersions } from '../core/options';
import { LEVELS, type Confidence, type Severity } from '../core/types';
import type { ProjectConfig } from './config';

export interface Settings {
  enable: boolean;
  rules: { select: string[]; ignore: string[] };
  /** Lowest severity shown. */
  severity: Severity;
  /** Lowest confidence shown. */
  confidence: Confidence;
  fix: { timeoutSeconds: number };
  tmpDirs: string[];
  secrets: { enabled: boolean };
  /** Glob patterns (files.exclude syntax) of files Vigil never reports on. */
  exclude: string[];
  /** The keys the client sent (dotted: `rules.ignore`), sorted; the rest are defaults. */
  explicit: string[];
  /**
   * Not a setting: the versions of the packages some rules depend on that the project installs
   * (B614's torch, B506's js-yaml), read from its files by `withProjectConfig`'s caller, as
   * `vigil scan` does.
   */
  versions?: ProjectVersions;
}

export const SETTING_KEYS = ['enable', 'rules.select', 'rules.ignore', 'severity', 'confidence', 'fix.timeoutSeconds', 'tmpDirs', 'secrets.enabled', 'exclude'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  enable: true,
  rules: { select: [], ignore: [] },
  severity: 'low',
  confidence: 'low',
  fix: { timeoutSeconds: DEFAULT_OPTIONS.timeoutSeconds },
  tmpDirs: [...DEFAULT_OPTIONS.tmpDirs],
  secrets: { enabled: DEFAULT_OPTIONS.secrets },
  exclude: [],
  explicit: [],
});

/**
 * Settings from whatever a client sent: VS Code sends nested objects (`rules: {ignore}`), some
 * clients flat dotted keys (`"rules.ignore"`). Values of the wrong type fall back to defaults
 * and do not count as set.
 */
export function parseSettings(raw: unknown): Settings {
  const source = isObject(raw) ? raw : {};
  const get = (path: string): unknown => {
    if (path in source) return source[path];
    let value: unknown = source;
    for (const key of path.split('.')) value = isObject(value) ? value[key] : undefined;
    return value;
  };
  const timeout = get('fix.timeoutSeconds');
  const settings: Settings = {
    enable: bool(get('enable'), DEFAULT_SETTINGS.enable),
    rules: { select: ids(get('rules.select')), ignore: ids(get('rules.ignore')) },
    severity: level(get('severity'), DEFAULT_SETTINGS.severity),
    confidence: level(get('confidence'), DEFAULT_SETTINGS.confidence),
    fix: { timeoutSeconds: validTimeout(timeout) ? timeout : DEFAULT_SETTINGS.fix.timeoutSeconds },
    tmpDirs: strings(get('tmpDirs')) ?? [...DEFAULT_SETTINGS.tmpDirs],
    secrets: { enabled: bool(get('secrets.enabled'), DEFAULT_SETTINGS.secrets.enabled) },
    exclude: strings(get('exclude')) ?? [],
    explicit: [],
  };
  const valid: Record<SettingKey, (value: unknown) => boolean> = {
    enable: (value) => typeof value === 'boolean',
    'rules.select': Array.isArray,
    'rules.ignore': Array.isArray,
    severity: (value) => typeof value === 'string' && (LEVELS as readonly string[]).includes(value.toLowerCase()),
    confidence: (value) => typeof value === 'string' && (LEVELS as readonly string[]).includes(value.toLowerCase()),
    'fix.timeoutSeconds': validTimeout,
    tmpDirs: Array.isArray,
    'secrets.enabled': (value) => typeof value === 'boolean',
    exclude: Array.isArray,
  };
  settings.explicit = SETTING_KEYS.filter((key) => valid[key](get(key)));
  return settings;
}

/**
 * The settings for a file under a project configuration: explicit settings first, then the
 * project file, then defaults; `rules.ignore` and `exclude` are the union of both.
 */
export function withProjectConfig(settings: Settings, config: ProjectConfig | undefined, versions?: ProjectVersions): Settings {
  if (versions !== undefined) settings = { ...settings, versions };
  if (!config?.file) return settings;
  const project = config.options;
  const explicit = new Set(settings.explicit);
  const pick = <T>(key: SettingKey, fromSettings: T, fromProject: T | undefined): T => (explicit.has(key) || fromProject === undefined ? fromSettings : fromProject);
  return {
    ...settings,
    rules: {
      select: pick('rules.select', settings.rules.select, project.select),
      ignore: [...new Set([...settings.rules.ignore, ...(project.ignore ?? [])])],
    },
    severity: pick('severity', settings.severity, project.severity),
    confidence: pick('confidence', settings.confidence, project.confidence),
    fix: { timeoutSeconds: pick('fix.timeoutSeconds', settings.fix.timeoutSeconds, project.timeoutSeconds) },
    tmpDirs: pick('tmpDirs', settings.tmpDirs, project.tmpDirs),
    secrets: { enabled: pick('secrets.enabled', settings.secrets.enabled, project.secrets) },
  };
}

/** What the analyser needs from the settings; severity/confidence filter diagnostics instead. */
export function analysisOptions(settings: Settings, path: string | undefined): Partial<AnalysisOptions> {
  return {
    select: settings.rules.select,
    ignore: settings.rules.ignore,
    timeoutSeconds: settings.fix.timeoutSeconds,
    tmpDirs: settings.tmpDirs,
    secrets: settings.secrets.enabled,
    ...versionOptions(settings.versions),
    path,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function validTimeout(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function level<T extends Severity>(value: unknown, fallback: T): T {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value.toLowerCase()) ? (value.toLowerCase() as T) : fallback;
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}

/** Rule IDs, upper-cased (`b113` is B113); anything else is dropped. */
function ids(value: unknown): string[] {
  return (strings(value) ?? []).map((id) => id.trim().toUpperCase()).filter((id) => /^[A-Z]{1,3}\d{3}$/.test(id));
}
