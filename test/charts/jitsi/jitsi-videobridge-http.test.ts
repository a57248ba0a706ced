/**
 * Who reaches a videobridge's HTTP servers (review KS8). The bridge runs on the host network, so
 * NetworkPolicy does not filter it: what the bridge binds, and the node security groups, do.
 *
 * The configuration the bridge reads is built as in the pod: socle's init container runs as
 * rendered (paths moved to a scratch folder), the image's 10-config writes /config/jvb.conf
 * (L74, the template's HTTP-server lines, which hold no template action), and the real Typesafe
 * Config (Debian's libtypesafe-config-java; jitsi-videobridge ships 1.4, whose file, include
 * and fallback rules are the same) loads it as jicoco does (jitsi-videobridge-config.java), with
 * the bridge's reference.conf on the class path. Then each caller of the private server (kubelet probes, the preStop drain) is
 * checked against the address it connects to.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JVB_DRAIN_SCRIPT, JVB_WEBSOCKET_PORT } from '../../../charts/apps/jitsi/jitsi-videobridge.js';
import type { KubeObject } from '../../../charts/kube-object.js';
import { MAGNUM_POD_CIDR, NODE_SUBNET_CIDR } from '../../../stacks/networking/address-plan.js';
import { example as stackExample, resources, stack } from '../../stacks/synthesized.js';
import { configData, EXAMPLE_NAMES, find, loadExample, podSpec, render } from '../examples.js';
import { relocator } from '../process-argv.js';

const TYPESAFE_CONFIG_JAR = '/usr/share/java/typesafe-config.jar';
const PRESENT = spawnSync('sh', ['-c', `command -v java && test -f ${TYPESAFE_CONFIG_JAR}`]).status === 0;
const RESOLVER = join(dirname(fileURLToPath(import.meta.url)), 'jitsi-videobridge-config.java');

/** docker-jitsi-meet stable-10431 jvb/rootfs/defaults/jvb.conf L105-115 and L152, as tpl renders them. */
const JVB_CONF_HTTP_SERVERS = `videobridge {
    http-servers {
        private {
          host = 0.0.0.0
          send-server-version = false
        }
        public {
            host = 0.0.0.0
            port = 9090
            send-server-version = false
        }
    }
}

include "custom-jvb.conf"
`;
/** jitsi-videobridge stable/jitsi-meet_10431 jvb/src/main/resources/reference.conf L159-173 (the HTTP servers). */
const JVB_REFERENCE_HTTP_SERVERS = `videobridge.http-servers {
  public { port = -1, tls-port = -1 }
  private { host = 127.0.0.1 }
}
`;
/** The private server's port: jicoco's default (jicoco-jetty JettyBundleActivatorConfig.kt L33-37), the one healthcheck.sh and socle's drain call. */
const PRIVATE_PORT = 8080;
/** docker-jitsi-meet stable-10431 jvb/rootfs/usr/local/bin/healthcheck.sh: the address it curls. */
const IMAGE_HEALTH_CHECK = { command: '/usr/local/bin/healthcheck.sh', url: `http://127.0.0.1:${PRIVATE_PORT}/about/health` };

type Server = { host: string; port: number | undefined };

/** The /config a bridge pod ends up with, then what the bridge reads from it. */
function bridgeHttpServers(objects: KubeObject[]): Record<'private' | 'public', Server> {
  const pod = podSpec(find(objects, 'Deployment', 'jitsi-videobridge'));
  const root = mkdtempSync(join(tmpdir(), 'socle-jvb-http-'));
  const socle = pod.volumes.find((v: any) => v.configMap)!;
  for (const init of pod.initContainers ?? []) {
    const mounts = init.volumeMounts as { name: string; mountPath: string }[];
    for (const m of mounts) {
      mkdirSync(join(root, m.mountPath), { recursive: true });
      if (m.name === socle.name) for (const key of ['custom-jvb.conf', 'drain.sh']) writeFileSync(join(root, m.mountPath, key), configData(objects, socle.configMap.name, key));
    }
    const relocate = relocator(root, mounts.map((m) => m.mountPath));
    const run = spawnSync(init.command[0], init.command.slice(1).map(relocate), { encoding: 'utf8' });
    expect(run.status, `${init.name}: ${run.stderr}`).toBe(0);
  }
  mkdirSync(join(root, 'config'), { recursive: true });
  writeFileSync(join(root, 'config', 'jvb.conf'), JVB_CONF_HTTP_SERVERS);
  mkdirSync(join(root, 'classpath'));
  writeFileSync(join(root, 'classpath', 'reference.conf'), JVB_REFERENCE_HTTP_SERVERS);
  const java = spawnSync('java', ['-cp', `${TYPESAFE_CONFIG_JAR}:${join(root, 'classpath')}`, `-Dconfig.file=${join(root, 'config', 'jvb.conf')}`, RESOLVER], { encoding: 'utf8' });
  expect(java.status, java.stderr).toBe(0);
  const servers = Object.fromEntries(
    java.stdout.trim().split('\n').map((line) => {
      const [, name, host, port] = /^(\w+) host=(\S*) port=(\S*)$/.exec(line)!;
      return [name, { host: host!, port: port === '' ? undefined : Number(port) }];
    }),
  );
  return servers as Record<'private' | 'public', Server>;
}

/** Whether a connection to `target` reaches a listener bound to `bound`, in one network namespace. */
const reaches = (bound: string, target: string) => bound === '0.0.0.0' || bound === target;
/**
 * Where a probe connects: an httpGet goes from the kubelet to its `host`, else the pod's address,
 * which on host networking is the node's (k8s.io/kubernetes pkg/kubelet/prober/prober.go); an exec
 * probe runs the image's health check in the container, which shares the node's network namespace.
 */
function probeTarget(probe: Record<string, any>): { host: string; port: number } {
  if (probe.exec) {
    expect(probe.exec.command).toEqual([IMAGE_HEALTH_CHECK.command]);
    const url = new URL(IMAGE_HEALTH_CHECK.url);
    return { host: url.hostname, port: Number(url.port) };
  }
  return { host: probe.httpGet.host ?? 'node address', port: probe.httpGet.port === 'rest' ? PRIVATE_PORT : Number(probe.httpGet.port) };
}

describe.skipIf(!PRESENT)('the videobridge HTTP servers, as the bridge reads its configuration (needs java and libtypesafe-config-java)', () => {
  describe.each(EXAMPLE_NAMES)('example %s', (name) => {
    const r = render(loadExample(name));
    const servers = bridgeHttpServers(r.objects);
    const jvb = podSpec(find(r.objects, 'Deployment', 'jitsi-videobridge')).containers.find((c: any) => c.name === 'jvb');

    it('binds the private server (health, COLIBRI REST, stats, shutdown) to loopback only', () => {
      expect(servers.private).toEqual({ host: '127.0.0.1', port: undefined });
    });

    it('keeps the public server (Colibri WebSockets) on the node, at the port the web pods proxy to', () => {
      expect(servers.public).toEqual({ host: '0.0.0.0', port: JVB_WEBSOCKET_PORT });
    });

    it('lets every caller of the private server reach it: both probes and the preStop drain', () => {
      const callers = [
        { caller: 'liveness probe', ...probeTarget(jvb.livenessProbe) },
        { caller: 'readiness probe', ...probeTarget(jvb.readinessProbe) },
        { caller: 'preStop drain', ...(({ hostname, port }) => ({ host: hostname, port: Number(port) }))(new URL(/^api=(\S+)$/m.exec(JVB_DRAIN_SCRIPT)![1]!)) },
      ];
      expect(callers.map((c) => ({ caller: c.caller, port: c.port, reaches: reaches(servers.private.host, c.host) }))).toEqual(
        callers.map((c) => ({ caller: c.caller, port: PRIVATE_PORT, reaches: true })),
      );
    });
  });

  it('reproduces the review: the image alone binds the private server to every address of the node', () => {
    const withoutSocle = render(loadExample('pilot')).objects.map((o) =>
      o.kind === 'Deployment' && o.metadata.name === 'jitsi-videobridge' ? { ...o, spec: { ...(o.spec as any), template: { ...(o.spec as any).template, spec: { ...podSpec(o), initContainers: [] } } } } : o,
    );
    expect(bridgeHttpServers(withoutSocle).private.host).toBe('0.0.0.0');
  });
});

describe('a listener on loopback, seen from the node address (the kernel, on this machine)', () => {
  const nodeAddress = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

  it.skipIf(!nodeAddress)('refuses what an httpGet probe without host would open: the pod (node) address', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((done) => server.once('listening', done));
    const port = (server.address() as { port: number }).port;
    const outcome = (host: string) =>
      new Promise<string>((done) => {
        const socket = connect(port, host, () => (socket.destroy(), done('connected')));
        socket.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? 'error'));
      });
    expect({ loopback: await outcome('127.0.0.1'), node: await outcome(nodeAddress!) }).toEqual({ loopback: 'connected', node: 'ECONNREFUSED' });
    server.close();
  });
});

describe('the media nodes’ security groups', () => {
  const CLUSTER_SOURCES = new Set(['group:nodes', NODE_SUBNET_CIDR, MAGNUM_POD_CIDR]);
  const covers = (r: Record<string, any>, port: number) =>
    (r['protocol'] === undefined || r['protocol'] === 'tcp') && (r['port_range_min'] === undefined || (r['port_range_min'] <= port && port <= r['port_range_max']));

  it.each(['pilot', 'metropole-9000', 'departement-cleura'] as const)('open the bridge HTTP ports (8080, 9090) to cluster sources only, example %s', (name) => {
    const rules = Object.values(resources(stack(stackExample(name), 'network'), 'openstack_networking_secgroup_rule_v2'));
    expect(rules.length).toBeGreaterThan(0);
    for (const port of [PRIVATE_PORT, JVB_WEBSOCKET_PORT]) {
      const sources = rules.filter((r) => covers(r, port)).map((r) => r['remote_ip_prefix'] ?? `group:${/secgroup_v2\.(\w+)\.id/.exec(r['remote_group_id'])![1]}`);
      expect({ port, outside: sources.filter((s) => !CLUSTER_SOURCES.has(s)) }).toEqual({ port, outside: [] });
    }
  });
});
