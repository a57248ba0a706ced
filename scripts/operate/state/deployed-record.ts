/**
 * What the last successful deploy put in place, `out/<name>/deployed.json`: when, which plan,
 * and its monthly cost, so the next plan can say what a change costs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DeployedRecord {
  deployedAt: string;
  planCreatedAt: string;
  users: number;
  monthlyEur: number;
}

export function deployedRecordPath(outDir: string): string {
  return join(outDir, 'deployed.json');
}

export function readDeployedRecord(outDir: string): DeployedRecord | undefined {
  return existsSync(deployedRecordPath(outDir)) ? (JSON.parse(readFileSync(deployedRecordPath(outDir), 'utf8')) as DeployedRecord) : undefined;
}

export function writeDeployedRecord(outDir: string, record: DeployedRecord): void {
  writeFileSync(deployedRecordPath(outDir), `${JSON.stringify(record, null, 2)}\n`);
}
