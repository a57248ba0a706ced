/**
 * What the quota preflight counts, read from the stacks `socle synth` writes for each example,
 * against the other artifact that says it: sizing.json's node pools (count × flavor). The two come
 * from different code (stacks/ builds servers or Magnum node groups; sizing/ plans the pools), so
 * a resource the reading misses — a Magnum master, a node group — shows up here.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvironment } from '../../environments/load-environment.js';
import { projectDemand } from '../../scripts/operate/cloud/project-demand.js';
import { readSynthesizedStacks } from '../../scripts/operate/state/synthesized-stacks.js';
import { synthArtifacts } from '../../scripts/synth-pipeline.js';
import { EXAMPLE_NAMES, environmentFile } from '../charts/examples.js';

interface Pool {
  role: string;
  count: number;
  publicIp: boolean;
  flavor: { name: string; vcpus: number; ramGb: number };
}

describe('project demand, from the synthesized stacks', () => {
  for (const example of EXAMPLE_NAMES) {
    it(`${example}: servers, vCPUs and RAM are sizing.json's node pools; volumes its stateful components`, () => {
      const environment = parseEnvironment(readFileSync(environmentFile(example), 'utf8'), `${example}.yaml`);
      const outDir = mkdtempSync(join(tmpdir(), 'socle-demand-'));
      for (const [path, content] of synthArtifacts(environment).files) {
        mkdirSync(join(outDir, path, '..'), { recursive: true });
        writeFileSync(join(outDir, path), content);
      }
      const sizing = JSON.parse(readFileSync(join(outDir, 'sizing.json'), 'utf8')) as { nodePools: Pool[]; publicIps: number; components: { replicas: number; volume?: unknown }[] };
      const demands = projectDemand(environment, readSynthesizedStacks(outDir), outDir);
      // Only the cloud's main region holds servers; the backups region has object storage only.
      expect(demands.map((d) => d.region)).toEqual([environment.cloud.region]);
      const [d] = demands;
      const sum = (f: (p: Pool) => number) => sizing.nodePools.reduce((n, p) => n + f(p), 0);
      expect(d!.unknownFlavors).toEqual([]);
      expect(d!.instances).toBe(sum((p) => p.count));
      expect(d!.cores).toBe(sum((p) => p.count * p.flavor.vcpus));
      expect(d!.ramMiB).toBe(sum((p) => p.count * p.flavor.ramGb * 1024));
      expect(d!.volumes).toBe(sizing.components.filter((c) => c.volume).reduce((n, c) => n + c.replicas, 0));
      expect(d!.floatingIps).toBe(sizing.publicIps);
      if (environment.cluster.mode === 'instances') {
        // One server group per pool, every server in its pool's group.
        expect(Object.fromEntries(d!.serverGroups.map((g) => [g.name, g.members]))).toEqual(Object.fromEntries(sizing.nodePools.map((p) => [`cluster/${p.role.replace('-', '_')}`, p.count])));
      }
    });
  }
});
