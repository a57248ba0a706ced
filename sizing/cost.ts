/**
 * `cost(environment, plan)`: the monthly list-price estimate, line by line, with a comparison to
 * Microsoft 365 E3. What has no public price is an explicit "not included" line, never left out.
 */
import { cloudOfRegion, type Price } from '../environments/catalogue/cloud-catalogue.js';
import { offeredFlavors } from '../environments/catalogue/flavors.js';
import type { Environment } from '../environments/environment.js';
import { MICROSOFT_365_E3 } from './prices.js';
import type { SizingPlan } from './sizing-plan.js';

export interface CostLine {
  item: string;
  quantity: number;
  unit: string;
  /** `null`: not included (no public price); `notIncludedReason` says why. */
  unitPriceEur: number | null;
  monthlyEur: number | null;
  source: string;
  notIncludedReason?: string;
}

export interface CostEstimate {
  environment: string;
  users: number;
  currency: 'EUR';
  vat: 'excluded';
  lines: CostLine[];
  monthlyTotalEur: number;
  perUserMonthlyEur: number;
  yearlyTotalEur: number;
  comparison: { offer: string; perUserMonthlyEur: number; monthlyTotalEur: number; source: string; date: string };
  /** Lines with no price: the total leaves them out, and says so here. */
  notIncluded: string[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function priced(item: string, quantity: number, unit: string, unitPriceEur: number, source: string): CostLine {
  return { item, quantity, unit, unitPriceEur, monthlyEur: round2(quantity * unitPriceEur), source };
}

function unpriced(item: string, quantity: number, unit: string, reason: string, source = 'no public price found'): CostLine {
  return { item, quantity, unit, unitPriceEur: null, monthlyEur: null, source, notIncludedReason: reason };
}

export function cost(env: Environment, plan: SizingPlan): CostEstimate {
  const lines: CostLine[] = [];
  const catalogued = offeredFlavors(env.cloud.provider, env.cloud.region);

  for (const pool of plan.nodePools) {
    const item = `${pool.role} nodes (${pool.flavor.name})`;
    const custom = env.cloud.customFlavors.find((f) => f.name === pool.flavor.name);
    const fromCatalogue = custom ? undefined : catalogued.find((f) => f.name === pool.flavor.name);
    if (env.cluster.mode === 'existing') lines.push(unpriced(item, pool.count, 'node', 'the existing cluster is paid for elsewhere'));
    else if (pool.flavor.monthlyEur !== undefined) lines.push(priced(item, pool.count, 'node-month', pool.flavor.monthlyEur, fromCatalogue ? `${fromCatalogue.source} (${fromCatalogue.date})` : 'cloud.customFlavors'));
    else lines.push(unpriced(item, pool.count, 'node', 'flavor price unknown: add monthlyEur to cloud.customFlavors'));
  }

  // Each price from the catalogue file of the cloud the item lives in (a backup bucket: its own
  // region's); what that cloud does not publish is a line of its own, not included, saying where to add it.
  const prices = (region: string) => {
    const cloud = cloudOfRegion(env.cloud.provider, region);
    const missing = cloud ? `${cloud.operator} has no price for it in ${cloud.file}: add it with its date and source` : `no catalogued cloud for region ${region}`;
    return { of: cloud?.prices ?? {}, missing };
  };
  const here = prices(env.cloud.region);
  const storage = (item: string, qty: number, unit: string, price: Price | undefined, missing = here.missing) =>
    price ? priced(item, qty, unit, price.eur, `${price.source} (${price.date})`) : unpriced(item, qty, unit, missing);
  lines.push(storage('block storage, high speed (volumes)', plan.blockStorageGi, 'GB-month', here.of.blockStorage?.fast));
  const retrievals: string[] = [];
  for (const bucket of plan.objectStorage) {
    const there = prices(bucket.region);
    const infrequent = bucket.infrequentAccessGb ?? 0;
    if (bucket.sizeGb > infrequent) lines.push(storage(`object storage: ${bucket.name} (${bucket.region})`, bucket.sizeGb - infrequent, 'GiB-month', there.of.objectStorage, there.missing));
    if (infrequent === 0) continue;
    lines.push(storage(`object storage: ${bucket.name}, Infrequent Access (${bucket.region})`, infrequent, 'GiB-month', there.of.objectStorageInfrequentAccess, there.missing));
    // Reads are billed per GiB: restores, and rclone's server-side copy of a changed file to previous/.
    const read = there.of.objectStorageInfrequentAccessRetrieval;
    retrievals.push(`reading back ${bucket.name} from Infrequent Access (restores, copies of changed files): ${read ? `${read.eur} € per ${read.unit} read (${read.source}, ${read.date})` : 'no price catalogued'}`);
  }
  for (const lb of plan.loadBalancers) lines.push(storage(`load balancer: ${lb.name} (${lb.size})`, 1, 'month', here.of.loadBalancer?.[lb.size]));
  // An existing cluster's media nodes come with their own public addresses (charts/README.md,
  // "What the cluster must provide"): only the ingress load balancer's address is socle's.
  const providedIps = env.cluster.mode === 'existing' ? (plan.nodePools.find((pool) => pool.role === 'media')?.count ?? 0) : 0;
  lines.push(storage('floating IPs', plan.publicIps - providedIps, 'IP-month', here.of.floatingIp));
  if (providedIps > 0) lines.push(unpriced('public addresses of the media nodes', providedIps, 'IP', 'the existing cluster provides them with its media nodes'));

  for (const gate of plan.licences) {
    const name = gate.app === 'onlyoffice' ? 'ONLYOFFICE Docs' : 'Rocket.Chat';
    if (gate.edition === 'enterprise') {
      lines.push(unpriced(`${name} Enterprise licence`, gate.measure.expected, gate.measure.name, 'vendor price on quotation only', 'vendor pricing pages (no public list price found)'));
    }
  }

  const included = lines.filter((l) => l.monthlyEur !== null);
  const monthlyTotalEur = round2(included.reduce((acc, l) => acc + l.monthlyEur!, 0));
  return {
    environment: env.name,
    users: env.users,
    currency: 'EUR',
    vat: 'excluded',
    lines,
    monthlyTotalEur,
    perUserMonthlyEur: round2(monthlyTotalEur / env.users),
    yearlyTotalEur: round2(monthlyTotalEur * 12),
    comparison: {
      offer: 'Microsoft 365 E3 (list price)',
      perUserMonthlyEur: MICROSOFT_365_E3.eur,
      monthlyTotalEur: round2(MICROSOFT_365_E3.eur * env.users),
      source: MICROSOFT_365_E3.source,
      date: MICROSOFT_365_E3.date,
    },
    notIncluded: [...lines.filter((l) => l.monthlyEur === null).map((l) => `${l.item}: ${l.notIncludedReason}`), ...retrievals, 'staff and operations, VAT, 3-AZ price premium, savings plans'],
  };
}
