/**
 * charts/README.md "Runtime review": the operators' and PostgreSQL's rows name the versions socle
 * pins, so a version bump fails here until its row is read again against the new version.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IMAGES } from '../../charts/images.js';
import { BARMAN_CLOUD_PLUGIN } from '../../charts/platform/barman-cloud-plugin.js';
import { CLOUDNATIVE_PG, operatorReleases } from '../../charts/platform/operators.js';
import { size } from '../../sizing/size.js';
import { loadExample } from './examples.js';

/** The rows of the review table: first cell → the whole row. */
function reviewRows(): Map<string, string> {
  const readme = readFileSync(new URL('../../charts/README.md', import.meta.url), 'utf8');
  const section = readme.split('## Runtime review')[1]?.split('\n## ')[0];
  if (!section) throw new Error('charts/README.md has no "Runtime review" section');
  const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| container') && !l.startsWith('|---'));
  return new Map(rows.map((r) => [r.split('|')[1]!.trim(), r]));
}

describe('the runtime review of the operators and PostgreSQL', () => {
  const rows = reviewRows();
  const row = (prefix: string) => {
    const found = [...rows.entries()].filter(([first]) => first.startsWith(prefix)).map(([, r]) => r);
    if (found.length === 0) throw new Error(`no runtime review row for ${prefix}`);
    return found.join('\n');
  };
  const env = loadExample('pilot');
  const version = (name: string) => operatorReleases(env, size(env)).find((r) => r.name === name)!.version;

  it('names the pinned chart versions, operator version and PostgreSQL image tag', () => {
    expect(row('traefik')).toContain(`chart \`traefik\` ${version('traefik')}`);
    expect(row('traefik')).toContain(`traefik-helm-chart v${version('traefik')}`);
    expect(row('cert-manager')).toContain(version('cert-manager'));
    expect(row('CloudNativePG operator')).toContain(`chart \`cloudnative-pg\` ${version('cloudnative-pg')}`);
    expect(version('cloudnative-pg')).toBe(CLOUDNATIVE_PG.chart);
    expect(row('CloudNativePG operator')).toContain(`cloudnative-pg:${CLOUDNATIVE_PG.operator}`);
    for (const prefix of ['PostgreSQL instance', 'CloudNativePG initdb']) expect(row(prefix)).toContain(`cloudnative-pg v${CLOUDNATIVE_PG.operator}`);
    expect(row('PostgreSQL instance')).toContain(IMAGES.postgresql.replace(/^ghcr\.io\//, ''));
    expect(version('plugin-barman-cloud')).toBe(BARMAN_CLOUD_PLUGIN.chart);
    expect(row('Barman Cloud plugin')).toContain(`chart \`plugin-barman-cloud\` ${BARMAN_CLOUD_PLUGIN.chart}`);
    expect(row('Barman Cloud plugin')).toContain(`plugin-barman-cloud-v${BARMAN_CLOUD_PLUGIN.chart}`);
    for (const prefix of ['Barman Cloud plugin', 'PostgreSQL instance and recovery Job sidecar']) expect(row(prefix)).toContain(`plugin-barman-cloud ${BARMAN_CLOUD_PLUGIN.plugin}`);
    expect([IMAGES.barmanCloudPlugin, IMAGES.barmanCloudSidecar].map((i) => i.split(':')[1])).toEqual([BARMAN_CLOUD_PLUGIN.plugin, BARMAN_CLOUD_PLUGIN.plugin]);
  });
});
