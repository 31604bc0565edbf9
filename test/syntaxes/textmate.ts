/**
 * Tokenises text the way VS Code does: VS Code's own TextMate grammars (from `tm-grammars`) with
 * Vigil's injection grammars injected as `contributes.grammars` says, on the Oniguruma build VS
 * Code uses. Optionally with a colour theme, to see what a person sees.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar, type IRawTheme, type StateStack } from 'vscode-textmate';

const ROOT = join(__dirname, '..', '..');

/** A `contributes.grammars` entry, exactly as package.json must carry it. */
export interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo: string[];
}

export const INJECTION_GRAMMARS: readonly GrammarContribution[] = [
  { scopeName: 'vigil.nosec.python.injection', path: './syntaxes/nosec.python.injection.tmLanguage.json', injectTo: ['source.python'] },
  {
    scopeName: 'vigil.nosec.js.injection',
    path: './syntaxes/nosec.js.injection.tmLanguage.json',
    injectTo: ['source.ts', 'source.tsx', 'source.js', 'source.js.jsx'],
  },
];

/** The base grammars VS Code ships for the languages Vigil analyses, by scope name. */
const BASE_GRAMMARS: Readonly<Record<string, string>> = {
  'source.python': 'python',
  'source.ts': 'typescript',
  'source.tsx': 'tsx',
  'source.js': 'javascript',
  'source.js.jsx': 'jsx',
};

export type BaseScope = keyof typeof BASE_GRAMMARS;

function grammarFile(scopeName: string): string | undefined {
  const base = BASE_GRAMMARS[scopeName];
  if (base) return require.resolve(`tm-grammars/grammars/${base}.json`);
  const injection = INJECTION_GRAMMARS.find((grammar) => grammar.scopeName === scopeName);
  return injection && join(ROOT, injection.path);
}

let onigLib: ReturnType<typeof loadOniguruma> | undefined;

function loadOniguruma() {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  return oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer).then(() => ({
    createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
    createOnigString: (text: string) => new oniguruma.OnigString(text),
  }));
}

function createRegistry(): Registry {
  onigLib ??= loadOniguruma();
  return new Registry({
    onigLib,
    loadGrammar: async (scopeName) => {
      const file = grammarFile(scopeName);
      return file ? parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName) => INJECTION_GRAMMARS.filter((grammar) => grammar.injectTo.includes(scopeName)).map((grammar) => grammar.scopeName),
  });
}

export interface Token {
  line: number;
  text: string;
  /** Innermost last, without the grammar's own scope. */
  scopes: string[];
}

const registry = createRegistry();

async function grammar(scopeName: BaseScope, from: Registry = registry): Promise<IGrammar> {
  // A registry loads each grammar once and hands out the same one after.
  const loaded = await from.loadGrammar(scopeName);
  if (!loaded) throw new Error(`no grammar for ${scopeName}`);
  return loaded;
}

/**
 * Every token of `source`, line by line, carrying the grammar state across lines; or with
 * `independent`, each line tokenised as if it were a file of its own.
 */
export async function tokenize(scopeName: BaseScope, source: string, { independent = false } = {}): Promise<Token[]> {
  const loaded = await grammar(scopeName);
  const tokens: Token[] = [];
  let state: StateStack = INITIAL;
  source.split('\n').forEach((text, line) => {
    const result = loaded.tokenizeLine(text, independent ? INITIAL : state);
    for (const token of result.tokens) {
      tokens.push({ line, text: text.slice(token.startIndex, token.endIndex), scopes: token.scopes.slice(1) });
    }
    state = result.ruleStack;
  });
  return tokens;
}

/** Foreground, font style and background of one token as a theme paints it. */
export interface Style {
  foreground: string;
  fontStyle: number;
  background: string;
}

const themes = new Map<string, IRawTheme>();

/** VS Code's theme JSON (`colors` + `tokenColors`) as vscode-textmate wants it. */
export function loadTheme(name: string): IRawTheme {
  const cached = themes.get(name);
  if (cached) return cached;
  const theme = JSON.parse(readFileSync(require.resolve(`tm-themes/themes/${name}.json`), 'utf8'));
  const defaults = { settings: { foreground: theme.colors?.['editor.foreground'], background: theme.colors?.['editor.background'] } };
  const raw = { name, settings: [defaults, ...(theme.tokenColors ?? theme.settings)] };
  themes.set(name, raw);
  return raw;
}

const themedRegistries = new WeakMap<IRawTheme, Registry>();

/** Styles of the tokens of one line under `theme`, each with its text. */
export async function paint(scopeName: BaseScope, line: string, theme: IRawTheme): Promise<{ text: string; style: Style }[]> {
  let themed = themedRegistries.get(theme);
  if (!themed) {
    themedRegistries.set(theme, (themed = createRegistry()));
    themed.setTheme(theme);
  }
  const colors = themed.getColorMap();
  const loaded = await grammar(scopeName, themed);
  const { tokens } = loaded.tokenizeLine2(line, INITIAL);
  const painted = [];
  for (let i = 0; i < tokens.length; i += 2) {
    const start = tokens[i]!;
    const end = i + 2 < tokens.length ? tokens[i + 2]! : line.length;
    const metadata = tokens[i + 1]!;
    // vscode-textmate's documented metadata layout: font style in bits 11-14, foreground colour
    // index in bits 15-23, background colour index in bits 24-31.
    const style = {
      fontStyle: (metadata >>> 11) & 0b1111,
      foreground: colors[(metadata >>> 15) & 0b1_1111_1111] ?? '',
      background: colors[(metadata >>> 24) & 0b1111_1111] ?? '',
    };
    painted.push({ text: line.slice(start, end), style });
  }
  return painted;
}

/** The token on `line` that is exactly `text` (the `nth` such, from 0): a test fails when the grammar splits or merges it. */
export function tokenOf(tokens: readonly Token[], line: number, text: string, nth = 0): Token {
  const found = tokens.filter((token) => token.line === line && token.text === text)[nth];
  if (!found) {
    const onLine = tokens.filter((token) => token.line === line).map((token) => `${JSON.stringify(token.text)} ${token.scopes.join(' ')}`);
    throw new Error(`no token ${JSON.stringify(text)} on line ${line}; tokens:\n${onLine.join('\n')}`);
  }
  return found;
}

/**
 * The tokens of `line` that Vigil's grammars give a scope of their own, as `text: scope …` with
 * Vigil's non-`meta` scopes, in order. Blank tokens are left out.
 */
export function vigilScopes(tokens: readonly Token[], line: number): string[] {
  const own = (scope: string) => scope.endsWith('.vigil') && !scope.startsWith('meta.');
  return tokens
    .filter((token) => token.line === line && token.text.trim() !== '' && token.scopes.some(own))
    .map((token) => `${token.text}: ${token.scopes.filter(own).join(' ')}`);
}
