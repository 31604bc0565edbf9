/**
 * Hover on a finding: the rule's documentation for the document's language, cut to what helps
 * at the cursor — what it reports, why it matters, what to write instead and whether the fix is
 * safe — with severity, confidence, the CWE link and a link to the full page.
 */
import { ruleDocsMarkdown } from '../core/docs';
import type { LanguageFamily } from '../core/languages';
import { rulesById } from '../core/rules/registry';
import type { Finding } from '../core/types';
import { ruleDocsUrl } from './diagnostics';

/** The sections of a rule page shown in a hover, in this order. */
const HOVER_SECTIONS = ['What it does', 'Why is this bad?', 'Use instead', 'Fix safety'];

export function findingHoverMarkdown(finding: Finding, family: LanguageFamily): string {
  const rules = rulesById(finding.ruleId);
  const own = rules.filter((rule) => rule.family === family || rule.family === 'any');
  const page = ruleDocsMarkdown(finding.ruleId, own.length > 0 ? own : rules);
  if (!page) return `**${finding.ruleId}**: ${finding.message}`;
  const title = /^# (.+)$/m.exec(page)?.[1] ?? finding.ruleId;
  const cwe = /\[CWE-\d+\]\([^)\s]+\)/.exec(page)?.[0];
  const sections = splitSections(page);
  const facts = [`severity ${finding.severity}`, `confidence ${finding.confidence}`, ...(cwe ? [cwe] : [])].join(' · ');
  const parts = [`**${title}** — ${facts}`, finding.message];
  for (const name of HOVER_SECTIONS) {
    const body = sections.get(name);
    if (body) parts.push(`**${name}**\n\n${body}`);
  }
  parts.push(`[Full documentation for ${finding.ruleId}](${ruleDocsUrl(finding.ruleId)})`);
  return parts.join('\n\n');
}

/** `## Name` sections of one rule's page (or `### Name` when the page has a section per language). */
function splitSections(page: string): Map<string, string> {
  const sections = new Map<string, string>();
  const heading = /^#{2,3} (.+)$/gm;
  const matches = [...page.matchAll(heading)];
  matches.forEach((match, index) => {
    const start = match.index! + match[0].length;
    const end = index + 1 < matches.length ? matches[index + 1]!.index! : page.length;
    const name = match[1]!.trim();
    if (!sections.has(name)) sections.set(name, page.slice(start, end).trim());
  });
  return sections;
}
