/**
 * Which grammar parses which document. `family` groups grammars that share rules: every
 * TypeScript/JavaScript dialect is analysed by the same `javascript` rules.
 */

export type GrammarName = 'python' | 'typescript' | 'tsx' | 'javascript';
export type LanguageFamily = 'python' | 'javascript';

export interface Language {
  grammar: GrammarName;
  family: LanguageFamily;
  /** The comment leader a `nosec` is written after. */
  commentPrefix: '#' | '//';
}

export const LANGUAGES: Readonly<Record<GrammarName, Language>> = {
  python: { grammar: 'python', family: 'python', commentPrefix: '#' },
  typescript: { grammar: 'typescript', family: 'javascript', commentPrefix: '//' },
  tsx: { grammar: 'tsx', family: 'javascript', commentPrefix: '//' },
  javascript: { grammar: 'javascript', family: 'javascript', commentPrefix: '//' },
};

const BY_EXTENSION: Readonly<Record<string, GrammarName>> = {
  '.py': 'python',
  '.pyi': 'python',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  // TSX is a superset of the JSX our JavaScript grammar knows, and TS syntax in a .jsx file is
  // an error either way, so .jsx goes to the JavaScript grammar, which parses JSX.
  '.tsx': 'tsx',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
};

export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(BY_EXTENSION);

/** The language for a file path or URI, or undefined when Vigil does not analyse it. */
export function languageForPath(path: string): Language | undefined {
  const dot = path.lastIndexOf('.');
  if (dot < 0 || path.lastIndexOf('/') > dot) return undefined;
  const grammar = BY_EXTENSION[path.slice(dot).toLowerCase()];
  return grammar ? LANGUAGES[grammar] : undefined;
}

const BY_LSP_ID: Readonly<Record<string, GrammarName>> = {
  python: 'python',
  typescript: 'typescript',
  typescriptreact: 'tsx',
  javascript: 'javascript',
  javascriptreact: 'javascript',
};

/** The language for an LSP `languageId`, falling back to the file extension. */
export function languageForDocument(languageId: string, uri: string): Language | undefined {
  const grammar = BY_LSP_ID[languageId];
  return grammar ? LANGUAGES[grammar] : languageForPath(uri);
}
