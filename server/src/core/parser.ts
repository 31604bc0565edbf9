/**
 * Owns web-tree-sitter: initialises the runtime once, loads each grammar once (bytes come from
 * the host), and compiles each query once per language.
 *
 * web-tree-sitter is pinned to 0.25.10 in package.json: 0.26 and later cannot load the grammars
 * shipped in tree-sitter-wasms 0.1.13 (ABI mismatch), and those are the grammars we bundle.
 */
import { Parser, Language as TSLanguage, Query, type Tree, type Node } from 'web-tree-sitter';
import type { AnalyzerHost } from './host';
import type { GrammarName } from './languages';

export type { Tree, Node, Query };

export class ParserPool {
  private readonly grammars = new Map<GrammarName, TSLanguage>();
  private readonly parsers = new Map<GrammarName, Parser>();
  private readonly queries = new Map<string, Query>();

  private constructor(readonly host: AnalyzerHost) {}

  /** Initialise the WASM runtime and every grammar up front, so analysis itself is synchronous. */
  static async create(host: AnalyzerHost, grammars: readonly GrammarName[] = ['python', 'typescript', 'tsx', 'javascript']): Promise<ParserPool> {
    await initRuntime(host);
    const pool = new ParserPool(host);
    for (const name of grammars) {
      pool.grammars.set(name, await TSLanguage.load(await host.loadWasm(name)));
    }
    return pool;
  }

  has(grammar: GrammarName): boolean {
    return this.grammars.has(grammar);
  }

  language(grammar: GrammarName): TSLanguage {
    const language = this.grammars.get(grammar);
    if (!language) throw new Error(`grammar ${grammar} was not loaded`);
    return language;
  }

  /** Parse `text`; with `oldTree` (already `edit`ed) the parse reuses unchanged subtrees. */
  parse(grammar: GrammarName, text: string, oldTree?: Tree): Tree {
    let parser = this.parsers.get(grammar);
    if (!parser) {
      parser = new Parser();
      parser.setLanguage(this.language(grammar));
      this.parsers.set(grammar, parser);
    }
    const tree = parser.parse(text, oldTree ?? null);
    if (!tree) throw new Error(`tree-sitter returned no tree for a ${grammar} document`);
    return tree;
  }

  /** A compiled query, cached by grammar and source. Invalid node names throw here. */
  query(grammar: GrammarName, source: string): Query {
    const key = `${grammar}\u0000${source}`;
    let query = this.queries.get(key);
    if (!query) {
      query = new Query(this.language(grammar), source);
      this.queries.set(key, query);
    }
    return query;
  }
}

let runtime: Promise<void> | undefined;

function initRuntime(host: AnalyzerHost): Promise<void> {
  // Parser.init must run exactly once per JS realm; later hosts share the first runtime.
  runtime ??= host
    .loadWasm('tree-sitter')
    .then((wasmBinary) => Parser.init({ wasmBinary }))
    .catch((error: unknown) => {
      runtime = undefined; // let a later host try again
      throw error;
    });
  return runtime;
}
