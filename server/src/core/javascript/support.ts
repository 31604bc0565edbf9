/**
 * TypeScript/JavaScript facts: what `import`, `import x = require()` and `require()` bind,
 * `const c = lib.create()` bindings, and `const run = promisify(exec)`, which calls what it
 * wraps. `node:fs` and `fs` are the same module.
 */
import type { Fact, FamilySupport } from '../facts';
import type { Node } from '../parser';

export const javascriptSupport: FamilySupport = {
  factQuery: `
    (import_statement) @fact
    (variable_declarator value: (_)) @fact
  `,
  statementContainers: new Set(['program', 'statement_block', 'class_body', 'switch_case', 'switch_default']),
  commentType: 'comment',
  factsOf,
};

/** `node:child_process` → `child_process`. */
export function moduleName(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

function factsOf(node: Node): Fact[] {
  const at = (key: string): Fact => ({ start: node.startIndex, end: node.endIndex, key });
  if (node.type === 'import_statement') {
    const source = node.childForFieldName('source');
    const requireClause = node.namedChildren.find((child) => child?.type === 'import_require_clause');
    if (requireClause) {
      const local = requireClause.namedChildren.find((child) => child?.type === 'identifier')?.text;
      const specifier = stringText(requireClause.childForFieldName('source'));
      return local && specifier ? [at(`alias:${local}=${moduleName(specifier)}`)] : [];
    }
    const specifier = stringText(source);
    const clause = node.namedChildren.find((child) => child?.type === 'import_clause');
    if (!specifier || !clause) return [];
    const module = moduleName(specifier);
    const facts: Fact[] = [];
    for (const part of clause.namedChildren) {
      if (!part) continue;
      if (part.type === 'identifier') facts.push(at(`alias:${part.text}=${module}`));
      else if (part.type === 'namespace_import') {
        const local = part.namedChildren.find((child) => child?.type === 'identifier')?.text;
        if (local) facts.push(at(`alias:${local}=${module}`));
      } else if (part.type === 'named_imports') {
        for (const specifierNode of part.namedChildren) {
          if (specifierNode?.type !== 'import_specifier') continue;
          const imported = specifierNode.childForFieldName('name')?.text;
          const local = specifierNode.childForFieldName('alias')?.text ?? imported;
          if (imported && local) facts.push(at(`alias:${local}=${module}.${imported}`));
        }
      }
    }
    return facts;
  }
  if (node.type === 'variable_declarator') {
    const name = node.childForFieldName('name');
    const value = node.childForFieldName('value');
    if (!name || !value) return [];
    const required = requiredModule(value);
    if (required !== undefined) {
      if (name.type === 'identifier') return [at(`alias:${name.text}=${required}`)];
      if (name.type === 'object_pattern') return destructured(name, required).map(([local, qualified]) => at(`alias:${local}=${qualified}`));
      return [];
    }
    if (name.type === 'identifier' && value.type === 'call_expression') {
      const callee = value.childForFieldName('function');
      const wrapped = callee && /^(?:[\w$]+\.)*promisify$/.test(callee.text) ? promisified(value) : undefined;
      if (wrapped !== undefined) return [at(`wrap:${name.text}=${wrapped.required ? ':' : ''}${wrapped.name}`)];
      if (callee && /^[\w$.]+$/.test(callee.text)) return [at(`bind:${name.text}=${callee.text}()`)];
    }
  }
  return [];
}

/**
 * `promisify(exec)`, `util.promisify(cp.exec)`, `promisify(require('child_process').exec)`: the
 * function wrapped, which the result calls with the same arguments (plus a callback). Any
 * function named `promisify` counts: Node's, Bluebird's and es6-promisify's all work this way.
 */
function promisified(call: Node): { name: string; required: boolean } | undefined {
  const wrapped = call.childForFieldName('arguments')?.namedChildren[0];
  if (!wrapped) return undefined;
  const required = requiredModule(wrapped);
  if (required !== undefined) return { name: required, required: true };
  return /^[\w$]+(?:\.[\w$]+)*$/.test(wrapped.text) ? { name: wrapped.text, required: false } : undefined;
}

/** `require('m')` → `m`; `require('m').a.b` → `m.a.b`; anything else → undefined. */
function requiredModule(node: Node): string | undefined {
  if (node.type === 'member_expression') {
    const object = node.childForFieldName('object');
    const property = node.childForFieldName('property');
    const base = object && requiredModule(object);
    return base !== undefined && property ? `${base}.${property.text}` : undefined;
  }
  if (node.type !== 'call_expression' || node.childForFieldName('function')?.text !== 'require') return undefined;
  const specifier = stringText(node.childForFieldName('arguments')?.namedChildren[0] ?? null);
  return specifier === undefined ? undefined : moduleName(specifier);
}

/** `{ a, b: c }` destructured from `module` → [['a', 'module.a'], ['c', 'module.b']]. */
function destructured(pattern: Node, module: string): [string, string][] {
  const bound: [string, string][] = [];
  for (const property of pattern.namedChildren) {
    if (property?.type === 'shorthand_property_identifier_pattern') bound.push([property.text, `${module}.${property.text}`]);
    else if (property?.type === 'pair_pattern') {
      const key = property.childForFieldName('key')?.text;
      const value = property.childForFieldName('value');
      if (key && value?.type === 'identifier') bound.push([value.text, `${module}.${key}`]);
    }
  }
  return bound;
}

/** The text of a plain string literal node, or undefined. */
export function stringText(node: Node | null | undefined): string | undefined {
  if (!node || node.type !== 'string') return undefined;
  return node.namedChildren.every((child) => child?.type === 'string_fragment' || child?.type === 'escape_sequence') ? node.text.slice(1, -1) : undefined;
}
