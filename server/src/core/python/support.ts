/** Python's facts: imports (with aliases) and `x = module.Factory()` / `with … as x` bindings. */
import type { Fact, FamilySupport } from '../facts';
import type { Node } from '../parser';

export const pythonSupport: FamilySupport = {
  factQuery: `
    (import_statement) @fact
    (import_from_statement) @fact
    (assignment left: (identifier) right: (call)) @fact
    (as_pattern (call) alias: (as_pattern_target (identifier))) @fact
  `,
  statementContainers: new Set(['module', 'block']),
  commentType: 'comment',
  factsOf,
};

function factsOf(node: Node): Fact[] {
  const at = (key: string): Fact => ({ start: node.startIndex, end: node.endIndex, key });
  switch (node.type) {
    case 'import_statement':
      // `import a.b as c` binds c to a.b; `import a.b` binds a to a.
      return node.childrenForFieldName('name').flatMap((name) => {
        if (!name) return [];
        if (name.type === 'aliased_import') {
          const module = name.childForFieldName('name')?.text;
          const alias = name.childForFieldName('alias')?.text;
          return module && alias ? [at(`alias:${alias}=${module}`)] : [];
        }
        const head = name.text.split('.')[0]!;
        return [at(`alias:${head}=${head}`)];
      });
    case 'import_from_statement': {
      const moduleNode = node.childForFieldName('module_name');
      if (!moduleNode || moduleNode.type === 'relative_import') return [];
      const module = moduleNode.text.replace(/\s+/g, '');
      if (node.namedChildren.some((child) => child?.type === 'wildcard_import')) return [at(`star:${module}`)];
      return node.childrenForFieldName('name').flatMap((name) => {
        if (!name) return [];
        if (name.type === 'aliased_import') {
          const imported = name.childForFieldName('name')?.text;
          const alias = name.childForFieldName('alias')?.text;
          return imported && alias ? [at(`alias:${alias}=${module}.${imported}`)] : [];
        }
        return [at(`alias:${name.text}=${module}.${name.text}`)];
      });
    }
    case 'assignment': {
      const target = node.childForFieldName('left')!.text;
      const callee = node.childForFieldName('right')!.childForFieldName('function');
      return callee && isDotted(callee) ? [at(`bind:${target}=${callee.text}()`)] : [];
    }
    case 'as_pattern': {
      const call = node.namedChildren[0]!;
      const callee = call.childForFieldName('function');
      const target = node.childForFieldName('alias')!.text;
      return callee && isDotted(callee) ? [at(`bind:${target}=${callee.text}()`)] : [];
    }
  }
  return [];
}

function isDotted(node: Node): boolean {
  return node.type === 'identifier' || (node.type === 'attribute' && /^[\w.]+$/.test(node.text));
}
