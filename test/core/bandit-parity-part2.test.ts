/**
 * Parity with Bandit 1.9 for B105–B107 and B601–B704: the examples Bandit documents in its
 * plugins' docstrings (and the example files they cite), rewritten as small snippets, must get
 * the same rule ID at the same line; the "not!" examples must not. Where Vigil reports less than
 * Bandit on purpose, the difference is asserted too, with its reason, so it cannot creep in or
 * out unnoticed. Also checks each rule's default severity, confidence and CWE against Bandit's.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { languageForPath } from '../../server/src/core/languages';
import { rulesById } from '../../server/src/core/rules/registry';
import type { Finding } from '../../server/src/core/types';
import { testAnalyzer } from '../support/analyzer';

interface Example {
  /** Where Bandit documents it. */
  source: string;
  code: string;
  /** 1-based lines Bandit reports the rule on; empty for a documented negative. */
  lines: number[];
  /** Severity Bandit gives the first finding, when the example shows it. */
  severity?: Finding['severity'];
}

const python = languageForPath('example.py')!;

async function findingsOf(id: string, code: string): Promise<Finding[]> {
  const analyzer = await testAnalyzer();
  return analyzer.analyze(code, python, { path: 'example.py' }).findings.filter((finding) => finding.ruleId === id);
}

function lineOf(code: string, offset: number): number {
  return code.slice(0, offset).split('\n').length;
}

const EXAMPLES: Record<string, Example[]> = {
  B105: [
    { source: 'hardcoded_password_string docstring', code: 'def someFunction2(password):\n    if password == "root":\n        print("OK, logged in")\n', lines: [2] },
    { source: 'examples/hardcoded-passwords.py', code: 'password = "this_string"\n', lines: [1] },
    { source: 'examples/hardcoded-passwords.py', code: 'a.password = "this_string"\n', lines: [1] },
    { source: 'examples/hardcoded-passwords.py', code: 'a["password"] = "this_string"\n', lines: [1] },
    { source: 'examples/hardcoded-passwords.py', code: 'a[password] = "this_string"\n', lines: [1] },
    { source: 'examples/hardcoded-passwords.py', code: 'a = b.password = d["e"] = f[g] = "this_string"\n', lines: [1] },
    { source: 'examples/hardcoded-passwords.py', code: 'class SomeClass:\n    password = "this_string"\n', lines: [2] },
    { source: 'examples/hardcoded-passwords.py', code: 'password: str = "this_string"\n', lines: [1] },
    { source: 'examples/hardcoded-passwords.py', code: 'd = {"password": "this_string"}\n', lines: [1] },
    { source: 'examples/hardcoded-passwords.py (not!)', code: 'a = "password"\n', lines: [] },
    { source: 'examples/hardcoded-passwords.py (not!)', code: 'password.a = "this_string"\n', lines: [] },
    { source: 'examples/hardcoded-passwords.py (not!)', code: 'password["b"] = "this_string"\n', lines: [] },
    { source: 'examples/hardcoded-passwords.py (not!)', code: 'a = password.c = d["e"] = f[g] = "this_string"\n', lines: [] },
  ],
  B106: [{ source: 'hardcoded_password_funcarg docstring', code: '\ndoLogin(password="blerg")\n', lines: [2] }],
  B107: [
    { source: 'hardcoded_password_default docstring', code: 'def someFunction(user, password="Admin"):\n    print("Hi " + user)\n', lines: [1] },
    { source: 'hardcoded_password_default docstring (None is not reported)', code: 'def someFunction(user, password=None):\n    pass\n', lines: [] },
  ],
  B601: [{ source: 'paramiko_calls docstring', code: 'import paramiko\nclient = paramiko.SSHClient()\n# this is not safe\nclient.exec_command("something; really; unsafe")\n', lines: [4] }],
  B602: [
    { source: 'subprocess_popen_with_shell_equals_true docstring', code: 'import subprocess\nsubprocess.check_call(["/bin/ls", "-l"], shell=False)\nsubprocess.check_call("/bin/ls -l", shell=True)\n', lines: [3], severity: 'low' },
    { source: 'subprocess_popen_with_shell_equals_true docstring', code: 'import subprocess\nsubprocess.Popen("/bin/ls %s" % ("something",), shell=True)\n', lines: [2], severity: 'high' },
    { source: 'subprocess_popen_with_shell_equals_true docstring', code: 'import subprocess\nsubprocess.Popen("/bin/ls {}".format("something"), shell=True)\n', lines: [2], severity: 'high' },
    { source: 'subprocess_popen_with_shell_equals_true docstring', code: 'import subprocess\nsubprocess.Popen("/bin/ls *", shell=True)\n', lines: [2] },
    { source: 'examples/subprocess_shell.py', code: 'from subprocess import Popen as pop\npop("/bin/gcc --version", shell=True)\n', lines: [2] },
  ],
  B603: [{ source: 'subprocess_without_shell_equals_true (examples/subprocess_shell.py)', code: 'import subprocess\nsubprocess.check_output(["/bin/ls", path])\n', lines: [2], severity: 'low' }],
  B604: [
    {
      source: 'any_other_function_with_shell_equals_true docstring',
      code: 'from subprocess import Popen as pop\n\ndef Popen(*args, **kwargs):\n    print("hi")\n\npop("/bin/gcc --version", shell=True)\nPopen("/bin/gcc --version", shell=True)\n',
      lines: [7],
    },
  ],
  B605: [
    { source: 'start_process_with_a_shell docstring', code: 'import os\n\nos.system("/bin/echo hi")\n', lines: [3], severity: 'low' },
    { source: 'examples/os_system.py', code: 'import os\nos.system("/bin/echo " + name)\n', lines: [2], severity: 'high' },
  ],
  B606: [{ source: 'start_process_with_no_shell docstring', code: 'import os\nos.spawnv(mode, path, args)\nos.spawnve(mode, path, args, env)\nos.spawnvp(mode, file, args)\n', lines: [2, 3, 4] }],
  B607: [{ source: 'start_process_with_partial_path docstring', code: 'from subprocess import Popen as pop\npop("gcc --version", shell=False)\n', lines: [2] }],
  B608: [
    { source: 'hardcoded_sql_expressions docstring', code: 'query = "DELETE FROM foo WHERE id = \'%s\'" % identifier\nquery = "UPDATE foo SET value = \'b\' WHERE id = \'%s\'" % identifier\n', lines: [1, 2] },
    { source: 'hardcoded_sql_expressions docstring', code: 'q = "SELECT %s FROM derp;" % var\n', lines: [1] },
    { source: 'hardcoded_sql_expressions docstring', code: 'q = "SELECT thing FROM " + tab\n', lines: [1] },
    { source: 'hardcoded_sql_expressions docstring', code: 'q = "SELECT " + val + " FROM " + tab + " WHERE x"\n', lines: [1] },
    { source: 'hardcoded_sql_expressions docstring', code: 'q = "SELECT {} FROM derp;".format(var)\n', lines: [1] },
    { source: 'hardcoded_sql_expressions docstring', code: 'q = f"SELECT foo FROM bar WHERE id = {product}"\n', lines: [1] },
    { source: 'hardcoded_sql_expressions docstring', code: 'cursor.execute("SELECT %s FROM derp;" % var)\n', lines: [1] },
  ],
  B609: [
    { source: 'linux_commands_wildcard_injection docstring', code: 'import os as o\nimport subprocess as subp\no.popen2("/bin/chmod *")\nsubp.Popen("/bin/chown *", shell=True)\n', lines: [3, 4] },
    { source: 'linux_commands_wildcard_injection docstring (not vulnerable)', code: 'import subprocess as subp\nsubp.Popen("/bin/rsync *")\nsubp.Popen("/bin/chmod *")\n', lines: [] },
  ],
  B610: [
    {
      source: 'examples/django_sql_injection_extra.py',
      code: [
        'from django.contrib.auth.models import User',
        'User.objects.filter(username="admin").extra(dict(could_be="insecure"))',
        'User.objects.filter(username="admin").extra(select=dict(could_be="insecure"))',
        'User.objects.filter(username="admin").extra(where=where_var)',
        'User.objects.filter(username="admin").extra(where=["%s" % where_str])',
        'User.objects.all().extra(tables=tables_var)',
        'User.objects.filter(username="admin").extra(select={"test": "secure"})',
        'User.objects.filter(username="admin").extra(where=["secure"])',
        'User.objects.all().extra(tables=["secure"])',
        '',
      ].join('\n'),
      lines: [2, 3, 4, 5, 6],
    },
  ],
  B611: [
    {
      source: 'examples/django_sql_injection_raw.py',
      code: 'from django.db.models.expressions import RawSQL\nUser.objects.annotate(val=RawSQL(raw, []))\nUser.objects.annotate(val=RawSQL("secure", []))\n',
      lines: [2],
    },
  ],
  B612: [{ source: 'logging_config_insecure_listen docstring', code: 'import logging.config\n\nt = logging.config.listen(9999)\n', lines: [3] }],
  B613: [{ source: 'trojansource docstring', code: '#!/usr/bin/env python3\naccess_level = "user"\nif access_level != "none\u202E\u2066": # Check if admin\u2069\u2066\' and access_level != \'user\n    print("You are an admin.")\n', lines: [3] }],
  B701: [
    {
      source: 'jinja2_autoescape_false docstring',
      code: [
        'import jinja2',
        'from jinja2 import Environment, select_autoescape',
        'templateLoader = jinja2.FileSystemLoader(searchpath="/")',
        'templateEnv = jinja2.Environment(autoescape=False, loader=templateLoader)',
        'Environment(loader=templateLoader,',
        '            load=templateLoader,',
        '            autoescape=False)',
        'Environment(loader=templateLoader,',
        '            load=templateLoader)',
        'Environment(autoescape=select_autoescape(["html", "htm", "xml"]),',
        '            loader=templateLoader)',
        '',
      ].join('\n'),
      lines: [4, 7, 8],
    },
  ],
  B702: [{ source: 'use_of_mako_templates docstring', code: 'from mako import template\nfrom mako.template import Template\nTemplate("hello")\ntemplate.Template("hern")\n', lines: [3, 4] }],
  B703: [
    { source: 'examples/mark_safe_insecure.py', code: 'from django.utils import safestring\n\ndef insecure_function(text, cls=""):\n    return safestring.mark_safe("<p class=\'{}\'>{}</p>".format(cls, text))\n', lines: [4] },
    { source: 'examples/mark_safe_secure.py', code: 'from django.utils import safestring\nsafestring.mark_safe("<b>secure</b>")\n', lines: [] },
  ],
  B704: [
    {
      source: 'markupsafe_markup_xss docstring',
      code: 'import flask\nfrom markupsafe import Markup\ncontent = "<script>alert(\'Hello, world!\')</script>"\nMarkup(f"unsafe {content}")\nflask.Markup("unsafe {}".format(content))\nMarkup("safe {}").format(content)\nMarkup("safe")\n',
      lines: [4, 5],
    },
  ],
};

/** Bandit 1.9's default severity, confidence and CWE for each ID (its plugins' `bandit.Issue` calls). */
const BANDIT_DEFAULTS: Record<string, [Finding['severity'], Finding['confidence'], number]> = {
  B105: ['low', 'medium', 259],
  B106: ['low', 'medium', 259],
  B107: ['low', 'medium', 259],
  B601: ['medium', 'medium', 78],
  B602: ['high', 'high', 78],
  B603: ['low', 'high', 78],
  B604: ['medium', 'low', 78],
  B605: ['high', 'high', 78],
  B606: ['low', 'medium', 78],
  B607: ['low', 'high', 78],
  B608: ['medium', 'low', 89],
  B609: ['high', 'medium', 155],
  B610: ['medium', 'medium', 89],
  B611: ['medium', 'medium', 89],
  B612: ['medium', 'high', 94],
  B613: ['high', 'medium', 838],
  B701: ['high', 'high', 94],
  B702: ['medium', 'high', 80],
  B703: ['medium', 'high', 80],
  B704: ['medium', 'high', 79],
};

describe("parity with Bandit's documented examples", () => {
  for (const [id, examples] of Object.entries(EXAMPLES)) {
    examples.forEach((example, index) => {
      it(`${id} #${index + 1}: ${example.source}`, async () => {
        const findings = await findingsOf(id, example.code);
        // Lines, each once: Vigil may report a comment and a string on the same line apart.
        const lines = [...new Set(findings.map((finding) => lineOf(example.code, finding.start)))];
        assert.deepEqual(lines, example.lines, example.code);
        if (example.severity) assert.equal(findings[0]?.severity, example.severity);
      });
    });
  }

  for (const [id, [severity, confidence, cwe]] of Object.entries(BANDIT_DEFAULTS)) {
    it(`${id} has Bandit's default severity, confidence and CWE`, () => {
      const [rule] = rulesById(id).filter((candidate) => candidate.family === 'python');
      assert.ok(rule, `${id} is registered`);
      assert.deepEqual([rule.meta.severity, rule.meta.confidence, rule.meta.cwe], [severity, confidence, cwe]);
    });
  }
});

/** Where Vigil reports less than Bandit on purpose: each difference and its reason. */
const DIFFERENCES: { id: string; code: string; reason: string }[] = [
  { id: 'B603', code: 'import subprocess\nsubprocess.check_output(["/bin/ls", "-l"])\n', reason: 'a command fixed in the source carries no input (Bandit docstring example)' },
  { id: 'B105', code: 'token_type = "bearer"\n', reason: 'the name describes the token' },
  { id: 'B105', code: 'pad_token = "<pad>"\n', reason: "a tokenizer's special token" },
  { id: 'B105', code: 'password = ""\n', reason: 'empty' },
  { id: 'B106', code: 'connect(password="${DB_PASSWORD}")\n', reason: 'a placeholder' },
  { id: 'B608', code: 'log.error("Could not select a row from %s." % table)\n', reason: 'a sentence, not SQL at the start' },
  { id: 'B608', code: 'q = "SELECT * FROM t WHERE a = \'%s\'" % "fixed"\n', reason: 'built only from literals' },
  { id: 'B609', code: 'import os\nos.system("/usr/bin/start *")\n', reason: '"tar" must be a word, not part of "start"' },
  { id: 'B610', code: 'parser.extra(where=clause)\n', reason: 'no Django in the file and no .objects receiver' },
  { id: 'B701', code: 'import jinja2\njinja2.Environment(loader=loader, **options)\n', reason: '**options may carry autoescape' },
  { id: 'B702', code: 'from mako.template import Template\nTemplate(source, default_filters=["h"])\n', reason: 'every expression is escaped' },
  { id: 'B703', code: 'from django.utils.html import escape\nfrom django.utils.safestring import mark_safe\nmark_safe(escape(name))\n', reason: 'escaped content' },
  { id: 'B704', code: 'from markupsafe import Markup, escape\nMarkup(escape(content))\n', reason: 'escaped content (Bandit needs allowed_calls)' },
  { id: 'B612', code: 'import logging.config\nlogging.config.listen(9999, verify_signature)\n', reason: 'verify given by position' },
];

describe('deliberate differences from Bandit', () => {
  for (const { id, code, reason } of DIFFERENCES) {
    it(`${id} does not report: ${reason}`, async () => {
      assert.deepEqual(await findingsOf(id, code), []);
    });
  }
});

describe('fixes write references the way the file imports them', () => {
  async function firstFix(code: string, id: string): Promise<string> {
    const analyzer = await testAnalyzer();
    const document = analyzer.open(code, python, { path: 'example.py' });
    try {
      const finding = document.result().findings.find((candidate) => candidate.ruleId === id)!;
      const fix = document.fixes(finding)[0]!;
      let text = code;
      for (const edit of [...fix.edits].sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
      return text;
    } finally {
      document.dispose();
    }
  }

  it('B602 uses an imported split, or shlex under its alias', async () => {
    assert.equal(await firstFix('from shlex import split\nimport subprocess\nsubprocess.run("/bin/ls -l", shell=True)\n', 'B602'), 'from shlex import split\nimport subprocess\nsubprocess.run(split("/bin/ls -l"))\n');
    assert.equal(await firstFix('import shlex as sh\nimport subprocess\nsubprocess.run("/bin/ls -l", shell=True)\n', 'B602'), 'import shlex as sh\nimport subprocess\nsubprocess.run(sh.split("/bin/ls -l"))\n');
  });

  it('B602 offers no fix when the command uses shell syntax', async () => {
    const analyzer = await testAnalyzer();
    for (const command of ['/bin/ls | /usr/bin/wc -l', '/bin/ls *.py', '/usr/bin/make && /usr/bin/make install', '/bin/echo $HOME', '/bin/cat ~/x', '/bin/echo "a b"']) {
      const code = `import subprocess\nsubprocess.run(${JSON.stringify(command)}, shell=True)\n`;
      const document = analyzer.open(code, python, { path: 'example.py' });
      try {
        const finding = document.result().findings.find((candidate) => candidate.ruleId === 'B602')!;
        assert.deepEqual(document.fixes(finding), [], command);
      } finally {
        document.dispose();
      }
    }
  });

  it('B701 adds import jinja2 when select_autoescape is not imported, and uses it when it is', async () => {
    assert.equal(
      await firstFix('from jinja2 import Environment\nenv = Environment()\n', 'B701'),
      'from jinja2 import Environment\nimport jinja2\nenv = Environment(autoescape=jinja2.select_autoescape())\n',
    );
    assert.equal(
      await firstFix('from jinja2 import Environment, select_autoescape\nenv = Environment(autoescape=False)\n', 'B701'),
      'from jinja2 import Environment, select_autoescape\nenv = Environment(autoescape=select_autoescape())\n',
    );
  });
});
