/**
 * Document and folder URIs as the server meets them: `file:` URIs as paths, and the URIs of a
 * browser workspace (`vscode-vfs:`, `vscode-test-web:`) by their path under a workspace folder.
 */
import { fileURLToPath } from 'node:url';

/**
 * A non-`file:` URI's path, and the path of the innermost workspace folder of the same scheme
 * and authority that holds it.
 */
export function locateInFolder(uri: string, folders: readonly string[]): { root: string; path: string } | undefined {
  const document = parseUri(uri);
  if (!document) return undefined;
  let root: string | undefined;
  for (const folder of folders) {
    const parsed = parseUri(folder);
    if (!parsed || parsed.origin !== document.origin) continue;
    const base = parsed.path.replace(/\/+$/, '');
    if ((document.path.startsWith(`${base}/`) || document.path === base) && (root === undefined || base.length > root.length)) root = base;
  }
  return root === undefined ? undefined : { root: root === '' ? '/' : root, path: document.path };
}

function parseUri(uri: string): { origin: string; path: string } | undefined {
  const match = /^([a-z][a-z0-9+.-]*:)(\/\/[^/?#]*)?([^?#]*)/i.exec(uri);
  if (!match) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(match[3]!);
  } catch {
    return undefined;
  }
  return { origin: `${match[1]!.toLowerCase()}${match[2] ?? ''}`, path: path.startsWith('/') ? path : `/${path}` };
}

/** The file path of a `file:` URI; undefined for other schemes. */
export function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
