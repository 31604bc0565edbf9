/**
 * The status-bar item of the web client: how many Vigil findings are shown, across open files
 * and the last workspace scan; clicking it opens the Problems panel. The desktop client gets
 * its counts from the server (`vigil/findingCounts`); here the scan's diagnostics are published
 * outside the server's session, so the item counts the client's own diagnostics collection,
 * which holds exactly what is shown (the server publishes only findings at or above the
 * severity and confidence thresholds). Severity maps back from the diagnostic level.
 */
import * as vscode from 'vscode';
import type { FindingCounts } from '../../../server/src/node/protocol';

/** Counting waits this long after a change (ms): a scan publishes for many files per second. */
const COUNT_DELAY_MS = 50;

export class WebFindingsStatus implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('vigil.findings', vscode.StatusBarAlignment.Left, 40);
  counts: FindingCounts | undefined;
  private readonly changed = new vscode.EventEmitter<FindingCounts | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly listener: vscode.Disposable;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly collection: () => vscode.DiagnosticCollection | undefined) {
    this.item.name = 'Vigil findings';
    this.item.command = 'vigil.showFindings';
    this.show(undefined);
    this.listener = vscode.languages.onDidChangeDiagnostics(() => this.schedule());
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.recount();
    }, COUNT_DELAY_MS);
  }

  private recount(): void {
    const counts: FindingCounts = { total: 0, files: 0, high: 0, medium: 0, low: 0 };
    this.collection()?.forEach((_uri, diagnostics) => {
      if (diagnostics.length === 0) return;
      counts.files++;
      for (const diagnostic of diagnostics) {
        if (diagnostic.severity === vscode.DiagnosticSeverity.Error) counts.high++;
        else if (diagnostic.severity === vscode.DiagnosticSeverity.Warning) counts.medium++;
        else counts.low++;
      }
    });
    counts.total = counts.high + counts.medium + counts.low;
    if (JSON.stringify(counts) !== JSON.stringify(this.counts)) this.show(counts);
  }

  private show(counts: FindingCounts | undefined): void {
    this.counts = counts;
    const total = counts?.total ?? 0;
    const icon = counts && counts.high > 0 ? '$(error)' : total > 0 ? '$(warning)' : '$(shield)';
    this.item.text = `${icon} Vigil ${total}`;
    const levels = counts ? ([['high', counts.high], ['medium', counts.medium], ['low', counts.low]] as const).filter(([, n]) => n > 0) : [];
    const breakdown = levels.length > 0 ? ` (${levels.map(([name, n]) => `${n} ${name}`).join(', ')})` : '';
    const files = counts && total > 0 ? ` in ${counts.files} file${counts.files === 1 ? '' : 's'}` : '';
    this.item.tooltip = new vscode.MarkdownString(
      `**Vigil**: ${total} security finding${total === 1 ? '' : 's'}${breakdown}${files}, at or above the severity and confidence thresholds, in open files and the last workspace scan.\n\nClick to open the Problems panel. Run **Vigil: Scan Workspace** to check files that are not open.`,
    );
    this.item.accessibilityInformation = { label: `Vigil: ${total} security findings${breakdown}${files}` };
    this.item.show();
    this.changed.fire(counts);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.listener.dispose();
    this.item.dispose();
    this.changed.dispose();
  }
}
