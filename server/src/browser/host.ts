/**
 * The analysis core's host in a web worker: the .wasm files are fetched from the extension's
 * `dist/` folder (the client passes its URI), since a worker has no file system. There is no
 * Hugging Face cache to look in, so the B615 fix offers its placeholder revision.
 */
import type { AnalyzerHost } from '../core/host';
import type { GrammarName } from '../core/languages';

export function wasmFileName(name: 'tree-sitter' | GrammarName): string {
  return name === 'tree-sitter' ? 'tree-sitter.wasm' : `tree-sitter-${name}.wasm`;
}

export function createBrowserHost(options: { distUrl: () => string; log?: (message: string) => void }): AnalyzerHost {
  return {
    async loadWasm(name) {
      const url = new URL(wasmFileName(name), options.distUrl()).href;
      const response = await fetch(url);
      if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
    log: options.log,
  };
}
