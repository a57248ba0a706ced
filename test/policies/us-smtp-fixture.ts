/**
 * The fixtures in a folder laid out like a repository: the 9,000-user example, and a copy
 * of it whose mail goes through a US relay (SendGrid, run by Twilio Inc.). The copy changes the
 * name and the relay's host only, line for line, so that positions in it are the example's.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../cli/capture-io.js';

export const US_SMTP = 'metropole-us-smtp';
export const US_RELAY = 'smtp.sendgrid.net';

export function fixtureRepository(): string {
  const repo = mkdtempSync(join(tmpdir(), 'socle-report-'));
  mkdirSync(join(repo, 'environments'));
  const example = readFileSync(join(REPO_ROOT, 'environments', 'examples', 'metropole-9000.yaml'), 'utf8');
  writeFileSync(join(repo, 'environments', 'metropole-9000.yaml'), example);
  const copy = example.replace(/^name: metropole-9000$/m, `name: ${US_SMTP}`).replace(/^(smtp:\n {2}host: )smtp\.metropole-exemple\.fr$/m, `$1${US_RELAY}`);
  if (!copy.includes(`host: ${US_RELAY}`) || !copy.includes(`name: ${US_SMTP}`)) throw new Error('metropole-9000.yaml changed: update the US SMTP fixture');
  writeFileSync(join(repo, 'environments', `${US_SMTP}.yaml`), copy);
  return repo;
}
