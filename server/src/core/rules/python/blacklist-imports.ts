/**
 * Bandit's import blacklist (B401–B415) as a data table, as Bandit keeps it
 * (`bandit/blacklists/imports.py`): "importing X deserves a look". Each entry becomes one Rule.
 * Imports are matched in `import a.b`, `from a import b` and the dynamic forms
 * `__import__("a")` and `importlib.import_module("a")`. B414 (pycryptodome) was removed from
 * Bandit and is absent here.
 */
import type { FileFacts } from '../../facts';
import type { Node } from '../../parser';
import { argument, cachedCallName, stringValue } from '../../python/syntax';
import { defineRule, type Report, type Rule, type RuleContext } from '../../rule';
import type { Severity } from '../../types';

interface ImportEntry {
  id: string;
  name: string;
  title: string;
  severity: Severity;
  cwe: number;
  /** Module (or module member) names; a name matches itself and everything inside it. */
  modules: readonly string[];
  message(name: string): string;
  what: string;
  why: string;
  example: string;
  useInstead: string;
  references: readonly string[];
}

const CONSIDER = (name: string): string => `Consider possible security implications associated with the ${name} module.`;
const XML_IMPORT = (name: string): string =>
  `Using ${name} to parse untrusted XML data is known to be vulnerable to XML attacks. Replace ${name} with the equivalent defusedxml package, or make sure defusedxml.defuse_stdlib() is called.`;
const XML_WHY =
  'The standard XML parsers expand entities ("billion laughs") and some fetch external entities: parsing XML from outside the program can exhaust memory or read local files (CWE-20, CWE-776). The import itself is harmless; it marks a module that probably parses XML, which B313–B320 then report call by call.';
const DEFUSEDXML = '[defusedxml](https://github.com/tiran/defusedxml)';
const CWE_20 = '[CWE-20: Improper Input Validation](https://cwe.mitre.org/data/definitions/20.html)';

export const IMPORT_BLACKLIST: readonly ImportEntry[] = [
  {
    id: 'B401',
    name: 'import_telnetlib',
    title: 'Import of telnetlib',
    severity: 'high',
    cwe: 319,
    modules: ['telnetlib'],
    message: () => 'A telnet-related module is being imported. Telnet is considered insecure. Use SSH or some other encrypted protocol.',
    what: 'Reports imports of `telnetlib`.',
    why: 'Telnet sends credentials and data in clear text (CWE-319); `telnetlib` was removed from the standard library in Python 3.13.',
    example: '```python\nimport telnetlib\n```',
    useInstead: '```python\nimport paramiko  # SSH\n```',
    references: ['[PEP 594: removing telnetlib](https://peps.python.org/pep-0594/#telnetlib)', '[CWE-319: Cleartext Transmission](https://cwe.mitre.org/data/definitions/319.html)'],
  },
  {
    id: 'B402',
    name: 'import_ftplib',
    title: 'Import of ftplib',
    severity: 'high',
    cwe: 319,
    modules: ['ftplib'],
    message: () => 'A FTP-related module is being imported. FTP is considered insecure. Use SSH/SFTP/SCP or some other encrypted protocol.',
    what: 'Reports imports of `ftplib`.',
    why: 'FTP sends the login and the files in clear text (CWE-319).',
    example: '```python\nfrom ftplib import FTP\n```',
    useInstead: '```python\nimport paramiko  # SFTP: paramiko.SFTPClient\n```',
    references: ['[ftplib](https://docs.python.org/3/library/ftplib.html)', '[CWE-319: Cleartext Transmission](https://cwe.mitre.org/data/definitions/319.html)'],
  },
  {
    id: 'B403',
    name: 'import_pickle',
    title: 'Import of pickle and modules that wrap it',
    severity: 'low',
    cwe: 502,
    modules: ['pickle', 'cPickle', 'dill', 'shelve'],
    message: CONSIDER,
    what: 'Reports imports of `pickle`, `cPickle`, `dill` and `shelve`.',
    why: 'Unpickling untrusted data runs code of its author\'s choice (CWE-502). The import itself is harmless; it marks a module worth a look, and B301 reports the loading calls.',
    example: '```python\nimport pickle\n```',
    useInstead: '```python\nimport json\n```',
    references: ['[pickle](https://docs.python.org/3/library/pickle.html)', '[CWE-502: Deserialization of Untrusted Data](https://cwe.mitre.org/data/definitions/502.html)'],
  },
  {
    id: 'B404',
    name: 'import_subprocess',
    title: 'Import of subprocess',
    severity: 'low',
    cwe: 78,
    modules: ['subprocess'],
    message: () => 'Consider possible security implications associated with the subprocess module.',
    what: 'Reports imports of `subprocess`.',
    why: 'Running programs with arguments built from outside input risks command injection (CWE-78). The import itself is harmless; it marks a module worth a look, and B602–B607 report the risky calls.',
    example: '```python\nimport subprocess\n```',
    useInstead: 'Keep the import where it is needed; pass arguments as a list and never `shell=True` with outside input. Many projects disable B404 (`--skip B404`).',
    references: ['[subprocess: security considerations](https://docs.python.org/3/library/subprocess.html#security-considerations)', '[CWE-78: OS Command Injection](https://cwe.mitre.org/data/definitions/78.html)'],
  },
  xmlImport('B405', 'import_xml_etree', ['xml.etree.cElementTree', 'xml.etree.ElementTree'], 'import xml.etree.ElementTree as ET', 'import defusedxml.ElementTree as ET'),
  xmlImport('B406', 'import_xml_sax', ['xml.sax'], 'import xml.sax', 'import defusedxml.sax'),
  xmlImport('B407', 'import_xml_expat', ['xml.dom.expatbuilder'], 'from xml.dom import expatbuilder', 'from defusedxml import expatbuilder'),
  xmlImport('B408', 'import_xml_minidom', ['xml.dom.minidom'], 'from xml.dom import minidom', 'from defusedxml import minidom'),
  xmlImport('B409', 'import_xml_pulldom', ['xml.dom.pulldom'], 'from xml.dom import pulldom', 'from defusedxml import pulldom'),
  {
    ...xmlImport('B410', 'import_lxml', ['lxml'], 'from lxml import etree', 'import defusedxml.ElementTree as etree'),
    message: (name) => `Using ${name} to parse untrusted XML data is known to be vulnerable to XML attacks. Replace ${name} with the equivalent defusedxml package.`,
  },
  {
    id: 'B411',
    name: 'import_xmlrpclib',
    title: 'Import of xmlrpc',
    severity: 'high',
    cwe: 20,
    modules: ['xmlrpc', 'xmlrpclib'],
    message: (name) => `Using ${name} to parse untrusted XML data is known to be vulnerable to XML attacks. Use defusedxml.xmlrpc.monkey_patch() function to monkey-patch xmlrpclib and mitigate XML vulnerabilities.`,
    what: 'Reports imports of `xmlrpc` (`xmlrpc.client`, `xmlrpc.server`; Python 2\'s `xmlrpclib`).',
    why: 'XML-RPC parses XML received from the network, with the entity-expansion weaknesses of the standard parsers (CWE-20, CWE-776).',
    example: '```python\nfrom xmlrpc.server import SimpleXMLRPCServer\n```',
    useInstead: '```python\nfrom defusedxml.xmlrpc import monkey_patch\nmonkey_patch()\nfrom xmlrpc.server import SimpleXMLRPCServer  # nosec B411 - defused above\n```',
    references: [DEFUSEDXML, '[xmlrpc](https://docs.python.org/3/library/xmlrpc.html)', CWE_20],
  },
  {
    id: 'B412',
    name: 'import_httpoxy',
    title: 'Import of a CGI handler (httpoxy)',
    severity: 'high',
    cwe: 284,
    modules: ['wsgiref.handlers.CGIHandler', 'twisted.web.twcgi.CGIScript', 'twisted.web.twcgi.CGIDirectory'],
    message: CONSIDER,
    what: 'Reports imports of `wsgiref.handlers.CGIHandler` and Twisted\'s `CGIScript`/`CGIDirectory`.',
    why: 'Under CGI, a request header `Proxy: evil.example` becomes the `HTTP_PROXY` environment variable, which HTTP clients honour: the application\'s outgoing requests go through the attacker\'s proxy ("httpoxy", CWE-284).',
    example: '```python\nfrom wsgiref.handlers import CGIHandler\n```',
    useInstead: 'Serve the WSGI application with a WSGI server (gunicorn, uWSGI, mod_wsgi) instead of CGI.',
    references: ['[httpoxy](https://httpoxy.org/)', '[CWE-284: Improper Access Control](https://cwe.mitre.org/data/definitions/284.html)'],
  },
  {
    id: 'B413',
    name: 'import_pycrypto',
    title: 'Import of the unmaintained pyCrypto library',
    severity: 'high',
    cwe: 327,
    modules: ['Crypto.Cipher', 'Crypto.Hash', 'Crypto.IO', 'Crypto.Protocol', 'Crypto.PublicKey', 'Crypto.Random', 'Crypto.Signature', 'Crypto.Util'],
    message: (name) => `The pyCrypto library and its module ${name} are no longer actively maintained and have been deprecated. Consider using pyca/cryptography library.`,
    what: 'Reports imports from the `Crypto` package (`Crypto.Cipher`, `Crypto.Hash`, …).',
    why: 'pyCrypto is unmaintained since 2013 and has known vulnerabilities (a heap overflow in `AES.new`, CVE-2013-7459) (CWE-327). Note that PyCryptodome, a maintained fork, also installs as `Crypto`: if that is what you use, suppress with `# nosec B413 - pycryptodome`.',
    example: '```python\nfrom Crypto.Cipher import AES\n```',
    useInstead: '```python\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\n```',
    references: ['[pyca/cryptography](https://cryptography.io/)', '[CWE-327: Use of a Broken or Risky Cryptographic Algorithm](https://cwe.mitre.org/data/definitions/327.html)'],
  },
  {
    id: 'B415',
    name: 'import_pyghmi',
    title: 'Import of pyghmi (IPMI)',
    severity: 'high',
    cwe: 319,
    modules: ['pyghmi'],
    message: () => 'An IPMI-related module is being imported. IPMI is considered insecure. Use an encrypted protocol.',
    what: 'Reports imports of `pyghmi`.',
    why: 'IPMI has protocol-level weaknesses (offline cracking of password hashes via RAKP, cipher 0) and often runs unencrypted: management access to servers is exposed (CWE-319).',
    example: '```python\nfrom pyghmi.ipmi import command\n```',
    useInstead: 'Manage servers over an encrypted protocol (Redfish over HTTPS), with IPMI disabled or confined to an isolated management network.',
    references: ['[Redfish](https://www.dmtf.org/standards/redfish)', '[CWE-319: Cleartext Transmission](https://cwe.mitre.org/data/definitions/319.html)'],
  },
];

function xmlImport(id: string, name: string, modules: readonly string[], example: string, useInstead: string): ImportEntry {
  return {
    id,
    name,
    title: `Import of ${modules.join(' / ')}`,
    severity: 'low',
    cwe: 20,
    modules,
    message: XML_IMPORT,
    what: `Reports imports of ${modules.map((module) => `\`${module}\``).join(' and ')}.`,
    why: XML_WHY,
    example: `\`\`\`python\n${example}\n\`\`\``,
    useInstead: `\`\`\`python\n${useInstead}\n\`\`\``,
    references: [DEFUSEDXML, '[XML vulnerabilities](https://docs.python.org/3/library/xml.html#xml-vulnerabilities)', CWE_20],
  };
}

const BEYOND = `Bandit matches by prefix, so \`import pickletools\` counts as \`pickle\` and
\`import lxml_html_clean\` as \`lxml\`; Vigil matches whole module names (\`pickle\`,
\`pickle.x\`). It reports every matching name of an \`import a, b\` statement, not only the
first, and reads \`__import__("…")\` and \`importlib.import_module("…")\` as imports, as Bandit
does. The finding is on the module name.`;

/** `import a.b` → `a.b`; `from a import b` → `a.b` (or `a` when `a` itself matches). */
function matches(full: string, modules: readonly string[]): boolean {
  return modules.some((module) => full === module || full.startsWith(`${module}.`));
}

/** A name an import statement or a dynamic import brings in, and the node to report it on. */
interface Imported {
  full: string;
  at: Node;
  /** The `a` of `from a import b`: when it matches, its names are not reported again. */
  fromModule?: boolean;
}

const importedMemo = new WeakMap<FileFacts, Map<number, Imported[]>>();

/** What a node imports, computed once per node for all the rules of the table. */
function importedNames(node: Node, facts: FileFacts): Imported[] {
  let memo = importedMemo.get(facts);
  if (!memo) importedMemo.set(facts, (memo = new Map()));
  let names = memo.get(node.id);
  if (!names) memo.set(node.id, (names = collectImported(node, facts)));
  return names;
}

function collectImported(node: Node, facts: FileFacts): Imported[] {
  const dottedOf = (name: Node): Node => (name.type === 'aliased_import' ? name.childForFieldName('name')! : name);
  if (node.type === 'import_statement') {
    return node.childrenForFieldName('name').flatMap((name) => (name ? [{ full: dottedOf(name).text.replace(/\s+/g, ''), at: dottedOf(name) }] : []));
  }
  if (node.type === 'import_from_statement') {
    const moduleNode = node.childForFieldName('module_name');
    if (!moduleNode || moduleNode.type === 'relative_import') return [];
    const module = moduleNode.text.replace(/\s+/g, '');
    const names = node.childrenForFieldName('name').flatMap((name) => (name ? [{ full: `${module}.${dottedOf(name).text}`, at: dottedOf(name) }] : []));
    return [{ full: module, at: moduleNode, fromModule: true }, ...names];
  }
  // `__import__("a")`, `importlib.import_module("a")`
  const function_ = node.childForFieldName('function');
  if (!function_ || !/(__import__|import_module)$/.test(function_.text)) return [];
  const callee = cachedCallName(node, facts);
  const dynamic = callee && (callee.imported ? ['importlib.import_module', 'importlib.__import__', 'builtins.__import__'].includes(callee.name) : callee.name === '__import__');
  const nameArgument = dynamic ? argument(node, 0, 'name') : undefined;
  const full = nameArgument && stringValue(nameArgument);
  return full ? [{ full, at: nameArgument! }] : [];
}

function importReports(node: Node, entry: ImportEntry, ctx: RuleContext): Report[] {
  const names = importedNames(node, ctx.facts);
  const fromModule = names.find((name) => name.fromModule && matches(name.full, entry.modules));
  const hits = fromModule ? [fromModule] : names.filter((name) => !name.fromModule && matches(name.full, entry.modules));
  return hits.map((name) => ({ node: name.at, message: entry.message(name.full) }));
}

/** One Rule per table entry. */
export const BLACKLIST_IMPORT_RULES: readonly Rule[] = IMPORT_BLACKLIST.map((entry) =>
  defineRule({
    meta: { id: entry.id, name: entry.name, title: entry.title, severity: entry.severity, confidence: 'high', cwe: entry.cwe },
    family: 'python',
    nodeTypes: ['import_statement', 'import_from_statement', 'call'],
    triggers: [...new Set(entry.modules.map((module) => module.split('.')[0]!))],
    check(node, ctx) {
      return importReports(node, entry, ctx);
    },
    docs: `
## What it does
${entry.what}

## Why is this bad?
${entry.why}

## Example
${entry.example}

## Use instead
${entry.useInstead}

## Beyond Bandit
${BEYOND}

## Fix safety
No fix: what replaces the module is a design decision.

## References
${entry.references.map((reference) => `- ${reference}`).join('\n')}
`,
  }),
) as Rule[];
