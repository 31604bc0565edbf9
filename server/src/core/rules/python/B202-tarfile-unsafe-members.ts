import type { FileFacts } from '../../facts';
import type { Node } from '../../parser';
import { addKeywordArgument, cachedCallName, expressionName, hasKeywordSplat, keywordValue, stringValue } from '../../python/syntax';
import { defineRule } from '../../rule';

interface State {
  /** Whether "add filter='data'" applies: no filter and no members were given. */
  unfiltered: boolean;
}

/** Archive objects whose `extractall` is not tarfile's. */
const OTHER_ARCHIVES = /^(zipfile|shutil|py7zr|rarfile)\./;

export const tarfileUnsafeMembers = defineRule<State>({
  meta: {
    id: 'B202',
    name: 'tarfile_unsafe_members',
    title: 'tarfile.extractall without member validation',
    severity: 'high',
    confidence: 'high',
    cwe: 22,
  },
  family: 'python',
  nodeTypes: ['call'],
  triggers: ['tarfile'],
  trackedFactories: ['tarfile.open', 'tarfile.TarFile', 'tarfile.TarFile.open', 'zipfile.ZipFile'],
  check(call, ctx) {
    if (!ctx.facts.importsModule('tarfile')) return undefined;
    const callee = cachedCallName(call, ctx.facts);
    if (!callee || !/(^|\.)extractall$/.test(callee.name)) return undefined;
    if (callee.imported && OTHER_ARCHIVES.test(callee.name)) return undefined;
    const function_ = call.childForFieldName('function')!;
    const filter = keywordValue(call, 'filter');
    if (filter) {
      if (isDataFilter(filter, ctx.facts)) return undefined;
      const value = stringValue(filter);
      if (value === 'tar') {
        return { node: filter, message: "tarfile.extractall with filter='tar' blocks path traversal but keeps special files and permission bits; filter='data' is stricter.", severity: 'low', confidence: 'low', state: { unfiltered: false } };
      }
      if (value === undefined && ['identifier', 'attribute', 'lambda'].includes(filter.type)) {
        return { node: filter, message: 'tarfile.extractall with a custom filter: make sure it discards dangerous members.', severity: 'low', confidence: 'low', state: { unfiltered: false } };
      }
    }
    const members = keywordValue(call, 'members');
    if (members) {
      if (members.type === 'call') {
        return { node: members, message: 'tarfile.extractall with member validation: make sure the function discards dangerous members.', severity: 'low', confidence: 'low', state: { unfiltered: false } };
      }
      return { node: members, message: "tarfile.extractall(members=…) with members of unknown origin: check they were validated.", severity: 'medium', confidence: 'medium', state: { unfiltered: false } };
    }
    // `**options` may carry a filter: still reported, as by Bandit, but as a guess.
    if (hasKeywordSplat(call)) {
      return { node: function_, message: 'tarfile.extractall without a visible filter; check that the **kwargs carry filter="data".', confidence: 'low', state: { unfiltered: false } };
    }
    return { node: function_, message: 'tarfile.extractall used without any validation: a crafted archive can write outside the target directory.', state: { unfiltered: !filter } };
  },
  fix(report, ctx) {
    if (!report.state!.unfiltered) return [];
    const call = report.node.parent!;
    return [
      {
        title: "Extract with filter='data'",
        applicability: 'unsafe',
        caveat: "Needs Python 3.12+ (or a security release that backported extraction filters); members that are links outside the archive, devices or absolute paths now raise instead of being extracted.",
        edits: [addKeywordArgument(call, 'filter="data"', ctx.text)],
      },
    ];
  },
  docs: `
## What it does
Reports \`TarFile.extractall()\` calls that extract an archive without a safe extraction
filter or validated members.

## Why is this bad?
Tar members can be named \`../../etc/cron.d/job\` or \`/home/user/.bashrc\`, or be links
pointing outside the target directory. Extracting an untrusted archive unfiltered writes
wherever the archive says (path traversal, CWE-22; CVE-2007-4559).

## Example
\`\`\`python
import tarfile
with tarfile.open(path) as archive:
    archive.extractall(destination)
\`\`\`

## Use instead
\`\`\`python
import tarfile
with tarfile.open(path) as archive:
    archive.extractall(destination, filter="data")
\`\`\`

## Beyond Bandit
Severity follows Bandit 1.9.5: no filter and no members is high; \`members=\` of unknown
origin is medium; \`members=validate(archive)\` or a custom filter is low; \`filter="data"\`
or \`tarfile.data_filter\` is fine. Vigil also resolves \`from tarfile import data_filter\`,
reports \`filter="tar"\` with low severity (it stops traversal but keeps special files and
permission bits), skips \`extractall\` of \`zipfile\`/\`shutil\` objects in a module that
also imports \`tarfile\`, and lowers to low confidence a call passing \`**kwargs\`, which may
carry a filter.
The finding is on the callee, or on the \`filter\`/\`members\` argument it is about.

## Fix safety
"Extract with filter='data'" is **unsafe**: the parameter needs Python 3.12 or a security
release that backported it (3.8.17, 3.9.17, 3.10.12, 3.11.4), and archives holding links
that leave the directory, device files or absolute paths now raise instead of extracting.
Python 3.14 uses \`"data"\` by default.

## References
- [tarfile extraction filters](https://docs.python.org/3/library/tarfile.html#tarfile-extraction-filter)
- [PEP 706: Filter for tarfile.extractall](https://peps.python.org/pep-0706/)
- [CWE-22: Path Traversal](https://cwe.mitre.org/data/definitions/22.html)
`,
});

function isDataFilter(filter: Node, facts: FileFacts): boolean {
  if (stringValue(filter) === 'data') return true;
  const name = expressionName(filter, facts);
  return !!name && (name.name === 'tarfile.data_filter' || name.name.endsWith('.data_filter') || name.name === 'data_filter');
}
