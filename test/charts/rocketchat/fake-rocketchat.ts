/**
 * A local stand-in for Rocket.Chat's REST API, as far as the Jitsi app Job uses it (routes and
 * answers from apps/meteor/ee/server/apps/communication/rest.ts and the v1 login/logout), plus the
 * artifact store serving the app package. It records every request, multipart uploads parsed.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, deflateRawSync } from 'node:zlib';

export const ADMIN = { user: 'admin', password: 'admin-password-from-the-secret', userId: 'u-admin', authToken: 'token-of-the-session' };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  json?: unknown;
  /** Multipart fields: files as { filename, type, bytes }. */
  form?: Record<string, { filename: string; type: string; bytes: Buffer } | string>;
}

export interface AppSetting {
  id: string;
  type: string;
  packageValue: unknown;
  value: unknown;
  required: boolean;
  public: boolean;
  i18nLabel: string;
}

/** The Jitsi app's settings as its src/settings.ts declares them, values at their package values. */
export function jitsiAppSettings(): Record<string, AppSetting> {
  const declared: [string, string, unknown][] = [
    ['jitsi_domain', 'string', 'meet.jit.si'],
    ['jitsi_title_prefix', 'string', 'RocketChat'],
    ['jitsi_title_suffix', 'string', ''],
    ['jitsi_ssl', 'boolean', true],
    ['jitsi_chrome_extension', 'string', 'nocfbnnmjnndkbipkabodnheejiegccf'],
    ['jitsi_auth_token', 'boolean', false],
    ['jitsi_application_id', 'string', ''],
    ['jitsi_application_secret', 'string', ''],
    ['jitsi_limit_token_to_room', 'boolean', true],
    ['jitsi_token_auditor', 'string', 'RocketChat'],
    ['jitsi_token_expiration', 'string', 'now + 1hour'],
  ];
  return Object.fromEntries(
    declared.map(([id, type, packageValue]) => [id, { id, type, packageValue, value: packageValue, required: id === 'jitsi_domain', public: !/application|auditor|expiration/.test(id), i18nLabel: id }]),
  );
}

/** A zip (deflated entries) of the given files, as an app package is. */
export function zipOf(files: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const packed = deflateRawSync(data);
    const fileName = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc32(data), 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(fileName.length, 28);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, fileName, packed);
    central.push(entry, fileName);
    offset += local.length + fileName.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

export interface FakeState {
  /** Answers to /health before Rocket.Chat is "up". */
  healthFailures: number;
  /** The installed app of the Jitsi id, if any. */
  installed?: { id: string; version: string; status: string };
  settings: Record<string, AppSetting>;
  /** false: a Community workspace (private apps capped at 0): enabling is refused. */
  licenceAllowsPrivateApps: boolean;
  /** Enabling answers success but the app stays disabled (the Apps-Engine failed to start it). */
  enableLeavesDisabled: boolean;
  acceptLogin: boolean;
}

export interface FakeRocketChat {
  url: string;
  packageUrl: string;
  requests: RecordedRequest[];
  state: FakeState;
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const body = await bodyOf(req);
  const type = req.headers['content-type'] ?? '';
  const r: RecordedRequest = {
    method: req.method ?? '',
    path: req.url ?? '',
    headers: { 'x-auth-token': req.headers['x-auth-token'] as string | undefined, 'x-user-id': req.headers['x-user-id'] as string | undefined, 'content-type': type || undefined },
  };
  if (type.startsWith('application/json')) r.json = JSON.parse(body.toString('utf8'));
  if (type.startsWith('multipart/form-data')) {
    const data = await new Response(body, { headers: { 'content-type': type } }).formData();
    r.form = {};
    for (const [name, value] of data.entries()) {
      r.form[name] = typeof value === 'string' ? value : { filename: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
    }
  }
  return r;
}

export async function fakeRocketChat(appPackage: Buffer, appInfo: { id: string; version: string }, initial: Partial<FakeState> = {}): Promise<FakeRocketChat> {
  const state: FakeState = { healthFailures: 0, settings: jitsiAppSettings(), licenceAllowsPrivateApps: true, enableLeavesDisabled: false, acceptLogin: true, ...initial };
  const requests: RecordedRequest[] = [];
  const appPath = `/api/apps/${appInfo.id}`;

  const server: Server = createServer((req, res) => {
    void record(req).then((r) => {
      requests.push(r);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const authed = r.headers['x-auth-token'] === ADMIN.authToken && r.headers['x-user-id'] === ADMIN.userId;
      const route = `${r.method} ${r.path}`;
      if (route === 'GET /artefacts/jitsi.zip') {
        res.writeHead(200, { 'content-type': 'application/zip' });
        return res.end(appPackage);
      }
      if (route === 'GET /health') {
        if (state.healthFailures > 0) {
          state.healthFailures--;
          return send(503, { error: 'starting' });
        }
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('OK');
      }
      if (route === 'POST /api/v1/login') {
        const body = r.json as { user?: string; password?: string };
        if (!state.acceptLogin || body.user !== ADMIN.user || body.password !== ADMIN.password) return send(401, { status: 'error', error: 'Unauthorized', message: 'Unauthorized' });
        return send(200, { status: 'success', data: { userId: ADMIN.userId, authToken: ADMIN.authToken, me: { username: ADMIN.user } } });
      }
      if (!authed) return send(401, { status: 'error', message: 'You must be logged in to do this.' });
      const enable = () => {
        if (!state.licenceAllowsPrivateApps) return false;
        if (!state.enableLeavesDisabled) state.installed!.status = 'manually_enabled';
        return true;
      };
      switch (route) {
        case 'POST /api/v1/logout':
          return send(200, { status: 'success', data: { message: "You've been logged out!" } });
        case 'GET /api/apps/installed':
          return send(200, { success: true, apps: state.installed ? [{ ...state.installed, name: 'Jitsi' }] : [] });
        case 'POST /api/apps':
        case `POST ${appPath}`: {
          if (!(r.form?.['app'] && typeof r.form['app'] !== 'string')) return send(400, { success: false, error: 'app_file_error' });
          const update = route !== 'POST /api/apps';
          if (update !== Boolean(state.installed)) return send(400, { success: false, error: update ? 'No App found' : 'App already exists' });
          // Installed disabled; a new install is then enabled when the licence lets it (canEnableApp).
          state.installed = { id: appInfo.id, version: appInfo.version, status: update ? state.installed!.status : 'initialized' };
          if (!update) enable();
          return send(200, { success: true, app: { ...appInfo, status: state.installed.status } });
        }
        case `GET ${appPath}/settings`:
          return state.installed ? send(200, { success: true, settings: state.settings }) : send(404, { success: false, error: 'No App found' });
        case `POST ${appPath}/settings`: {
          const updated = (r.json as { settings: AppSetting[] }).settings.filter((s) => state.settings[s.id] && state.settings[s.id]!.value !== s.value);
          for (const s of updated) state.settings[s.id] = s;
          return send(200, { success: true, updated });
        }
        case `GET ${appPath}/status`:
          return send(200, { success: true, status: state.installed!.status });
        case `POST ${appPath}/status`:
          if (!enable()) return send(400, { success: false, error: 'Private apps limit reached' });
          return send(200, { success: true, status: {} });
        default:
          return send(404, { success: false, error: `no route ${route}` });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    packageUrl: `${url}/artefacts/jitsi.zip`,
    requests,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
