/**
 * Parity with Bandit 1.9, part 1 (B101–B112, B201–B202, B3xx, B4xx, B5xx): the examples Bandit
 * documents for each check, rewritten as small snippets, must be reported by Vigil under the
 * same ID with Bandit's severity and CWE (and confidence, where Vigil does not deliberately
 * differ). The blacklist cases come from Bandit's documented tables of calls and imports, written
 * out here independently of Vigil's own tables, so that a name dropped from Vigil's table fails.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LANGUAGES } from '../../server/src/core/languages';
import type { Confidence, Severity } from '../../server/src/core/types';
import { testAnalyzer } from '../support/analyzer';

interface Case {
  id: string;
  code: string;
  severity: Severity;
  /** Omitted where Vigil's confidence differs from Bandit's on purpose (see the rule's docs). */
  confidence?: Confidence;
  cwe: number;
  path?: string;
}

/** Examples from the docstrings of Bandit's plugins. */
const PLUGIN_EXAMPLES: Case[] = [
  { id: 'B101', code: 'assert logged_in\ndisplay_assets()\n', severity: 'low', confidence: 'high', cwe: 703 },
  { id: 'B102', code: 'exec("do evil")\n', severity: 'medium', confidence: 'high', cwe: 78 },
  { id: 'B103', code: "import os\nos.chmod('/etc/hosts', 0o777)\n", severity: 'high', confidence: 'high', cwe: 732 },
  { id: 'B103', code: "import os\nos.chmod('/tmp/oh_hai', 0x1ff)\n", severity: 'high', confidence: 'high', cwe: 732 },
  { id: 'B103', code: 'import os\nos.chmod(key_file, 0o777)\n', severity: 'high', confidence: 'high', cwe: 732 },
  { id: 'B104', code: "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\ns.bind(('0.0.0.0', 31137))\n", severity: 'medium', confidence: 'medium', cwe: 605 },
  { id: 'B104', code: "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\ns.bind(('', 31137))\n", severity: 'medium', confidence: 'medium', cwe: 605 },
  { id: 'B110', code: 'try:\n    a = 1\nexcept:\n    pass\n', severity: 'low', confidence: 'high', cwe: 703 },
  { id: 'B110', code: 'try:\n    do_some_stuff()\nexcept Exception:\n    pass\n', severity: 'low', confidence: 'high', cwe: 703 },
  { id: 'B112', code: 'for i in range(3):\n    try:\n        a = i\n    except:\n        continue\n', severity: 'low', confidence: 'high', cwe: 703 },
  // Bandit: medium confidence; Vigil raises it when `app` is known to be a Flask app.
  { id: 'B201', code: 'from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n', severity: 'high', cwe: 94 },
  { id: 'B201', code: 'import flask\nfrom myapp import app\napp.run(debug=True)\n', severity: 'high', confidence: 'medium', cwe: 94 },
  { id: 'B202', code: 'import tarfile\nimport tempfile\ntar = tarfile.open(filename)\ntar.extractall(path=tempfile.mkdtemp())\ntar.close()\n', severity: 'high', confidence: 'high', cwe: 22 },
  { id: 'B324', code: "import hashlib\nhashlib.new('md5')\n", severity: 'high', confidence: 'high', cwe: 327 },
  { id: 'B324', code: 'import hashlib\nhashlib.sha1(data)\n', severity: 'high', confidence: 'high', cwe: 327 },
  { id: 'B501', code: "import requests\nrequests.get('https://gmail.com', verify=False)\n", severity: 'high', confidence: 'high', cwe: 295 },
  { id: 'B502', code: 'import ssl\nssl.wrap_socket(ssl_version=ssl.PROTOCOL_SSLv3)\n', severity: 'high', confidence: 'high', cwe: 327 },
  { id: 'B502', code: 'import ssl\nssl.wrap_socket(ssl_version=ssl.PROTOCOL_TLSv1)\n', severity: 'high', confidence: 'high', cwe: 327 },
  { id: 'B503', code: 'from OpenSSL import SSL\n\n\ndef open_ssl_socket(version=SSL.SSLv2_METHOD):\n    pass\n', severity: 'medium', confidence: 'medium', cwe: 327 },
  { id: 'B504', code: 'import ssl\nssl.wrap_socket()\n', severity: 'low', confidence: 'medium', cwe: 327 },
  { id: 'B505', code: 'from cryptography.hazmat import backends\nfrom cryptography.hazmat.primitives.asymmetric import dsa\ndsa.generate_private_key(512,\n                         backends.default_backend())\n', severity: 'high', confidence: 'high', cwe: 326 },
  { id: 'B506', code: "import yaml\nystr = yaml.dump({'a': 1, 'b': 2, 'c': 3})\ny = yaml.load(ystr)\nyaml.dump(y)\n", severity: 'medium', confidence: 'high', cwe: 20 },
  { id: 'B507', code: 'from paramiko import client\nssh_client = client.SSHClient()\nssh_client.set_missing_host_key_policy(client.AutoAddPolicy)\n', severity: 'high', cwe: 295 },
  { id: 'B507', code: 'import paramiko\nfrom somewhere import ssh_client\nssh_client.set_missing_host_key_policy(paramiko.WarningPolicy)\n', severity: 'high', confidence: 'medium', cwe: 295 },
  { id: 'B508', code: "from pysnmp.hlapi import CommunityData\na = CommunityData('public', mpModel=0)\n", severity: 'medium', confidence: 'high', cwe: 319 },
  { id: 'B509', code: 'from pysnmp.hlapi import UsmUserData\ninsecure = UsmUserData("securityName")\n', severity: 'medium', confidence: 'high', cwe: 319 },
];

/** Bandit's documented call blacklist (bandit/blacklists/calls.py, Python 3.9+): ID, severity, CWE, names. */
const BANDIT_CALLS: [string, Severity, number, string[]][] = [
  ['B301', 'medium', 502, ['pickle.loads', 'pickle.load', 'pickle.Unpickler', 'dill.loads', 'dill.load', 'dill.Unpickler', 'shelve.open', 'shelve.DbfilenameShelf', 'jsonpickle.decode', 'jsonpickle.unpickler.decode', 'jsonpickle.unpickler.Unpickler', 'pandas.read_pickle']],
  ['B302', 'medium', 502, ['marshal.load', 'marshal.loads']],
  ['B303', 'medium', 327, ['Crypto.Hash.MD2.new', 'Crypto.Hash.MD4.new', 'Crypto.Hash.MD5.new', 'Crypto.Hash.SHA.new', 'Cryptodome.Hash.MD2.new', 'Cryptodome.Hash.MD4.new', 'Cryptodome.Hash.MD5.new', 'Cryptodome.Hash.SHA.new', 'cryptography.hazmat.primitives.hashes.MD5', 'cryptography.hazmat.primitives.hashes.SHA1']],
  ['B304', 'high', 327, ['Crypto.Cipher.ARC2.new', 'Crypto.Cipher.ARC4.new', 'Crypto.Cipher.Blowfish.new', 'Crypto.Cipher.DES.new', 'Crypto.Cipher.XOR.new', 'Cryptodome.Cipher.ARC2.new', 'Cryptodome.Cipher.ARC4.new', 'Cryptodome.Cipher.Blowfish.new', 'Cryptodome.Cipher.DES.new', 'Cryptodome.Cipher.XOR.new', 'cryptography.hazmat.primitives.ciphers.algorithms.ARC4', 'cryptography.hazmat.primitives.ciphers.algorithms.Blowfish', 'cryptography.hazmat.primitives.ciphers.algorithms.IDEA']],
  ['B305', 'medium', 327, ['cryptography.hazmat.primitives.ciphers.modes.ECB']],
  ['B306', 'medium', 377, ['tempfile.mktemp']],
  ['B307', 'medium', 78, ['eval']],
  ['B308', 'medium', 79, ['django.utils.safestring.mark_safe']],
  ['B310', 'medium', 22, ['urllib.urlopen', 'urllib.request.urlopen', 'urllib.urlretrieve', 'urllib.request.urlretrieve', 'urllib.URLopener', 'urllib.request.URLopener', 'urllib.FancyURLopener', 'urllib.request.FancyURLopener', 'urllib2.urlopen', 'urllib2.Request', 'six.moves.urllib.request.urlopen', 'six.moves.urllib.request.urlretrieve', 'six.moves.urllib.request.URLopener', 'six.moves.urllib.request.FancyURLopener']],
  ['B311', 'low', 330, ['random.Random', 'random.random', 'random.randrange', 'random.randint', 'random.choice', 'random.choices', 'random.uniform', 'random.triangular']],
  ['B312', 'high', 319, ['telnetlib.Telnet']],
  ['B313', 'medium', 20, ['xml.etree.cElementTree.parse', 'xml.etree.cElementTree.iterparse', 'xml.etree.cElementTree.fromstring', 'xml.etree.cElementTree.XMLParser']],
  ['B314', 'medium', 20, ['xml.etree.ElementTree.parse', 'xml.etree.ElementTree.iterparse', 'xml.etree.ElementTree.fromstring', 'xml.etree.ElementTree.XMLParser']],
  ['B315', 'medium', 20, ['xml.sax.expatreader.create_parser']],
  ['B316', 'medium', 20, ['xml.dom.expatbuilder.parse', 'xml.dom.expatbuilder.parseString']],
  ['B317', 'medium', 20, ['xml.sax.parse', 'xml.sax.parseString', 'xml.sax.make_parser']],
  ['B318', 'medium', 20, ['xml.dom.minidom.parse', 'xml.dom.minidom.parseString']],
  ['B319', 'medium', 20, ['xml.dom.pulldom.parse', 'xml.dom.pulldom.parseString']],
  ['B320', 'medium', 20, ['lxml.etree.parse', 'lxml.etree.fromstring', 'lxml.etree.RestrictedElement', 'lxml.etree.GlobalParserTLS', 'lxml.etree.getDefaultParser', 'lxml.etree.check_docinfo']],
  ['B321', 'high', 319, ['ftplib.FTP']],
  ['B323', 'medium', 295, ['ssl._create_unverified_context']],
];

/** Bandit's documented import blacklist (bandit/blacklists/imports.py): ID, severity, CWE, modules. */
const BANDIT_IMPORTS: [string, Severity, number, string[]][] = [
  ['B401', 'high', 319, ['telnetlib']],
  ['B402', 'high', 319, ['ftplib']],
  ['B403', 'low', 502, ['pickle', 'cPickle', 'dill', 'shelve']],
  ['B404', 'low', 78, ['subprocess']],
  ['B405', 'low', 20, ['xml.etree.cElementTree', 'xml.etree.ElementTree']],
  ['B406', 'low', 20, ['xml.sax']],
  ['B407', 'low', 20, ['xml.dom.expatbuilder']],
  ['B408', 'low', 20, ['xml.dom.minidom']],
  ['B409', 'low', 20, ['xml.dom.pulldom']],
  ['B410', 'low', 20, ['lxml']],
  ['B411', 'high', 20, ['xmlrpc']],
  ['B412', 'high', 284, ['wsgiref.handlers.CGIHandler', 'twisted.web.twcgi.CGIScript', 'twisted.web.twcgi.CGIDirectory']],
  ['B413', 'high', 327, ['Crypto.Cipher', 'Crypto.Hash', 'Crypto.IO', 'Crypto.Protocol', 'Crypto.PublicKey', 'Crypto.Random', 'Crypto.Signature', 'Crypto.Util']],
  ['B415', 'high', 319, ['pyghmi']],
];

/** `a.b.c` called the way code usually writes it: `import a.b` + `a.b.c(x)`, or a bare built-in. */
function callSnippet(name: string): string {
  if (!name.includes('.')) return `${name}(payload)\n`;
  const module = name.slice(0, name.lastIndexOf('.'));
  return `import ${module}\n${name}(payload)\n`;
}

/** `from a.b import c` for a dotted name, `import a` for a top-level one. */
function importSnippet(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? `import ${name}\n` : `from ${name.slice(0, dot)} import ${name.slice(dot + 1)}\n`;
}

const CASES: Case[] = [
  ...PLUGIN_EXAMPLES,
  ...BANDIT_CALLS.flatMap(([id, severity, cwe, names]) => names.map((name) => ({ id, code: callSnippet(name), severity, confidence: 'high' as const, cwe }))),
  ...BANDIT_IMPORTS.flatMap(([id, severity, cwe, names]) => names.map((name) => ({ id, code: importSnippet(name), severity, confidence: 'high' as const, cwe }))),
];

describe('Bandit parity, part 1: Bandit\'s documented examples are reported under the same ID', () => {
  for (const example of CASES) {
    it(`${example.id}: ${example.code.trim().split('\n').at(-1)}`, async () => {
      const analyzer = await testAnalyzer();
      const { findings } = analyzer.analyze(example.code, LANGUAGES.python, { path: example.path ?? 'example.py' });
      const finding = findings.find((candidate) => candidate.ruleId === example.id);
      assert.ok(finding, `expected ${example.id} in:\n${example.code}\ngot: ${findings.map((f) => f.ruleId).join(', ') || 'nothing'}`);
      assert.equal(finding.severity, example.severity, 'severity');
      assert.equal(finding.cwe, example.cwe, 'CWE');
      if (example.confidence) assert.equal(finding.confidence, example.confidence, 'confidence');
    });
  }

  it('B101 in a test module: still reported, with low confidence', async () => {
    const analyzer = await testAnalyzer();
    const { findings } = analyzer.analyze('def test_login():\n    assert logged_in\n', LANGUAGES.python, { path: 'tests/test_login.py' });
    assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.confidence}`), ['B101 low']);
  });

  it("B104 does not flag Bandit's own negative example (a specific address)", async () => {
    const analyzer = await testAnalyzer();
    const { findings } = analyzer.analyze("import socket\ns = socket.socket()\ns.bind(('192.168.0.1', 8080))\n", LANGUAGES.python, { path: 'example.py' });
    assert.deepEqual(findings.map((f) => f.ruleId), []);
  });

  it("B506 does not flag Bandit's safe loaders", async () => {
    const analyzer = await testAnalyzer();
    const code = 'import yaml\nyaml.load(s, Loader=yaml.SafeLoader)\nyaml.load(s, yaml.CSafeLoader)\n';
    const { findings } = analyzer.analyze(code, LANGUAGES.python, { path: 'example.py' });
    assert.deepEqual(findings.map((f) => f.ruleId), []);
  });

  it('the IDs Bandit 1.9 removed are not reported (B309, B322, B325, B414)', async () => {
    const analyzer = await testAnalyzer();
    const code = 'import http.client\nimport os\nhttp.client.HTTPSConnection(host)\ninput("name? ")\nos.tempnam()\nfrom Cryptodome.Cipher import AES\n';
    const { findings } = analyzer.analyze(code, LANGUAGES.python, { path: 'example.py' });
    assert.deepEqual(findings.map((f) => f.ruleId), []);
  });
});
