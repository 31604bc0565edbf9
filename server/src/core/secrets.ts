/**
 * Recognising secrets, for every language: credentials recognised by their value (provider
 * token formats, private keys, JWTs, connection strings with a password), a Shannon-entropy
 * heuristic for random-looking values given secret-ish names, and the name and placeholder
 * tests the hard-coded-password rules (B105–B107) share. Pure string functions: no syntax
 * tree, no platform. Messages built from these must show a secret only through `maskSecret`.
 */
import type { AnalysisOptions } from './options';
import type { Confidence, Severity } from './types';

/** A credential recognised inside a string value. */
export interface SecretMatch {
  /** Stable identifier of the detector (`github-token`), for tests and reports. */
  kind: string;
  /** What it is, for messages: "GitHub token". */
  label: string;
  /** Offsets of the credential inside the value. */
  start: number;
  end: number;
  severity: Severity;
  confidence: Confidence;
}

interface Detector {
  kind: string;
  label: string;
  /** Global regex; group 1, when present, is the secret part the match is about. */
  pattern: RegExp;
  severity: Severity;
  confidence: Confidence;
  /** Rejects matches that are documented examples or templates. */
  accept?(secret: string, match: RegExpExecArray): boolean;
}

/** Alphanumeric runs must mix letters and digits to count as random. */
const MIXED = (secret: string): boolean => /[0-9]/.test(secret) && /[A-Za-z]/.test(secret);

const DETECTORS: readonly Detector[] = [
  {
    kind: 'aws-access-key-id',
    label: 'AWS access key ID',
    pattern: /(?<![A-Z0-9])((?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16})(?![A-Z0-9])/g,
    severity: 'high',
    confidence: 'high',
    // AWS's documentation uses AKIAIOSFODNN7EXAMPLE; its kin end in EXAMPLE too.
    accept: (secret) => !secret.endsWith('EXAMPLE'),
  },
  {
    kind: 'github-token',
    label: 'GitHub token',
    pattern: /(?<![A-Za-z0-9_])((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{50,255})(?![A-Za-z0-9_])/g,
    severity: 'high',
    confidence: 'high',
  },
  {
    kind: 'slack-webhook',
    label: 'Slack webhook URL',
    pattern: /(https:\/\/hooks\.slack\.com\/(?:services|workflows)\/T[A-Z0-9]{6,}\/[A-Z0-9]{6,}\/[A-Za-z0-9]{16,})/g,
    severity: 'high',
    confidence: 'high',
  },
  {
    kind: 'slack-token',
    label: 'Slack token',
    pattern: /(?<![A-Za-z0-9])(xox[abposr]-[0-9]{6,}-[A-Za-z0-9-]{10,})/g,
    severity: 'high',
    confidence: 'high',
  },
  {
    kind: 'anthropic-key',
    label: 'Anthropic API key',
    pattern: /(?<![A-Za-z0-9_-])(sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{32,})/g,
    severity: 'high',
    confidence: 'high',
  },
  {
    kind: 'openai-key',
    label: 'OpenAI API key',
    pattern: /(?<![A-Za-z0-9_-])(sk-(?!ant-)(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{32,})(?![A-Za-z0-9_-])/g,
    severity: 'high',
    confidence: 'medium',
    accept: (secret) => MIXED(secret.slice(3)) && !/^sk-[a-z]+(?:-[a-z]+)+$/.test(secret),
  },
  {
    kind: 'huggingface-token',
    label: 'Hugging Face token',
    pattern: /(?<![A-Za-z0-9_])(hf_[A-Za-z0-9]{30,40})(?![A-Za-z0-9_])/g,
    severity: 'high',
    confidence: 'high',
    accept: (secret) => MIXED(secret.slice(3)) && /[A-Z]/.test(secret) && /[a-z]/.test(secret.slice(3)),
  },
  {
    kind: 'stripe-key',
    label: 'Stripe secret key',
    pattern: /(?<![A-Za-z0-9_])((?:sk|rk)_live_[A-Za-z0-9]{20,})/g,
    severity: 'high',
    confidence: 'high',
  },
  {
    kind: 'google-api-key',
    label: 'Google API key',
    pattern: /(?<![A-Za-z0-9_-])(AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])/g,
    severity: 'high',
    confidence: 'high',
  },
  {
    kind: 'gitlab-token',
    label: 'GitLab token',
    pattern: /(?<![A-Za-z0-9_-])(glpat-[A-Za-z0-9_-]{20,})/g,
    severity: 'high',
    confidence: 'high',
  },
  {
    kind: 'npm-token',
    label: 'npm access token',
    pattern: /(?<![A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/g,
    severity: 'high',
    confidence: 'high',
    accept: (secret) => MIXED(secret.slice(4)),
  },
  {
    kind: 'pypi-token',
    label: 'Python package index API token',
    pattern: /(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})/g,
    severity: 'high',
    confidence: 'high',
  },
  {
    kind: 'private-key',
    label: 'private key',
    // The header alone (a parser looking for it) is not a key: a base64 body must follow.
    pattern: /(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:\\[rn]|\s)*[A-Za-z0-9+/=]{20,})/g,
    severity: 'high',
    confidence: 'high',
  },
  {
    kind: 'jwt',
    label: 'JSON Web Token',
    // An unsigned token (empty signature) proves nothing and is left alone.
    pattern: /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/g,
    severity: 'medium',
    confidence: 'medium',
  },
  {
    kind: 'connection-string',
    label: 'connection string with a password',
    // scheme://user:password@host — group 1 is the password.
    pattern: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@'"]*:([^\s@/'"]+)@[^\s/'"]+/g,
    severity: 'high',
    confidence: 'medium',
    accept: (password, match) =>
      !isPlaceholderSecret(password) && !/^(?:pas+wo?r?d|pass(?:phrase)?|pwd|secrete?|token|\*+)$/i.test(password) && !/[{}%$<>[\]]/.test(match[0]),
  },
];

/**
 * Words one of which a file must contain for a secret to be found in it (`Rule.triggers`):
 * each detector's fixed prefix, and the parts of the names the entropy heuristic looks at.
 */
export const SECRET_TRIGGERS: readonly string[] = [
  'AKIA', 'ASIA', 'ABIA', 'ACCA', 'AGPA', 'AIDA', 'AIPA', 'ANPA', 'ANVA', 'AROA', 'APKA', 'ASCA',
  'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', 'hooks.slack.com', 'xox', 'sk-', 'hf_', 'sk_live_', 'rk_live_',
  'AIza', 'glpat-', 'npm_', 'pypi-', 'PRIVATE KEY', 'eyJ', '://',
  ...['key', 'token', 'secret', 'pass', 'pwd', 'auth', 'cred'].flatMap((word) => [word, word[0]!.toUpperCase() + word.slice(1), word.toUpperCase()]),
];

/** Every credential recognised in `value` by its format, in order of position. */
export function findSecrets(value: string): SecretMatch[] {
  const found: SecretMatch[] = [];
  for (const detector of DETECTORS) {
    detector.pattern.lastIndex = 0;
    for (let match = detector.pattern.exec(value); match; match = detector.pattern.exec(value)) {
      const secret = match[1] ?? match[0];
      const start = match.index + match[0].indexOf(secret);
      if (detector.accept && !detector.accept(secret, match)) continue;
      // A span already claimed by an earlier, more specific detector (Anthropic before OpenAI).
      if (found.some((other) => start < other.end && other.start < start + secret.length)) continue;
      found.push({ kind: detector.kind, label: detector.label, start, end: start + secret.length, severity: detector.severity, confidence: detector.confidence });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Shannon entropy of a string in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  const length = [...value].length;
  for (const count of counts.values()) {
    const p = count / length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/**
 * Whether a value looks like a random credential: long, one token of key-like characters,
 * letters mixed with digits, and high Shannon entropy (hex, whose alphabet is small, needs more
 * length instead). Words, identifiers, paths, URLs, versions and placeholders do not.
 */
export function looksRandom(value: string): boolean {
  if (value.length < 20 || value.length > 512) return false;
  if (!/^[A-Za-z0-9+/=_\-.~]+$/.test(value)) return false;
  if (!MIXED(value)) return false;
  if (isPlaceholderSecret(value)) return false;
  // Identifiers and names: words and short numbers joined by `_`, `-`, `.`.
  if (value.split(/[_.-]+/).every((part) => /^[A-Za-z][a-z]*$|^[A-Z]+$|^\d{1,4}$/.test(part))) return false;
  if (/^\d+(?:\.\d+)+/.test(value)) return false; // versions
  const entropy = shannonEntropy(value);
  if (/^[0-9a-f]+$/i.test(value)) return value.length >= 32 && entropy >= 3.0;
  // Random text changes character class (lower, upper, digit) often, about every other
  // character; words in camelCase or snake_case rarely do.
  const compact = value.replace(/[_.\-~]/g, '');
  const classOf = (char: string): number => (/[a-z]/.test(char) ? 0 : /[A-Z]/.test(char) ? 1 : /[0-9]/.test(char) ? 2 : 3);
  let changes = 0;
  for (let i = 1; i < compact.length; i++) if (classOf(compact[i]!) !== classOf(compact[i - 1]!)) changes++;
  if (changes / Math.max(1, compact.length - 1) < 0.4) return false;
  return entropy >= 3.5;
}

/**
 * Bandit's test for a password-like name (B105–B107): one of its words — `password`, `pass`,
 * `passwd`, `pwd`, `passphrase`, `token`, `secret`, `secrete` — as a whole `_`-separated part,
 * case-insensitively.
 */
export function matchesBanditPasswordName(name: string): boolean {
  return BANDIT_CANDIDATES.test(name);
}

const BANDIT_WORD = '(?:pas+wo?r?d|pass(?:phrase)?|pwd|token|secrete?)';
const BANDIT_CANDIDATES = new RegExp(`(?:^${BANDIT_WORD}$|_${BANDIT_WORD}_|^${BANDIT_WORD}_|_${BANDIT_WORD}$)`, 'i');
const BANDIT_WORD_EXACT = new RegExp(`^${BANDIT_WORD}$`, 'i');

/**
 * Parts that, after the secret word, make a name describe the secret rather than hold it:
 * `token_type`, `TOKEN_URL`, `password_min_length`, `PASSWORD_FIELD`, `secret_name`.
 */
const DESCRIPTOR_PARTS = new Set([
  'type', 'types', 'kind', 'url', 'urls', 'uri', 'endpoint', 'host', 'file', 'filename', 'path', 'dir', 'directory', 'name',
  'names', 'field', 'fields', 'label', 'length', 'len', 'min', 'max', 'size', 'limit', 'prefix', 'suffix', 'header',
  'headers', 'format', 'fmt', 'pattern', 'regex', 'regexp', 're', 'env', 'envvar', 'var', 'variable', 'id', 'ids', 'hint',
  'prompt', 'policy', 'expiry', 'expires', 'expiration', 'ttl', 'timeout', 'lifetime', 'age', 'count', 'counter',
  'style', 'column', 'col', 'param', 'parameter', 'arg', 'attr', 'attribute', 'class', 'cls', 'validator',
  'validation', 'reset', 'changed', 'change', 'required', 'placeholder', 'message', 'msg', 'error', 'text', 'help',
  'description', 'desc', 'title', 'input', 'widget', 'form', 'template', 'location', 'source', 'provider', 'mode',
  'method', 'scheme', 'strategy', 'algorithm', 'alg', 'char', 'chars', 'separator', 'delimiter', 'rule', 'rules',
  'complexity', 'strength', 'index', 'idx', 'position', 'pos', 'budget', 'usage', 'encoding', 'option', 'options',
  'flag', 'enabled', 'status', 'state', 'attempts', 'retries', 'version', 'schema', 'table', 'route', 'view', 'page',
  'link', 'button', 'selector', 'xpath', 'element', 'locator', 'cmd', 'command', 'key_name', 'keyring', 'store', 'vault',
]);

/**
 * Parts that, before `token`, make it a word of text processing or paging rather than a
 * credential: tokenizer specials (`pad_token`, `eos_token`), pagination cursors
 * (`next_token`, `page_token`), parser tokens (`last_token`).
 */
const NON_CREDENTIAL_TOKEN_PREFIXES = new Set([
  'pad', 'eos', 'bos', 'unk', 'sep', 'cls', 'mask', 'start', 'end', 'stop', 'special', 'additional', 'image', 'img',
  'audio', 'video', 'vision', 'eot', 'sot', 'eom', 'bot', 'fim', 'im', 'think', 'tool', 'chat', 'role', 'user',
  'assistant', 'system', 'next', 'prev', 'previous', 'last', 'first', 'current', 'cur', 'page', 'pagination',
  'continuation', 'sync', 'resume', 'cancel', 'cancellation', 'split', 'join', 'delimiter', 'marker', 'placeholder',
  'decoder', 'encoder', 'begin', 'default', 'lexer', 'parser', 'word', 'sentence', 'vocab', 'new', 'prompt',
]);

/** Leading parts that make a name a question about the secret (`is_password`, `has_token`). */
const QUESTION_PREFIXES = new Set(['is', 'has', 'show', 'hide', 'no', 'use', 'should', 'needs', 'require', 'requires']);

/** Split `apiToken`, `API_TOKEN`, `api-token` into lower-case parts. */
export function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Whether a name holds a password by Bandit's test, less the names that only describe one
 * (`token_type`, `TOKEN_URL`, `is_password`) or use "token" for text or paging
 * (`pad_token`, `next_token`).
 */
export function isPasswordName(name: string): boolean {
  if (!matchesBanditPasswordName(name)) return false;
  const parts = name.toLowerCase().split('_').filter(Boolean);
  let last = -1;
  parts.forEach((part, i) => {
    if (BANDIT_WORD_EXACT.test(part)) last = i;
  });
  if (last < 0) return false;
  if (parts.slice(last + 1).some((part) => DESCRIPTOR_PARTS.has(part))) return false;
  if (QUESTION_PREFIXES.has(parts[0]!) && last > 0) return false;
  if (parts[last] === 'token' && last > 0 && NON_CREDENTIAL_TOKEN_PREFIXES.has(parts[last - 1]!)) return false;
  return true;
}

const SECRETISH_KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'signing', 'encryption', 'auth', 'master', 'license', 'app', 'client', 'service',
  'webhook', 'hmac', 'jwt', 'bearer', 'consumer', 'account', 'admin', 'deploy', 'subscription', 'sas', 'storage',
]);

/**
 * Whether a name suggests it holds a credential, more broadly than Bandit's words: also
 * `api_key`, `apiKey`, `ACCESS_KEY`, `client_secret`, `credentials`, `auth`, in any case style.
 * Used with `looksRandom` for the entropy heuristic.
 */
export function isSecretishName(name: string): boolean {
  const parts = nameParts(name);
  if (parts.length === 0) return false;
  const at = parts.findIndex(
    (part, i) =>
      /^(?:pas+wo?r?d|pass(?:phrase)?|pwd|secrete?|token|credentials?|creds?|auth|apikey|passkey|privatekey|secretkey|accesskey)$/.test(part) ||
      (part === 'key' && i > 0 && SECRETISH_KEY_QUALIFIERS.has(parts[i - 1]!)),
  );
  if (at < 0) return false;
  if (parts.slice(at + 1).some((part) => DESCRIPTOR_PARTS.has(part))) return false;
  if (QUESTION_PREFIXES.has(parts[0]!) && at > 0) return false;
  if (parts[at] === 'token' && at > 0 && NON_CREDENTIAL_TOKEN_PREFIXES.has(parts[at - 1]!)) return false;
  return true;
}

/**
 * Values that stand in for a secret rather than being one: empty, `xxx`, `***`, `<password>`,
 * `${PASSWORD}`, `$TOKEN`, `%(password)s`, `{token}`, `{{ secret }}`, `your-api-key-here`,
 * `REDACTED`, environment-variable names (`DB_PASSWORD`), tokenizer specials (`[PAD]`).
 * `changeme` and the like are real (default) passwords, not placeholders.
 */
export function isPlaceholderSecret(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^([xX*•.#_-])\1*$/.test(v)) return true;
  if (/^x{3,}[-_x]*$/i.test(v)) return true;
  if (/^<[^<>]+>$/.test(v) || /^<\|[^|]+\|>$/.test(v)) return true;
  if (/^\[[A-Z_]+\]$/.test(v)) return true;
  if (/^\$\{[^}]+\}$/.test(v) || /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v) || /^%[A-Za-z_][A-Za-z0-9_]*%$/.test(v)) return true;
  if (/^\{\{.*\}\}$/.test(v) || /^\{[A-Za-z0-9_.]*\}$/.test(v) || /^%(?:\([^)]+\))?[sdr]$/.test(v)) return true;
  if (/^(?:your|enter|insert|paste)[-_ ]?.*(?:here|key|token|password|secret|pass|pwd)[-_ ]?(?:here)?$/i.test(v)) return true;
  if (/^\[?(?:redacted|hidden|masked|removed|placeholder|none|null|nil|undefined|todo|tbd|fixme|replace[-_ ]?me|replace[-_ ]?this|fill[-_ ]?me[-_ ]?in|dummy[-_ ]?value|example)\]?$/i.test(v)) return true;
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v)) return true; // an environment variable's name
  if (/^(?:env|secret|vault|ssm|op|keyring):/i.test(v)) return true; // a reference to a secret store
  return false;
}

/**
 * Values that, whatever their name says, are not passwords: a placeholder, a URL without
 * credentials, an absolute path, a sentence (a prompt or message about the password).
 */
export function isNotAPassword(value: string): boolean {
  if (isPlaceholderSecret(value)) return true;
  const v = value.trim();
  const url = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(v);
  if (url && !url[1]!.includes('@')) return true;
  if (/^\/[\w.\-/]*$/.test(v) && v.length > 1) return true;
  const words = v.split(/\s+/);
  if (words.length >= 3 && (/[.:?!]$/.test(v) || /pass|token|secret|pwd/i.test(v))) return true;
  return false;
}

/**
 * A secret shown in a message: its first characters (four at most, never more than half of
 * it) and an ellipsis. Diagnostics end up in logs and reports; the secret must not.
 */
export function maskSecret(secret: string): string {
  const shown = Math.min(4, Math.floor(secret.length / 2));
  return `${secret.slice(0, shown)}…`;
}

/**
 * Whether a document is a test file, where the entropy heuristic is off by default: under a
 * `tests/` or `__tests__/` folder, `test_*.py`, `*_test.py`, `conftest.py`, `*.test.ts`,
 * `*.spec.js` and the like. Takes a path or a URI.
 */
export function isTestPath(path: string | undefined): boolean {
  // Asked for every long string of a file: remember the answer for the last path.
  if (path === lastTestPath.path) return lastTestPath.isTest;
  const isTest = testPath(path);
  lastTestPath = { path, isTest };
  return isTest;
}

let lastTestPath: { path: string | undefined; isTest: boolean } = { path: undefined, isTest: false };

function testPath(path: string | undefined): boolean {
  if (!path) return false;
  const parts = path.replace(/\\/g, '/').split('/');
  const base = parts.at(-1) ?? '';
  if (parts.slice(0, -1).some((part) => part === 'tests' || part === '__tests__')) return true;
  return /^test_.*\.pyi?$/.test(base) || /_test\.pyi?$/.test(base) || base === 'conftest.py' || /\.(?:test|spec)\.[cm]?[jt]sx?$/.test(base);
}

/** Whether VG101 runs under these options (B105–B107 leave it the values it recognises). */
export function secretRuleEnabled(options: Pick<AnalysisOptions, 'secrets' | 'select' | 'ignore'>): boolean {
  return options.secrets && !options.ignore.includes('VG101') && (options.select.length === 0 || options.select.includes('VG101'));
}

/**
 * Whether a name's secret word is "token" (and none of password, pass, pwd, secret), given the
 * name's lower-case words: in parsers, lexers and templates a token is a piece of text, so its
 * value must look like a credential (`isCredentialLike`) to be one.
 */
export function isTokenName(parts: readonly string[]): boolean {
  return parts.includes('token') && !parts.some((part) => /^(?:pas+wo?r?d|pass(?:phrase)?|pwd|secrete?)$/.test(part));
}

/**
 * A value that could be a token: eight or more characters of the kinds tokens are made of,
 * with a digit or both letter cases (not a word like "lambda", "COLLATE" or "refresh_token",
 * not punctuation like "@", not a regular expression or a colour).
 */
export function isCredentialLike(value: string): boolean {
  return value.length >= 8 && /^[A-Za-z0-9+/=_\-.~:]+$/.test(value) && (/[0-9]/.test(value) || (/[a-z]/.test(value) && /[A-Z]/.test(value)));
}
