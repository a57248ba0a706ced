/**
 * The rendered room/shard routers, run in the real HAProxy (Debian's `haproxy`, 2.6 here; the pods
 * run the pinned 3.2 image): the configuration parses, the same key always reaches the same
 * backend, a Jitsi shard whose prosody or jicofo fails its check gets no new rooms while the other
 * shards keep theirs, and the Nextcloud connector's `shardKey` spelling reaches the same document
 * service as the editors' `shardkey`. Backends are small HTTP servers on 127.0.0.1.
 * Skipped, with the reason, when haproxy is not installed; `npm run test:real` lists it as a row.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGES } from '../../../charts/images.js';
import { SHARD_HEALTH_PATH } from '../../../charts/apps/jitsi/jitsi-shard-health.js';
import { installedProgram, pinnedTag } from '../../real/harness/installed-program.js';
import { describeProgram } from '../../real/harness/program-suite.js';
import { configData, EXAMPLE_NAMES, loadExample, render } from '../examples.js';

const HAPROXY = installedProgram({ command: 'haproxy', args: ['-v'], version: /HAProxy version (\S+)/, debianPackages: 'haproxy', pinned: pinnedTag(IMAGES.haproxy) });

const dir = mkdtempSync(join(tmpdir(), 'socle-haproxy-'));
const metropole = render(loadExample('metropole-9000'));

/** A stand-in for a shard's web Service: `healthy` says what its shard check answers; every other path names the backend. */
interface Backend {
  name: string;
  healthy: boolean;
  server: Server;
  port: number;
}

async function backend(name: string, healthPath: string): Promise<Backend> {
  const b: Backend = { name, healthy: true, server: createServer(), port: 0 };
  b.server.on('request', (req, res) => {
    req.resume();
    if (req.url === healthPath) res.writeHead(b.healthy ? 200 : 503).end();
    // `GET /` stays 200 even when the shard's prosody/jicofo are down: nginx itself still serves.
    else res.writeHead(200, { 'content-type': 'text/plain' }).end(name);
  });
  await new Promise<void>((resolve) => b.server.listen(0, '127.0.0.1', resolve));
  b.port = (b.server.address() as AddressInfo).port;
  return b;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/**
 * The rendered configuration with its listen and backend addresses moved to 127.0.0.1, and a
 * smaller maxconn: HAProxy raises its file limit to about 2 × maxconn, more than this sandbox allows.
 */
function localConfig(rendered: string, port: number, healthPort: number, backends: Backend[]): string {
  let i = 0;
  return rendered
    .replace(/^ {2}maxconn \d+$/m, '  maxconn 1000')
    .replace(/^ {2}bind :8404$/m, `  bind 127.0.0.1:${healthPort}`)
    .replace(/^ {2}bind :\d+$/m, `  bind 127.0.0.1:${port}`)
    .replace(/^( {2}server b\d+ )\S+/gm, (_, head: string) => `${head}127.0.0.1:${backends[i++]!.port}`);
}

function send(port: number, method: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { 'content-type': 'text/xml' } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '<body/>' : undefined);
  });
}

async function startHaproxy(config: string, port: number): Promise<ChildProcess> {
  const file = join(dir, `haproxy-${port}.cfg`);
  writeFileSync(file, config);
  const child = spawn('haproxy', ['-db', '-f', file], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (await send(port, 'GET', '/').then(() => true, () => false)) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('haproxy did not start');
}

/** Waits, at most `seconds`, for a condition HAProxy reaches after its checks (2 s apart, 3 to go down). */
async function eventually(condition: () => Promise<boolean>, seconds = 30): Promise<boolean> {
  for (let i = 0; i < seconds * 4; i++) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

describeProgram('haproxy', HAPROXY, () => {
  describe('the rendered routers parse in HAProxy', () => {
    it.each(EXAMPLE_NAMES)('example %s: jitsi and onlyoffice routers pass haproxy -c', (name) => {
      const r = render(loadExample(name));
      for (const router of ['jitsi-haproxy', 'onlyoffice-haproxy']) {
        const file = join(dir, `${name}-${router}.cfg`);
        writeFileSync(file, configData(r.objects, router, 'haproxy.cfg'));
        const check = spawnSync('haproxy', ['-c', '-f', file], { encoding: 'utf8' });
        expect({ router, status: check.status, out: check.stderr.trim() }).toMatchObject({ router, status: 0 });
      }
    });
  });

  describe('the Jitsi room router, run in HAProxy', () => {
    const rooms = Array.from({ length: 60 }, (_, i) => `conseil-${i}`);
    let shards: Backend[] = [];
    let haproxy: ChildProcess | undefined;
    let port = 0;
    const shardOf = async (room: string, method = 'POST') => (await send(port, method, `/http-bind?room=${room}`)).body;

    beforeAll(async () => {
      const rendered = configData(metropole.objects, 'jitsi-haproxy', 'haproxy.cfg');
      const count = rendered.match(/^ {2}server /gm)!.length;
      shards = await Promise.all(Array.from({ length: count }, (_, i) => backend(`shard-${i}`, SHARD_HEALTH_PATH)));
      port = await freePort();
      haproxy = await startHaproxy(localConfig(rendered, port, await freePort(), shards), port);
    }, 20_000);
    afterAll(async () => {
      haproxy?.kill();
      await Promise.all(shards.map((s) => new Promise((r) => s.server.close(r))));
    });

    it('sends every request of a room (BOSH POST, WebSocket GET) to one shard, and spreads rooms over all shards', async () => {
      const first = new Map<string, string>();
      for (const room of rooms) first.set(room, await shardOf(room));
      for (const room of rooms) {
        expect(await shardOf(room, 'GET')).toBe(first.get(room));
        expect(await shardOf(room)).toBe(first.get(room));
      }
      expect(new Set(first.values())).toEqual(new Set(shards.map((s) => s.name)));
    });

    it("refuses the shard check path to clients", async () => {
      expect((await send(port, 'GET', SHARD_HEALTH_PATH)).status).toBe(404);
    });

    it("gives a shard whose prosody or jicofo fails (its web's GET / still 200) no rooms, and moves no other shard's rooms", async () => {
      const before = new Map<string, string>();
      for (const room of rooms) before.set(room, await shardOf(room));
      const sick = shards[1]!;
      sick.healthy = false;
      const moved = await eventually(async () => {
        for (const room of rooms) if ((await shardOf(room)) === sick.name) return false;
        return true;
      });
      expect(moved, `rooms still reach ${sick.name} after its check failed`).toBe(true);
      for (const room of rooms) {
        const now = await shardOf(room);
        if (before.get(room) !== sick.name) expect({ room, shard: now }).toEqual({ room, shard: before.get(room) });
      }
      sick.healthy = true;
      expect(await eventually(async () => (await shardOf(rooms.find((r) => before.get(r) === sick.name)!)) === sick.name)).toBe(true);
    }, 70_000);

    it('keeps every live room on its shard through a web pod restart: checks failing for less than `fall` × `inter` move nothing', async () => {
      // A shard's server is its web Service (two pods): while one restarts, a check routed to it
      // may fail; socle's `inter 2s fall 3` marks a shard down only after 3 failures in a row (6 s).
      expect(configData(metropole.objects, 'jitsi-haproxy', 'haproxy.cfg')).toMatch(/default-server check inter 2s fall 3 /);
      // Every shard up, and up for a while: HAProxy brings a server up at the lowest healthy count
      // (`rise`), so its margin of `fall` failures builds over the next fall − 1 passing checks.
      expect(await eventually(async () => new Set(await Promise.all(rooms.map((room) => shardOf(room)))).size === shards.length)).toBe(true);
      await new Promise((r) => setTimeout(r, 5_000));
      const before = new Map<string, string>();
      for (const room of rooms) before.set(room, await shardOf(room));
      const restarting = shards[shards.length - 1]!;
      restarting.healthy = false;
      const blipEnds = Date.now() + 3_000;
      while (Date.now() < blipEnds) for (const room of rooms.slice(0, 20)) expect({ room, shard: await shardOf(room) }).toEqual({ room, shard: before.get(room) });
      restarting.healthy = true;
      await new Promise((r) => setTimeout(r, 4_000));
      for (const room of rooms) expect({ room, shard: await shardOf(room) }).toEqual({ room, shard: before.get(room) });
    }, 60_000);
  });

  describe('the ONLYOFFICE shard router, run in HAProxy', () => {
    let docservices: Backend[] = [];
    let haproxy: ChildProcess | undefined;
    let port = 0;

    beforeAll(async () => {
      const rendered = configData(metropole.objects, 'onlyoffice-haproxy', 'haproxy.cfg');
      const count = rendered.match(/^ {2}server /gm)!.length;
      docservices = await Promise.all(Array.from({ length: count }, (_, i) => backend(`docservice-${i}`, '/healthcheck')));
      port = await freePort();
      haproxy = await startHaproxy(localConfig(rendered, port, await freePort(), docservices), port);
    }, 20_000);
    afterAll(async () => {
      haproxy?.kill();
      await Promise.all(docservices.map((s) => new Promise((r) => s.server.close(r))));
    });

    it("routes the connector's shardKey like the editors' shardkey", async () => {
      expect(docservices.length).toBeGreaterThan(1);
      const keys = Array.from({ length: 30 }, (_, i) => `doc-${i}`);
      const served = new Set<string>();
      for (const key of keys) {
        const editor = (await send(port, 'GET', `/cache/files/data/${key}/output.docx?shardkey=${key}`)).body;
        expect((await send(port, 'POST', `/converter?shardKey=${key}`)).body).toBe(editor);
        served.add(editor);
      }
      expect(served.size).toBeGreaterThan(1);
    });
  });
});
