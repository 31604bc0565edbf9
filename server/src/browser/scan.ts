/**
 * The worker's side of the browser workspace scan (protocol.ts): analyse files the client read
 * and publish their diagnostics. One `workspace/configuration` round trip per batch.
 */
import type { Connection, Diagnostic } from 'vscode-languageserver/browser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyzer } from '../core/analyzer';
import { languageForPath } from '../core/languages';
import { isShown, toDiagnostic } from '../node/diagnostics';
import { DEFAULT_SETTINGS, analysisOptions, parseSettings, type Settings } from '../node/settings';
import type { AnalyzeFilesParams, AnalyzeFilesResult } from './protocol';

export async function analyzeFiles(connection: Connection, analyzer: Analyzer, { files }: AnalyzeFilesParams, canAskSettings: boolean): Promise<AnalyzeFilesResult> {
  const result: AnalyzeFilesResult = { files: 0, findings: 0, filesWithFindings: 0 };
  const settings: Settings[] = canAskSettings
    ? ((await connection.workspace.getConfiguration(files.map((file) => ({ scopeUri: file.uri, section: 'vigil' })))) as unknown[]).map(parseSettings)
    : files.map(() => DEFAULT_SETTINGS);
  files.forEach((file, index) => {
    const language = languageForPath(new URL(file.uri).pathname);
    const fileSettings = settings[index] ?? DEFAULT_SETTINGS;
    if (!language || !fileSettings.enable) return;
    const document = TextDocument.create(file.uri, language.grammar, 0, file.text);
    let diagnostics: Diagnostic[];
    try {
      diagnostics = analyzer
        .analyze(file.text, language, analysisOptions(fileSettings, undefined))
        .findings.filter((finding) => isShown(finding, fileSettings))
        .map((finding) => toDiagnostic(finding, document, null));
    } catch (error) {
      // One file the analyser chokes on must not cost the rest of the scan.
      connection.console.error(`could not analyse ${file.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return;
    }
    void connection.sendDiagnostics({ uri: file.uri, diagnostics });
    result.files++;
    result.findings += diagnostics.length;
    if (diagnostics.length > 0) result.filesWithFindings++;
  });
  return result;
}
