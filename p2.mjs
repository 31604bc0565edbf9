import { Parser, Language } from 'web-tree-sitter';
import fs from 'node:fs';
await Parser.init({ wasmBinary: fs.readFileSync('node_modules/web-tree-sitter/tree-sitter.wasm') });
const L = await Language.load(fs.readFileSync(`node_modules/tree-sitter-wasms/out/tree-sitter-${process.argv[2]}.wasm`));
const p = new Parser(); p.setLanguage(L);
const tree = p.parse(fs.readFileSync(process.argv[3], 'utf8'));
for (const c of tree.rootNode.namedChildren) console.log(c.toString());
