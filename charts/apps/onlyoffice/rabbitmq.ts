/**
 * RabbitMQ for ONLYOFFICE: a StatefulSet cluster formed from its fixed member names (classic
 * config peer discovery: no Kubernetes API access needed), queues quorum-replicated by default.
 */
import type { Environment } from '../../../environments/environment.js';
import type { ComponentPlan } from '../../../sizing/sizing-plan.js';
import { container, envSecret, envValue, execProbe, tcpProbe } from '../../container.js';
import { imageRef } from '../../images.js';
import type { KubeObject } from '../../kube-object.js';
import { helperResources, resourceRequirements } from '../../resources.js';
import { literal, random, type SecretSpec } from '../../secret-catalogue.js';
import { configMap, labelsFor, statefulSet } from '../../workload.js';

const RABBITMQ_UID = 999;
export const rabbitmqSecret = (plan: ComponentPlan) => `${plan.name}-auth`;
export const rabbitmqHost = (plan: ComponentPlan, namespace: string) => `${plan.name}-headless.${namespace}.svc.cluster.local`;

export function rabbitmqSecrets(plan: ComponentPlan, namespace: string): SecretSpec {
  return {
    name: rabbitmqSecret(plan),
    namespaces: [namespace],
    values: { username: literal('onlyoffice'), password: random(32), 'erlang-cookie': random(64) },
    purpose: `${plan.name}: application user and Erlang cluster cookie`,
  };
}

function rabbitmqConf(plan: ComponentPlan, namespace: string): string {
  const nodes = Array.from({ length: plan.replicas }, (_, i) => `cluster_formation.classic_config.nodes.${i + 1} = rabbit@${plan.name}-${i}.${rabbitmqHost(plan, namespace)}`);
  return [
    'cluster_formation.peer_discovery_backend = classic_config',
    ...nodes,
    // Queues survive the loss of a member (RabbitMQ docs, "Quorum Queues").
    'default_queue_type = quorum',
    'cluster_partition_handling = pause_minority',
    'loopback_users.guest = true',
    'listeners.tcp.default = 5672',
    'management.tcp.port = 15672',
    '',
  ].join('\n');
}

export function rabbitmq(env: Environment, namespace: string, app: string, plan: ComponentPlan): KubeObject[] {
  const image = imageRef(env, 'rabbitmq');
  const base = { env, namespace, app, component: plan.name, versionImage: image };
  const secret = rabbitmqSecret(plan);
  return [
    configMap(namespace, `${plan.name}-config`, labelsFor(base), { 'rabbitmq.conf': rabbitmqConf(plan, namespace), enabled_plugins: '[rabbitmq_management].\n' }),
    ...statefulSet({
      ...base,
      plan,
      user: { uid: RABBITMQ_UID, gid: RABBITMQ_UID },
      hardHostSpread: true,
      dataMountName: 'data',
      ports: [{ name: 'amqp', port: 5672 }, { name: 'epmd', port: 4369 }, { name: 'dist', port: 25672 }],
      volumes: [
        { name: 'config', configMap: { name: `${plan.name}-config` } },
        { name: 'cookie-source', secret: { secretName: secret, defaultMode: 0o400 } },
      ],
      initContainers: [
        // The Erlang cookie must be owner-only; a Secret volume file can't be owned by the rabbitmq user.
        container({
          name: 'cookie',
          image,
          resources: helperResources(plan, 'cookie'),
          command: ['sh', '-c', 'cp /source/erlang-cookie /var/lib/rabbitmq/.erlang.cookie && chmod 400 /var/lib/rabbitmq/.erlang.cookie'],
          volumeMounts: [{ name: 'cookie-source', mountPath: '/source', readOnly: true }, { name: 'data', mountPath: '/var/lib/rabbitmq' }],
        }),
      ],
      containers: [
        container({
          name: 'rabbitmq',
          image,
          resources: resourceRequirements(plan),
          env: [
            { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            envValue('RABBITMQ_USE_LONGNAME', 'true'),
            envValue('RABBITMQ_NODENAME', `rabbit@$(POD_NAME).${rabbitmqHost(plan, namespace)}`),
            envValue('RABBITMQ_CONFIG_FILE', '/etc/rabbitmq/rabbitmq.conf'),
            envSecret('RABBITMQ_DEFAULT_USER', secret, 'username'),
            envSecret('RABBITMQ_DEFAULT_PASS', secret, 'password'),
          ],
          ports: [{ name: 'amqp', containerPort: 5672 }, { name: 'epmd', containerPort: 4369 }, { name: 'dist', containerPort: 25672 }],
          volumeMounts: [{ name: 'data', mountPath: '/var/lib/rabbitmq' }, { name: 'config', mountPath: '/etc/rabbitmq' }],
          probes: { liveness: tcpProbe('amqp', 60), readiness: execProbe(['rabbitmq-diagnostics', '-q', 'check_port_connectivity'], 20) },
          writableRootFilesystemBecause: 'the entrypoint writes generated configuration and logs outside the data volume',
        }),
      ],
    }),
  ];
}
