/**
 * Prices and regions as data: the shipped cloud files load clean and carry a date and source on
 * every price; a fork's file adds a cloud with no TypeScript edit; a bad file is reported with
 * file, line, field and a fix, and left out — never a stack trace.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogueProblems, CLOUDS_FOLDER, clouds, cloudOfRegion, loadCatalogue, parseCloud } from '../../environments/catalogue/cloud-catalogue.js';
import { findRegion, REGION_CATALOGUE, sharesObjectStorage } from '../../environments/catalogue/regions.js';
import { cost } from '../../sizing/cost.js';
import { size } from '../../sizing/size.js';
import { environmentFor } from './environment-for.js';

const FILE = 'environments/catalogue/clouds/acme.yaml';

/** A fork's cloud file: one region, one flavor, its prices. */
const ACME = `provider: openstack
operator: Acme Cloud
operatorCountry: FR
services: [compute, network, blockstorage, objectstorage, loadbalancer]
regions:
  - name: ACME-PAR-1
    city: Paris
    country: FR
    eu: true
    availabilityZones: []
    s3: { region: acme-par-1, endpoint: https://s3.par-1.acme.example }
    source: acme.example/regions (2026-11-30)
flavors:
  - { name: a-8, family: general, vcpus: 8, ramGb: 32, monthlyEur: 120, date: "2026-11-30", source: acme.example/prices }
prices:
  objectStorage: { eur: 0.01, unit: GiB-month, date: "2026-11-30", source: acme.example/prices }
`;

describe('the shipped catalogue', () => {
  it('loads every file without a problem', () => {
    expect(catalogueProblems()).toEqual([]);
    expect(clouds().map((c) => c.operator)).toEqual(['OVHcloud', 'Cleura', 'CloudFerro', 'Infomaniak', 'T-Systems (Open Telekom Cloud)']);
  });

  it('dates and sources every flavor and price', () => {
    for (const cloud of clouds()) {
      for (const f of cloud.flavors) expect(f.date, `${cloud.file} ${f.name}`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const prices = [cloud.prices.objectStorage, cloud.prices.objectStorageInfrequentAccess, cloud.prices.objectStorageInfrequentAccessRetrieval, cloud.prices.floatingIp, ...Object.values(cloud.prices.blockStorage ?? {}), ...Object.values(cloud.prices.loadBalancer ?? {})];
      for (const p of prices.filter((x) => x !== undefined)) {
        expect(p.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(p.source.length).toBeGreaterThan(10);
      }
    }
  });

  it('prices OVHcloud storage, load balancers and IPs, and keeps the US subsidiary its own operator', () => {
    const ovh = cloudOfRegion('ovhcloud', 'GRA11')!;
    expect(Object.keys(ovh.prices).sort()).toEqual(['blockStorage', 'floatingIp', 'loadBalancer', 'objectStorage', 'objectStorageInfrequentAccess', 'objectStorageInfrequentAccessRetrieval']);
    expect(findRegion('ovhcloud', 'US-EAST-VA-1')).toMatchObject({ operator: 'OVH US', operatorCountry: 'US', eu: false });
    expect(findRegion('ovhcloud', 'GRA11')).toMatchObject({ operator: 'OVHcloud', operatorCountry: 'FR', s3: { endpoint: 'https://s3.gra.io.cloud.ovh.net', storageClasses: ['STANDARD', 'STANDARD_IA'] } });
    // Every bucket on the native endpoint: the Swift-backed one has no Infrequent Access tier.
    expect(REGION_CATALOGUE.find((p) => p.provider === 'ovhcloud')!.regions.filter((r) => r.s3?.containerRegion !== undefined)).toEqual([]);
  });

  it('has no Magnum on Cleura, S3 on its HTTPS port, and its general-purpose flavors priced', () => {
    const cleura = cloudOfRegion('openstack', 'Fra1')!;
    expect(cleura.services).not.toContain('magnum');
    for (const region of cleura.regions) expect(region.s3!.endpoint, region.name).toBe(`https://s3-${region.name.toLowerCase()}.citycloud.com`);
    expect(cleura.flavors.length).toBeGreaterThan(0);
    for (const f of cleura.flavors) {
      // Cleura's names say their size: b.<vCPUs>c<GiB>gb, the general-purpose tier.
      expect(f.name, f.name).toBe(`b.${f.vcpus}c${f.ramGb}gb`);
      expect(f.family).toBe('general');
      expect(f.source).toMatch(/@[0-9a-f]{8}/);
    }
  });

  it('has CloudFerro with Magnum in Warsaw and Frankfurt, S3 per region, and no prices', () => {
    const cloudferro = cloudOfRegion('openstack', 'WAW3-2')!;
    expect(cloudferro).toMatchObject({ file: 'environments/catalogue/clouds/cloudferro.yaml', operator: 'CloudFerro', operatorCountry: 'PL', flavors: [], prices: {} });
    expect(cloudferro.services).toContain('magnum');
    expect(cloudferro.regions.map((r) => [r.name, r.country, r.s3!.endpoint])).toEqual([
      ['WAW3-2', 'PL', 'https://s3.waw3-2.cloudferro.com'],
      ['WAW3-1', 'PL', 'https://s3.waw3-1.cloudferro.com'],
      ['WAW4-1', 'PL', 'https://s3.waw4-1.cloudferro.com'],
      ['FRA1-2', 'DE', 'https://s3.fra1-2.cloudferro.com'],
    ]);
    // One signing region for several sites: the endpoint, not the signing region, says which site.
    expect(findRegion('openstack', 'WAW3-2')!.s3!.region).toBe(findRegion('openstack', 'FRA1-2')!.s3!.region);
    expect(sharesObjectStorage(findRegion('openstack', 'WAW3-2'), findRegion('openstack', 'FRA1-2'))).toBe(false);
    expect(sharesObjectStorage(findRegion('ovhcloud', 'GRA7'), findRegion('ovhcloud', 'GRA11'))).toBe(true);
  });

  it('lists what a cloud publishes no price for as not included, saying which file to add it to', () => {
    const env = environmentFor({ users: 1000 });
    const estimate = cost(env, size(env));
    expect(estimate.lines.filter((l) => l.monthlyEur === null).map((l) => l.item)).toEqual(['ONLYOFFICE Docs Enterprise licence', 'Rocket.Chat Enterprise licence']);
    for (const line of estimate.lines.filter((l) => l.unit !== 'node-month' && l.monthlyEur !== null)) expect(line.source, line.item).toMatch(/\(\d{4}-\d{2}-\d{2}\)$/);
  });
});

describe("a fork's cloud file", () => {
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'socle-clouds-'));
    cpSync(new URL('.', CLOUDS_FOLDER), dir, { recursive: true });
    return dir;
  };

  it('adds its regions, flavors and prices without any TypeScript', () => {
    const dir = folder();
    writeFileSync(join(dir, 'acme.yaml'), ACME);
    const { clouds: loaded, problems } = loadCatalogue(pathToFileURL(`${dir}/`), 'environments/catalogue/clouds');
    expect(problems).toEqual([]);
    const acme = loaded.find((c) => c.operator === 'Acme Cloud')!;
    expect(acme).toMatchObject({ file: FILE, provider: 'openstack', regions: [{ name: 'ACME-PAR-1' }], flavors: [{ name: 'a-8', monthlyEur: 120 }], prices: { objectStorage: { eur: 0.01 } } });
  });

  it('is left out when a region is already in another file, naming both', () => {
    const dir = folder();
    writeFileSync(join(dir, 'acme.yaml'), ACME.replace('ACME-PAR-1', 'GRA11').replace('provider: openstack', 'provider: ovhcloud'));
    const { clouds: loaded, problems } = loadCatalogue(pathToFileURL(`${dir}/`), 'environments/catalogue/clouds');
    // Files load by name: acme.yaml first, so ovhcloud.yaml is the one left out, and says so.
    expect(loaded.map((c) => c.operator)).not.toContain('OVHcloud');
    expect(problems).toEqual([expect.objectContaining({ code: 'duplicate-item', file: 'environments/catalogue/clouds/ovhcloud.yaml', message: `region "GRA11" is in both ${FILE} and this file, which is left out` })]);
  });
});

describe('a bad cloud file', () => {
  const problemsOf = (text: string) => parseCloud(text, FILE).problems;
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('names a missing price date with its line, field and what to write', () => {
    const text = ACME.replace('unit: GiB-month, date: "2026-11-30",', 'unit: GiB-month,');
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({ code: 'missing-field', file: FILE, line: lineOf(text, 'objectStorage'), path: 'prices.objectStorage.date', hint: expect.stringContaining('add date: Date the price was read') }),
    ]);
  });

  it('names a price written with its unit, at the value', () => {
    const text = ACME.replace('monthlyEur: 120', 'monthlyEur: "120 €"');
    const [p] = problemsOf(text);
    expect(p).toMatchObject({ code: 'wrong-type', file: FILE, line: lineOf(text, '120 €'), path: 'flavors[0].monthlyEur', hint: expect.stringContaining('EUR excluding VAT') });
    expect(p!.col).toBeGreaterThan(1);
  });

  it('suggests the field meant for a misspelt one', () => {
    const text = ACME.replace('availabilityZones: []', 'availabilityZone: []');
    expect(problemsOf(text)).toContainEqual(expect.objectContaining({ code: 'unknown-key', line: lineOf(text, 'availabilityZone:'), path: 'regions[0].availabilityZone', hint: 'did you mean "availabilityZones"?' }));
  });

  it('gives the line of a YAML syntax error', () => {
    const text = ACME.replace('    city: Paris', '    city: Paris: centre');
    expect(problemsOf(text)).toEqual([expect.objectContaining({ code: 'yaml-syntax', file: FILE, line: lineOf(text, 'Paris: centre') })]);
  });

  it('refuses an unknown family, listing the allowed ones', () => {
    const text = ACME.replace('family: general', 'family: gpu');
    expect(problemsOf(text)).toEqual([expect.objectContaining({ path: 'flavors[0].family', message: expect.stringContaining('general, compute, memory') })]);
  });

});
