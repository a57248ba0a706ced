/** Every replicated data store has a 3-member quorum (odd for MongoDB replica sets). */
import { dig, pointer } from '../artifacts/json.js';
import { containers, imageRepository, manifestPointer, podTemplates, type KubeObject } from '../artifacts/kubernetes.js';
import type { Policy, Violation } from '../policy.js';

export const QUORUM = 3;

// Images of data stores that replicate by quorum when run as StatefulSets.
const DATA_STORE_IMAGE = /(^|\/)(mongo|mongodb[\w-]*|postgres(ql)?[\w-]*|mariadb|mysql|redis[\w-]*|valkey|rabbitmq|etcd|nats)$/;

interface Members {
  count: number;
  what: string;
  path: (string | number)[];
}

/** Members declared by the operators' custom resources socle may render. */
function operatorMembers(o: KubeObject): Members | undefined {
  const group = o.apiVersion.split('/')[0];
  if (group === 'postgresql.cnpg.io' && o.kind === 'Cluster') return { count: Number(dig(o.object, 'spec', 'instances') ?? 1), what: 'PostgreSQL instances', path: ['spec', 'instances'] };
  if (group === 'mongodbcommunity.mongodb.com') return { count: Number(dig(o.object, 'spec', 'members') ?? 0), what: 'MongoDB replica set members', path: ['spec', 'members'] };
  if (group === 'psmdb.percona.com') return { count: Number(dig(o.object, 'spec', 'replsets', 0, 'size') ?? 0), what: 'MongoDB replica set members', path: ['spec', 'replsets', 0, 'size'] };
  if (group === 'rabbitmq.com' && o.kind === 'RabbitmqCluster') return { count: Number(dig(o.object, 'spec', 'replicas') ?? 1), what: 'RabbitMQ nodes', path: ['spec', 'replicas'] };
  return undefined;
}

export const availabilityDatabaseQuorum: Policy = {
  id: 'availability-database-quorum',
  title: 'Databases run a 3-member quorum',
  category: 'availability',
  severity: 'high',
  rationale: 'A replicated database elects a primary by majority: with fewer than three members one failure stops writes (or risks split brain), and an even MongoDB replica set gains no fault tolerance over the odd number below it.',
  remediation: 'Run three members (CloudNativePG `instances: 3`, MongoDB replica sets of 3, Redis/RabbitMQ of 3), one per node and zone.',
  references: [
    { title: 'MongoDB: replica set members (three-member minimum)', url: 'https://www.mongodb.com/docs/manual/core/replica-set-members/' },
    { title: 'CloudNativePG architecture', url: 'https://cloudnative-pg.io/documentation/current/architecture/' },
  ],
  check(artifacts) {
    const out: Violation[] = [];
    if (artifacts.objects.length === 0) {
      artifacts.sizing?.components.forEach((c, i) => {
        if (c.kind === 'stateful' && (c.replicas < QUORUM || (/mongo/.test(c.name) && c.replicas % 2 === 0))) {
          out.push({ resource: `sizing/components/${c.name}`, message: `${c.name} is planned with ${c.replicas} members`, evidence: { file: 'sizing.json', pointer: pointer('components', i, 'replicas'), value: c.replicas } });
        }
      });
      return out;
    }
    for (const o of artifacts.objects) {
      const members = operatorMembers(o);
      if (!members) continue;
      const even = /MongoDB/.test(members.what) && members.count % 2 === 0;
      if (members.count < QUORUM || even) out.push({ resource: o.address, message: `${members.count} ${members.what}${even ? ' (an even number)' : ''}: a quorum needs ${QUORUM}${even ? ' or another odd number' : ''}`, evidence: { file: o.file, pointer: manifestPointer(o, ...members.path), value: members.count } });
    }
    for (const t of podTemplates(artifacts.objects)) {
      if (t.owner.kind !== 'StatefulSet') continue;
      const store = containers(t).find((c) => !c.initContainer && DATA_STORE_IMAGE.test(imageRepository(c.image)));
      if (!store) continue;
      const replicas = t.replicas ?? 1;
      const even = /mongo/.test(imageRepository(store.image)) && replicas % 2 === 0;
      if (replicas < QUORUM || even) out.push({ resource: t.owner.address, message: `${imageRepository(store.image).split('/').pop()} StatefulSet runs ${replicas} member${replicas === 1 ? '' : 's'}${even ? ' (an even number)' : ''}: a quorum needs ${QUORUM}`, evidence: { file: t.owner.file, pointer: manifestPointer(t.owner, 'spec', 'replicas'), value: replicas } });
    }
    return out;
  },
};
