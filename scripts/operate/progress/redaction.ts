/**
 * Secrets never reach a log, a report or the terminal: every line socle prints or writes passes
 * through a redactor built from every secret socle knows — the secret variables of its environment,
 * the clouds.yaml entry `OS_CLOUD` names and its secure.yaml twin, the files `SOCLE_*_FILE` name —
 * and each is replaced by `***` in every form a tool may print it: as is, line by line when it spans
 * lines, cut by a line break, base64 (standard and URL alphabets, at any byte offset), URL-encoded,
 * JSON-escaped. Any HTTP Basic/Bearer credential is redacted whatever it holds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { load } from 'js-yaml';

/** Variable names that hold a secret (`OS_PASSWORD`, `AWS_SECRET_ACCESS_KEY`, `PULUMI_CONFIG_PASSPHRASE`…). */
const SECRET_NAME = /PASSWORD|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|ACCESS_KEY|PRIVATE_KEY|API_KEY/i;
/** …but not those that only point at one (a path, a URL). */
const POINTER_NAME = /_(FILE|PATH|URL|DIR|PROVIDER)$/i;
/** Files whose content is a secret socle hands to the workloads (licences, the OIDC client secret). */
const SECRET_FILE_NAME = /^SOCLE_[A-Z0-9_]+_FILE$/;
/** A secret file larger than this is not a licence or a password: it is not read (and not redacted). */
const MAX_SECRET_FILE_BYTES = 1024 * 1024;
/**
 * Below this length a secret is redacted only as a whole word: matched inside other words, a
 * 3-letter password would blank every line. Longer ones are redacted wherever they appear.
 */
const WORD_ONLY_BELOW = 6;
/**
 * A line seen alone (streamed output) can only show one piece of a secret cut by a line break: a
 * piece this long is redacted at the line's end or start (shorter ones would match ordinary words).
 * Within one text, two adjacent lines that join into the secret are redacted whatever the cut.
 */
const MIN_SPLIT_PIECE = 8;
/** Encoded forms shorter than this (base64 of a short secret) would match ordinary text. */
const MIN_ENCODED_LENGTH = 8;

export type Redactor = (text: string) => string;

export const REDACTED = '***';

export function secretValuesFromEnv(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && !POINTER_NAME.test(name) && value !== undefined && value !== '')
    .map(([, value]) => value as string);
}

/** The content of each file a `SOCLE_*_FILE` variable names (a licence, a client secret). */
export function secretFileValues(env: NodeJS.ProcessEnv, cwd: string): string[] {
  const out: string[] = [];
  for (const [name, path] of Object.entries(env)) {
    if (!SECRET_FILE_NAME.test(name) || !path || name === 'SOCLE_ENVIRONMENT_FILE') continue;
    const file = join(cwd, path);
    for (const candidate of [path, file]) {
      try {
        if (!existsSync(candidate)) continue;
        const text = readFileSync(candidate);
        if (text.length <= MAX_SECRET_FILE_BYTES) out.push(text.toString('utf8'));
        break;
      } catch {
        // Unreadable here means the tools can't read it either: nothing of it can be printed.
      }
    }
  }
  return out;
}

/** Where OpenStack clients look for clouds.yaml, in their order of precedence. */
export function cloudsYamlCandidates(env: NodeJS.ProcessEnv, cwd: string): string[] {
  return [env['OS_CLIENT_CONFIG_FILE'], join(cwd, 'clouds.yaml'), join(env['HOME'] ?? homedir(), '.config', 'openstack', 'clouds.yaml'), '/etc/openstack/clouds.yaml'].filter(
    (p): p is string => Boolean(p),
  );
}

function cloudEntryIn(file: string, name: string): Record<string, unknown> | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const doc = load(readFileSync(file, 'utf8')) as { clouds?: Record<string, Record<string, unknown>> } | undefined;
    return doc?.clouds?.[name];
  } catch {
    // An unreadable clouds.yaml is the OpenStack provider's to report; here it only means "no secrets to add".
    return undefined;
  }
}

/** The clouds.yaml entry named by `OS_CLOUD`, or `undefined` when there is none. */
export function cloudsYamlEntry(env: NodeJS.ProcessEnv, cwd: string): { file: string; entry: Record<string, unknown> } | undefined {
  const name = env['OS_CLOUD'];
  if (!name) return undefined;
  for (const file of cloudsYamlCandidates(env, cwd)) {
    const entry = cloudEntryIn(file, name);
    if (entry) return { file, entry };
  }
  return undefined;
}

/**
 * secure.yaml holds the same entries' secrets apart from clouds.yaml (openstacksdk
 * `openstack/config/loader.py`: SECURE_FILES beside each CONFIG_FILES location, or OS_CLIENT_SECURE_FILE).
 */
function secureYamlEntries(env: NodeJS.ProcessEnv, cwd: string): Record<string, unknown>[] {
  const name = env['OS_CLOUD'];
  if (!name) return [];
  const files = [env['OS_CLIENT_SECURE_FILE'], ...cloudsYamlCandidates(env, cwd).map((f) => join(dirname(f), 'secure.yaml'))].filter((p): p is string => Boolean(p));
  return [...new Set(files)].map((f) => cloudEntryIn(f, name)).filter((e): e is Record<string, unknown> => e !== undefined);
}

/** Every string under an `auth` key whose name says secret (password, application_credential_secret, token). */
function secretsInCloudEntry(entry: Record<string, unknown>): string[] {
  const auth = entry['auth'];
  if (!auth || typeof auth !== 'object') return [];
  return Object.entries(auth as Record<string, unknown>)
    .filter(([key, value]) => /password|secret|token/i.test(key) && typeof value === 'string' && value !== '')
    .map(([, value]) => value as string);
}

export function secretValues(env: NodeJS.ProcessEnv, cwd: string): string[] {
  const cloud = cloudsYamlEntry(env, cwd);
  return [
    ...secretValuesFromEnv(env),
    ...secretFileValues(env, cwd),
    ...(cloud ? secretsInCloudEntry(cloud.entry) : []),
    ...secureYamlEntries(env, cwd).flatMap(secretsInCloudEntry),
  ];
}

/**
 * The base64 text that stands for `secret` wherever it sits in a longer encoded value: the
 * characters that depend on the secret's bytes only, for each of the three byte offsets.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const out: string[] = [];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64').replace(/=+$/, '');
    const core = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
    if (core.length >= MIN_ENCODED_LENGTH) out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/** Every form of one secret to replace in a text, longest first within the set. */
function formsOf(secret: string): string[] {
  const forms = new Set<string>([secret, secret.trim()]);
  for (const line of secret.split(/\r?\n/)) if (line.trim() !== '') forms.add(line.trim());
  for (const form of [...forms]) {
    forms.add(encodeURIComponent(form));
    forms.add(JSON.stringify(form).slice(1, -1));
  }
  for (const form of [...forms]) for (const core of base64Cores(form)) forms.add(core);
  forms.delete('');
  return [...forms];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Basic and Bearer credentials in an Authorization header or a curl-style line, whatever they encode. */
const AUTH_SCHEME = /\b(Basic|Bearer)(\s+)[A-Za-z0-9+/=._~-]{4,}/g;

export function createRedactor(secrets: readonly string[]): Redactor {
  const distinct = [...new Set(secrets.filter((s) => s.trim() !== ''))];
  const long = new Set<string>();
  const short = new Set<string>();
  for (const secret of distinct) for (const form of formsOf(secret)) (form.length < WORD_ONLY_BELOW ? short : long).add(form);
  // Longest first, so that a secret containing another is replaced whole.
  const longForms = [...long].sort((a, b) => b.length - a.length);
  const shortWords = [...short].sort((a, b) => b.length - a.length).map((s) => new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(s)}(?![A-Za-z0-9])`, 'g'));
  // Single-line secrets long enough to be cut by a line break into two recognisable pieces.
  const splittable = distinct.map((s) => s.trim()).filter((s) => !s.includes('\n') && s.length >= 2);

  const redactLine = (line: string): string => {
    let out = line;
    for (const secret of splittable) {
      // Only pieces that fit in the line: a long secret (a key) costs nothing on short lines.
      for (let n = Math.min(secret.length - 1, out.length); n >= MIN_SPLIT_PIECE; n--) {
        if (out.endsWith(secret.slice(0, n))) {
          out = out.slice(0, out.length - n) + REDACTED;
          break;
        }
      }
      for (let n = Math.min(secret.length - 1, out.length); n >= MIN_SPLIT_PIECE; n--) {
        if (out.startsWith(secret.slice(secret.length - n))) {
          out = REDACTED + out.slice(n);
          break;
        }
      }
    }
    return out;
  };

  /** Two adjacent lines whose end and start join into a secret: both pieces go, whatever their length. */
  const redactJoined = (lines: string[]): string[] => {
    for (let i = 0; i + 1 < lines.length; i++) {
      let line = lines[i]!.replace(/\r$/, '');
      for (const secret of splittable) {
        // n characters on this line, the rest on the next: both must fit.
        for (let n = Math.max(1, secret.length - lines[i + 1]!.length); n <= Math.min(secret.length - 1, line.length); n++) {
          if (line.endsWith(secret.slice(0, n)) && lines[i + 1]!.startsWith(secret.slice(n))) {
            line = lines[i] = line.slice(0, line.length - n) + REDACTED;
            lines[i + 1] = REDACTED + lines[i + 1]!.slice(secret.length - n);
            break;
          }
        }
      }
    }
    return lines;
  };

  return (text) => {
    let out = text;
    for (const form of longForms) out = out.split(form).join(REDACTED);
    for (const word of shortWords) out = out.replace(word, REDACTED);
    out = out.replace(AUTH_SCHEME, `$1$2${REDACTED}`);
    if (splittable.length === 0) return out;
    return redactJoined(out.split('\n')).map(redactLine).join('\n');
  };
}
