/** NATS: the message bus between Rocket.Chat's microservices, a 3-node cluster with fixed routes. */
import type { Environment } from '../../../environments/environment.js';
import type { ComponentPlan } from '../../../sizing/sizing-plan.js';
import { container, httpProbe } from '../../container.js';
import { imageRef } from '../../images.js';
import type { KubeObject } from '../../kube-object.js';
import { resourceRequirements } from '../../resources.js';
import { configMap, labelsFor, service, statefulSet } from '../../workload.js';

function natsConf(plan: ComponentPlan, namespace: string): string {
  const routes = Array.from({ length: plan.replicas }, (_, i) => `    nats://${plan.name}-${i}.${plan.name}-headless.${namespace}.svc.cluster.local:6222`).join('\n');
  return `port: 4222
http: 8222
server_name: $POD_NAME
cluster {
  name: ${plan.name}
  port: 6222
  routes: [
${routes}
  ]
}
`;
}

export function nats(env: Environment, namespace: string, app: string, plan: ComponentPlan): KubeObject[] {
  const image = imageRef(env, 'nats');
  const base = { env, namespace, app, component: plan.name, versionImage: image };
  return [
    configMap(namespace, `${plan.name}-config`, labelsFor(base), { 'nats.conf': natsConf(plan, namespace) }),
    ...statefulSet({
      ...base,
      plan,
      user: { uid: 1000, gid: 1000 },
      hardHostSpread: true,
      dataMountName: 'data',
      ports: [{ name: 'client', port: 4222 }, { name: 'cluster', port: 6222 }, { name: 'monitor', port: 8222 }],
      volumes: [{ name: 'config', configMap: { name: `${plan.name}-config` } }],
      containers: [
        container({
          name: 'nats',
          image,
          resources: resourceRequirements(plan),
          args: ['--config', '/etc/nats/nats.conf'],
          env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
          ports: [{ name: 'client', containerPort: 4222 }, { name: 'cluster', containerPort: 6222 }, { name: 'monitor', containerPort: 8222 }],
          volumeMounts: [{ name: 'config', mountPath: '/etc/nats' }, ...(plan.volume ? [{ name: 'data', mountPath: '/data' }] : [])],
          probes: { liveness: httpProbe('/healthz', 'monitor'), readiness: httpProbe('/healthz', 'monitor', 5) },
        }),
      ],
    }),
    service(base, [{ name: 'client', port: 4222 }]),
  ];
}
