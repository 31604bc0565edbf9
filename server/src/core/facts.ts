/**
 * File-level facts: what local names stand for (imports, aliases, simple bindings). Rules ask
 * these to resolve `t.load` to `torch.load`. Facts are collected per statement and kept with
 * their ranges, so the incremental analyser can tell whether an edit changed them (and then
 * re-analyse the whole file, since any finding may depend on them).
 */
import type { Node } from './parser';

export interface Fact {
  start: number;
  end: number;
  /**
   * `alias:<local>=<qualified>`, `bind:<local>=<expression>`, `wrap:<local>=<dotted>` (a
   * promisified function; `wrap:<local>=:<qualified>` when already qualified) or `star:<module>`.
   */
  key: string;
}

export class FileFacts {
  /** Local name → the qualified name it was imported as (`t` → `torch`, `P` → `subprocess.Popen`). */
  readonly aliases = new Map<string, string>();
  /** Variable → qualified expression it was assigned from (`s` → `requests.Session()`). */
  readonly bindings = new Map<string, string>();
  /** Modules imported with `*`. */
  readonly starImports = new Set<string>();
  /**
   * Local names of promisified functions (`const run = promisify(cp.exec)`), also in
   * `aliases`: a call through them resolves to the function wrapped, but a fix cannot rename
   * the callee as if it were that function.
   */
  readonly wrappers = new Set<string>();

  /**
   * @param trackedFactories qualified callees whose results are kept as bindings (see
   *   `Rule.trackedFactories`); undefined keeps every resolvable binding.
   */
  constructor(
    readonly list: readonly Fact[],
    trackedFactories?: ReadonlySet<string>,
  ) {
    const rawBindings: [string, string][] = [];
    const rawWrappers: [string, string][] = [];
    for (const { key } of list) {
      const colon = key.indexOf(':');
      const kind = key.slice(0, colon);
      const rest = key.slice(colon + 1);
      const eq = rest.indexOf('=');
      if (kind === 'alias') this.aliases.set(rest.slice(0, eq), rest.slice(eq + 1));
      else if (kind === 'bind') rawBindings.push([rest.slice(0, eq), rest.slice(eq + 1)]);
      else if (kind === 'wrap') rawWrappers.push([rest.slice(0, eq), rest.slice(eq + 1)]);
      else if (kind === 'star') this.starImports.add(rest);
    }
    // After every import is known, as the wrapped function is usually one.
    for (const [local, wrapped] of rawWrappers) {
      const qualified = wrapped.startsWith(':') ? { name: wrapped.slice(1), imported: true } : this.qualifyDotted(wrapped);
      if (!qualified.imported) continue;
      this.aliases.set(local, qualified.name);
      this.wrappers.add(local);
    }
    for (const [local, expression] of rawBindings) {
      const qualified = this.qualifyDotted(expression);
      if (qualified.imported && (!trackedFactories || trackedFactories.has(qualified.name.replace(/\(\)$/, '')))) this.bindings.set(local, qualified.name);
    }
  }

  /** Whether an import of `module` (or of something inside it) exists. */
  importsModule(module: string): boolean {
    for (const qualified of this.aliases.values()) {
      if (qualified === module || qualified.startsWith(`${module}.`)) return true;
    }
    return false;
  }

  /**
   * Resolve a dotted expression (`t.load`, `s.get`, `requests.Session().get`) through aliases
   * and bindings. `imported` says whether its head is a name we know the origin of; an
   * unresolved `load` is just `load` (a local function, or a builtin).
   */
  qualifyDotted(dotted: string): QualifiedName {
    const dot = dotted.search(/[.(]/);
    const head = dot < 0 ? dotted : dotted.slice(0, dot);
    const tail = dot < 0 ? '' : dotted.slice(dot);
    const alias = this.aliases.get(head);
    if (alias !== undefined) return { name: alias + tail, imported: true };
    const bound = this.bindings.get(head);
    if (bound !== undefined) return { name: bound + tail, imported: true };
    return { name: dotted, imported: false };
  }

  /**
   * How `next` differs from these facts: `'imports'` when any import differs (then anything
   * may mean something else), else the local names whose binding differs.
   */
  changedBindings(next: FileFacts): 'imports' | string[] {
    if (!sameEntries(this.aliases, next.aliases) || !sameEntries(new Map([...this.starImports].map((m) => [m, m])), new Map([...next.starImports].map((m) => [m, m])))) return 'imports';
    const names = new Set([...this.bindings.keys(), ...next.bindings.keys()]);
    return [...names].filter((name) => this.bindings.get(name) !== next.bindings.get(name));
  }

  /** A stable key of every fact, to compare two fact sets cheaply. */
  static signature(list: readonly Fact[]): string {
    return list.map((fact) => fact.key).sort().join('\n');
  }
}

function sameEntries(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}

export interface QualifiedName {
  name: string;
  imported: boolean;
}

/** What each language family contributes to the analyser. */
export interface FamilySupport {
  /** Tree-sitter query for the nodes facts come from, each captured as `@fact`. */
  readonly factQuery: string;
  factsOf(node: Node): Fact[];
  /** Node types whose named children are statements (module, block, …). */
  readonly statementContainers: ReadonlySet<string>;
  /** Comment node type, where `nosec` comments live. */
  readonly commentType: string;
}
