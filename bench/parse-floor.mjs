#!/usr/bin/env node
/**
 * The parse floor of `vigil scan`: read every file and parse it with the same stack the CLI
 * bundles (web-tree-sitter + the tree-sitter-wasms grammars), one thread, no rules, then free
 * the tree. Plain JavaScript run by plain `node`, so start-up costs what the bundled CLI's does.
 *
 *   node bench/parse-floor.mjs LIST   # LIST: a JSON array of [path, grammar] pairs
 *
 * Prints one JSON line: { files, lines, errorFiles, seconds }.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { Language, Parser } from 'web-tree-sitter';

const started = performance.now();
const require = createRequire(import.meta.url);
const list = JSON.parse(readFileSync(process.argv[2], 'utf8'));

await Parser.init({ wasmBinary: readFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm')) });
const parsers = new Map();
async function parserFor(grammar) {
  let parser = parsers.get(grammar);
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(await Language.load(readFileSync(require.resolve(`tree-sitter-wasms/out/tree-sitter-${grammar}.wasm`))));
    parsers.set(grammar, parser);
  }
  return parser;
}

let lines = 0;
let errorFiles = 0;
for (const [path, grammar] of list) {
  const text = readFileSync(path, 'utf8');
  const tree = (await parserFor(grammar)).parse(text);
  try {
    if (tree.rootNode.hasError) errorFiles++;
  } finally {
    tree.delete();
  }
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  if (text.length > 0 && !text.endsWith('\n')) lines++;
}
console.log(JSON.stringify({ files: list.length, lines, errorFiles, seconds: (performance.now() - started) / 1000 }));
