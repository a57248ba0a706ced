/**
 * Does the project have room for the environment? What the artifacts need (`project-demand.ts`)
 * against the project's quotas and usage (`project-quotas.ts`), before any tofu command: a quota
 * the apply would hit is a failure with the fix; volumes (made later by the claims) and hard
 * anti-affinity (which needs hypervisors a project can't see) are warnings; a quota that can't be
 * read is a note.
 */
import type { Environment } from '../../../environments/environment.js';
import type { OperateDeps } from '../flows/operate-context.js';
import { keystoneSession } from './keystone-token.js';
import { projectDemand, type ProjectDemand } from './project-demand.js';
import { readProjectQuotas, type ProjectQuotas, type QuotaName, type QuotaReading } from './project-quotas.js';
import type { SynthesizedStack } from '../state/synthesized-stacks.js';

export interface QuotaFinding {
  level: 'fail' | 'warn' | 'note';
  subject: string;
  message: string;
  /** What to do (fail and warn). */
  hint?: string;
}

interface Need {
  name: QuotaName;
  what: string;
  needed: number;
  /** Volumes come from the claims once the suite runs: short there, the apply still succeeds. */
  atApply: boolean;
  unit?: 'MiB' | 'GiB';
}

function needs(d: ProjectDemand): Need[] {
  return [
    { name: 'instances', what: 'servers', needed: d.instances, atApply: true },
    { name: 'cores', what: 'vCPUs', needed: d.cores, atApply: true },
    { name: 'ram', what: 'RAM', needed: d.ramMiB, atApply: true, unit: 'MiB' },
    { name: 'server-groups', what: 'server groups', needed: d.serverGroups.length, atApply: true },
    { name: 'floating-ips', what: 'floating IPs', needed: d.floatingIps, atApply: true },
    { name: 'ports', what: 'ports', needed: d.ports, atApply: true },
    { name: 'networks', what: 'networks', needed: d.networks, atApply: true },
    { name: 'subnets', what: 'subnets', needed: d.subnets, atApply: true },
    { name: 'routers', what: 'routers', needed: d.routers, atApply: true },
    { name: 'secgroups', what: 'security groups', needed: d.securityGroups, atApply: true },
    { name: 'secgroup-rules', what: 'security group rules', needed: d.securityGroupRules, atApply: true },
    { name: 'loadbalancer', what: 'load balancers', needed: d.loadBalancers, atApply: true },
    { name: 'volumes', what: 'volumes', needed: d.volumes, atApply: false },
    { name: 'gigabytes', what: 'volume storage', needed: d.volumeGiB, atApply: false, unit: 'GiB' },
  ];
}

const amount = (n: number, unit?: 'MiB' | 'GiB') => (unit === 'MiB' ? `${n} MiB (${Math.round(n / 1024)} GiB)` : unit === 'GiB' ? `${n} GiB` : String(n));

/** How the quota goes up: OVHcloud raises them per project; elsewhere a cloud administrator sets them. */
function raiseHint(environment: Environment, name: QuotaName, value: number, projectId: string, region: string, unit?: 'MiB' | 'GiB'): string {
  const command = name === 'loadbalancer' ? `openstack loadbalancer quota set --loadbalancer ${value} ${projectId}` : `openstack quota set --${name} ${value} ${projectId}`;
  // [UNVERIFIED] OVHcloud's quota page and support route as the 2026-12-01 review (OS4) states them.
  if (environment.cloud.provider === 'ovhcloud') return `ask OVHcloud to raise it to ${value}${unit ? ` ${unit}` : ''} for project ${projectId} in ${region} (Public Cloud → your project → Quota and Regions, or a support ticket for what the page doesn't offer)`;
  return `a cloud administrator raises it for the project in ${region}: \`${command}\``;
}

export function compareQuotas(environment: Environment, demand: ProjectDemand, quotas: ProjectQuotas, projectId: string, alreadyDeployed: boolean): QuotaFinding[] {
  const findings: QuotaFinding[] = [];
  const subject = `quota ${demand.region}`;
  const byName = new Map<QuotaName, QuotaReading>(quotas.readings.map((r) => [r.name, r]));

  for (const need of needs(demand)) {
    const q = byName.get(need.name);
    if (!q || q.limit < 0 || need.needed === 0) continue;
    // Once deployed, the usage includes this environment's own resources: only the limit can be compared.
    const used = alreadyDeployed ? 0 : (q.used ?? 0);
    const free = Math.max(0, q.limit - used);
    if (need.needed <= free) continue;
    const usage = alreadyDeployed ? `the project allows ${amount(q.limit, need.unit)}` : `${amount(free, need.unit)} free (limit ${amount(q.limit, need.unit)}, ${amount(used, need.unit)} in use)`;
    findings.push({
      level: need.atApply ? 'fail' : 'warn',
      subject,
      message: `${need.name}: the environment needs ${amount(need.needed, need.unit)} of ${need.what}, ${usage}${need.atApply ? '' : ' — the claims would stay Pending'}`,
      hint: raiseHint(environment, need.name, used + need.needed, projectId, demand.region, need.unit),
    });
  }

  // Nova counts members per group (quota server_group_members): every group must fit, the largest sets the new limit.
  const members = byName.get('server-group-members');
  const over = demand.serverGroups.filter((g) => members && members.limit >= 0 && g.members > members.limit).sort((a, b) => b.members - a.members || a.name.localeCompare(b.name));
  if (members && over.length > 0) {
    findings.push({
      level: 'fail',
      subject,
      message: `server-group-members: the project allows ${members.limit} members per server group; ${over.map((g) => `${g.name} has ${g.members}`).join(', ')}`,
      hint: raiseHint(environment, 'server-group-members', over[0]!.members, projectId, demand.region),
    });
  }

  // Hard anti-affinity: Nova's scheduler puts each member on another compute host
  // (nova ServerGroupAntiAffinityFilter), and fails the rest with NoValidHost.
  for (const group of demand.serverGroups) {
    if (group.policy !== 'anti-affinity' || group.members < 2) continue;
    findings.push({
      level: 'warn',
      subject,
      message: `server group ${group.name}: hard anti-affinity needs ${group.members} distinct hypervisors with room for ${group.flavors.join(', ') || 'its flavor'} in ${demand.region}; a project can't see hypervisors, so this is not checked`,
      hint: `confirm with the cloud that ${demand.region} has ${group.members} such hosts, or size the pool to fewer, larger servers`,
    });
  }

  if (demand.unknownFlavors.length > 0) {
    findings.push({ level: 'note', subject, message: `vCPUs and RAM of flavor ${demand.unknownFlavors.join(', ')} not counted: neither the catalogue nor cloud.customFlavors describes it` });
  }
  for (const note of quotas.notes) findings.push({ level: 'note', subject, message: note });
  return findings;
}

export interface QuotaPreflightInput {
  environment: Environment;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stacks: readonly SynthesizedStack[];
  outDir: string;
  /** The environment was deployed before (`deployed.json`): the usage includes it. */
  alreadyDeployed: boolean;
  deps: Pick<OperateDeps, 'request'>;
  /** Told the Keystone token as soon as it is issued, so that no event or log can show it. */
  onSecret?: (value: string) => void;
}

export async function projectQuotaFindings(input: QuotaPreflightInput): Promise<QuotaFinding[]> {
  const demands = projectDemand(input.environment, input.stacks, input.outDir).filter((d) => needs(d).some((n) => n.needed > 0));
  if (demands.length === 0) return [];
  const outcome = await keystoneSession(input.environment, input.env, input.cwd, input.deps);
  if (!outcome.ok) {
    if (outcome.refused) return [{ level: 'fail', subject: 'credentials', message: outcome.message, hint: 'check the OpenStack RC file or clouds.yaml entry: user, password or application credential, project and domain' }];
    return [{ level: 'note', subject: 'quota', message: `project quotas not checked: ${outcome.message}` }];
  }
  input.onSecret?.(outcome.session.token);
  const findings: QuotaFinding[] = [];
  for (const demand of demands) {
    const quotas = await readProjectQuotas(outcome.session, demand.region, input.deps);
    findings.push(...compareQuotas(input.environment, demand, quotas, outcome.session.projectId, input.alreadyDeployed));
  }
  return findings;
}
