import { cachedCallName, callArguments, calleeOf, mentions, nameWords, replaceNode, stringValue, unwrap } from '../../javascript/syntax';
import type { Node } from '../../parser';
import { defineRule } from '../../rule';
import { twinMeta } from '../python/index';

type Kind = 'eval' | 'function' | 'timer' | 'vm' | 'vm2';

interface State {
  kind: Kind;
  call: Node;
}

/** `vm` functions and constructors whose first argument is source code. */
const VM_CODE = new Set(['vm.runInThisContext', 'vm.runInNewContext', 'vm.runInContext', 'vm.compileFunction', 'vm.Script', 'vm.SourceTextModule']);
/** vm2's sandboxes: the package is discontinued and has sandbox escapes its author could not fix. */
const VM2_SANDBOXES = new Set(['vm2.VM', 'vm2.NodeVM']);

/** Words one of which a file must contain for this rule to find anything. */
const TRIGGERS = ['eval', 'Function', 'setTimeout', 'setInterval', 'vm'];

export const jsEval = defineRule<State>({
  meta: twinMeta('B307'),
  family: 'javascript',
  nodeTypes: ['call_expression', 'new_expression'],
  triggers: TRIGGERS,
  check(call, ctx) {
    if (!mentions(ctx, TRIGGERS)) return undefined;
    const callee = cachedCallName(call, ctx.facts);
    if (!callee) return undefined;
    const calleeNode = calleeOf(call)!;
    const args = callArguments(call);
    const isNew = call.type === 'new_expression';
    if (!callee.imported) {
      if (callee.name === 'eval' && !isNew) {
        if (!args[0] || isConstant(args[0])) return undefined;
        return { node: calleeNode, message: 'eval runs a string as code: whoever controls any part of it runs code of their choice. Parse data with JSON.parse instead.', state: { kind: 'eval', call } };
      }
      if (callee.name === 'Function') {
        if (args.length === 0 || args.every(isConstant)) return undefined;
        return { node: calleeNode, message: 'The Function constructor compiles a string into code, like eval: whoever controls any part of it runs code of their choice.', state: { kind: 'function', call } };
      }
      if ((callee.name === 'setTimeout' || callee.name === 'setInterval') && args[0] && isBuiltString(args[0])) {
        return { node: args[0], message: `${callee.name} with a string evaluates it as code, like eval. Pass a function instead.`, state: { kind: 'timer', call } };
      }
      return undefined;
    }
    if (VM_CODE.has(callee.name)) {
      if (!args[0] || isConstant(args[0])) return undefined;
      return {
        node: calleeNode,
        message: `${callee.name} runs a string as code, and the vm module is not a security boundary: code it runs can reach the rest of the process.`,
        state: { kind: 'vm', call },
      };
    }
    if (isNew && VM2_SANDBOXES.has(callee.name)) {
      return {
        node: calleeNode,
        message: 'vm2 is discontinued and its sandbox has known escapes that will not be fixed: code run in it can take over the process. Use isolated-vm or a separate process.',
        severity: 'high',
        state: { kind: 'vm2', call },
      };
    }
    return undefined;
  },
  fix(report) {
    const { kind, call } = report.state!;
    if (kind !== 'eval') return [];
    const json = jsonSource(callArguments(call)[0]!);
    if (!json) return [];
    return [
      {
        title: `Parse it as JSON: JSON.parse(${json.text})`,
        applicability: 'unsafe',
        edits: [replaceNode(call, `JSON.parse(${json.text})`)],
        caveat: 'JSON.parse accepts strict JSON only: single quotes, unquoted keys, trailing commas, comments and functions, which eval accepted, now throw a SyntaxError.',
      },
    ];
  },
  docs: `
## What it does
Reports code built from strings at run time: \`eval(x)\`, \`Function(…)\`/\`new Function(…)\`,
\`setTimeout\`/\`setInterval\` given a string built with \`+\` or a template, the \`vm\` module's
\`runInThisContext\`, \`runInNewContext\`, \`runInContext\`, \`compileFunction\`, \`new vm.Script\` and
\`new vm.SourceTextModule\`, and every sandbox made with the discontinued \`vm2\` package
(\`new VM()\`, \`new NodeVM()\`, at high severity). Names resolve through \`import\`, \`require\`,
destructuring and aliases (\`import { runInNewContext as run } from 'node:vm'\`).

## Why is this bad?
The string becomes code with the program's privileges: \`require('child_process').exec(…)\`
is an expression. If any part of it comes from a request, a file or a database, its author
runs code of their choice (CWE-78, CWE-95). The \`vm\` module is documented as not being a
security mechanism, and vm2's author discontinued it after sandbox escapes that could not be
fixed.

## Example
\`\`\`ts
const settings = eval('(' + body + ')');
setTimeout('refresh(' + id + ')', 1000);
vm.runInNewContext(userCode, { data });
\`\`\`

## Use instead
\`\`\`ts
const settings = JSON.parse(body);
setTimeout(() => refresh(id), 1000);
// Untrusted code belongs in a separate process or an isolate (isolated-vm), with limits.
\`\`\`

## Beyond Bandit
Bandit's B307 is Python's \`eval\`; this is its TS/JS twin, so \`// nosec B307\` means the same
in both languages. Unlike eslint's \`no-eval\`/\`no-implied-eval\` and eslint-plugin-security's
\`detect-eval-with-expression\`, Vigil does not report code that is a constant
(\`eval('1 + 1')\`, \`new Function('return this')\`, \`setTimeout('tick()', 10)\`): nobody else
can change it. A \`setTimeout\` given a variable is not reported (it is almost always a
function). An \`eval\` reached another way (\`(0, eval)(x)\`, \`window['ev' + 'al']\`) is missed.

## Fix safety
For \`eval('(' + text + ')')\`, \`\` eval(\`(\${text})\`) \`\` and \`eval(x)\` where the name of \`x\`
says JSON (\`json\`, \`jsonText\`, \`res.json\`), the fix replaces the call with
\`JSON.parse(text)\`. It is unsafe: \`JSON.parse\` accepts strict JSON only, so input that
relied on JavaScript syntax (single quotes, unquoted keys, trailing commas, functions) now
throws. Other findings have no fix: what the code should do instead depends on it.

## References
- [MDN: eval() — never use eval()!](https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/eval#never_use_direct_eval!)
- [Node.js: vm is not a security mechanism](https://nodejs.org/api/vm.html#vm-executing-javascript)
- [vm2 security advisory (discontinued)](https://github.com/patriksimek/vm2/issues/533)
- [CWE-95: Eval Injection](https://cwe.mitre.org/data/definitions/95.html)
`,
});

/** A literal nobody else can change: a string, number, boolean or null. */
function isConstant(node: Node): boolean {
  const inner = unwrap(node);
  return stringValue(inner) !== undefined || ['number', 'true', 'false', 'null'].includes(inner.type);
}

/** A string built at run time: a template with substitutions, or `+` with a string literal in it. */
function isBuiltString(node: Node): boolean {
  const inner = unwrap(node);
  if (inner.type === 'template_string') return inner.namedChildren.some((child) => child?.type === 'template_substitution');
  if (inner.type === 'binary_expression' && inner.childForFieldName('operator')?.text === '+') {
    if (stringValue(inner) !== undefined) return false;
    const sides = [inner.childForFieldName('left'), inner.childForFieldName('right')];
    return sides.some((side) => !!side && (['string', 'template_string'].includes(unwrap(side).type) || isBuiltString(side)));
  }
  return false;
}

/** What an `eval` argument parses as JSON: `'(' + x + ')'`, `` `(${x})` ``, or a JSON-named `x`. */
function jsonSource(argument: Node): Node | undefined {
  const inner = unwrap(argument);
  if (inner.type === 'binary_expression' && inner.childForFieldName('operator')?.text === '+' && stringValue(inner.childForFieldName('right')) === ')') {
    const left = unwrap(inner.childForFieldName('left')!);
    if (left.type === 'binary_expression' && left.childForFieldName('operator')?.text === '+' && stringValue(left.childForFieldName('left')) === '(') {
      return left.childForFieldName('right') ?? undefined;
    }
    return undefined;
  }
  if (inner.type === 'template_string') {
    const parts = inner.namedChildren.filter((child): child is Node => !!child);
    if (parts.length === 3 && parts[0]!.text === '(' && parts[2]!.text === ')' && parts[1]!.type === 'template_substitution') return parts[1]!.namedChildren[0] ?? undefined;
    return undefined;
  }
  const name = inner.type === 'identifier' ? inner.text : inner.type === 'member_expression' ? inner.childForFieldName('property')?.text : undefined;
  return name && nameWords(name).includes('json') ? inner : undefined;
}
