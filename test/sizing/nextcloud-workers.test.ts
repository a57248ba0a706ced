/**
 * The Nextcloud app pod asks the memory of the PHP workers the chart really runs: pm.max_children
 * (the plan's peak workers over the replicas, written by charts/apps/nextcloud/nextcloud.ts) × 512 MB, plus 1 GiB
 * for nginx, opcache and APCu — not a fixed 24 workers per pod whatever the load.
 */
import { describe, expect, it } from 'vitest';
import { allObjects, renderManifests } from '../../charts/render.js';
import { size } from '../../sizing/size.js';
import { environmentFor } from './environment-for.js';

describe.each([1000, 3000, 9000])('Nextcloud at %i users', (users) => {
  it('asks 512 MiB per PHP-FPM worker of the pod, plus 1 GiB', () => {
    const env = environmentFor({ users, region: 'EU-WEST-PAR' });
    const plan = size(env);
    const fpm = allObjects(renderManifests(env, plan)).find((o) => o.kind === 'ConfigMap' && (o.metadata as { name: string }).name === 'nextcloud-fpm') as unknown as { data: Record<string, string> };
    const workers = Number(/pm\.max_children = (\d+)/.exec(fpm.data['zz-socle.conf']!)![1]);
    const app = plan.components.find((c) => c.name === 'nextcloud-app')!;
    expect(app.requests.memoryMiB).toBe(workers * 512 + 1024);
  });
});
