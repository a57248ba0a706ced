/**
 * socle's RabbitMQ for ONLYOFFICE in a real RabbitMQ: the `rabbitmq.conf` and `enabled_plugins`
 * of the synthesized manifests boot a node, the user comes from the pod's environment, and the
 * queues ONLYOFFICE declares with socle's settings file are quorum queues.
 *
 * Changed to run one node alone on 127.0.0.1, and only that: the classic-config peer list (the
 * three pod names) becomes this node; the AMQP and management listeners get free loopback ports.
 * The queues are declared through the management API (the enabled plugin), which sends the same
 * queue.declare as ONLYOFFICE's amqplib client; the per-connection pub/sub queue is exclusive, so
 * only an AMQP connection can own it: it stays with the port in test/charts/onlyoffice-queues.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amqplibDeclare, ENTRYPOINT_NODE_CONFIG, serverQueues, withFiles, type Json } from '../../charts/onlyoffice-server-queues.js';
import { describeProgram } from '../harness/program-suite.js';
import { rabbitmqAvailability, rabbitmqNode, type RabbitmqNode } from './rabbitmq-server.js';
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

/** socle's file with only the peers and listeners moved to this machine, and `drop` keys left out. */
function localConf(node: RabbitmqNode, drop: string[]): string {
  const rewrites: [RegExp, string][] = [
    [/^cluster_formation\.classic_config\.nodes\.1 = .*$/m, `cluster_formation.classic_config.nodes.1 = ${node.node}`],
    [/^cluster_formation\.classic_config\.nodes\.(?!1 ).*\n/gm, ''],
    [/^listeners\.tcp\.default = .*$/m, `listeners.tcp.default = 127.0.0.1:${node.ports.amqp}`],
    [/^management\.tcp\.port = .*$/m, `management.tcp.port = ${node.ports.management}\nmanagement.tcp.ip = 127.0.0.1`],
    ...drop.map((key): [RegExp, string] => [new RegExp(`^${key.replaceAll('.', '\\.')} = .*\\n`, 'm'), '']),
  ];
  return rewrites.reduce((conf, [pattern, by]) => {
    if (!pattern.test(conf) && by !== '') throw new Error(`socle's rabbitmq.conf has no line ${pattern}: the local rewrite needs updating`);
    return conf.replace(pattern, by);
  }, renderedConf);
}

const older = (version: string, than: [number, number]) => {
  const [major, minor] = version.split('.').map(Number) as [number, number];
  return major < than[0] || (major === than[0] && minor < than[1]);
};

describeProgram('rabbitmq', availability, () => {
  let node: RabbitmqNode;
  let unknownKeys: string[] = [];
  beforeAll(async () => {
    node = await rabbitmqNode(enabledPlugins, { RABBITMQ_DEFAULT_USER: user.name, RABBITMQ_DEFAULT_PASS: user.password });
  });
  afterAll(() => node?.stop());

  it("accepts every key of socle's rabbitmq.conf that this release knows; the others are exactly the newer ones", async () => {
    const first = await node.boot(localConf(node, []), user);
    unknownKeys = first.errors.flatMap((l) => /unknown variable: (\S+)/.exec(l)?.[1] ?? []);
    const expected = Object.keys(NEWER_KEYS).filter((k) => renderedConf.includes(`\n${k} =`) && older(availability.version!, NEWER_KEYS[k]!.since));
    expect(unknownKeys).toEqual(expected);
    expect(first.up).toBe(expected.length === 0);
  });

  it("boots on it (without the newer keys), with the pod's user and the management plugin", async () => {
    const booted = await node.boot(localConf(node, unknownKeys), user);
    expect(booted).toEqual({ up: true, errors: [] });
    const status = node.ctl(['list_users', '--formatter', 'json']);
    expect(JSON.parse(status.stdout).map((u: { user: string }) => u.user)).toEqual([user.name]);
  });

  describe('the queues ONLYOFFICE declares with socle\'s settings file', () => {
    const settings = JSON.parse(configMapFile(objects, 'onlyoffice', 'onlyoffice-storage', 'local-production-linux.json')) as Json;
    const declare = async (name: string, options: Json) => {
      const d = amqplibDeclare(options);
      expect(d.exclusive).toBe(false);
      const response = await fetch(`http://127.0.0.1:${node.ports.management}/api/queues/%2F/${encodeURIComponent(name)}`, {
        method: 'PUT',
        headers: { authorization: `Basic ${Buffer.from(`${user.name}:${user.password}`).toString('base64')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ durable: d.durable, auto_delete: d.autoDelete, arguments: d.arguments }),
      });
      return { status: response.status, body: await response.text() };
    };
    const listed = () =>
      new Map((JSON.parse(node.ctl(['list_queues', 'name', 'type', 'arguments', 'durable', '--formatter', 'json']).stdout) as { name: string; type: string; arguments: [string, string, unknown][]; durable: boolean }[]).map((q) => [q.name, q]));

    it('are declared, each a durable quorum queue with the arguments the server gives it', async () => {
      const config = withFiles(settings, ENTRYPOINT_NODE_CONFIG);
      const durable = serverQueues(config).filter((q) => q.key !== 'queuepubsub');
      expect(durable.map((q) => q.key).sort()).toEqual(['queueconvertdead', 'queueconvertresponse', 'queueconverttask', 'queuedelayed']);
      for (const q of durable) expect({ key: q.key, ...(await declare(config.rabbitmq[q.key].name, q.options)) }).toMatchObject({ key: q.key, status: 201 });
      const queues = listed();
      for (const q of durable) {
        const real = queues.get(config.rabbitmq[q.key].name);
        const args = Object.fromEntries(real!.arguments.map(([k, , v]) => [k, v]));
        expect({ key: q.key, type: real?.type, durable: real?.durable, args }).toEqual({ key: q.key, type: 'quorum', durable: true, args: amqplibDeclare(q.options).arguments });
      }
    });

    it("would be classic with the server's defaults alone, and the convert-task queue with its maxPriority is refused as quorum", async () => {
      const defaults = withFiles(ENTRYPOINT_NODE_CONFIG);
      const task = serverQueues(defaults).find((q) => q.key === 'queueconverttask')!;
      expect(await declare('probe.defaults', task.options)).toMatchObject({ status: 201 });
      expect(listed().get('probe.defaults')?.type).toBe('classic');
      const keepsPriority = { ...task.options, arguments: { 'x-queue-type': 'quorum' } };
      const refused = await declare('probe.priority', keepsPriority);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatch(/invalid arg 'x-max-priority'/);
    });
  });
});
