/** charts/README.md "Runtime review": every image a row names is one images.ts pins today, and the reviewed images have rows. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IMAGES, type ImageName } from '../../charts/images.js';

const readme = readFileSync(new URL('../../charts/README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Runtime review'), readme.indexOf('\n## ', readme.indexOf('## Runtime review') + 1));
const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| container') && !l.startsWith('|---'));
/**
 * The images column (second cell) of each row, as images.ts writes them (registry host first).
 * The operators' rows name their charts' own images without a registry: those are pinned by chart
 * version and kept fresh by runtime-review-operators.test.ts.
 */
const imagesOf = (row: string) =>
  [...(row.split(' | ')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!).filter((image) => /^[a-z0-9-]+(\.[a-z0-9-]+)+\//.test(image) && image.includes(':'));

/** Images whose containers have been reviewed; add yours with its row. */
const REVIEWED: ImageName[] = [
  'jitsiWeb',
  'jitsiProsody',
  'jitsiJicofo',
  'jitsiVideobridge',
  'coturn',
  'haproxy',
  'onlyofficeProxy',
  'onlyofficeProxyEnterprise',
  'onlyofficeDocservice',
  'onlyofficeDocserviceEnterprise',
  'onlyofficeConverter',
  'onlyofficeConverterEnterprise',
  'onlyofficeDocumentServer',
  'rabbitmq',
  'nextcloud',
  'nginx',
  'notifyPush',
  'rclone',
  'barmanCloudPlugin',
  'barmanCloudSidecar',
];

describe('the runtime review table', () => {
  it('has rows', () => {
    expect(rows.length).toBeGreaterThan(0);
  });

  it('names only images at the tags images.ts pins', () => {
    const pinned = new Set<string>(Object.values(IMAGES));
    const stale = rows.flatMap(imagesOf).filter((image) => !pinned.has(image));
    expect(stale).toEqual([]);
  });

  it('has a row for every reviewed image', () => {
    const named = new Set(rows.flatMap(imagesOf));
    expect(REVIEWED.filter((name) => !named.has(IMAGES[name]))).toEqual([]);
  });
});
