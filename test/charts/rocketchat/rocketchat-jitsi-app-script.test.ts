/**
 * The Jitsi app Job's script (charts/apps/rocketchat/rocketchat-jitsi-app.mjs), run as the Job runs it — a node
 * process configured by environment variables — against a local stand-in for Rocket.Chat's REST
 * API and the artifact store: exact requests, idempotence, refusals, one-line failures.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JITSI_APP_ID } from '../../../charts/apps/rocketchat/rocketchat-jitsi-app.js';
import { rocketchatJitsiSettings } from '../../../charts/apps/rocketchat/rocketchat.js';
import { ADMIN, fakeRocketChat, zipOf, type FakeRocketChat, type FakeState, type RecordedRequest } from './fake-rocketchat.js';
import { loadExample } from '../examples.js';

const SCRIPT = 'charts/apps/rocketchat/rocketchat-jitsi-app.mjs';
const SECRET = 'jwt-secret-shared-with-prosody';
const APP_JSON = { id: JITSI_APP_ID, version: '2.0.3', requiredApiVersion: '^1.33.0', name: 'Jitsi', nameSlug: 'jitsi', classFile: 'src/JitsiApp.ts' };
const PACKAGE = zipOf({ 'app.json': JSON.stringify(APP_JSON), 'src/JitsiApp.js': 'exports.JitsiApp = class {};' });
const SHA256 = createHash('sha256').update(PACKAGE).digest('hex');
const env = loadExample('metropole-9000');
const SETTINGS = rocketchatJitsiSettings(env);

let settingsDir = '';
beforeAll(() => {
  // The ConfigMap as Kubernetes mounts it: one file per key, beside its `..data` link.
  settingsDir = mkdtempSync(join(tmpdir(), 'socle-jitsi-settings-'));
  mkdirSync(join(settingsDir, '..data'));
  for (const [key, value] of Object.entries(SETTINGS)) writeFileSync(join(settingsDir, key), value);
  return () => rmSync(settingsDir, { recursive: true, force: true });
});

let fake: FakeRocketChat | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(initial: Partial<FakeState> = {}, appPackage = PACKAGE): Promise<FakeRocketChat> {
  fake = await fakeRocketChat(appPackage, APP_JSON, initial);
  return fake;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(f: FakeRocketChat, overrides: Record<string, string> = {}): Promise<Run> {
  const vars = {
    PATH: process.env['PATH'] ?? '',
    ROCKETCHAT_URL: f.url,
    ADMIN_USERNAME: ADMIN.user,
    ADMIN_PASSWORD: ADMIN.password,
    PACKAGE_URL: f.packageUrl,
    PACKAGE_SHA256: SHA256,
    APP_ID: JITSI_APP_ID,
    JITSI_APP_SECRET: SECRET,
    SETTINGS_DIR: settingsDir,
    WAIT_ATTEMPTS: '3',
    WAIT_INTERVAL_SECONDS: '0',
    ...overrides,
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT], { env: vars }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

const routes = (requests: RecordedRequest[]) => requests.map((r) => `${r.method} ${r.path}`);
const AUTH = { 'x-auth-token': ADMIN.authToken, 'x-user-id': ADMIN.userId };
const APP = `/api/apps/${JITSI_APP_ID}`;

/** The settings the run must leave in the app, typed as the app stores them. */
const EXPECTED_VALUES = {
  jitsi_domain: 'visio.collab.metropole-exemple.fr',
  jitsi_ssl: true,
  jitsi_title_prefix: '',
  jitsi_title_suffix: '',
  jitsi_chrome_extension: '',
  jitsi_auth_token: true,
  jitsi_application_id: 'socle',
  jitsi_application_secret: SECRET,
  jitsi_limit_token_to_room: true,
  jitsi_token_auditor: 'socle',
  jitsi_token_expiration: 'now + 1hour',
};

describe('the Jitsi app script', () => {
  it('installs the package, posts the changed settings as full setting objects, and logs out', async () => {
    const f = await start();
    const result = await run(f);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(routes(f.requests)).toEqual([
      'GET /artefacts/jitsi.zip',
      'GET /health',
      'POST /api/v1/login',
      'GET /api/apps/installed',
      'POST /api/apps',
      `GET ${APP}/settings`,
      `POST ${APP}/settings`,
      `GET ${APP}/status`,
      'POST /api/v1/logout',
    ]);
    const [, , login, ...authed] = f.requests;
    expect(login!.json).toEqual({ user: ADMIN.user, password: ADMIN.password });
    for (const r of authed) expect({ route: `${r.method} ${r.path}`, ...r.headers }).toMatchObject({ route: `${r.method} ${r.path}`, ...AUTH });

    const upload = f.requests.find((r) => r.path === '/api/apps' && r.method === 'POST')!;
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(Object.keys(upload.form ?? {})).toEqual(['app']);
    expect(upload.form!['app']).toMatchObject({ filename: 'jitsi_2.0.3.zip', type: 'application/zip' });
    expect((upload.form!['app'] as { bytes: Buffer }).bytes.equals(PACKAGE)).toBe(true);

    // Only the settings whose value differs, each the full object Rocket.Chat returned with its new value.
    const posted = (f.requests.find((r) => r.path === `${APP}/settings` && r.method === 'POST')!.json as { settings: Record<string, unknown>[] }).settings;
    expect(posted.map((s) => s.id)).toEqual(['jitsi_application_id', 'jitsi_auth_token', 'jitsi_chrome_extension', 'jitsi_domain', 'jitsi_title_prefix', 'jitsi_token_auditor', 'jitsi_application_secret']);
    expect(posted.find((s) => s.id === 'jitsi_auth_token')).toEqual({ id: 'jitsi_auth_token', type: 'boolean', packageValue: false, value: true, required: false, public: true, i18nLabel: 'jitsi_auth_token' });
    expect(Object.fromEntries(Object.entries(f.state.settings).map(([id, s]) => [id, s.value]))).toEqual(EXPECTED_VALUES);
    expect(f.state.installed).toEqual({ id: JITSI_APP_ID, version: '2.0.3', status: 'manually_enabled' });
    expect(result.stdout).toContain('installed 2.0.3');
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    expect(result.stdout + result.stderr).not.toContain(ADMIN.password);
  });

  it('changes nothing on a second run: no upload, no settings posted, no enabling', async () => {
    const f = await start();
    expect((await run(f)).code).toBe(0);
    f.requests.length = 0;
    const second = await run(f);
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(routes(f.requests)).toEqual(['GET /artefacts/jitsi.zip', 'GET /health', 'POST /api/v1/login', 'GET /api/apps/installed', `GET ${APP}/settings`, `GET ${APP}/status`, 'POST /api/v1/logout']);
    expect(second.stdout).toContain('2.0.3 already installed');
    expect(second.stdout).toContain('settings already set');
  });

  it('updates an installed app of another version through POST /api/apps/:id, and enables a disabled app', async () => {
    const f = await start({ installed: { id: JITSI_APP_ID, version: '2.0.2', status: 'manually_disabled' } });
    expect((await run(f)).code).toBe(0);
    const update = f.requests.find((r) => r.method === 'POST' && r.path === APP)!;
    expect((update.form!['app'] as { bytes: Buffer }).bytes.equals(PACKAGE)).toBe(true);
    expect(routes(f.requests)).not.toContain('POST /api/apps');
    expect(f.requests.find((r) => r.path === `${APP}/status` && r.method === 'POST')!.json).toEqual({ status: 'manually_enabled' });
    expect(f.state.installed).toEqual({ id: JITSI_APP_ID, version: '2.0.3', status: 'manually_enabled' });
  });

  it('refuses a package whose SHA-256 differs before anything reaches Rocket.Chat', async () => {
    const f = await start();
    const result = await run(f, { PACKAGE_SHA256: 'ab'.repeat(32) });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`jitsi-app: ${f.packageUrl} has SHA-256 ${SHA256}, the environment expects ${'ab'.repeat(32)}: package refused\n`);
    expect(routes(f.requests)).toEqual(['GET /artefacts/jitsi.zip']);
  });

  it('refuses a package holding another app', async () => {
    const other = zipOf({ 'app.json': JSON.stringify({ ...APP_JSON, id: 'another-app', name: 'Other' }) });
    const f = await start({}, other);
    const result = await run(f, { PACKAGE_SHA256: createHash('sha256').update(other).digest('hex') });
    expect(result).toMatchObject({ code: 1, stderr: `jitsi-app: the package holds the app another-app (Other), not the Jitsi app ${JITSI_APP_ID}\n` });
    expect(routes(f.requests)).toEqual(['GET /artefacts/jitsi.zip']);
  });

  it('ends non-zero with one clear line when Rocket.Chat (a Community workspace) refuses to enable the app', async () => {
    const f = await start({ licenceAllowsPrivateApps: false });
    const result = await run(f);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `jitsi-app: Rocket.Chat refused to enable the Jitsi app: Private apps limit reached (HTTP 400 on POST ${APP}/status); an uploaded app is a private app, which only a workspace with an Enterprise licence enables\n`,
    );
    // The settings are in place and the session is closed all the same.
    expect(f.state.settings['jitsi_domain']!.value).toBe('visio.collab.metropole-exemple.fr');
    expect(routes(f.requests).at(-1)).toBe('POST /api/v1/logout');
  });

  it('fails when the app is still disabled after Rocket.Chat accepted to enable it', async () => {
    const f = await start({ installed: { id: JITSI_APP_ID, version: '2.0.3', status: 'error_disabled' }, enableLeavesDisabled: true });
    const result = await run(f);
    expect(result).toMatchObject({ code: 1, stderr: `jitsi-app: the Jitsi app is "error_disabled" after enabling it: see the app's logs in Rocket.Chat (Administration > Apps > Jitsi)\n` });
  });

  it('waits for Rocket.Chat to answer, and gives up after the attempts it was given', async () => {
    const f = await start({ healthFailures: 2 });
    expect((await run(f)).code).toBe(0);
    expect(routes(f.requests).filter((r) => r === 'GET /health')).toHaveLength(3);

    const g = await fakeRocketChat(PACKAGE, APP_JSON, { healthFailures: 5 });
    try {
      const result = await run(g);
      expect(result).toMatchObject({ code: 1, stderr: `jitsi-app: Rocket.Chat at ${g.url} did not answer /health after 3 attempts\n` });
      expect(routes(g.requests).filter((r) => r.startsWith('POST'))).toEqual([]);
    } finally {
      await g.close();
    }
  });

  it('stops at a refused login, naming the user and never the password', async () => {
    const f = await start({ acceptLogin: false });
    const result = await run(f);
    expect(result).toMatchObject({ code: 1, stderr: 'jitsi-app: logging in as admin: Unauthorized (HTTP 401 on POST /api/v1/login)\n' });
    expect(routes(f.requests)).toEqual(['GET /artefacts/jitsi.zip', 'GET /health', 'POST /api/v1/login']);
  });

  it('fails on a setting the installed app version lacks, and still logs out', async () => {
    const settings = (await start()).state.settings;
    delete settings['jitsi_token_auditor'];
    const result = await run(fake!);
    expect(result).toMatchObject({ code: 1, stderr: "jitsi-app: the Jitsi app 2.0.3 has no setting jitsi_token_auditor: check that this app version matches socle's settings\n" });
    expect(routes(fake!.requests).filter((r) => r.startsWith('POST'))).toEqual(['POST /api/v1/login', 'POST /api/apps', 'POST /api/v1/logout']);
  });

  it('names a missing environment variable', async () => {
    const f = await start();
    const result = await run(f, { JITSI_APP_SECRET: '' });
    expect(result).toMatchObject({ code: 1, stderr: 'jitsi-app: environment variable JITSI_APP_SECRET is not set\n' });
    expect(f.requests).toEqual([]);
  });
});
