/** What a plan costs per month compared with what was last deployed (list prices, `socle cost`). */
import type { Environment } from '../../../environments/environment.js';
import { cost } from '../../../sizing/cost.js';
import { size } from '../../../sizing/size.js';
import { readDeployedRecord } from '../state/deployed-record.js';
import type { CostDelta } from '../state/plan-manifest.js';

export function monthlyCost(environment: Environment): number {
  return cost(environment, size(environment)).monthlyTotalEur;
}

export function costDelta(environment: Environment, outDir: string): CostDelta {
  const planned = monthlyCost(environment);
  const deployed = readDeployedRecord(outDir)?.monthlyEur;
  return { plannedMonthlyEur: planned, ...(deployed === undefined ? {} : { deployedMonthlyEur: deployed }), deltaMonthlyEur: Math.round((planned - (deployed ?? 0)) * 100) / 100 };
}
