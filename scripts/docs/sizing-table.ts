/**
 * The reference sizing table of the docs (1,000 / 3,000 / 9,000 users), generated from the code:
 * the metropolis example at three sizes. `npm run docs` writes it; a test fails when it is stale.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { parseEnvironment } from '../../environments/load-environment.js';
import { cost } from '../../sizing/cost.js';
import { size } from '../../sizing/size.js';
import { PACKAGE_ROOT } from '../environment-argument.js';

export const REFERENCE_SIZES = [1000, 3000, 9000] as const;
const BASE = 'environments/examples/metropole-9000.yaml';

export function referenceEnvironments() {
  const doc = load(readFileSync(join(PACKAGE_ROOT, BASE), 'utf8')) as Record<string, unknown>;
  return REFERENCE_SIZES.map((users) => {
    const { profile: _profile, ...rest } = doc;
    return parseEnvironment(dump({ ...rest, users }), `${BASE} (users: ${users})`);
  });
}

export function sizingTableMarkdown(): string {
  const envs = referenceEnvironments();
  const plans = envs.map(size);
  const costs = envs.map((e, i) => cost(e, plans[i]!));
  const names = [...new Set(plans.flatMap((p) => p.components.map((c) => c.name)))];
  const header = `| | ${REFERENCE_SIZES.map((u) => `${u.toLocaleString('en-US')} users`).join(' | ')} |\n|---|${REFERENCE_SIZES.map(() => '---').join('|')}|\n`;
  const row = (label: string, cells: string[]) => `| ${label} | ${cells.join(' | ')} |\n`;
  let out = `<!-- generated — do not edit — regenerate with \`npm run docs\` -->\n# Reference sizing\n\nThe metropolis example (\`${BASE}\`, OVHcloud EU-WEST-PAR, 3 zones) at three sizes, as \`socle size\` plans it. Every number comes from \`sizing/\`; the assumptions and their sources are in \`sizing/assumptions.ts\`.\n\n## Peak load\n\n${header}`;
  out += row('concurrent users', plans.map((p) => String(p.load.concurrentUsers)));
  out += row('meeting participants', plans.map((p) => String(p.load.meetingParticipants)));
  out += row('simultaneous editors', plans.map((p) => String(p.load.coeditors)));
  out += row('Nextcloud requests/s', plans.map((p) => String(p.load.nextcloudRequestsPerSecond)));
  out += `\n## Replicas per component\n\n${header}`;
  for (const name of names) out += row(name, plans.map((p) => String(p.components.find((c) => c.name === name)?.replicas ?? '—')));
  out += `\n## Node pools (nodes × flavor)\n\n${header}`;
  for (const role of ['control-plane', 'general', 'media', 'database'] as const) {
    out += row(role, plans.map((p) => {
      const pool = p.nodePools.find((n) => n.role === role);
      return pool ? `${pool.count} × ${pool.flavor.name}` : '—';
    }));
  }
  out += `\n## Node pool use (CPU / memory requests over what the nodes leave to pods)\n\n${header}`;
  for (const role of ['control-plane', 'general', 'media', 'database'] as const) {
    out += row(role, plans.map((p) => {
      const pool = p.nodePools.find((n) => n.role === role);
      return pool ? `${Math.round(pool.utilisation.cpu * 100)} % / ${Math.round(pool.utilisation.memory * 100)} %` : '—';
    }));
  }
  out += `\nA pool under half of its binding resource says which rule sets its count in its \`rationale\` (\`socle size --format json\`).\n`;
  out += `\nThe requests are every pod the scheduler places, counted as it counts them: sidecars (nginx beside PHP-FPM, Sentinel beside Valkey, the ONLYOFFICE proxy) added to their pod, the larger of that and each init container; the HAProxy routers, the nightly backup jobs and RKE2's CoreDNS included (\`test/sizing/packing-covers-manifests.test.ts\` checks them against the rendered manifests). What a node leaves to pods is its flavor less the kubelet's \`kubeReserved\` (GKE's tiers) and its \`memory.available<100Mi\` eviction threshold — both set on every RKE2 node (a kubelet configuration drop-in) — and the per-node pods (canal, kube-proxy). The node count is the scheduler port's placement: near a pool's edge, one node more or fewer can follow from where earlier pods landed. N+1 counts the services only: the backup jobs run at a lower priority (PriorityClass \`socle-backups\`), so after a node loss the scheduler evicts a running backup where a service needs its room; the backup's new pod waits for room within its 6-hour deadline, or the next night's run takes over.\n`;
  out += `\n## Monthly cost (list prices, EUR excl. VAT, licences not included)\n\n${header}`;
  out += row('infrastructure per month', costs.map((c) => `${Math.round(c.monthlyTotalEur).toLocaleString('en-US')} €`));
  out += row('per user per month', costs.map((c) => `${c.perUserMonthlyEur.toFixed(2)} €`));
  out += row('Microsoft 365 E3 per month', costs.map((c) => `${Math.round(c.comparison.monthlyTotalEur).toLocaleString('en-US')} €`));
  return out;
}
