/**
 * socle's RabbitMQ for ONLYOFFICE in a real RabbitMQ: the `rabbitmq.conf` and `enabled_plugins`
 * of the synthesized manifests boot a node, the user comes from the pod's environment, and the
 * queues ONLYOFFICE declares with socle's settings file are quorum queues.
 *
 * Changed to run on 127.0.0.1, and only that: the classic-config peer list (the pods' names)
 * becomes this node alone, then as many local nodes; the AMQP and management listeners get free
 * loopback ports.
 * The queues are declared through the management API (the enabled plugin), which sends the same
 * queue.declare as ONLYOFFICE's amqplib client; the per-connection pub/sub queue is exclusive, so
 * only an AMQP connection can own it: it stays with the port in test/charts/onlyoffice/onlyoffice-queues.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amqplibDeclare, ENTRYPOINT_NODE_CONFIG, serverQueues, withFiles, type Json } from '../../charts/onlyoffice/onlyoffice-server-queues.js';
import { describeProgram } from '../harness/program-suite.js';
import { rabbitmqAvailability, rabbitmqSite, type RabbitmqNode, type RabbitmqSite } from './rabbitmq-server.js';
import { configMapFile, containerEnv, findObject, synthesized } from './synthesized-manifests.js';

/**
 * Keys of socle's rabbitmq.conf that RabbitMQ releases older than the pinned one don't know, with
 * the release that brought them. `default_queue_type`: rabbit.schema mapping added by
 * rabbitmq-server PR #11164 (2024, 3.13 and 4.x); Debian 12 ships 3.10.8.
 */
const NEWER_KEYS: Record<string, { since: [number, number] }> = { default_queue_type: { since: [3, 13] } };

const availability = rabbitmqAvailability();
const { objects, secretValue } = synthesized('pilot');
const statefulSet = findObject(objects, 'StatefulSet', 'onlyoffice', 'onlyoffice-rabbitmq');
const pod = (statefulSet.spec as any).template.spec;
const configMapName: string = pod.volumes.find((v: any) => v.name === 'config').configMap.name;
const renderedConf = configMapFile(objects, 'onlyoffice', configMapName, 'rabbitmq.conf');
const enabledPlugins = configMapFile(objects, 'onlyoffice', configMapName, 'enabled_plugins');
const podEnv = containerEnv({ env: pod.containers[0].env.filter((e: any) => e.name.startsWith('RABBITMQ_DEFAULT_')) }, secretValue);
const user = { name: podEnv.RABBITMQ_DEFAULT_USER!, password: podEnv.RABBITMQ_DEFAULT_PASS! };

const renderedPeers = [...renderedConf.matchAll(/^cluster_formation\.classic_config\.nodes\.\d+ = (.*)$/gm)].map((m) => m[1]!);

/** socle's file with only the peers and this node's listeners moved to this machine, and `drop` keys left out. */
function localConf(node: RabbitmqNode, peers: string[], drop: string[]): string {
  const rewrites: [RegExp, string][] = [
    [/^(cluster_formation\.classic_config\.nodes\.\d+ = .*\n)+/m, peers.map((peer, i) => `cluster_formation.classic_config.nodes.${i + 1} = ${peer}\n`).join('')],
    [/^listeners\.tcp\.default = .*$/m, `listeners.tcp.default = 127.0.0.1:${node.ports.amqp}`],
    [/^management\.tcp\.port = .*$/m, `management.tcp.port = ${node.ports.management}\nmanagement.tcp.ip = 127.0.0.1`],
    ...drop.map((key): [RegExp, string] => [new RegExp(`^${key.replaceAll('.', '\\.')} = .*\\n`, 'm'), '']),
  ];
  return rewrites.reduce((conf, [pattern, by]) => {
    if (!pattern.test(conf)) throw new Error(`socle's rabbitmq.conf has no line ${pattern}: the local rewrite needs updating`);
    return conf.replace(pattern, by);
  }, renderedConf);
}

/** queue.declare through the node's management API, with the fields amqplib sends for these options. */
async function declare(on: RabbitmqNode, name: string, options: Json) {
  const d = amqplibDeclare(options);
  expect(d.exclusive).toBe(false);
  const response = await fetch(`http://127.0.0.1:${on.ports.management}/api/queues/%2F/${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { authorization: `Basic ${Buffer.from(`${user.name}:${user.password}`).toString('base64')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ durable: d.durable, auto_delete: d.autoDelete, arguments: d.arguments }),
  });
  return { status: response.status, body: await response.text() };
}

interface ListedQueue {
  name: string;
  type: string;
  arguments: [string, string, unknown][];
  durable: boolean;
  members?: string[];
}
const listed = (on: RabbitmqNode, columns: string[] = []) =>
  new Map((JSON.parse(on.ctl(['list_queues', 'name', 'type', 'arguments', 'durable', ...columns, '--formatter', 'json']).stdout) as ListedQueue[]).map((q) => [q.name, q]));

const settings = JSON.parse(configMapFile(objects, 'onlyoffice', 'onlyoffice-storage', 'local-production-linux.json')) as Json;
const onlyofficeConfig = withFiles(settings, ENTRYPOINT_NODE_CONFIG);
/** The queues the server declares that outlive a connection (the pub/sub one is exclusive). */
const durableQueues = serverQueues(onlyofficeConfig).filter((q) => q.key !== 'queuepubsub');

const older = (version: string, than: [number, number]) => {
  const [major, minor] = version.split('.').map(Number) as [number, number];
  return major < than[0] || (major === than[0] && minor < than[1]);
};

describeProgram('rabbitmq', availability, () => {
  const serverEnv = { RABBITMQ_DEFAULT_USER: user.name, RABBITMQ_DEFAULT_PASS: user.password };
  let site: RabbitmqSite;
  let node: RabbitmqNode;
  let unknownKeys: string[] = [];
  beforeAll(async () => {
    site = await rabbitmqSite(enabledPlugins, serverEnv);
    node = await site.node('solo');
  });
  afterAll(() => site?.stop());

  it("accepts every key of socle's rabbitmq.conf that this release knows; the others are exactly the newer ones", async () => {
    const first = await node.boot(localConf(node, [node.node], []), user);
    unknownKeys = first.errors.flatMap((l) => /unknown variable: (\S+)/.exec(l)?.[1] ?? []);
    const expected = Object.keys(NEWER_KEYS).filter((k) => renderedConf.includes(`\n${k} =`) && older(availability.version!, NEWER_KEYS[k]!.since));
    expect(unknownKeys).toEqual(expected);
    expect(first.up).toBe(expected.length === 0);
  });

  it("boots on it (without the newer keys), with the pod's user and the management plugin", async () => {
    const booted = await node.boot(localConf(node, [node.node], unknownKeys), user);
    expect(booted).toEqual({ up: true, errors: [] });
    const status = node.ctl(['list_users', '--formatter', 'json']);
    expect(JSON.parse(status.stdout).map((u: { user: string }) => u.user)).toEqual([user.name]);
  });

  describe('the queues ONLYOFFICE declares with socle\'s settings file', () => {
    it('are declared, each a durable quorum queue with the arguments the server gives it', async () => {
      const config = onlyofficeConfig;
      const durable = durableQueues;
      expect(durable.map((q) => q.key).sort()).toEqual(['queueconvertdead', 'queueconvertresponse', 'queueconverttask', 'queuedelayed']);
      for (const q of durable) expect({ key: q.key, ...(await declare(node, config.rabbitmq[q.key].name, q.options)) }).toMatchObject({ key: q.key, status: 201 });
      const queues = listed(node);
      for (const q of durable) {
        const real = queues.get(config.rabbitmq[q.key].name);
        const args = Object.fromEntries(real!.arguments.map(([k, , v]) => [k, v]));
        expect({ key: q.key, type: real?.type, durable: real?.durable, args }).toEqual({ key: q.key, type: 'quorum', durable: true, args: amqplibDeclare(q.options).arguments });
      }
    });

    it("would be classic with the server's defaults alone, and the convert-task queue with its maxPriority is refused as quorum", async () => {
      const defaults = withFiles(ENTRYPOINT_NODE_CONFIG);
      const task = serverQueues(defaults).find((q) => q.key === 'queueconverttask')!;
      expect(await declare(node, 'probe.defaults', task.options)).toMatchObject({ status: 201 });
      expect(listed(node).get('probe.defaults')?.type).toBe('classic');
      const keepsPriority = { ...task.options, arguments: { 'x-queue-type': 'quorum' } };
      const refused = await declare(node, 'probe.priority', keepsPriority);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatch(/invalid arg 'x-max-priority'/);
    });
  });

  describe("the members socle's peer list names, with the Secret's Erlang cookie", () => {
    let cluster: RabbitmqSite;
    let members: RabbitmqNode[];
    beforeAll(async () => {
      await site.stop();
      const cookie = secretValue(pod.volumes.find((v: any) => v.name === 'cookie-source').secret.secretName, 'erlang-cookie');
      cluster = await rabbitmqSite(enabledPlugins, serverEnv, cookie);
      members = await Promise.all(renderedPeers.map((_, i) => cluster.node(`member${i}`)));
    });
    afterAll(() => cluster?.stop());

    it('form one cluster of every listed member', async () => {
      expect(renderedPeers).toHaveLength((statefulSet.spec as any).replicas);
      const peers = members.map((m) => m.node);
      const booted = await Promise.all(members.map((m) => m.boot(localConf(m, peers, unknownKeys), user)));
      expect(booted).toEqual(members.map(() => ({ up: true, errors: [] })));
      const status = JSON.parse(members[0]!.ctl(['cluster_status', '--formatter', 'json']).stdout) as { running_nodes: string[] };
      expect(status.running_nodes.sort()).toEqual([...peers].sort());
    });

    it("replicate each of ONLYOFFICE's durable queues on every member", async () => {
      for (const q of durableQueues) expect({ key: q.key, ...(await declare(members[0]!, onlyofficeConfig.rabbitmq[q.key].name, q.options)) }).toMatchObject({ key: q.key, status: 201 });
      const queues = listed(members.at(-1)!, ['members']);
      for (const q of durableQueues) {
        const real = queues.get(onlyofficeConfig.rabbitmq[q.key].name);
        expect({ key: q.key, type: real?.type, members: [...(real?.members ?? [])].sort() }).toEqual({ key: q.key, type: 'quorum', members: members.map((m) => m.node).sort() });
      }
    });

    it('keep a published conversion task with a member lost (pause_minority leaves the majority serving)', async () => {
      await members.at(-1)!.kill();
      const api = (path: string, body: Json) =>
        fetch(`http://127.0.0.1:${members[0]!.ports.management}/api/${path}`, {
          method: 'POST',
          headers: { authorization: `Basic ${Buffer.from(`${user.name}:${user.password}`).toString('base64')}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
      const task = onlyofficeConfig.rabbitmq.queueconverttask.name;
      const published = await api('exchanges/%2F/amq.default/publish', { properties: { delivery_mode: 2 }, routing_key: task, payload: 'probe-task', payload_encoding: 'string' });
      expect(published).toEqual({ status: 200, body: { routed: true } });
      const got = await api(`queues/%2F/${encodeURIComponent(task)}/get`, { count: 1, ackmode: 'ack_requeue_false', encoding: 'auto' });
      expect(got.body.map((m: { payload: string }) => m.payload)).toEqual(['probe-task']);
    });
  });
});
