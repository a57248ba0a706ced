/**
 * What ONLYOFFICE's server asks RabbitMQ for, from its settings files: the chain at the pinned
 * versions (node-config 3.3.12 merge, ONLYOFFICE/server v9.0.4.9 queue options, amqplib 0.10.7
 * queue.declare fields). Shared by the port of RabbitMQ's checks (onlyoffice-queues.test.ts) and
 * the real broker (test/real/programs/rabbitmq.real.test.ts).
 */
/** ONLYOFFICE/server v9.0.4.9 Common/config/default.json: `queue` (L36-40) and the queues of `rabbitmq` (L137-198). */
export const DEFAULTS = {
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
export const ENTRYPOINT_NODE_CONFIG = { rabbitmq: { url: 'amqp://onlyoffice:***@onlyoffice-rabbitmq-headless:5672/' } };

export type Json = Record<string, any>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export function extendDeep(into: Json, from: Json): Json {
  for (const [k, v] of Object.entries(from)) {
    if (isObject(into[k]) && isObject(v)) extendDeep(into[k], v);
    else into[k] = isObject(v) ? structuredClone(v) : v;
  }
  return into;
}

/** Each queue the document service and converter declare: name and assertQueue options. */
export function serverQueues(config: Json): { key: string; options: Json }[] {
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

export function amqplibDeclare(options: Json) {
  const args: Json = { ...(options.arguments ?? {}) };
  for (const [option, arg] of AMQPLIB_ARGUMENTS) if (options[option] != undefined) args[arg] = options[option];
  return { durable: options.durable === undefined ? true : options.durable, exclusive: !!options.exclusive, autoDelete: !!options.autoDelete, arguments: args };
}

/** The server's configuration: its defaults with the settings files merged over them, in order. */
export const withFiles = (...files: Json[]) => files.reduce((c, f) => extendDeep(c, f), structuredClone(DEFAULTS) as Json);
