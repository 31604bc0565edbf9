/** The analysis core's host on Node: wasm files from next to the bundle, the Hugging Face cache from disk. */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AnalyzerHost } from '../core/host';
import type { GrammarName } from '../core/languages';

/**
 * Where the .wasm files are: `dist/` when bundled (esbuild.mjs copies them there), the
 * packages in node_modules when run from source (tests).
 */
function wasmPath(name: 'tree-sitter' | GrammarName, distDir: string | undefined): string {
  const file = name === 'tree-sitter' ? 'tree-sitter.wasm' : `tree-sitter-${name}.wasm`;
  if (distDir && existsSync(join(distDir, file))) return join(distDir, file);
  return name === 'tree-sitter' ? require.resolve('web-tree-sitter/tree-sitter.wasm') : require.resolve(`tree-sitter-wasms/out/${file}`);
}

export function createNodeHost(options: { distDir?: string; log?: (message: string) => void; env?: NodeJS.ProcessEnv } = {}): AnalyzerHost {
  const env = options.env ?? process.env;
  return {
    async loadWasm(name) {
      return readFile(wasmPath(name, options.distDir));
    },
    resolveHuggingFaceRevision(repoId, repoType) {
      return huggingFaceCachedRevision(repoId, repoType, env);
    },
    log: options.log,
  };
}

/**
 * The commit `refs/main` points to in the local hub cache: `$HF_HUB_CACHE`, else
 * `$HF_HOME/hub`, else `~/.cache/huggingface/hub`, in a folder `models--ORG--NAME`.
 */
export function huggingFaceCachedRevision(repoId: string, repoType: 'model' | 'dataset', env: NodeJS.ProcessEnv): string | undefined {
  const hubDir = env.HF_HUB_CACHE ?? (env.HF_HOME ? join(env.HF_HOME, 'hub') : join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'huggingface', 'hub'));
  const folder = `${repoType}s--${repoId.replace(/\//g, '--')}`;
  try {
    const revision = readFileSync(join(hubDir, folder, 'refs', 'main'), 'utf8').trim();
    return /^[0-9a-f]{40}$/.test(revision) ? revision : undefined;
  } catch {
    return undefined;
  }
}
