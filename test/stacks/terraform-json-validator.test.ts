/** Offline validation: each kind of mistake is found, with its Terraform address. */
import { describe, expect, it } from 'vitest';
import { validateTerraformJson } from '../../stacks/validation/terraform-json-validator.js';
import { example, stack, type TfDoc } from './synthesized.js';

const PROVIDERS = { terraform: { required_providers: { openstack: { source: 'terraform-provider-openstack/openstack', version: '~> 3.4' } } } };

function doc(resource: TfDoc, extra: TfDoc = {}): TfDoc {
  return { ...PROVIDERS, resource, ...extra };
}

const codes = (d: TfDoc) => validateTerraformJson(d).map((p) => `${p.code} ${p.address}`);

describe('Terraform JSON validation', () => {
  it('rejects a misspelt attribute in a synthesized instance, at its address, with a suggestion', () => {
    const cluster = structuredClone(stack(example('metropole-9000'), 'cluster'));
    cluster['resource']['openstack_compute_instance_v2']['media_0']['network'][0]['uuidx'] = 'x';
    const problems = validateTerraformJson(cluster);
    expect(problems).toEqual([
      { address: 'openstack_compute_instance_v2.media_0.network[0].uuidx', code: 'unknown-attribute', message: '"uuidx" is not an argument or block of this type', hint: 'did you mean "uuid"?' },
    ]);
  });

  it('rejects a missing required argument', () => {
    expect(codes(doc({ openstack_networking_secgroup_rule_v2: { ssh: { direction: 'ingress', ethertype: 'IPv4' } } }))).toEqual(['missing-attribute openstack_networking_secgroup_rule_v2.ssh.security_group_id']);
  });

  it('rejects a missing required block, and too few blocks', () => {
    expect(codes(doc({ openstack_keymanager_order_v1: { o: { type: 'key' } } }))).toEqual(['missing-block openstack_keymanager_order_v1.o.meta']);
    expect(codes(doc({ openstack_keymanager_order_v1: { o: { type: 'key', meta: [] } } }))).toEqual(['too-few-blocks openstack_keymanager_order_v1.o.meta']);
  });

  it('rejects wrong value types, down to list elements', () => {
    expect(codes(doc({ openstack_lb_listener_v2: { l: { loadbalancer_id: 'x', protocol: 'TCP', protocol_port: 'https', allowed_cidrs: ['10.0.0.0/8', { cidr: 'x' }] } } }))).toEqual([
      'wrong-type openstack_lb_listener_v2.l.protocol_port',
      'wrong-type openstack_lb_listener_v2.l.allowed_cidrs[1]',
    ]);
  });

  it('accepts Terraform expressions as values of any type, and convertible strings', () => {
    expect(codes(doc({ openstack_lb_listener_v2: { l: { loadbalancer_id: '${openstack_lb_loadbalancer_v2.x.id}', protocol: 'TCP', protocol_port: '${var.port}', allowed_cidrs: '${local.cidrs}', admin_state_up: 'true' } } }))).toEqual([]);
    expect(codes(doc({ openstack_lb_listener_v2: { l: { loadbalancer_id: 'x', protocol: 'TCP', protocol_port: '443' } } }))).toEqual([]);
  });

  it('rejects too many blocks', () => {
    expect(codes(doc({ openstack_lb_pool_v2: { p: { lb_method: 'ROUND_ROBIN', protocol: 'TCP', persistence: [{ type: 'SOURCE_IP' }, { type: 'HTTP_COOKIE' }] } } }))).toEqual(['too-many-blocks openstack_lb_pool_v2.p.persistence']);
    expect(codes(doc({ openstack_compute_instance_v2: { i: { name: 'i', timeouts: [{ create: '1m' }, { create: '2m' }] } } }))).toEqual(['too-many-blocks openstack_compute_instance_v2.i.timeouts']);
  });

  it('rejects setting a computed-only attribute', () => {
    expect(codes(doc({ openstack_identity_ec2_credential_v3: { c: { secret: 'x' } } }))).toEqual(['read-only-attribute openstack_identity_ec2_credential_v3.c.secret']);
  });

  it('rejects unknown resource types and providers, naming data sources with data.', () => {
    expect(validateTerraformJson(doc({ openstack_compute_instanse_v2: { i: { name: 'i' } } }))[0]).toMatchObject({ code: 'unknown-resource-type', address: 'openstack_compute_instanse_v2.i', hint: 'did you mean "openstack_compute_instance_v2"?' });
    expect(codes({ ...PROVIDERS, data: { openstack_networking_network_v2: { ext: { name: 'Ext-Net', externall: true } } } })).toEqual(['unknown-attribute data.openstack_networking_network_v2.ext.externall']);
    expect(codes(doc({ aws_instance: { i: {} } }))).toEqual(['unknown-provider aws_instance.i']);
  });

  it('checks provider blocks, and knows meta-arguments and built-in data sources', () => {
    expect(codes({ ...PROVIDERS, provider: { openstack: [{ region: 'GRA11' }, { alias: 'b', regoin: 'SBG5' }] } })).toEqual(['unknown-attribute provider.openstack[1].regoin']);
    const meta = { name: 'i', count: 2, depends_on: ['x'], lifecycle: { prevent_destroy: true }, provider: 'openstack.b', '//': { metadata: {} } };
    expect(codes(doc({ openstack_compute_instance_v2: { i: meta } }, { data: { terraform_remote_state: { n: { backend: 's3' } } } }))).toEqual([]);
  });

  it('checks the content of dynamic blocks', () => {
    const dynamic = { network: { for_each: '${var.nets}', content: { uuid: '${network.value}', fixed_ip_v5: 'x' } } };
    expect(codes(doc({ openstack_compute_instance_v2: { i: { name: 'i', dynamic } } }))).toEqual(['unknown-attribute openstack_compute_instance_v2.i.dynamic.network.content.fixed_ip_v5']);
  });

  it('reports every problem, not only the first, and never throws on garbage', () => {
    expect(codes(doc({ openstack_networking_secgroup_v2: { a: {}, b: { name: 1, colour: 'x' } } }))).toEqual([
      'missing-attribute openstack_networking_secgroup_v2.a.name',
      'unknown-attribute openstack_networking_secgroup_v2.b.colour',
    ]);
    expect(codes([] as unknown as TfDoc)).toEqual(['not-an-object ']);
    expect(codes({ ...PROVIDERS, resource: { openstack_networking_secgroup_v2: { a: 'x' } }, resources: {} })).toEqual(['unknown-top-level-key resources', 'not-an-object openstack_networking_secgroup_v2.a']);
  });
});
