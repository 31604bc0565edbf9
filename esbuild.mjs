// Bundles the VS Code client, the node language server and the CLI into dist/, the same client
// and server for VS Code for the Web (a browser extension host and a web worker), and copies
// the .wasm files the servers load next to them. One options object per target; one loop serves
// `node esbuild.mjs` (development: sourcemaps), `--production` (minified, no maps, what
// `npm run package` ships) and `--watch`.
import { context } from 'esbuild';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// `--outdir=DIR` builds elsewhere than dist/ (tests that must not touch the shared dist/).
const out = process.argv.find((arg) => arg.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';

// "use strict" first: a directive after the shim would no longer be one.
const IMPORT_META_URL = `"use strict";\nconst import_meta_url = require('node:url').pathToFileURL(__filename).href;`;

/** @type {import('esbuild').BuildOptions} */
const shared = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  // ESM dependencies (web-tree-sitter, tinyglobby's fdir) read import.meta.url, which a CJS
  // bundle lacks: give them the bundle's own URL.
  define: { 'import.meta.url': 'import_meta_url' },
  banner: { js: IMPORT_META_URL },
  // host.ts falls back to the packages' .wasm files when run from source; bundles find them in
  // dist/ and never take that path.
  external: ['web-tree-sitter/tree-sitter.wasm', 'tree-sitter-wasms/*'],
};

const targets = [
  // The client runs in VS Code's extension host, which provides `vscode`.
  { ...shared, entryPoints: ['client/src/extension.ts'], outfile: `${out}/extension.js`, external: [...shared.external, 'vscode'] },
  // The server is self-contained: every dependency is bundled.
  { ...shared, entryPoints: ['server/src/node/server.ts'], outfile: `${out}/server.js` },
];

// VS Code for the Web: the client runs in a browser extension host, the server in a web worker.
// The worker bundles the node server's Session; the Node modules it imports are mapped to the
// stand-ins in server/src/browser/node-shims (no file system in a worker).
/** @type {import('esbuild').BuildOptions} */
const browserShared = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  // The extension host provides `vscode`; the worker runs our code only.
  external: ['vscode'],
  // The node variants of the LSP libraries pull in child_process, net and friends.
  alias: { 'vscode-languageserver/node': 'vscode-languageserver/browser', 'vscode-languageclient/node': 'vscode-languageclient/browser' },
};
targets.push(
  { ...browserShared, entryPoints: ['client/src/browser/extension.ts'], outfile: `${out}/browser-extension.js`, format: 'cjs' },
  {
    ...browserShared,
    entryPoints: ['server/src/browser/server.ts'],
    outfile: `${out}/browser-server.js`,
    format: 'iife',
    inject: ['server/src/browser/node-shims/globals.ts'],
    // Node-only names in the bundled modules. web-tree-sitter resolves its .wasm against
    // import.meta.url, which an IIFE lacks, even when handed the bytes (as the core does): any
    // valid URL will do, since it is never fetched.
    define: { __filename: '"/vigil/dist/browser-server.js"', __dirname: '"/vigil/dist"', 'import.meta.url': '"file:///vigil/dist/browser-server.js"' },
    plugins: [nodeShims()],
  },
);
// The CLI is written separately; bundle it once it exists.
if (existsSync('server/src/cli/main.ts')) {
  targets.push({
    ...shared,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: `${out}/cli.js`,
    banner: { js: `#!/usr/bin/env node\n${IMPORT_META_URL}` },
    plugins: [executable(`${out}/cli.js`)],
  });
}

mkdirSync(out, { recursive: true });
// A production build writes no maps; stale ones from a development build must not ship.
if (production) for (const name of readdirSync(out)) if (name.endsWith('.map')) rmSync(`${out}/${name}`);
copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), `${out}/tree-sitter.wasm`);
for (const grammar of ['python', 'typescript', 'tsx', 'javascript']) {
  copyFileSync(require.resolve(`tree-sitter-wasms/out/tree-sitter-${grammar}.wasm`), `${out}/tree-sitter-${grammar}.wasm`);
}

const contexts = await Promise.all(targets.map((options) => context(options)));
if (watch) {
  await Promise.all(contexts.map((ctx) => ctx.watch()));
  console.log(`esbuild: watching ${targets.map((target) => target.outfile).join(', ')}`);
} else {
  try {
    await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  } finally {
    await Promise.all(contexts.map((ctx) => ctx.dispose()));
  }
}

/** package.json's `bin` must be executable after every (re)build. */
function executable(file) {
  return { name: 'executable', setup: (build) => build.onEnd((result) => void (result.errors.length === 0 && existsSync(file) && chmodSync(file, 0o755))) };
}

/** `node:fs`, `fs`, … → server/src/browser/node-shims/<name>.ts, for the web-worker server. */
function nodeShims() {
  const shims = { fs: 'fs', 'fs/promises': 'fs-promises', path: 'path', url: 'url', os: 'os', crypto: 'crypto' };
  return {
    name: 'node-shims',
    setup(build) {
      build.onResolve({ filter: /^(node:)?(fs|fs\/promises|path|url|os|crypto|module)$/ }, (args) => {
        const name = args.path.replace(/^node:/, '');
        // web-tree-sitter's Node-only branch imports `module` lazily; it never runs in a worker.
        if (!(name in shims)) return { path: args.path, external: true };
        return { path: new URL(`server/src/browser/node-shims/${shims[name]}.ts`, import.meta.url).pathname };
      });
    },
  };
}
