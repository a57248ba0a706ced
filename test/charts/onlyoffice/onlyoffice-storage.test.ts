/**
 * ONLYOFFICE Docs' document services and converters share one document cache, in an S3 bucket of
 * the cluster region: what one converter writes, every document service reads.
 */
import { describe, expect, it } from 'vitest';
import { FILES_BACKUP_SECRET } from '../../../charts/data/bucket-backup.js';
import { clusterS3 } from '../../../charts/data/object-storage.js';
import { secretCatalogue } from '../../../charts/secrets.js';
import { cost } from '../../../sizing/cost.js';
import { bucketName } from '../../../stacks/naming.js';
import { ONLYOFFICE_CACHE_GB_PER_DOCSERVICE } from '../../../sizing/assumptions.js';
import { configData, containers, envOf, EXAMPLE_NAMES, find, loadExample, render, variant, type Rendered } from '../examples.js';

const CONFIG_DIR = '/etc/onlyoffice/documentserver';
const credentialRefs = {
  S3_ACCESS_KEY: { secretKeyRef: { name: 'apps-s3', key: 'access-key' } },
  S3_SECRET_KEY: { secretKeyRef: { name: 'apps-s3', key: 'secret-key' } },
};

const settings = (r: Rendered) => JSON.parse(configData(r.objects, 'onlyoffice-storage', 'local-production-linux.json'));
const cacheUsers = (r: Rendered) => [
  { object: find(r.objects, 'StatefulSet', 'onlyoffice-docservice'), container: 'docservice' },
  { object: find(r.objects, 'Deployment', 'onlyoffice-converter'), container: 'converter' },
];

describe.each(EXAMPLE_NAMES)('ONLYOFFICE document cache (%s)', (name) => {
  const r = render(loadExample(name));

  it('is the S3 bucket the plan sizes for the cluster region, used through the document server, never by the browser', () => {
    const bucket = r.plan.objectStorage.find((b) => b.name === 'onlyoffice-cache');
    const docservices = r.plan.components.find((c) => c.name === 'onlyoffice-docservice')!;
    expect(bucket).toMatchObject({ region: r.env.cloud.region, sizeGb: docservices.replicas * ONLYOFFICE_CACHE_GB_PER_DOCSERVICE });
    const s3 = clusterS3(r.env);
    expect({ storage: settings(r).storage }).toEqual({
      storage: {
        name: 'storage-s3',
        region: s3.region,
        endpoint: s3.endpoint,
        bucketName: bucketName(r.env, 'onlyoffice-cache'),
        sslEnabled: s3.endpoint.startsWith('https:'),
        s3ForcePathStyle: true,
        useDirectStorageUrls: false,
      },
    });
    expect(cost(r.env, r.plan).lines.map((l) => l.item)).toContain(`object storage: onlyoffice-cache (${r.env.cloud.region})`);
  });

  it('is configured the same way in every document service and converter, with the credential from the apps’ Secret', () => {
    expect(JSON.parse(configData(r.objects, 'onlyoffice-storage', 'custom-environment-variables.json'))).toEqual({
      storage: { accessKeyId: 'S3_ACCESS_KEY', secretAccessKey: 'S3_SECRET_KEY' },
    });
    for (const { object, container } of cacheUsers(r)) {
      const c = containers(object).find((x) => x.name === container)!;
      for (const file of ['local-production-linux.json', 'custom-environment-variables.json']) {
        expect(c.volumeMounts).toContainEqual({ name: 'storage-config', mountPath: `${CONFIG_DIR}/${file}`, subPath: file, readOnly: true });
      }
      expect((object.spec as any).template.spec.volumes).toContainEqual({ name: 'storage-config', configMap: { name: 'onlyoffice-storage' } });
      const env = envOf(object, container);
      expect({ S3_ACCESS_KEY: env.get('S3_ACCESS_KEY'), S3_SECRET_KEY: env.get('S3_SECRET_KEY') }).toEqual(credentialRefs);
    }
    // The proxy serves no cache file from S3: links to the cache go to the document service.
    const proxy = containers(find(r.objects, 'StatefulSet', 'onlyoffice-docservice')).find((x) => x.name === 'proxy')!;
    expect(JSON.stringify(proxy)).not.toContain('S3_');
  });

  it('gives the onlyoffice namespace the apps’ S3 credential, not the file buckets’ backup one (a cache is not backed up)', () => {
    const specs = secretCatalogue(r.env, r.plan);
    expect(specs.find((s) => s.name === 'apps-s3')!.namespaces).toContain('onlyoffice');
    expect(specs.find((s) => s.name === FILES_BACKUP_SECRET)?.namespaces ?? []).not.toContain('onlyoffice');
    expect(r.plan.objectStorage.find((b) => b.name === 'backups')?.purpose ?? '').not.toContain('ONLYOFFICE');
  });
});

describe('without ONLYOFFICE', () => {
  it('plans no cache bucket and renders no cache settings', () => {
    const r = render(variant(loadExample('pilot'), (e) => (e.apps.onlyoffice.enabled = false)));
    expect(r.plan.objectStorage.map((b) => b.name)).not.toContain('onlyoffice-cache');
    expect(r.objects.filter((o) => o.metadata.name === 'onlyoffice-storage')).toEqual([]);
    expect(secretCatalogue(r.env, r.plan).find((s) => s.name === 'apps-s3')!.namespaces).not.toContain('onlyoffice');
  });
});
