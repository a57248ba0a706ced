/**
 * Secrets never reach a log, a report or the terminal: every line socle prints or writes passes
 * through a redactor built from the secret values present in the environment (and in the
 * clouds.yaml entry `OS_CLOUD` names), each replaced by `***`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';

/** Variable names that hold a secret (`OS_PASSWORD`, `AWS_SECRET_ACCESS_KEY`, `PULUMI_CONFIG_PASSPHRASE`…). */
const SECRET_NAME = /PASSWORD|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|ACCESS_KEY|PRIVATE_KEY|API_KEY/i;
/** …but not those that only point at one (a path, a URL). */
const POINTER_NAME = /_(FILE|PATH|URL|DIR|PROVIDER)$/i;
/** Shorter values would redact ordinary words ("true", "sbg"); real secrets are longer. */
const MIN_SECRET_LENGTH = 6;

export type Redactor = (text: string) => string;

export const REDACTED = '***';

export function secretValuesFromEnv(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && !POINTER_NAME.test(name) && value !== undefined)
    .map(([, value]) => value as string);
}

/** Where OpenStack clients look for clouds.yaml, in their order of precedence. */
export function cloudsYamlCandidates(env: NodeJS.ProcessEnv, cwd: string): string[] {
  return [env['OS_CLIENT_CONFIG_FILE'], join(cwd, 'clouds.yaml'), join(env['HOME'] ?? homedir(), '.config', 'openstack', 'clouds.yaml'), '/etc/openstack/clouds.yaml'].filter(
    (p): p is string => Boolean(p),
  );
}

/** The clouds.yaml entry named by `OS_CLOUD`, or `undefined` when there is none. */
export function cloudsYamlEntry(env: NodeJS.ProcessEnv, cwd: string): { file: string; entry: Record<string, unknown> } | undefined {
  const name = env['OS_CLOUD'];
  if (!name) return undefined;
  for (const file of cloudsYamlCandidates(env, cwd)) {
    if (!existsSync(file)) continue;
    try {
      const doc = load(readFileSync(file, 'utf8')) as { clouds?: Record<string, Record<string, unknown>> } | undefined;
      const entry = doc?.clouds?.[name];
      if (entry) return { file, entry };
    } catch {
      // An unreadable clouds.yaml is the OpenStack provider's to report; here it only means "no secrets to add".
    }
  }
  return undefined;
}

/** Every string under an `auth` key whose name says secret (password, application_credential_secret, token). */
function secretsInCloudEntry(entry: Record<string, unknown>): string[] {
  const auth = entry['auth'];
  if (!auth || typeof auth !== 'object') return [];
  return Object.entries(auth as Record<string, unknown>)
    .filter(([key, value]) => /password|secret|token/i.test(key) && typeof value === 'string')
    .map(([, value]) => value as string);
}

export function secretValues(env: NodeJS.ProcessEnv, cwd: string): string[] {
  const cloud = cloudsYamlEntry(env, cwd);
  return [...secretValuesFromEnv(env), ...(cloud ? secretsInCloudEntry(cloud.entry) : [])];
}

export function createRedactor(secrets: readonly string[]): Redactor {
  // Longest first, so that a secret containing another is replaced whole.
  const values = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  return (text) => values.reduce((acc, secret) => acc.split(secret).join(REDACTED), text);
}
