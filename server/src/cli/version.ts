/** What package.json says about Vigil (inlined by the bundler). */
import packageJson from '../../../package.json';

interface PackageInfo {
  version: string;
  homepage?: string;
  repository?: string | { url?: string };
}

const info = packageJson as PackageInfo;

export const VERSION: string = info.version;

/** `https://host/owner/repo` from package.json's `repository`, if it names a web-browsable repository. */
export function repositoryUrl(): string | undefined {
  const raw = typeof info.repository === 'string' ? info.repository : info.repository?.url;
  if (!raw) return undefined;
  const url = raw.replace(/^git\+/, '').replace(/\.git$/, '').replace(/^git@([^:]+):/, 'https://$1/');
  return /^https:\/\//.test(url) ? url : undefined;
}

export function homepage(): string | undefined {
  return info.homepage ?? repositoryUrl();
}
