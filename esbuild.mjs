// Bundles the client, the node language server and the CLI into dist/, and copies the .wasm
// files the server loads. (Expanded by the server/client work.)
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
mkdirSync('dist', { recursive: true });
copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), 'dist/tree-sitter.wasm');
for (const grammar of ['python', 'typescript', 'tsx', 'javascript']) {
  copyFileSync(require.resolve(`tree-sitter-wasms/out/tree-sitter-${grammar}.wasm`), `dist/tree-sitter-${grammar}.wasm`);
}
await build({ entryPoints: [], outdir: 'dist' });
