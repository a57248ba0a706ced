/**
 * ONLYOFFICE's RabbitMQ queues as quorum queues, replicated over the RabbitMQ members. The server
 * declares every queue with `x-queue-type: classic` (ONLYOFFICE/server v9.0.4.9
 * Common/config/default.json L146-198), which wins over RabbitMQ's `default_queue_type = quorum`
 * (rabbitmq-server v4.1.4 rabbit_amqqueue.erl: the default is injected only when the client sets
 * no type), and classic queues aren't replicated in RabbitMQ 4. The queue options are the server's
 * node-config, so socle overrides them in the settings file it already mounts
 * (onlyoffice-storage.ts).
 *
 * Quorum queues accept only durable, non-exclusive, non-auto-delete queues
 * (rabbit_quorum_queue.erl is_compatible/declare) and refuse classic-only arguments such as
 * `x-max-priority` (rabbit_amqqueue.erl check_declare_arguments with rabbit_quorum_queue.erl
 * capabilities()). So:
 * - `queueconverttask`: quorum, without `maxPriority` (`null`: node-config keeps a null override,
 *   amqplib 0.10.7 api_args.js sets an argument only when `!= undefined`). Quorum queues keep two
 *   priorities, normal (0-4) and high (5+), which the server's own priorities were chosen for
 *   (Common/sources/constants.js L252-259). The server adds `x-message-ttl` and
 *   `x-dead-letter-exchange` (taskqueueRabbitMQ.js L73-77), both quorum arguments.
 * - `queueconvertresponse`, `queueconvertdead`, `queuedelayed`: quorum (durable, plain; the delayed
 *   queue's dead-letter exchange, L130-133, is a quorum argument).
 * - `queuepubsub` stays classic: it is each document service's own exclusive, auto-delete queue on
 *   the fanout exchange, gone with its connection by design; quorum queues can't be exclusive.
 */
const QUORUM = { arguments: { 'x-queue-type': 'quorum' } };

export const ONLYOFFICE_QUEUE_SETTINGS = {
  rabbitmq: {
    queueconverttask: { options: { maxPriority: null, ...QUORUM } },
    queueconvertresponse: { options: QUORUM },
    queueconvertdead: { options: QUORUM },
    queuedelayed: { options: QUORUM },
  },
} as const;
