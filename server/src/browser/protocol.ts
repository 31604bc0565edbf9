/**
 * The web client's additions to LSP, on top of server/src/node/protocol.ts. Plain names and
 * shapes only, so both sides build their own typed requests.
 *
 * `vigil/web/analyzeFiles` (client → worker): the workspace scan in the browser. A worker has no
 * file system, so the client reads the workspace's files (`vscode.workspace.fs`) and sends
 * their text in batches; the worker analyses each with the file's `vigil` settings and
 * publishes its diagnostics.
 */
export const ANALYZE_FILES = 'vigil/web/analyzeFiles';

export interface AnalyzeFilesParams {
  files: { uri: string; text: string }[];
}

export interface AnalyzeFilesResult {
  /** Files analysed (a file Vigil has no language for, or disabled by its settings, is not). */
  files: number;
  /** Diagnostics published across them, after the severity/confidence thresholds. */
  findings: number;
  filesWithFindings: number;
}
