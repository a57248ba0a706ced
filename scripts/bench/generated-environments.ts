/** Deterministic variations of the examples for benchmarks: users, regions, editions, apps. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { PACKAGE_ROOT } from '../environment-argument.js';

const REGIONS = [
  { region: 'GRA11', zones: [] as string[], backup: 'SBG5' },
  { region: 'SBG5', zones: [], backup: 'GRA11' },
  { region: 'EU-WEST-PAR', zones: ['eu-west-par-a', 'eu-west-par-b', 'eu-west-par-c'], backup: 'GRA11' },
  { region: 'DE1', zones: [], backup: 'WAW1' },
];

export function generatedEnvironments(count: number): { file: string; text: string }[] {
  const base = load(readFileSync(join(PACKAGE_ROOT, 'environments/examples/pilot.yaml'), 'utf8')) as Record<string, any>;
  return Array.from({ length: count }, (_, i) => {
    const r = REGIONS[i % REGIONS.length]!;
    const users = 500 + ((i * 397) % 19500);
    const doc = {
      ...base,
      name: `generated-${i}`,
      users,
      profile: undefined,
      cloud: { ...base['cloud'], region: r.region, availabilityZones: r.zones },
      backups: { ...base['backups'], region: r.backup },
      residency: { jurisdiction: r.region === 'DE1' ? 'EU' : 'FR' },
      apps: { ...base['apps'], wekan: { enabled: i % 3 !== 0 }, onlyoffice: { edition: i % 5 === 0 ? 'community' : 'enterprise' } },
    };
    return { file: `generated-${i}.yaml`, text: dump(JSON.parse(JSON.stringify(doc))) };
  });
}
