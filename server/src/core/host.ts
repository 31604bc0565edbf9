/**
 * What the analysis core needs from the platform it runs on. The node server and CLI read
 * these from disk, a web-worker server fetches them from the extension's URI, tests may
 * hand in anything. The core itself never touches a file system.
 */
import type { GrammarName } from './languages';

export interface AnalyzerHost {
  /** Bytes of `tree-sitter.wasm` (the runtime) or of a grammar's `.wasm`. */
  loadWasm(name: 'tree-sitter' | GrammarName): Promise<Uint8Array>;
  /**
   * The commit a Hugging Face repository's `main` ref points to in the local hub cache, if the
   * repository has been downloaded before. Lets the B615 fix pin the exact revision in use.
   */
  resolveHuggingFaceRevision?(repoId: string, repoType: 'model' | 'dataset'): string | undefined;
  log?(message: string): void;
}
