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
import { configData, EXAMPLE_NAMES, loadExample, render } from './examples.js';

/** ONLYOFFICE/server v9.0.4.9 Common/config/default.json: `queue` (L36-40) and the queues of `rabbitmq` (L137-198). */
const DEFAULTS = {
  queue: { type: 'rabbitmq', visibilityTimeout: 300, retentionPeriod: 900 },
  rabbitmq: {
    url: 'amqp://localhost:5672',
    exchangepubsub: { name: 'ds.pubsub', options: { durable: true } },
    queuepubsub: { name: '', options: { autoDelete: true, exclusive: true, arguments: { 'x-queue-type': 'classic' } } },
    queueconverttask: { name: 'ds.converttask6', options: { durable: true, maxPriority: 6, arguments: { 'x-queue-type': 'classic' } } },
    queueconvertresponse: { name: 'ds.convertresponse', options: { durable: true, arguments: { 'x-queue-type': 'classic' } } },
    exchangeconvertdead: { name: 'ds.exchangeconvertdead', options: { durable: true } },
    queueconvertdead: { name: 'ds.convertdead', options: { durable: true, arguments: { 'x-queue-type': 'classic' } } },
    queuedelayed: { name: 'ds.delayed', options: { durable: true, arguments: { 'x-queue-type': 'classic' } } },
  },
};
/** The image's entrypoint sets only the URL of `rabbitmq` in NODE_CONFIG (Docker-Docs v9.0.4-1 docker-entrypoint.sh L145-147). */
const ENTRYPOINT_NODE_CONFIG = { rabbitmq: { url: 'amqp://onlyoffice:***@onlyoffice-rabbitmq-headless:5672/' } };

type Json = Record<string, any>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function extendDeep(into: Json, from: Json): Json {
  for (const [k, v] of Object.entries(from)) {
    if (isObject(into[k]) && isObject(v)) extendDeep(into[k], v);
    else into[k] = isObject(v) ? structuredClone(v) : v;
  }
  return into;
}

/** Each queue the document service and converter declare: name and assertQueue options. */
function serverQueues(config: Json): { key: string; options: Json }[] {
  const mq = config.rabbitmq;
  const dead = { deadLetterExchange: mq.exchangeconvertdead.name };
  return [
    { key: 'queueconverttask', options: { messageTtl: config.queue.retentionPeriod * 1000, ...dead, ...mq.queueconverttask.options } },
    { key: 'queueconvertresponse', options: mq.queueconvertresponse.options },
    { key: 'queuedelayed', options: { ...dead, ...mq.queuedelayed.options } },
    { key: 'queueconvertdead', options: mq.queueconvertdead.options },
    { key: 'queuepubsub', options: mq.queuepubsub.options },
  ];
}

const AMQPLIB_ARGUMENTS: [string, string][] = [
  ['expires', 'x-expires'],
  ['messageTtl', 'x-message-ttl'],
  ['deadLetterExchange', 'x-dead-letter-exchange'],
  ['deadLetterRoutingKey', 'x-dead-letter-routing-key'],
  ['maxLength', 'x-max-length'],
  ['maxPriority', 'x-max-priority'],
  ['overflow', 'x-overflow'],
  ['queueMode', 'x-queue-mode'],
];

function amqplibDeclare(options: Json) {
  const args: Json = { ...(options.arguments ?? {}) };
  for (const [option, arg] of AMQPLIB_ARGUMENTS) if (options[option] != undefined) args[arg] = options[option];
  return { durable: options.durable === undefined ? true : options.durable, exclusive: !!options.exclusive, autoDelete: !!options.autoDelete, arguments: args };
}

/** rabbit_classic_queue.erl and rabbit_quorum_queue.erl capabilities() queue_arguments (stream's omitted: not used here). */
const CLASSIC_ARGS = ['x-expires', 'x-message-ttl', 'x-dead-letter-exchange', 'x-dead-letter-routing-key', 'x-max-length', 'x-max-length-bytes', 'x-max-priority', 'x-overflow', 'x-queue-mode', 'x-queue-version', 'x-single-active-consumer', 'x-queue-type', 'x-queue-master-locator', 'x-queue-leader-locator'];
const QUORUM_ARGS = ['x-dead-letter-exchange', 'x-dead-letter-routing-key', 'x-dead-letter-strategy', 'x-expires', 'x-max-length', 'x-max-length-bytes', 'x-max-in-memory-length', 'x-max-in-memory-bytes', 'x-overflow', 'x-single-active-consumer', 'x-queue-type', 'x-quorum-initial-group-size', 'x-delivery-limit', 'x-message-ttl', 'x-queue-leader-locator'];
const ALL_ARGS = [...new Set([...CLASSIC_ARGS, ...QUORUM_ARGS])];

/** RabbitMQ's answer to queue.declare on a broker with `default_queue_type = quorum` (charts/rabbitmq.ts). */
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
const withFiles = (...files: Json[]) => files.reduce((c, f) => extendDeep(c, f), structuredClone(DEFAULTS) as Json);

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
