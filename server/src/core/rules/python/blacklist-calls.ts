/**
 * Bandit's call blacklist (B301–B323) as a data table, as Bandit itself keeps it
 * (`bandit/blacklists/calls.py`): "calling X is suspicious". Each entry becomes one Rule with
 * its own ID, severity, CWE and documentation; entries may add exceptions (`allows`) and a fix.
 *
 * Names resolve through imports (`from xml.etree import ElementTree as ET; ET.parse(…)` is
 * `xml.etree.ElementTree.parse`); library names must be imported, built-ins (`eval`) must not be
 * shadowed by an import. IDs Bandit 1.9 no longer ships are absent: B309 (HTTPSConnection),
 * B322 (input), B325 (os.tempnam); B324 is hashlib, in its own file.
 */
import type { FileFacts, QualifiedName } from '../../facts';
import type { Node } from '../../parser';
import {
  argument,
  cachedCallName,
  enclosingStatement,
  ensureImport,
  integerValue,
  keywordValue,
  positionalArguments,
  removeArgument,
  replaceCallee,
  stringValue,
} from '../../python/syntax';
import { defineRule, type FixContext, type Report, type Rule, type RuleContext } from '../../rule';
import type { Fix, Severity, TextEdit } from '../../types';

interface CallState {
  /** The qualified name that matched (`random.choice`). */
  name: string;
}

interface Docs {
  what: string;
  why: string;
  example: string;
  useInstead: string;
  beyond?: string;
  fixSafety: string;
  references: readonly string[];
}

interface CallEntry {
  id: string;
  name: string;
  title: string;
  severity: Severity;
  cwe: number;
  /** Qualified names; `module.*` matches anything called directly on the module. */
  calls: readonly string[];
  /** Built-in functions, matched when not imported from elsewhere (or as `builtins.X`). */
  builtins?: readonly string[];
  triggers: readonly string[];
  message(name: string): string;
  /** Calls of a listed name that are fine nonetheless (Vigil's precision beyond Bandit). */
  allows?(call: Node, ctx: RuleContext): boolean;
  fix?(report: Report<CallState>, ctx: FixContext): Fix[];
  trackedFactories?: readonly string[];
  docs: Docs;
}

const XML_MESSAGE = (name: string): string =>
  `Using ${name} to parse untrusted XML data is known to be vulnerable to XML attacks. Replace ${name} with its defusedxml equivalent function or make sure defusedxml.defuse_stdlib() is called.`;

const XML_WHY =
  'The standard XML parsers expand entities: a small document can expand to gigabytes ("billion laughs"), and some parsers fetch external entities or DTDs, which reads local files or reaches internal hosts. Parsing XML from outside the program this way lets its author exhaust memory or exfiltrate data (CWE-20, CWE-776, CWE-611).';

const XML_USE_INSTEAD = (module: string, call: string): string => `\`\`\`python
import defusedxml.${module}
tree = defusedxml.${module}.${call}(untrusted)
\`\`\``;

const DEFUSEDXML = '[defusedxml](https://github.com/tiran/defusedxml)';
const XML_VULNERABILITIES = '[XML vulnerabilities in the Python standard library](https://docs.python.org/3/library/xml.html#xml-vulnerabilities)';
const NO_FIX = 'No fix.';

export const CALL_BLACKLIST: readonly CallEntry[] = [
  {
    id: 'B301',
    name: 'pickle',
    title: 'Deserialization with pickle and modules that wrap it',
    severity: 'medium',
    cwe: 502,
    calls: [
      'pickle.loads', 'pickle.load', 'pickle.Unpickler', 'dill.loads', 'dill.load', 'dill.Unpickler', 'shelve.open', 'shelve.DbfilenameShelf',
      'jsonpickle.decode', 'jsonpickle.unpickler.decode', 'jsonpickle.unpickler.Unpickler', 'pandas.read_pickle', 'cloudpickle.load', 'cloudpickle.loads',
    ],
    triggers: ['pickle', 'dill', 'shelve', 'jsonpickle'],
    message: (name) => `${name}: pickle and modules that wrap it can run arbitrary code when deserializing untrusted data.`,
    docs: {
      what: 'Reports calls that unpickle data: `pickle.load(s)`, `pickle.Unpickler`, their `dill`, `cloudpickle` and `jsonpickle` counterparts, `shelve.open` and `pandas.read_pickle`.',
      why: 'Unpickling runs code chosen by whoever wrote the bytes (`__reduce__` can call `os.system`). Loading a pickle from a network peer, an upload or a shared cache hands that peer code execution (CWE-502).',
      example: '```python\nimport pickle\nsession = pickle.loads(request.cookies["session"])\n```',
      useInstead: '```python\nimport json\nsession = json.loads(request.cookies["session"])\n```\nPickle only data you wrote yourself and that nobody else can modify; sign it (HMAC) if it travels.',
      beyond: 'Vigil resolves aliases (`import pickle as p`, `from pickle import loads`) and also reports `cloudpickle.load(s)`, which is pickle.',
      fixSafety: 'No fix: the replacement format depends on the data.',
      references: ['[pickle: restricting globals](https://docs.python.org/3/library/pickle.html#restricting-globals)', '[CWE-502: Deserialization of Untrusted Data](https://cwe.mitre.org/data/definitions/502.html)'],
    },
  },
  {
    id: 'B302',
    name: 'marshal',
    title: 'Deserialization with marshal',
    severity: 'medium',
    cwe: 502,
    calls: ['marshal.load', 'marshal.loads'],
    triggers: ['marshal'],
    message: (name) => `${name}: deserialization with the marshal module is possibly dangerous.`,
    docs: {
      what: 'Reports `marshal.load` and `marshal.loads`.',
      why: '`marshal` is an internal format for `.pyc` files: it is not secured against malformed or malicious data, and it loads code objects that a later `exec` runs (CWE-502).',
      example: '```python\nimport marshal\nconfig = marshal.loads(payload)\n```',
      useInstead: '```python\nimport json\nconfig = json.loads(payload)\n```',
      fixSafety: NO_FIX,
      references: ['[marshal](https://docs.python.org/3/library/marshal.html)', '[CWE-502: Deserialization of Untrusted Data](https://cwe.mitre.org/data/definitions/502.html)'],
    },
  },
  {
    id: 'B303',
    name: 'md5',
    title: 'Weak hash (MD2, MD4, MD5, SHA1) from PyCrypto or cryptography',
    severity: 'medium',
    cwe: 327,
    calls: [
      'Crypto.Hash.MD2.new', 'Crypto.Hash.MD4.new', 'Crypto.Hash.MD5.new', 'Crypto.Hash.SHA.new', 'Crypto.Hash.SHA1.new',
      'Cryptodome.Hash.MD2.new', 'Cryptodome.Hash.MD4.new', 'Cryptodome.Hash.MD5.new', 'Cryptodome.Hash.SHA.new', 'Cryptodome.Hash.SHA1.new',
      'cryptography.hazmat.primitives.hashes.MD5', 'cryptography.hazmat.primitives.hashes.SHA1',
    ],
    triggers: ['MD2', 'MD4', 'MD5', 'SHA'],
    message: (name) => `${name}: use of insecure MD2, MD4, MD5, or SHA1 hash function.`,
    docs: {
      what: 'Reports MD2, MD4, MD5 and SHA-1 from PyCrypto/PyCryptodome (`Crypto.Hash.MD5.new`) and from `cryptography` (`hashes.MD5()`). `hashlib` is B324.',
      why: 'Collisions for these hashes can be computed cheaply: a signature, an integrity check or a password hash built on them can be forged or brute-forced (CWE-327).',
      example: '```python\nfrom cryptography.hazmat.primitives import hashes\ndigest = hashes.Hash(hashes.MD5())\n```',
      useInstead: '```python\nfrom cryptography.hazmat.primitives import hashes\ndigest = hashes.Hash(hashes.SHA256())\n```',
      beyond: 'Vigil resolves aliases and also reports PyCryptodome\'s `SHA1.new` (the name `SHA.new` had in PyCrypto).',
      fixSafety: 'No fix: a different hash changes every digest, and the digests may be stored or shared.',
      references: ['[cryptography: message digests](https://cryptography.io/en/latest/hazmat/primitives/cryptographic-hashes/)', '[CWE-327: Use of a Broken or Risky Cryptographic Algorithm](https://cwe.mitre.org/data/definitions/327.html)'],
    },
  },
  {
    id: 'B304',
    name: 'ciphers',
    title: 'Insecure cipher (ARC2, ARC4, Blowfish, DES, XOR, IDEA)',
    severity: 'high',
    cwe: 327,
    calls: [
      'Crypto.Cipher.ARC2.new', 'Crypto.Cipher.ARC4.new', 'Crypto.Cipher.Blowfish.new', 'Crypto.Cipher.DES.new', 'Crypto.Cipher.XOR.new',
      'Cryptodome.Cipher.ARC2.new', 'Cryptodome.Cipher.ARC4.new', 'Cryptodome.Cipher.Blowfish.new', 'Cryptodome.Cipher.DES.new', 'Cryptodome.Cipher.XOR.new',
      'cryptography.hazmat.primitives.ciphers.algorithms.ARC4', 'cryptography.hazmat.primitives.ciphers.algorithms.Blowfish', 'cryptography.hazmat.primitives.ciphers.algorithms.IDEA',
    ],
    triggers: ['ARC2', 'ARC4', 'Blowfish', 'DES', 'XOR', 'IDEA'],
    message: (name) => `Use of insecure cipher ${name}. Replace with a known secure cipher such as AES.`,
    docs: {
      what: 'Reports the ARC2, ARC4, Blowfish, DES, XOR and IDEA ciphers of PyCrypto/PyCryptodome and `cryptography`.',
      why: 'These ciphers have short keys or blocks or known biases: data they protect can be decrypted or altered (RC4 biases, DES brute force, Sweet32 on 64-bit blocks) (CWE-327).',
      example: '```python\nfrom Crypto.Cipher import DES\ncipher = DES.new(key, DES.MODE_CBC, iv)\n```',
      useInstead: '```python\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\nciphertext = AESGCM(key).encrypt(nonce, data, None)\n```',
      fixSafety: 'No fix: changing the cipher changes the key, the format and every stored ciphertext.',
      references: ['[cryptography: symmetric encryption](https://cryptography.io/en/latest/hazmat/primitives/symmetric-encryption/)', '[CWE-327: Use of a Broken or Risky Cryptographic Algorithm](https://cwe.mitre.org/data/definitions/327.html)'],
    },
  },
  {
    id: 'B305',
    name: 'cipher_modes',
    title: 'Insecure cipher mode (ECB)',
    severity: 'medium',
    cwe: 327,
    calls: ['cryptography.hazmat.primitives.ciphers.modes.ECB'],
    triggers: ['ECB'],
    message: (name) => `Use of insecure cipher mode ${name}.`,
    docs: {
      what: 'Reports the ECB mode of `cryptography` (`modes.ECB()`).',
      why: 'ECB encrypts equal blocks to equal ciphertext: patterns of the plaintext show through, and blocks can be reordered or replayed undetected (CWE-327).',
      example: '```python\nfrom cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\ncipher = Cipher(algorithms.AES(key), modes.ECB())\n```',
      useInstead: '```python\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\nciphertext = AESGCM(key).encrypt(nonce, data, None)\n```',
      fixSafety: 'No fix: another mode needs a nonce or IV that must be stored with the ciphertext.',
      references: ['[cryptography: modes](https://cryptography.io/en/latest/hazmat/primitives/symmetric-encryption/#modes)', '[CWE-327: Use of a Broken or Risky Cryptographic Algorithm](https://cwe.mitre.org/data/definitions/327.html)'],
    },
  },
  {
    id: 'B306',
    name: 'mktemp_q',
    title: 'Insecure temporary file name (tempfile.mktemp)',
    severity: 'medium',
    cwe: 377,
    calls: ['tempfile.mktemp'],
    triggers: ['mktemp'],
    message: () => 'Use of insecure and deprecated function (mktemp): another process can create the file first.',
    fix: mktempFix,
    docs: {
      what: 'Reports `tempfile.mktemp()`.',
      why: '`mktemp` only returns a name that did not exist a moment ago. Between that moment and the program creating the file, another local user can create it, or a symlink with its name pointing at a file of the victim, which the program then writes through (CWE-377).',
      example: '```python\nimport tempfile\npath = tempfile.mktemp(suffix=".csv")\nwith open(path, "w") as out:\n    out.write(report)\n```',
      useInstead: '```python\nimport os\nimport tempfile\nfd, path = tempfile.mkstemp(suffix=".csv")\nwith os.fdopen(fd, "w") as out:\n    out.write(report)\n```',
      fixSafety:
        'Offered only for a statement `name = tempfile.mktemp(…)`: it becomes `name_fd, name = tempfile.mkstemp(…)` followed by `os.close(name_fd)`, adding `import os` (and `import tempfile`) if needed. `mkstemp` creates the file atomically, readable and writable only by its owner, so the name cannot be taken over. The fix is **unsafe**: the file now exists (code that then creates it with `os.mkdir`, `os.mkfifo` or `open(…, "x")` fails) and its mode is 0600 instead of following the umask. When the result is used directly (`open(tempfile.mktemp(), "w")`) no fix is offered; use `tempfile.NamedTemporaryFile` there.',
      references: ['[tempfile.mkstemp](https://docs.python.org/3/library/tempfile.html#tempfile.mkstemp)', '[tempfile.mktemp (deprecated)](https://docs.python.org/3/library/tempfile.html#tempfile.mktemp)', '[CWE-377: Insecure Temporary File](https://cwe.mitre.org/data/definitions/377.html)'],
    },
  },
  {
    id: 'B307',
    name: 'eval',
    title: 'Use of eval',
    severity: 'medium',
    cwe: 78,
    calls: [],
    builtins: ['eval'],
    triggers: ['eval'],
    message: () => 'Use of possibly insecure function eval: consider ast.literal_eval.',
    allows: (call) => isConstantString(firstArgument(call)),
    fix: evalFix,
    docs: {
      what: 'Reports calls to the built-in `eval`.',
      why: '`eval` runs any Python expression with the caller\'s privileges: `__import__("os").system(…)` is an expression. If any part of the string comes from outside the program, its author runs code of their choice (CWE-78, CWE-95).',
      example: '```python\nsettings = eval(open("settings.txt").read())\n```',
      useInstead: '```python\nimport ast\nsettings = ast.literal_eval(open("settings.txt").read())\n```',
      beyond: 'Vigil does not report `eval` of a constant string (`eval("1 + 2")`), which no one outside the program can influence, and resolves imports: `builtins.eval` is reported, a method or an imported function named `eval` (`model.eval()`) is not.',
      fixSafety: '"Use ast.literal_eval" is offered for `eval(x)` with a single argument and adds `import ast`. It is **unsafe**: `literal_eval` accepts only literals (strings, numbers, tuples, lists, dicts, sets, booleans, `None`), so input with names, calls or operators other than `+`/`-` on numbers now raises `ValueError`.',
      references: ['[ast.literal_eval](https://docs.python.org/3/library/ast.html#ast.literal_eval)', '[eval](https://docs.python.org/3/library/functions.html#eval)', '[CWE-95: Eval Injection](https://cwe.mitre.org/data/definitions/95.html)'],
    },
  },
  {
    id: 'B308',
    name: 'mark_safe',
    title: 'Use of Django mark_safe',
    severity: 'medium',
    cwe: 79,
    calls: ['django.utils.safestring.mark_safe', 'django.utils.safestring.SafeString', 'django.utils.html.mark_safe'],
    triggers: ['mark_safe', 'SafeString'],
    message: () => 'Use of mark_safe() may expose cross-site scripting vulnerabilities and should be reviewed.',
    allows: (call) => isConstantString(firstArgument(call)),
    docs: {
      what: "Reports Django's `mark_safe(…)`.",
      why: '`mark_safe` tells Django not to escape a string in templates. If the string holds anything a user supplied, their HTML and scripts run in other users\' browsers (CWE-79).',
      example: '```python\nfrom django.utils.safestring import mark_safe\ngreeting = mark_safe(f"<b>Hello {user.name}</b>")\n```',
      useInstead: '```python\nfrom django.utils.html import format_html\ngreeting = format_html("<b>Hello {}</b>", user.name)\n```',
      beyond: 'Vigil does not report `mark_safe` of a constant string (`mark_safe("<br>")`), which holds no user input, and also reports `SafeString(…)`.',
      fixSafety: 'No fix: `format_html` needs the template and its arguments separated.',
      references: ['[Django: mark_safe](https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.safestring.mark_safe)', '[Django: format_html](https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.html.format_html)', '[CWE-79: Cross-site Scripting](https://cwe.mitre.org/data/definitions/79.html)'],
    },
  },
  {
    id: 'B310',
    name: 'urllib_urlopen',
    title: 'URL open that accepts file: and custom schemes',
    severity: 'medium',
    cwe: 22,
    calls: [
      'urllib.urlopen', 'urllib.request.urlopen', 'urllib.urlretrieve', 'urllib.request.urlretrieve', 'urllib.URLopener', 'urllib.request.URLopener',
      'urllib.FancyURLopener', 'urllib.request.FancyURLopener', 'urllib2.urlopen', 'urllib2.Request', 'urllib.request.Request',
      'six.moves.urllib.request.urlopen', 'six.moves.urllib.request.urlretrieve', 'six.moves.urllib.request.URLopener', 'six.moves.urllib.request.FancyURLopener',
    ],
    triggers: ['urlopen', 'urlretrieve', 'URLopener', 'Request'],
    message: () => 'Audit url open for permitted schemes. Allowing use of file:/ or custom schemes is often unexpected.',
    // `urlopen(Request(url))`: the Request is judged (and reported) on its own.
    allows: (call, ctx) => isHttpUrl(urlArgument(call)) || isRequest(urlArgument(call), ctx.facts),
    docs: {
      what: 'Reports `urllib` URL openers (`urlopen`, `urlretrieve`, `Request`, `URLopener`) whose URL is not a literal `http://` or `https://` address.',
      why: '`urlopen` follows any scheme it has a handler for: given `file:///etc/passwd` it reads a local file, and custom handlers may do more. A URL that comes from a user can thus read files or reach internal services (CWE-22, CWE-918).',
      example: '```python\nfrom urllib.request import urlopen\nbody = urlopen(url).read()\n```',
      useInstead: '```python\nfrom urllib.parse import urlparse\nfrom urllib.request import urlopen\nif urlparse(url).scheme not in ("http", "https"):\n    raise ValueError("unsupported URL scheme")\nbody = urlopen(url, timeout=10).read()  # nosec B310 - scheme checked above\n```',
      beyond: "Like Ruff's S310, Vigil does not report a URL written as a literal `http://…`/`https://…` string, which cannot be redirected to `file:`. It also reports `urllib.request.Request`, and reports `urlopen(Request(url))` once, at the `Request`.",
      fixSafety: NO_FIX,
      references: ['[urllib.request.urlopen](https://docs.python.org/3/library/urllib.request.html#urllib.request.urlopen)', '[CWE-22: Path Traversal](https://cwe.mitre.org/data/definitions/22.html)'],
    },
  },
  {
    id: 'B311',
    name: 'random',
    title: 'Pseudo-random generator used where unpredictability may matter',
    severity: 'low',
    cwe: 330,
    calls: ['random.Random', 'random.random', 'random.randrange', 'random.randint', 'random.choice', 'random.choices', 'random.uniform', 'random.triangular', 'random.randbytes', 'random.getrandbits'],
    triggers: ['random'],
    message: (name) => `${name}: standard pseudo-random generators are not suitable for security/cryptographic purposes.`,
    fix: randomFix,
    docs: {
      what: 'Reports the module-level generators of `random` (`random.random`, `randint`, `choice`, `randrange`, …) and `random.Random`.',
      why: "`random` is a Mersenne Twister: after 624 outputs an observer can predict every later one. Tokens, passwords, session IDs or nonces drawn from it can be guessed (CWE-330). It is fine for simulations, games and jitter; this finding is low severity for that reason.",
      example: '```python\nimport random\nimport string\ntoken = "".join(random.choice(string.ascii_letters) for _ in range(32))\n```',
      useInstead: '```python\nimport secrets\nimport string\ntoken = "".join(secrets.choice(string.ascii_letters) for _ in range(32))\n# or simply: secrets.token_urlsafe(32)\n```',
      beyond: "Vigil resolves aliases (`from random import choice`), and also reports `random.randbytes` (as Ruff does) and `random.getrandbits`.",
      fixSafety:
        'The fix moves the call to `secrets` (adding `import secrets`): `choice` → `secrets.choice`, `getrandbits` → `secrets.randbits`, `randbytes` → `secrets.token_bytes`, `randrange(n)` and `randrange(0, n)` → `secrets.randbelow(n)`, `random.Random()` → `secrets.SystemRandom()`, and any other function → the same method of `secrets.SystemRandom()` (`random.uniform(a, b)` → `secrets.SystemRandom().uniform(a, b)`), which has the same signature and distribution. It is **unsafe**: the values no longer follow `random.seed()`, so code that relies on reproducible sequences (tests, simulations) changes. Not offered for `random.Random(seed)`.',
      references: ['[secrets](https://docs.python.org/3/library/secrets.html)', '[random: security warning](https://docs.python.org/3/library/random.html)', '[CWE-330: Use of Insufficiently Random Values](https://cwe.mitre.org/data/definitions/330.html)'],
    },
  },
  {
    id: 'B312',
    name: 'telnetlib',
    title: 'Telnet in use',
    severity: 'high',
    cwe: 319,
    calls: ['telnetlib.*'],
    triggers: ['telnetlib'],
    message: () => 'Telnet-related functions are being called. Telnet is considered insecure. Use SSH or some other encrypted protocol.',
    docs: {
      what: 'Reports calls into `telnetlib` (`telnetlib.Telnet(…)`).',
      why: 'Telnet sends everything, passwords included, in clear text: anyone on the network path reads and can alter the session (CWE-319). `telnetlib` was removed from the standard library in Python 3.13.',
      example: '```python\nimport telnetlib\nsession = telnetlib.Telnet("router.example.com")\n```',
      useInstead: '```python\nimport paramiko\nclient = paramiko.SSHClient()\nclient.load_system_host_keys()\nclient.connect("router.example.com")\n```',
      beyond: 'Vigil reports the calls made on the module (`telnetlib.Telnet(…)`), not every method of the resulting object, which would repeat the same finding.',
      fixSafety: NO_FIX,
      references: ['[PEP 594: removing telnetlib](https://peps.python.org/pep-0594/#telnetlib)', '[CWE-319: Cleartext Transmission of Sensitive Information](https://cwe.mitre.org/data/definitions/319.html)'],
    },
  },
  xmlEntry('B313', 'xml_bad_cElementTree', 'xml.etree.cElementTree', ['parse', 'iterparse', 'fromstring', 'XMLParser'], 'ElementTree', 'fromstring'),
  xmlEntry('B314', 'xml_bad_ElementTree', 'xml.etree.ElementTree', ['parse', 'iterparse', 'fromstring', 'XMLParser'], 'ElementTree', 'fromstring'),
  xmlEntry('B315', 'xml_bad_expatreader', 'xml.sax.expatreader', ['create_parser'], 'expatreader', 'create_parser'),
  xmlEntry('B316', 'xml_bad_expatbuilder', 'xml.dom.expatbuilder', ['parse', 'parseString'], 'expatbuilder', 'parseString'),
  xmlEntry('B317', 'xml_bad_sax', 'xml.sax', ['parse', 'parseString', 'make_parser'], 'sax', 'parseString'),
  xmlEntry('B318', 'xml_bad_minidom', 'xml.dom.minidom', ['parse', 'parseString'], 'minidom', 'parseString'),
  xmlEntry('B319', 'xml_bad_pulldom', 'xml.dom.pulldom', ['parse', 'parseString'], 'pulldom', 'parseString'),
  {
    ...xmlEntry('B320', 'xml_bad_etree', 'lxml.etree', ['parse', 'fromstring', 'RestrictedElement', 'GlobalParserTLS', 'getDefaultParser', 'check_docinfo'], 'lxml', 'fromstring'),
    message: (name) => `Using ${name} to parse untrusted XML data is known to be vulnerable to XML attacks. Replace ${name} with its defusedxml equivalent function.`,
  },
  {
    id: 'B321',
    name: 'ftplib',
    title: 'FTP in use',
    severity: 'high',
    cwe: 319,
    calls: ['ftplib.*'],
    triggers: ['ftplib'],
    message: () => 'FTP-related functions are being called. FTP is considered insecure. Use SSH/SFTP/SCP or some other encrypted protocol.',
    docs: {
      what: 'Reports calls into `ftplib` (`ftplib.FTP(…)`, `ftplib.FTP_TLS(…)`).',
      why: 'Plain FTP sends the login and the files in clear text: anyone on the network path reads and can alter them (CWE-319). `FTP_TLS` encrypts only once `prot_p()` is called.',
      example: '```python\nimport ftplib\nftp = ftplib.FTP("files.example.com", "user", password)\n```',
      useInstead: '```python\nimport paramiko\ntransport = paramiko.Transport(("files.example.com", 22))\ntransport.connect(username="user", password=password)\nsftp = paramiko.SFTPClient.from_transport(transport)\n```',
      beyond: 'Vigil reports the calls made on the module (`ftplib.FTP(…)`), not every method of the resulting object.',
      fixSafety: NO_FIX,
      references: ['[ftplib](https://docs.python.org/3/library/ftplib.html)', '[CWE-319: Cleartext Transmission of Sensitive Information](https://cwe.mitre.org/data/definitions/319.html)'],
    },
  },
  {
    id: 'B323',
    name: 'unverified_context',
    title: 'SSL context without certificate verification',
    severity: 'medium',
    cwe: 295,
    calls: ['ssl._create_unverified_context'],
    triggers: ['_create_unverified_context'],
    message: () => 'ssl._create_unverified_context() creates a context that verifies neither certificates nor host names.',
    fix: unverifiedContextFix,
    docs: {
      what: 'Reports `ssl._create_unverified_context()`.',
      why: 'The context it returns checks neither the certificate chain nor the host name: anyone on the network path can impersonate the server and read or alter the traffic (CWE-295).',
      example: '```python\nimport ssl\nimport urllib.request\nurllib.request.urlopen(url, context=ssl._create_unverified_context())\n```',
      useInstead: '```python\nimport ssl\nimport urllib.request\nurllib.request.urlopen(url, context=ssl.create_default_context())\n```',
      fixSafety: '"Use ssl.create_default_context()" is offered for a call without arguments. It is **unsafe**: certificates and host names are now verified, so servers with self-signed, expired or mismatched certificates are refused (pass `cafile=` for a private CA).',
      references: ['[ssl.create_default_context](https://docs.python.org/3/library/ssl.html#ssl.create_default_context)', '[PEP 476: verifying certificates by default](https://peps.python.org/pep-0476/)', '[CWE-295: Improper Certificate Validation](https://cwe.mitre.org/data/definitions/295.html)'],
    },
  },
];

function xmlEntry(id: string, name: string, module: string, functions: readonly string[], defused: string, example: string): CallEntry {
  const defusedModule = defused === 'lxml' ? 'ElementTree' : defused === 'expatreader' ? 'expatreader' : defused;
  return {
    id,
    name,
    title: `XML parsing with ${module}`,
    severity: 'medium',
    cwe: 20,
    calls: functions.map((fn) => `${module}.${fn}`),
    triggers: [module.split('.').at(-1)!],
    message: XML_MESSAGE,
    docs: {
      what: `Reports ${functions.map((fn) => `\`${module}.${fn}\``).join(', ')}.`,
      why: XML_WHY,
      example: `\`\`\`python\nimport ${module}\ndocument = ${module}.${example}(untrusted)\n\`\`\``,
      useInstead: XML_USE_INSTEAD(defusedModule, example),
      beyond: `Vigil resolves aliases (\`import ${module} as X\`, \`from ${module.split('.').slice(0, -1).join('.') || module} import ${module.split('.').at(-1)}\`).`,
      fixSafety: 'No fix: `defusedxml` is a separate package to add to the project.',
      references: [DEFUSEDXML, XML_VULNERABILITIES, '[CWE-20: Improper Input Validation](https://cwe.mitre.org/data/definitions/20.html)'],
    },
  };
}

/** One Rule per table entry. */
export const BLACKLIST_CALL_RULES: readonly Rule[] = CALL_BLACKLIST.map((entry) =>
  defineRule<CallState>({
    meta: { id: entry.id, name: entry.name, title: entry.title, severity: entry.severity, confidence: 'high', cwe: entry.cwe },
    family: 'python',
    nodeTypes: ['call'],
    triggers: entry.triggers,
    ...(entry.trackedFactories ? { trackedFactories: entry.trackedFactories } : {}),
    check(call, ctx) {
      const name = matchingName(entry, cachedCallName(call, ctx.facts));
      if (!name || entry.allows?.(call, ctx)) return undefined;
      return { node: call.childForFieldName('function')!, message: entry.message(name), state: { name } };
    },
    ...(entry.fix ? { fix: entry.fix } : {}),
    docs: renderDocs(entry.docs),
  }),
) as Rule[];

function renderDocs(docs: Docs): string {
  const sections = [
    ['What it does', docs.what],
    ['Why is this bad?', docs.why],
    ['Example', docs.example],
    ['Use instead', docs.useInstead],
    ...(docs.beyond ? [['Beyond Bandit', docs.beyond]] : []),
    ['Fix safety', docs.fixSafety],
    ['References', docs.references.map((reference) => `- ${reference}`).join('\n')],
  ];
  return `\n${sections.map(([title, body]) => `## ${title}\n${body}`).join('\n\n')}\n`;
}

function matchingName(entry: CallEntry, callee: QualifiedName | undefined): string | undefined {
  if (!callee) return undefined;
  if (!callee.imported) return entry.builtins?.includes(callee.name) ? callee.name : undefined;
  if (callee.name.startsWith('builtins.')) {
    const builtin = callee.name.slice('builtins.'.length);
    return entry.builtins?.includes(builtin) ? builtin : undefined;
  }
  for (const pattern of entry.calls) {
    if (pattern.endsWith('.*')) {
      // Functions and classes reached directly from the module, not methods of their results.
      if (callee.name.startsWith(pattern.slice(0, -1)) && !callee.name.includes('(')) return callee.name;
    } else if (callee.name === pattern) {
      return callee.name;
    }
  }
  return undefined;
}

function firstArgument(call: Node): Node | undefined {
  return positionalArguments(call)[0];
}

function isConstantString(node: Node | undefined): boolean {
  return !!node && (node.type === 'string' || node.type === 'concatenated_string') && stringValue(node) !== undefined;
}

function urlArgument(call: Node): Node | undefined {
  return argument(call, 0, 'url') ?? keywordValue(call, 'fullurl');
}

/** A literal `http://`/`https://` URL. */
function isHttpUrl(node: Node | undefined): boolean {
  const value = node && stringValue(node);
  return value !== undefined && /^https?:\/\//i.test(value);
}

function isRequest(node: Node | undefined, facts: FileFacts): boolean {
  if (node?.type !== 'call') return false;
  const callee = cachedCallName(node, facts);
  return !!callee?.imported && ['urllib.request.Request', 'urllib2.Request'].includes(callee.name);
}

// Fixes ----------------------------------------------------------------------------------------

const NOT_SEEDED = 'The values no longer follow random.seed(): code relying on reproducible sequences (tests, simulations) changes.';

function randomFix(report: Report<CallState>, ctx: FixContext): Fix[] {
  const call = report.node.parent!;
  const fn = report.state!.name.slice('random.'.length);
  const args = argumentList(call);
  const positional = positionalArguments(call);
  const onlyPositional = args.length === positional.length;
  const moveTo = (name: string, extra: TextEdit[] = []): Fix[] => [
    {
      title: `Use secrets.${name}`,
      applicability: 'unsafe',
      caveat: NOT_SEEDED,
      edits: [...replaceCallee(call, 'secrets', name, ctx.root, ctx.text, ctx.facts), ...extra],
    },
  ];
  switch (fn) {
    case 'Random':
      return args.length === 0 ? moveTo('SystemRandom') : [];
    case 'choice':
      return moveTo('choice');
    case 'getrandbits':
      return moveTo('randbits');
    case 'randbytes':
      return moveTo('token_bytes');
    case 'randrange':
      if (onlyPositional && positional.length === 1) return moveTo('randbelow');
      if (onlyPositional && positional.length === 2 && integerValue(positional[0]!) === 0) return moveTo('randbelow', [removeArgument(positional[0]!, ctx.text)]);
      return moveTo(`SystemRandom().${fn}`);
    default:
      return moveTo(`SystemRandom().${fn}`);
  }
}

function argumentList(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((arg): arg is Node => !!arg && arg.type !== 'comment');
}

function evalFix(report: Report<CallState>, ctx: FixContext): Fix[] {
  const call = report.node.parent!;
  const args = argumentList(call);
  if (args.length !== 1 || positionalArguments(call).length !== 1) return [];
  return [
    {
      title: 'Use ast.literal_eval',
      applicability: 'unsafe',
      caveat: 'ast.literal_eval accepts only literals (strings, numbers, tuples, lists, dicts, sets, booleans, None): any other expression now raises ValueError.',
      edits: replaceCallee(call, 'ast', 'literal_eval', ctx.root, ctx.text, ctx.facts),
    },
  ];
}

function unverifiedContextFix(report: Report<CallState>, ctx: FixContext): Fix[] {
  const call = report.node.parent!;
  if (argumentList(call).length > 0) return [];
  return [
    {
      title: 'Use ssl.create_default_context()',
      applicability: 'unsafe',
      caveat: 'Certificates and host names are now verified: servers with self-signed, expired or mismatched certificates are refused.',
      edits: replaceCallee(call, 'ssl', 'create_default_context', ctx.root, ctx.text, ctx.facts),
    },
  ];
}

/** `name = tempfile.mktemp(…)` → `name_fd, name = tempfile.mkstemp(…)` + `os.close(name_fd)`. */
function mktempFix(report: Report<CallState>, ctx: FixContext): Fix[] {
  const call = report.node.parent!;
  const statement = enclosingStatement(call);
  const assignment = statement.type === 'expression_statement' && statement.namedChildCount === 1 ? statement.namedChildren[0]! : undefined;
  const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
  const value = assignment?.childForFieldName('right');
  if (!target || target.type !== 'identifier' || !value?.equals(call) || assignment!.childForFieldName('type')) return [];
  const lineStart = ctx.text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const indent = ctx.text.slice(lineStart, statement.startIndex);
  const lineEnd = ctx.text.indexOf('\n', statement.endIndex);
  const rest = ctx.text.slice(statement.endIndex, lineEnd < 0 ? ctx.text.length : lineEnd);
  if (!/^[ \t]*$/.test(indent) || !/^[ \t]*(#.*)?$/.test(rest)) return [];
  const fd = `${target.text}_fd`;
  const os = ctx.facts.aliases.get('os') === 'os' ? 'os' : [...ctx.facts.aliases].find(([, qualified]) => qualified === 'os')?.[0];
  const edits: TextEdit[] = [
    { start: target.startIndex, end: target.startIndex, newText: `${fd}, ` },
    ...replaceCallee(call, 'tempfile', 'mkstemp', ctx.root, ctx.text, ctx.facts),
    // After the line (and its comment), so the comment stays with the assignment.
    { start: lineEnd < 0 ? ctx.text.length : lineEnd, end: lineEnd < 0 ? ctx.text.length : lineEnd, newText: `\n${indent}${os ?? 'os'}.close(${fd})` },
  ];
  if (!os) {
    const addImport = ensureImport(ctx.root, ctx.text, 'os', ctx.facts);
    if (addImport) edits.push(addImport);
  }
  return [
    {
      title: 'Create the file safely with tempfile.mkstemp',
      applicability: 'unsafe',
      caveat: 'The file now exists (creating it again with os.mkdir, os.mkfifo or open(…, "x") fails) and is readable only by its owner.',
      edits,
    },
  ];
}
