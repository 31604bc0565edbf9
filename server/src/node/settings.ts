/**
 * The `vigil` settings section: one typed object, read per resource from the client
 * (`workspace/configuration`) and mapped onto the core's AnalysisOptions. package.json's
 * `contributes.configuration` declares the same keys with the same defaults.
 */
import { DEFAULT_OPTIONS, type AnalysisOptions } from '../core/options';
import { LEVELS, type Confidence, type Severity } from '../core/types';

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
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  enable: true,
  rules: { select: [], ignore: [] },
  severity: 'low',
  confidence: 'low',
  fix: { timeoutSeconds: DEFAULT_OPTIONS.timeoutSeconds },
  tmpDirs: [...DEFAULT_OPTIONS.tmpDirs],
  secrets: { enabled: DEFAULT_OPTIONS.secrets },
});

/**
 * Settings from whatever a client sent: VS Code sends nested objects (`rules: {ignore}`), some
 * clients flat dotted keys (`"rules.ignore"`). Values of the wrong type fall back to defaults.
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
  return {
    enable: bool(get('enable'), DEFAULT_SETTINGS.enable),
    rules: { select: ids(get('rules.select')), ignore: ids(get('rules.ignore')) },
    severity: level(get('severity'), DEFAULT_SETTINGS.severity),
    confidence: level(get('confidence'), DEFAULT_SETTINGS.confidence),
    fix: { timeoutSeconds: typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_SETTINGS.fix.timeoutSeconds },
    tmpDirs: strings(get('tmpDirs')) ?? [...DEFAULT_SETTINGS.tmpDirs],
    secrets: { enabled: bool(get('secrets.enabled'), DEFAULT_SETTINGS.secrets.enabled) },
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
    path,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
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
