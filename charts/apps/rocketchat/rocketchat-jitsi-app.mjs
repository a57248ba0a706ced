/**
 * Installs, configures and enables Rocket.Chat's Jitsi app (the Apps-Engine app that is Rocket.Chat
 * 7's video-conference provider) through Rocket.Chat's REST API. The Job of rocketchat-jitsi-app.ts
 * runs it with the Rocket.Chat image's own node (22: global fetch, FormData, Blob), so it imports
 * nothing but node built-ins.
 *
 * Idempotent: the package is uploaded only when Rocket.Chat has no app of its id or another version,
 * only the settings whose value differs are posted, and only a disabled app is enabled.
 * Every failure ends the process with exit code 1 and one line on stderr; no secret is ever printed.
 *
 * Environment: ROCKETCHAT_URL, ADMIN_USERNAME, ADMIN_PASSWORD (the first administrator), PACKAGE_URL,
 * PACKAGE_SHA256, APP_ID (the Jitsi app's id), JITSI_APP_SECRET (jitsi_application_secret),
 * SETTINGS_DIR (ConfigMap rocketchat-jitsi: one file per setting id, its content the value),
 * WAIT_ATTEMPTS and WAIT_INTERVAL_SECONDS (how long to wait for Rocket.Chat to answer).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const NAME = 'jitsi-app';
/** Apps-Engine statuses of a running app (AppStatusUtils.isEnabled). */
const ENABLED = new Set(['auto_enabled', 'manually_enabled']);

class Failure extends Error {}
const fail = (message) => {
  throw new Failure(message);
};
const log = (message) => console.log(`${NAME}: ${message}`);

function required(name) {
  const value = process.env[name];
  if (!value) fail(`environment variable ${name} is not set`);
  return value;
}

function nonNegativeNumber(name) {
  const value = Number(required(name));
  if (!Number.isFinite(value) || value < 0) fail(`environment variable ${name} is not a number`);
  return value;
}

/** The app.json of an Apps-Engine package (a zip), read through the zip's central directory. */
function appInfoOf(zip) {
  try {
    let end = -1;
    for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
      if (zip.readUInt32LE(i) === 0x06054b50) {
        end = i;
        break;
      }
    }
    if (end < 0) fail('the package is not a zip file');
    let at = zip.readUInt32LE(end + 16);
    for (let n = zip.readUInt16LE(end + 10); n > 0; n--) {
      if (zip.readUInt32LE(at) !== 0x02014b50) fail('the package zip has a damaged central directory');
      const method = zip.readUInt16LE(at + 10);
      const size = zip.readUInt32LE(at + 20);
      const nameLength = zip.readUInt16LE(at + 28);
      const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
      if (name === 'app.json') {
        const local = zip.readUInt32LE(at + 42);
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const data = zip.subarray(start, start + size);
        if (method !== 0 && method !== 8) fail(`the package's app.json is compressed with zip method ${method}`);
        return JSON.parse((method === 8 ? inflateRawSync(data) : data).toString('utf8'));
      }
      at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    }
  } catch (e) {
    if (e instanceof Failure) throw e;
    fail(`the package zip can't be read (${e.message})`);
  }
  return fail('the package has no app.json: it is not a Rocket.Chat app');
}

async function download(url, sha256) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    fail(`downloading ${url} failed (${e.cause?.code ?? e.message})`);
  }
  if (!response.ok) fail(`downloading ${url} failed (HTTP ${response.status})`);
  const zip = Buffer.from(await response.arrayBuffer());
  const digest = createHash('sha256').update(zip).digest('hex');
  if (digest !== sha256) fail(`${url} has SHA-256 ${digest}, the environment expects ${sha256}: package refused`);
  return zip;
}

/** The settings to apply: the ConfigMap's files (a mounted ConfigMap also holds `..data` links). */
function desiredSettings(dir, secret) {
  const files = readdirSync(dir).filter((f) => !f.startsWith('..')).sort();
  return [...files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]), ['jitsi_application_secret', secret]];
}

/** A text value as the setting's type stores it (Rocket.Chat compares with !==). */
function typed(setting, text) {
  switch (setting.type) {
    case 'boolean':
      if (text !== 'true' && text !== 'false') fail(`setting ${setting.id} is a boolean, the ConfigMap gives "${text}"`);
      return text === 'true';
    case 'int': {
      const n = Number(text);
      if (!Number.isInteger(n)) fail(`setting ${setting.id} is a number, the ConfigMap gives "${text}"`);
      return n;
    }
    default:
      return text;
  }
}

async function waitFor(base, attempts, intervalSeconds) {
  for (let attempt = 1; ; attempt++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // Not up yet: the Service has no ready endpoint, or the pod is starting.
    }
    if (attempt >= attempts) fail(`Rocket.Chat at ${base} did not answer /health after ${attempts} attempts`);
    await new Promise((resolve) => setTimeout(resolve, intervalSeconds * 1000));
  }
}

/** A REST call; anything but a successful answer ends the run, saying what was being done. */
async function call(base, what, method, path, { auth, json, form } = {}) {
  const headers = { ...(auth ? { 'X-User-Id': auth.userId, 'X-Auth-Token': auth.authToken } : {}), ...(json ? { 'Content-Type': 'application/json' } : {}) };
  let response;
  try {
    response = await fetch(`${base}${path}`, { method, headers, body: json ? JSON.stringify(json) : form });
  } catch (e) {
    fail(`${what}: Rocket.Chat did not answer ${method} ${path} (${e.cause?.code ?? e.message})`);
  }
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok || body === undefined || body.success === false || body.status === 'error') {
    const reason = body?.error ?? body?.message ?? (text.trim().slice(0, 200) || 'no message');
    fail(`${what}: ${typeof reason === 'string' ? reason : JSON.stringify(reason)} (HTTP ${response.status} on ${method} ${path})`);
  }
  return body;
}

async function configure(base, auth, zip, info, appId, desired) {
  const installed = (await call(base, 'listing the installed apps', 'GET', '/api/apps/installed', { auth })).apps.find((a) => a.id === appId);
  if (installed?.version !== info.version) {
    const form = new FormData();
    form.append('app', new Blob([zip], { type: 'application/zip' }), `${info.nameSlug ?? 'jitsi'}_${info.version}.zip`);
    if (installed) {
      await call(base, `updating the Jitsi app from ${installed.version} to ${info.version}`, 'POST', `/api/apps/${appId}`, { auth, form });
      log(`updated from ${installed.version} to ${info.version}`);
    } else {
      await call(base, `installing the Jitsi app ${info.version}`, 'POST', '/api/apps', { auth, form });
      log(`installed ${info.version}`);
    }
  } else {
    log(`${info.version} already installed`);
  }

  const current = (await call(base, 'reading the Jitsi app settings', 'GET', `/api/apps/${appId}/settings`, { auth })).settings;
  const changed = desired.flatMap(([id, text]) => {
    const setting = current[id];
    if (!setting) fail(`the Jitsi app ${info.version} has no setting ${id}: check that this app version matches socle's settings`);
    const value = typed(setting, text);
    // The full setting object with its new value, as Rocket.Chat's administration page sends it.
    return setting.value === value ? [] : [{ ...setting, value }];
  });
  if (changed.length > 0) await call(base, 'saving the Jitsi app settings', 'POST', `/api/apps/${appId}/settings`, { auth, json: { settings: changed } });
  log(changed.length > 0 ? `settings changed: ${changed.map((s) => s.id).join(', ')}` : 'settings already set');

  const status = async () => (await call(base, 'reading the Jitsi app status', 'GET', `/api/apps/${appId}/status`, { auth })).status;
  if (ENABLED.has(await status())) {
    log('already enabled');
    return;
  }
  try {
    await call(base, 'Rocket.Chat refused to enable the Jitsi app', 'POST', `/api/apps/${appId}/status`, { auth, json: { status: 'manually_enabled' } });
  } catch (e) {
    throw e instanceof Failure ? new Failure(`${e.message}; an uploaded app is a private app, which only a workspace with an Enterprise licence enables`) : e;
  }
  const after = await status();
  if (!ENABLED.has(after)) fail(`the Jitsi app is "${after}" after enabling it: see the app's logs in Rocket.Chat (Administration > Apps > Jitsi)`);
  log('enabled');
}

async function main() {
  const base = required('ROCKETCHAT_URL').replace(/\/+$/, '');
  const appId = required('APP_ID');
  const packageUrl = required('PACKAGE_URL');
  const desired = desiredSettings(required('SETTINGS_DIR'), required('JITSI_APP_SECRET'));
  const user = required('ADMIN_USERNAME');
  const password = required('ADMIN_PASSWORD');
  const attempts = nonNegativeNumber('WAIT_ATTEMPTS');
  const interval = nonNegativeNumber('WAIT_INTERVAL_SECONDS');

  // Checked before anything reaches Rocket.Chat.
  const zip = await download(packageUrl, required('PACKAGE_SHA256'));
  const info = appInfoOf(zip);
  if (info.id !== appId) fail(`the package holds the app ${info.id} (${info.name}), not the Jitsi app ${appId}`);

  await waitFor(base, attempts, interval);
  const login = await call(base, `logging in as ${user}`, 'POST', '/api/v1/login', { json: { user, password } });
  const auth = { userId: login.data.userId, authToken: login.data.authToken };
  let done = false;
  try {
    await configure(base, auth, zip, info, appId, desired);
    done = true;
  } finally {
    // The token is revoked whatever happened; a failed logout only fails a run that succeeded.
    try {
      await call(base, 'logging out', 'POST', '/api/v1/logout', { auth });
    } catch (e) {
      if (done) throw e;
    }
  }
}

main().catch((e) => {
  console.error(`${NAME}: ${e instanceof Failure ? e.message : `unexpected error: ${e.message}`}`);
  process.exitCode = 1;
});
