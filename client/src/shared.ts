/**
 * What the desktop client (extension.ts) and the VS Code for the Web client (browser/) share:
 * the languages Vigil serves, the settings the user set explicitly, and suppression with a
 * reason the user types. Only the platform-neutral `vscode-languageclient` API is used here.
 */
import * as vscode from 'vscode';
import { RequestType, type BaseLanguageClient, type WorkspaceEdit } from 'vscode-languageclient';
import { SUPPRESSION_EDIT, type SuppressionCommandTarget, type SuppressionEditParams } from '../../server/src/node/protocol';

export const LANGUAGES = ['python', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'];

const SuppressionEditRequest = new RequestType<SuppressionEditParams, WorkspaceEdit | null, void>(SUPPRESSION_EDIT);

/** The keys of the `vigil` section the extension contributes (`rules.ignore`, …). */
export function vigilSettingKeys(context: vscode.ExtensionContext): string[] {
  const properties = (context.extension.packageJSON as { contributes?: { configuration?: { properties?: Record<string, unknown> } } }).contributes?.configuration?.properties ?? {};
  return Object.keys(properties)
    .filter((key) => key.startsWith('vigil.'))
    .map((key) => key.slice('vigil.'.length));
}

/**
 * The `vigil` settings set in some settings.json (user, workspace, folder, or for a language),
 * as flat dotted keys; defaults are left out so the server can tell them from choices.
 */
export function explicitSettings(keys: readonly string[], scopeUri: string | undefined): Record<string, unknown> {
  const configuration = vscode.workspace.getConfiguration('vigil', scopeUri ? vscode.Uri.parse(scopeUri) : undefined);
  const explicit: Record<string, unknown> = {};
  for (const key of keys) {
    const inspected = configuration.inspect(key);
    if (!inspected) continue;
    const values = [inspected.globalValue, inspected.workspaceValue, inspected.workspaceFolderValue, inspected.globalLanguageValue, inspected.workspaceLanguageValue, inspected.workspaceFolderLanguageValue];
    if (values.some((value) => value !== undefined)) explicit[key] = configuration.get(key);
  }
  return explicit;
}

/** Ask why a finding is safe to ignore, then apply the server's suppression with that reason. */
export async function suppressWithJustification(languageClient: BaseLanguageClient, target: SuppressionCommandTarget): Promise<boolean> {
  const reason = await vscode.window.showInputBox({
    title: `Suppress ${target.ruleId}`,
    prompt: `Why is this ${target.ruleId} finding safe to ignore? The reason is written into the nosec comment for reviewers.`,
    placeHolder: 'e.g. the URL is a constant pointing at our own service',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'A suppression needs a reason.'),
  });
  if (reason === undefined) return false;
  const edit = await languageClient.sendRequest(SuppressionEditRequest, { uri: target.uri, target, reason });
  if (!edit) {
    void vscode.window.showWarningMessage(`Vigil: the document changed before ${target.ruleId} could be suppressed; try again.`);
    return false;
  }
  return vscode.workspace.applyEdit(await languageClient.protocol2CodeConverter.asWorkspaceEdit(edit));
}
