/**
 * How ONLYOFFICE's queues come out in RabbitMQ, from socle's settings file: a port of the chain at
 * the pinned versions. (1) node-config 3.3.12 merges local-production-linux.json over default.json
 * (util.extendDeep: objects merge, anything else, null included, replaces). (2) The server builds
 * each queue's options (ONLYOFFICE/server v9.0.4.9 Common/sources/taskqueueRabbitMQ.js L73-77,
 * L87-88, L130-135, L141; DocService/sources/pubsubRabbitMQ.js L67). (3) amqplib 0.10.7
 * lib/api_args.js turns options into queue.declare fields (durable defaults to true; an argument
 * is set only when `!= undefined`). (4) RabbitMQ 4.1.4 declares it (rabbit_amqqueue.erl
 * check_declare_arguments: the default type only when none is given, arguments outside the
 * type's capabilities refused; rabbit_quorum_queue.erl declare: durable, not exclusive, not auto-delete).
 */
import { describe, expect, it } from 'vitest';
import { configData, EXAMPLE_NAMES, loadExample, render } from '../examples.js';
import { amqplibDeclare, ENTRYPOINT_NODE_CONFIG, serverQueues, withFiles, type Json } from './onlyoffice-server-queues.js';

/** rabbit_classic_queue.erl and rabbit_quorum_queue.erl capabilities() queue_arguments (stream's omitted: not used here). */
const CLASSIC_ARGS = ['x-expires', 'x-message-ttl', 'x-dead-letter-exchange', 'x-dead-letter-routing-key', 'x-max-length', 'x-max-length-bytes', 'x-max-priority', 'x-overflow', 'x-queue-mode', 'x-queue-version', 'x-single-active-consumer', 'x-queue-type', 'x-queue-master-locator', 'x-queue-leader-locator'];
const QUORUM_ARGS = ['x-dead-letter-exchange', 'x-dead-letter-routing-key', 'x-dead-letter-strategy', 'x-expires', 'x-max-length', 'x-max-length-bytes', 'x-max-in-memory-length', 'x-max-in-memory-bytes', 'x-overflow', 'x-single-active-consumer', 'x-queue-type', 'x-quorum-initial-group-size', 'x-delivery-limit', 'x-message-ttl', 'x-queue-leader-locator'];
const ALL_ARGS = [...new Set([...CLASSIC_ARGS, ...QUORUM_ARGS])];

/** RabbitMQ's answer to queue.declare on a broker with `default_queue_type = quorum` (charts/apps/onlyoffice/rabbitmq.ts). */
function rabbitDeclare(d: ReturnType<typeof amqplibDeclare>): { type: string; error?: string } {
  const type = d.arguments['x-queue-type'] ?? 'quorum';
  const allowed = type === 'quorum' ? QUORUM_ARGS : CLASSIC_ARGS;
  const invalid = Object.keys(d.arguments).find((a) => ALL_ARGS.includes(a) && !allowed.includes(a));
  if (invalid) return { type, error: `PRECONDITION_FAILED invalid arg '${invalid}' of queue type ${type}` };
  if (type === 'quorum') {
    if (d.autoDelete) return { type, error: "PRECONDITION_FAILED invalid property 'auto-delete'" };
    if (d.exclusive) return { type, error: "PRECONDITION_FAILED invalid property 'exclusive-owner'" };
    if (!d.durable) return { type, error: "PRECONDITION_FAILED invalid property 'non-durable'" };
  }
  return { type };
}

const declared = (config: Json) => Object.fromEntries(serverQueues(config).map((q) => [q.key, rabbitDeclare(amqplibDeclare(q.options))]));

describe.each(EXAMPLE_NAMES)('ONLYOFFICE queues in RabbitMQ, example %s', (name) => {
  const settings = JSON.parse(configData(render(loadExample(name)).objects, 'onlyoffice-storage', 'local-production-linux.json'));

  it('declares every durable queue as a quorum queue RabbitMQ accepts; the per-connection pub/sub queue stays classic', () => {
    expect(declared(withFiles(settings, ENTRYPOINT_NODE_CONFIG))).toEqual({
      queueconverttask: { type: 'quorum' },
      queueconvertresponse: { type: 'quorum' },
      queuedelayed: { type: 'quorum' },
      queueconvertdead: { type: 'quorum' },
      queuepubsub: { type: 'classic' },
    });
  });
});

describe('the port reproduces the review', () => {
  it("K9: with the server's defaults every queue is classic, whatever the broker's default type", () => {
    expect(Object.values(declared(withFiles(ENTRYPOINT_NODE_CONFIG))).map((d) => d.type)).toEqual(['classic', 'classic', 'classic', 'classic', 'classic']);
  });

  it('a quorum convert-task queue that kept maxPriority would be refused', () => {
    const keepsPriority = { rabbitmq: { queueconverttask: { options: { arguments: { 'x-queue-type': 'quorum' } } } } };
    expect(declared(withFiles(keepsPriority)).queueconverttask).toEqual({ type: 'quorum', error: "PRECONDITION_FAILED invalid arg 'x-max-priority' of queue type quorum" });
  });
});
