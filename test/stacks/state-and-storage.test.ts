/** State backend, providers per region, buckets where the plan puts them, data protected. */
import { describe, expect, it } from 'vitest';
import { bucketName } from '../../stacks/naming.js';
import { example, resources, stack, stacksOf, variant } from './synthesized.js';

describe('state backend', () => {
  it('is the S3 bucket of state.terraform, one key per stack, with S3 lock files', () => {
    const env = example('metropole-9000');
    for (const [name, doc] of stacksOf(env)) {
      const s3 = doc['terraform']['backend']['s3'];
      expect(s3).toMatchObject({
        bucket: env.state.terraform!.bucket,
        key: `${env.state.terraform!.keyPrefix}${name}.tfstate`,
        region: env.state.terraform!.region,
        endpoints: { s3: env.state.terraform!.endpoint },
        use_lockfile: true,
      });
      expect(doc['terraform']['backend']['local']).toBeUndefined();
    }
  });

  it('is local only when the environment has no state.terraform', () => {
    const env = variant(example('pilot'), (e) => delete e.state.terraform);
    for (const [name, doc] of stacksOf(env)) expect(doc['terraform']['backend']).toEqual({ local: { path: `../${name}/terraform.tfstate` } });
  });

  it('never holds credentials: they come from the environment at init time', () => {
    const text = JSON.stringify(stack(example('pilot'), 'data')['terraform']);
    expect(text).not.toMatch(/access_key|secret_key|"token"|password/);
  });
});

describe('providers', () => {
  it('pins the OpenStack provider to ~> 3.4 and the primary region, explicitly', () => {
    const env = example('metropole-9000');
    for (const doc of stacksOf(env).values()) {
      expect(doc['terraform']['required_providers']['openstack']).toEqual({ source: 'terraform-provider-openstack/openstack', version: '~> 3.4' });
      expect(doc['provider']['openstack'][0]).toEqual({ region: 'EU-WEST-PAR' });
    }
  });

  it('adds an alias for the backup region in the backups stack', () => {
    expect(stack(example('pilot'), 'backups')['provider']['openstack']).toEqual([{ region: 'GRA11' }, { alias: 'backup', region: 'SBG5' }]);
  });
});

describe('object storage', () => {
  it('puts the backup bucket in the backup region, through the backup provider', () => {
    const env = example('departement-cleura');
    const backup = resources(stack(env, 'backups'), 'openstack_objectstorage_container_v1')['backups']!;
    // A Swift cloud: the container is made in the backup region's object store, through its provider.
    expect(backup).toMatchObject({ name: bucketName(env, 'backups'), region: 'Sto2', provider: 'openstack.backup' });
    // OVHcloud: the backup region's native S3 endpoint, where socle deploy makes it.
    const ovh = example('metropole-9000');
    const backups = stack(ovh, 'backups');
    expect(resources(backups, 'openstack_objectstorage_container_v1')).toEqual({});
    expect(backups['output']['buckets_made_by_socle']['value']).toEqual([bucketName(ovh, 'backups')]);
    expect(backups['output']['s3_endpoint']['value']).toBe('https://s3.gra.io.cloud.ovh.net');
  });

  it('puts Nextcloud primary storage, attachments and the ONLYOFFICE cache in the primary region, as Swift containers where the cloud has Swift', () => {
    const env = example('departement-cleura');
    const containers = resources(stack(env, 'data'), 'openstack_objectstorage_container_v1');
    expect(Object.keys(containers)).toEqual(['nextcloud_data', 'attachments', 'onlyoffice_cache']);
    expect(containers['onlyoffice_cache']!['name']).toBe(bucketName(env, 'onlyoffice-cache'));
    for (const c of Object.values(containers)) expect(c['region']).toBe('Fra1');
    expect(stack(env, 'data')['output']['buckets_made_by_socle']['value']).toEqual([]);
  });

  it('leaves the buckets of a region without Swift (OVHcloud 3-AZ) to socle deploy, through its native S3 API', () => {
    const env = example('metropole-9000');
    const data = stack(env, 'data');
    expect(resources(data, 'openstack_objectstorage_container_v1')).toEqual({});
    expect(data['output']['buckets_made_by_socle']['value']).toEqual([bucketName(env, 'nextcloud-data'), bucketName(env, 'attachments'), bucketName(env, 'onlyoffice-cache')]);
    expect(data['output']['bucket_names']['value']).toEqual({
      'nextcloud-data': bucketName(env, 'nextcloud-data'),
      attachments: bucketName(env, 'attachments'),
      'onlyoffice-cache': bucketName(env, 'onlyoffice-cache'),
    });
    expect([data['output']['s3_endpoint']['value'], data['output']['s3_region']['value']]).toEqual(['https://s3.eu-west-par.io.cloud.ovh.net', 'eu-west-par']);
  });

  it('protects every bucket from destroy and never deletes a non-empty one', () => {
    for (const name of ['data', 'backups'] as const) {
      const containers = Object.values(resources(stack(example('departement-cleura'), name), 'openstack_objectstorage_container_v1'));
      expect(containers.length).toBeGreaterThan(0);
      for (const c of containers) expect([c['lifecycle'], c['force_destroy']]).toEqual([{ prevent_destroy: true }, false]);
    }
  });

  it('outputs the bucket names (from the containers, where the stacks make them) and the S3 endpoint of each region', () => {
    const env = example('pilot');
    // OVHcloud: the native endpoints, which have the Infrequent Access tier the backup copies use.
    expect(stack(env, 'data')['output']['s3_endpoint']['value']).toBe('https://s3.gra.io.cloud.ovh.net');
    expect(stack(env, 'backups')['output']['s3_endpoint']['value']).toBe('https://s3.sbg.io.cloud.ovh.net');
    expect(stack(env, 'backups')['output']['bucket_names']['value']).toEqual({ backups: bucketName(env, 'backups') });
    expect(stack(example('departement-cleura'), 'backups')['output']['bucket_names']['value']).toEqual({ backups: '${openstack_objectstorage_container_v1.backups.name}' });
  });

  it('names buckets after the authority, within the S3 limit of 63 characters', () => {
    const env = variant(example('pilot'), (e) => (e.authority.domain = 'espace-numerique-de-travail.communaute-de-communes-exemple.fr'));
    const name = bucketName(env, 'nextcloud-data');
    expect(name).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
    expect(name).toBe(bucketName(env, 'nextcloud-data'));
    expect(name).not.toBe(bucketName(env, 'attachments'));
  });
});
