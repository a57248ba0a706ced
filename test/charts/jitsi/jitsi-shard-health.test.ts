/**
 * The shard check the Jitsi router asks each shard's web pods for (charts/apps/jitsi/jitsi-shard-health.ts),
 * served by a real nginx with stand-ins of prosody's BOSH endpoint and jicofo's REST health on
 * 127.0.0.1: 200 only when both answer 2xx. The web image's nginx is Debian bookworm's (1.22,
 * nginx-extras, docker-jitsi-meet web/Dockerfile), built with the auth_request module like
 * Debian's `nginx` package. Skipped, with the reason, when no nginx binary is on PATH.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARD_HEALTH_PATH, shardHealthNginxConf } from '../../../charts/apps/jitsi/jitsi-shard-health.js';
import { configData, find, loadExample, podSpec, render } from '../examples.js';

const NGINX = spawnSync('nginx', ['-v']).status === 0;
const skipNote = NGINX ? '' : ' (skipped: no nginx binary on PATH)';

describe('the shard check in the rendered manifests', () => {
  it('is each shard web pod’s nginx-custom file, for its own jicofo', () => {
    const r = render(loadExample('metropole-9000'));
    const shards = r.objects.filter((o) => o.kind === 'Deployment' && /^jitsi-web-\d+$/.test(o.metadata.name));
    expect(shards.length).toBeGreaterThan(1);
    shards.forEach((_, i) => {
      expect(configData(r.objects, `jitsi-web-${i}-nginx`, 'shard-health.conf')).toBe(shardHealthNginxConf(i));
      expect(shardHealthNginxConf(i)).toContain(`jitsi-jicofo-${i}.jitsi.svc.cluster.local:8888`);
      const web = podSpec(find(r.objects, 'Deployment', `jitsi-web-${i}`)).containers[0];
      expect(web.volumeMounts).toContainEqual({ name: 'shard-health', mountPath: '/config/nginx-custom', readOnly: true });
    });
  });
});

interface StandIn {
  server: Server;
  url: string;
  status: number;
}

async function standIn(path: string): Promise<StandIn> {
  const s: StandIn = { server: createServer(), url: '', status: 200 };
  s.server.on('request', (req, res) => res.writeHead(req.url?.startsWith(path) ? s.status : 404).end());
  await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
  s.url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
  return s;
}

const status = (port: number, path: string) =>
  new Promise<number>((resolve, reject) => get({ host: '127.0.0.1', port, path }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject));

describe.skipIf(!NGINX)(`the shard check, served by nginx${skipNote}`, () => {
  let prosody: StandIn;
  let jicofo: StandIn;
  let nginx: ChildProcess | undefined;
  let port = 0;

  beforeAll(async () => {
    prosody = await standIn('/http-bind');
    jicofo = await standIn('/about/health');
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const dir = mkdtempSync(join(tmpdir(), 'socle-nginx-'));
    chmodSync(dir, 0o777);
    mkdirSync(join(dir, 'tmp'), { mode: 0o777 });
    writeFileSync(join(dir, 'shard-health.conf'), shardHealthNginxConf(0, { prosody: prosody.url, jicofo: jicofo.url }));
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/tmp/${t};`).join(' ');
    writeFileSync(
      join(dir, 'nginx.conf'),
      `daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log;\nevents {}\nhttp { access_log off; ${temp}\n  server { listen 127.0.0.1:${port};\n    include ${dir}/shard-health.conf;\n  }\n}\n`,
    );
    nginx = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (await status(port, '/').then(() => true, () => false)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('nginx did not start');
  }, 20_000);
  afterAll(async () => {
    nginx?.kill();
    await Promise.all([prosody, jicofo].map((s) => new Promise((r) => s.server.close(r))));
  });

  const check = () => status(port, SHARD_HEALTH_PATH);

  it('answers 200 while prosody and jicofo both answer', async () => {
    prosody.status = 200;
    jicofo.status = 200;
    expect(await check()).toBe(200);
  });

  it('fails while jicofo is unhealthy (no bridge, no prosody connection)', async () => {
    prosody.status = 200;
    jicofo.status = 500;
    expect(await check()).toBe(500);
    jicofo.status = 503;
    expect(await check()).toBe(503);
  });

  it("fails while prosody's BOSH endpoint fails, even with a healthy jicofo", async () => {
    prosody.status = 503;
    jicofo.status = 200;
    expect(await check()).toBe(500);
  });
});
