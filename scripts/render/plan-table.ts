/** The sizing plan as text tables, for `socle size` and `socle synth`. */
import type { SizingPlan } from '../../sizing/sizing-plan.js';
import { table } from '../terminal.js';

const cpu = (m: number) => (m % 1000 === 0 ? `${m / 1000}` : `${(m / 1000).toFixed(2).replace(/0$/, '')}`);
const mem = (mib: number) => (mib >= 1024 ? `${+(mib / 1024).toFixed(1)}Gi` : `${mib}Mi`);

export function planTables(plan: SizingPlan): string {
  const l = plan.load;
  const head =
    `${plan.environment}: ${plan.users} users (profile ${plan.profile}), ${plan.region}${plan.zones.length ? ` zones ${plan.zones.join(', ')}` : ' (one zone)'}\n` +
    `peak: ${l.concurrentUsers} concurrent users, ${l.meetingParticipants} in meetings, ${l.coeditors} co-editing, ${l.nextcloudRequestsPerSecond} Nextcloud req/s, ${l.videoEgressMbps} Mbit/s video egress\n\n`;
  const components = table(
    ['component', 'replicas', 'cpu req', 'mem req', 'cpu lim', 'mem lim', 'volume', 'pool'],
    plan.components.map((c) => [
      c.name,
      c.replicas,
      cpu(c.requests.cpuMillicores),
      mem(c.requests.memoryMiB),
      cpu(c.limits.cpuMillicores),
      mem(c.limits.memoryMiB),
      c.volume ? `${c.volume.sizeGi}Gi` : '-',
      c.pool,
    ]),
  );
  const pools = table(
    ['node pool', 'flavor', 'nodes', 'per zone', 'public IP', 'cpu use', 'mem use'],
    plan.nodePools.map((p) => [
      p.role,
      `${p.flavor.name} (${p.flavor.vcpus} vCPU, ${p.flavor.ramGb} GB)`,
      p.count,
      p.zones.map((z) => `${z.zone ?? 'single'}:${z.count}`).join(' '),
      p.publicIp ? 'yes' : 'no',
      `${Math.round(p.utilisation.cpu * 100)} %`,
      `${Math.round(p.utilisation.memory * 100)} %`,
    ]),
  );
  const licences = table(
    ['app', 'edition', 'allows', 'needs', 'verdict'],
    plan.licences.map((g) => [g.app, g.edition, g.allows, g.needs, g.sufficient ? 'ok' : 'INSUFFICIENT']),
  );
  const storage = table(
    ['bucket', 'region', 'GB', 'purpose'],
    plan.objectStorage.map((b) => [b.name, b.region, b.sizeGb, b.purpose]),
  );
  // Use: the pods' requests over what the pool's nodes leave to pods (system reserve, per-node pods).
  return `${head}${components}\n${pools}\n${licences}\n${storage}\nblock storage ${plan.blockStorageGi} GiB; load balancers ${plan.loadBalancers.map((b) => `${b.name} (${b.size})`).join(', ')}; ${plan.publicIps} public IPs\n`;
}
