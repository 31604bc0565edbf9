/**
 * Vigil's additions to LSP, shared by the server and the VS Code client. Plain names and shapes
 * only (no imports), so each side builds its own typed `RequestType` from its own library.
 */

/**
 * `vigil/scanWorkspace`: analyse every Python/TS/JS file of the workspace folders. Editors
 * without custom requests run it as the command `SERVER_COMMANDS.scanWorkspace`.
 */
export const SCAN_WORKSPACE = 'vigil/scanWorkspace';

export interface ScanWorkspaceParams {
  /** A client-made work-done progress token; without one the server creates its own when it can. */
  workDoneToken?: string | number;
}

export interface ScanWorkspaceResult {
  /** Files analysed (unopened ones get their diagnostics published). */
  files: number;
  /** Files found: analysed plus not reached because the scan was cancelled. */
  total: number;
  /** Findings reported across the analysed files. */
  findings: number;
  /** Files with at least one finding. */
  filesWithFindings: number;
  cancelled: boolean;
  /** Files analysed in this scan: new or changed since the last one (or its settings changed). */
  analysed: number;
  /** Files whose findings were taken from the scan cache, unchanged since they were analysed. */
  cached: number;
}

/**
 * `vigil/findingCounts` (server → client notification, sent when the client asks for it with
 * `initializationOptions.findingCounts`): how many Vigil diagnostics are published right now,
 * across open documents and scanned files, after the severity/confidence thresholds.
 */
export const FINDING_COUNTS = 'vigil/findingCounts';

export interface FindingCounts {
  /** Every published finding. */
  total: number;
  /** Files with at least one. */
  files: number;
  high: number;
  medium: number;
  low: number;
}

/** `vigil/suppressionEdit`: the edit suppressing one diagnostic with a reason the user typed. */
export const SUPPRESSION_EDIT = 'vigil/suppressionEdit';

export interface SuppressionEditParams {
  uri: string;
  /** The arguments the server put in the code action's command. */
  target: SuppressionCommandTarget;
  reason: string;
}

/** Identifies a finding of one version of a document. */
export interface SuppressionCommandTarget {
  uri: string;
  version: number;
  ruleId: string;
  start: number;
  end: number;
}

/**
 * Commands the VS Code client implements itself (it tells the server so in
 * `initializationOptions.clientCommands`); other clients get edits and server commands instead.
 */
export const CLIENT_COMMANDS = {
  /** Arguments: a SuppressionCommandTarget. Asks for a reason, then applies `vigil/suppressionEdit`. */
  suppressWithJustification: 'vigil.suppressWithJustification',
  /** Arguments: rule ID, documentation URL. Opens the rule's documentation. */
  showDocumentation: 'vigil.showDocumentation',
} as const;

/** Commands the server executes (`workspace/executeCommand`), for clients without their own. */
export const SERVER_COMMANDS = {
  /** Arguments: rule ID, documentation URL. Asks the client to show the document (`window/showDocument`). */
  showDocumentation: 'vigil.server.showDocumentation',
  /** No arguments. Runs `vigil/scanWorkspace` with server-created progress; answers its result. */
  scanWorkspace: 'vigil.server.scanWorkspace',
} as const;

export interface InitializationOptions {
  /** Which of CLIENT_COMMANDS the client registered. */
  clientCommands?: string[];
  /**
   * A directory the server may write its scan cache to (VS Code: the extension's workspace
   * storage). Without one the cache goes to the user's cache directory (scan-cache.ts).
   */
  storagePath?: string;
  /** Send `vigil/findingCounts` notifications. */
  findingCounts?: boolean;
}
