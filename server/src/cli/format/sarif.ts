/**
 * `--format sarif`: SARIF 2.1.0 for code-scanning services. One run; the driver lists every
 * enabled rule with its documentation (the rule's own docs, as on docs/rules). Findings a
 * `nosec` covers are results with an in-source suppression, so reviewers see what was waived
 * and why. Columns are UTF-16 code units (`columnKind`), regions end exclusively.
 */
import { pathToFileURL } from 'node:url';
import type { Log, Notification, ReportingDescriptor, Result } from 'sarif';
import { ruleDocsMarkdown } from '../../core/docs';
import type { Rule } from '../../core/rule';
import { rulesFor } from '../../core/rules/registry';
import type { Severity } from '../../core/types';
import type { ScanReport, ScannedFinding } from '../report';
import { homepage, repositoryUrl, VERSION } from '../version';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const FINGERPRINT = 'vigil/v1';
const LEVEL = { high: 'error', medium: 'warning', low: 'note' } as const satisfies Record<Severity, Result.level>;
/** GitHub's bands: 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY = { high: '8.0', medium: '5.0', low: '2.0' } as const satisfies Record<Severity, string>;

export interface SarifContext {
  cwd: string;
  select: string[];
  ignore: string[];
}

export function formatSarif(report: ScanReport, context: SarifContext): string {
  const rules = enabledRules(context);
  const index = new Map(rules.map((rule, position) => [rule.meta.id, position]));
  const result = (row: ScannedFinding, suppressed: boolean): Result => ({
    ruleId: row.rule,
    ...(index.has(row.rule) ? { ruleIndex: index.get(row.rule)! } : {}),
    level: LEVEL[row.severity],
    message: { text: row.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(row.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: row.line, startColumn: row.column, endLine: row.endLine, endColumn: row.endColumn },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT]: row.fingerprint },
    properties: { severity: row.severity, confidence: row.confidence },
    ...(suppressed ? { suppressions: [{ kind: 'inSource' as const, ...(row.justification !== undefined ? { justification: row.justification } : {}) }] } : {}),
  });
  const notifications: Notification[] = report.errors.map((error) => ({
    level: 'warning',
    message: { text: error.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(error.file), uriBaseId: '%SRCROOT%' } } }],
  }));
  const home = homepage();
  const log: Log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Vigil',
            version: VERSION,
            semanticVersion: VERSION,
            ...(home ? { informationUri: home } : {}),
            rules: rules.map(descriptor),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(context.cwd).href.replace(/\/?$/, '/')}` } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications, properties: { configFile: report.stats.config } }],
        results: [...report.findings.map((row) => result(row, false)), ...report.suppressed.map((row) => result(row, true))],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** One descriptor per rule ID (a Python rule and its TS/JS twin share one), sorted by ID. */
function enabledRules(context: SarifContext): Rule[] {
  const byId = new Map<string, Rule>();
  for (const rule of [...rulesFor('python', context), ...rulesFor('javascript', context)]) if (!byId.has(rule.meta.id)) byId.set(rule.meta.id, rule);
  return [...byId.values()].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
}

function descriptor(rule: Rule): ReportingDescriptor {
  const { meta } = rule;
  const markdown = ruleDocsMarkdown(meta.id);
  return {
    id: meta.id,
    name: meta.name,
    shortDescription: { text: meta.title },
    fullDescription: { text: section(rule.docs, 'What it does') ?? meta.title },
    help: { text: plainText(markdown), markdown },
    helpUri: helpUri(rule),
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: {
      tags: ['security', `external/cwe/cwe-${meta.cwe}`],
      precision: meta.confidence,
      'security-severity': SECURITY_SEVERITY[meta.severity],
    },
  };
}

/** The rule's page in the repository when package.json names one; else its first reference, else its CWE entry. */
export function helpUri(rule: Rule): string {
  const repository = repositoryUrl();
  if (repository) return `${repository}/blob/main/docs/rules/${rule.meta.id}.md`;
  const reference = /\]\((https?:\/\/[^)\s]+)\)/.exec(section(rule.docs, 'References') ?? '')?.[1];
  return reference ?? `https://cwe.mitre.org/data/definitions/${rule.meta.cwe}.html`;
}

/** The text of a `## Title` section of a rule's docs, unwrapped into one paragraph. */
function section(docs: string, title: string): string | undefined {
  const match = new RegExp(`^## ${title}\\n([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(docs);
  const text = match?.[1]?.trim();
  return text ? text.replace(/\s*\n\s*/g, ' ') : undefined;
}

/** Markdown read as plain text: no headings' hashes, code ticks or link syntax. */
function plainText(markdown: string): string {
  return markdown
    .replace(/^#+ /gm, '')
    .replace(/^```\w*$/gm, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\[([^\]]*)\]\(([^)]*)\)/g, '$1 ($2)');
}

/** A relative URI reference for a `/`-separated relative path. */
function fileUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}
