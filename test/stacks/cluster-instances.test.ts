/** `cluster.mode: instances`: nodes per zone as planned, spread, public IPs, load balancers, bootstrap. */
import { describe, expect, it } from 'vitest';
import { size } from '../../sizing/size.js';
import { INGRESS_NODE_PORTS } from '../../stacks/lb/ingress-ports.js';
import { NODE_SUBNET_CIDR } from '../../stacks/networking/address-plan.js';
import { runRuncmd } from './cloud-init-shell.js';
import { example, resources, stack, variant, type TfDoc } from './synthesized.js';

const metropole = example('metropole-9000');
const cluster = stack(metropole, 'cluster');
const instances = Object.values(resources(cluster, 'openstack_compute_instance_v2'));
const pool = (doc: TfDoc) => doc['metadata']['socle-pool'] as string;

describe('cluster stack, instances mode (metropole-9000, 3 zones)', () => {
  it('creates per pool and zone exactly the nodes of the sizing plan', () => {
    const expected = size(metropole).nodePools.flatMap((p) => p.zones.map((z) => ({ role: p.role, zone: z.zone, count: z.count })));
    const actual = expected.map(({ role, zone }) => ({ role, zone, count: instances.filter((i) => pool(i) === role && i['availability_zone'] === zone).length }));
    expect(actual).toEqual(expected);
    expect(instances).toHaveLength(size(metropole).nodePools.reduce((n, p) => n + p.count, 0));
  });

  it('runs 3 control-plane nodes, one per zone, in a strict anti-affinity group', () => {
    const cp = instances.filter((i) => pool(i) === 'control-plane');
    expect(cp.map((i) => i['availability_zone'])).toEqual(['eu-west-par-a', 'eu-west-par-b', 'eu-west-par-c']);
    expect(resources(cluster, 'openstack_compute_servergroup_v2')['control_plane']!['policies']).toEqual(['anti-affinity']);
    for (const node of cp) expect(node['scheduler_hints']).toEqual([{ group: '${openstack_compute_servergroup_v2.control_plane.id}' }]);
  });

  it('uses the flavors of the plan and the environment image', () => {
    for (const p of size(metropole).nodePools) {
      for (const node of instances.filter((i) => pool(i) === p.role)) expect([node['flavor_name'], node['image_name']]).toEqual([p.flavor.name, metropole.cloud.image]);
    }
  });

  it('gives each media node, and only them, a floating IP on its port', () => {
    const fips = resources(cluster, 'openstack_networking_floatingip_v2');
    const media = size(metropole).nodePools.find((p) => p.role === 'media')!;
    const nodeFips = Object.keys(fips).filter((k) => k !== 'ingress' && k !== 'kubernetes_api');
    expect(nodeFips).toEqual(Array.from({ length: media.count }, (_, i) => `media_${i}`));
    for (const name of nodeFips) expect(fips[name]!['port_id']).toBe(`\${openstack_networking_port_v2.${name}.id}`);
  });

  it('puts the ingress load balancer in front of every general node, over 80 and 443, open to all', () => {
    const listeners = resources(cluster, 'openstack_lb_listener_v2');
    expect([listeners['ingress_http']!['protocol_port'], listeners['ingress_https']!['protocol_port']]).toEqual([80, 443]);
    expect(listeners['ingress_https']!['allowed_cidrs']).toBeUndefined();
    const members = resources(cluster, 'openstack_lb_members_v2')['ingress_https']!['member'] as TfDoc[];
    const general = Object.keys(resources(cluster, 'openstack_compute_instance_v2')).filter((k) => k.startsWith('general_'));
    expect(members.map((m) => m['name'])).toEqual(general.map((k) => `metropole-9000-general-${k.split('_')[1]}`));
    expect(new Set(members.map((m) => m['protocol_port']))).toEqual(new Set([INGRESS_NODE_PORTS.https]));
    expect(resources(cluster, 'openstack_lb_pool_v2')['ingress_https']!['protocol']).toBe('PROXY');
    expect(resources(cluster, 'openstack_lb_monitor_v2')['ingress_https']).toMatchObject({ type: 'TCP', pool_id: '${openstack_lb_pool_v2.ingress_https.id}' });
  });

  it('admits only the admin CIDRs and the node subnet to the Kubernetes API, and only the subnet to the supervisor', () => {
    const listeners = resources(cluster, 'openstack_lb_listener_v2');
    expect(listeners['kubernetes_api_kubernetes']!['allowed_cidrs']).toEqual([...metropole.cluster.adminCidrs, NODE_SUBNET_CIDR].sort());
    expect(listeners['kubernetes_api_supervisor']!['allowed_cidrs']).toEqual([NODE_SUBNET_CIDR]);
  });

  it('keeps the API private (no floating IP) when there are no admin CIDRs', () => {
    const closed = stack(variant(metropole, (e) => (e.cluster.adminCidrs = [])), 'cluster');
    expect(resources(closed, 'openstack_networking_floatingip_v2')['kubernetes_api']).toBeUndefined();
    expect(resources(closed, 'openstack_lb_listener_v2')['kubernetes_api_kubernetes']!['allowed_cidrs']).toEqual([NODE_SUBNET_CIDR]);
  });

  it('sizes the Octavia load balancers as the plan says (OVHcloud flavor names)', () => {
    const flavors = cluster['data']['openstack_lb_flavor_v2'];
    for (const lb of size(metropole).loadBalancers) expect(flavors[lb.name.replace('-', '_')]['name']).toBe(lb.size);
  });

  it('bootstraps RKE2 of the environment minor: the first server initialises, every other node joins the API address', () => {
    const userData = (name: string) => resources(cluster, 'openstack_compute_instance_v2')[name]!['user_data'] as string;
    const config = (name: string) => JSON.parse(JSON.parse(userData(name).replace('#cloud-config\n', ''))['write_files'][0]['content']);
    // One exact release on every node, whenever it boots: no channel that moves between two nodes.
    const vendorSites = stack(variant(metropole, (e) => delete e.artifacts), 'cluster');
    const { calls } = runRuncmd(resources(vendorSites, 'openstack_compute_instance_v2')['control_plane_0']!['user_data'] as string);
    expect(calls).toContainEqual(['curl', '-sfL', 'https://get.rke2.io']);
    expect(calls).toContainEqual(['env', 'INSTALL_RKE2_VERSION=v1.36.4+rke2r1', 'INSTALL_RKE2_TYPE=server', 'sh', '-']);
    expect(userData('control_plane_0')).toContain('/rke2/v1.36.4+rke2r1/rke2.linux-amd64.tar.gz');
    // The first server's `server:` is decided at its first boot (test/stacks/node-scripts.test.ts).
    expect(config('control_plane_0')['server']).toBeUndefined();
    expect(config('control_plane_1')['server']).toBe('https://${openstack_lb_loadbalancer_v2.kubernetes_api.vip_address}:9345');
    expect(config('media_0')).toMatchObject({ token: 'K10${sha256(sensitive(terraform_data.cluster_bootstrap.output.server_ca_certificate))}::node:${sensitive(terraform_data.cluster_bootstrap.output.agent_token)}', 'node-taint': ['socle/pool=media:NoSchedule'] });
    expect(config('media_0')['agent-token']).toBeUndefined();
    expect(runRuncmd(userData('general_0')).calls.find((c) => c[0] === 'env')).toContain('INSTALL_RKE2_TYPE=agent');
  });

  it('labels as many media nodes for TURN as the plan has TURN replicas, one zone after the other, and says which in the outputs', () => {
    const userData = (name: string) => resources(cluster, 'openstack_compute_instance_v2')[name]!['user_data'] as string;
    const labels = (name: string) => JSON.parse(JSON.parse(userData(name).replace('#cloud-config\n', ''))['write_files'][0]['content'])['node-label'];
    const plan = size(metropole);
    const turn = plan.components.find((c) => c.name === 'coturn')!.replicas;
    const media = plan.nodePools.find((p) => p.role === 'media')!.count;
    expect(turn).toBeLessThan(media);
    const zones = plan.nodePools.find((p) => p.role === 'media')!.zones.flatMap((z) => Array.from({ length: z.count }, () => z.zone));
    const turnZones: (string | null)[] = [];
    for (let i = 0; i < media; i++) {
      const l = labels(`media_${i}`);
      expect(l.slice(0, 1)).toEqual(['socle/pool=media']);
      if (l.includes('socle/turn=true')) turnZones.push(zones[i]!);
    }
    // Two TURN servers in two different zones: a zone's loss keeps one.
    expect(turnZones).toHaveLength(turn);
    expect(new Set(turnZones).size).toBe(Math.min(turn, new Set(zones).size));
    expect(labels('general_0')).toEqual(['socle/pool=general']);
    const listed = cluster['output']['media_node_addresses']['value'] as { turn: boolean; zone: string }[];
    expect(listed.filter((n) => n.turn).map((n) => n.zone)).toEqual(turnZones);
  });

  it('gives the first server, and only it, the cluster CAs of the stored bootstrap bundle, as base64 references', () => {
    const files = (name: string) => JSON.parse((resources(cluster, 'openstack_compute_instance_v2')[name]!['user_data'] as string).replace('#cloud-config\n', ''))['write_files'] as TfDoc[];
    const ca = files('control_plane_0').filter((f) => f['path'].startsWith('/var/lib/rancher/rke2/server/tls/'));
    expect(ca.map((f) => [f['path'].split('/').pop(), f['permissions'], f['encoding'], f['content']])).toEqual([
      ['server-ca.crt', '0644', 'b64', '${base64encode(sensitive(terraform_data.cluster_bootstrap.output.server_ca_certificate))}'],
      ['server-ca.key', '0600', 'b64', '${base64encode(sensitive(terraform_data.cluster_bootstrap.output.server_ca_private_key))}'],
      ['client-ca.crt', '0644', 'b64', '${base64encode(sensitive(terraform_data.cluster_bootstrap.output.client_ca_certificate))}'],
      ['client-ca.key', '0600', 'b64', '${base64encode(sensitive(terraform_data.cluster_bootstrap.output.client_ca_private_key))}'],
    ]);
    for (const other of ['control_plane_1', 'general_0', 'media_0']) expect(files(other).some((f) => f['path'].includes('/server/tls/'))).toBe(false);
  });

  it('keeps the first bootstrap bundle it gets, and outputs only what signs an admin certificate, as a sensitive value', () => {
    expect(cluster['variable']['cluster_bootstrap']).toMatchObject({ type: 'string', sensitive: true, nullable: false });
    // Later runs' bundles change nothing; no prevent_destroy: the stack is no data store (socle destroy takes it down).
    expect(resources(cluster, 'terraform_data')['cluster_bootstrap']).toMatchObject({ input: '${jsondecode(var.cluster_bootstrap)}', lifecycle: { ignore_changes: ['input'] } });
    expect(resources(cluster, 'terraform_data')['cluster_bootstrap']!['lifecycle']['prevent_destroy']).toBeUndefined();
    expect(cluster['output']['kubeconfig']).toBeUndefined();
    expect(cluster['output']['admin_certificate_signer']).toMatchObject({
      sensitive: true,
      value: {
        server_ca_certificate: '${sensitive(terraform_data.cluster_bootstrap.output.server_ca_certificate)}',
        client_ca_certificate: '${sensitive(terraform_data.cluster_bootstrap.output.client_ca_certificate)}',
        client_ca_private_key: '${sensitive(terraform_data.cluster_bootstrap.output.client_ca_private_key)}',
      },
    });
    expect(cluster['output']['api_endpoint']['value']).toBe('https://${openstack_networking_floatingip_v2.kubernetes_api.address}:6443');
    expect(Object.keys(cluster['terraform']['required_providers'])).toEqual(['openstack']);
  });

  it('pulls every image through the environment mirror, under its path; none configured without a mirror', () => {
    const files = (env: typeof metropole) => JSON.parse((resources(stack(env, 'cluster'), 'openstack_compute_instance_v2')['general_0']!['user_data'] as string).replace('#cloud-config\n', ''))['write_files'] as TfDoc[];
    const registries = files(metropole).find((f) => f['path'] === '/etc/rancher/rke2/registries.yaml')!;
    expect(JSON.parse(registries['content'])['mirrors']['quay.io']).toEqual({ endpoint: ['https://registry.metropole-exemple.fr'], rewrite: { '^(.*)$': 'socle/$1' } });
    expect(Object.keys(JSON.parse(registries['content'])['mirrors'])).toEqual(['docker.io', 'quay.io', 'registry.k8s.io', 'ghcr.io']);
    const unmirrored = variant(metropole, (e) => delete e.images.mirror);
    expect(files(unmirrored).map((f) => f['path']).filter((p: string) => p.startsWith('/etc/rancher/'))).toEqual(['/etc/rancher/rke2/config.yaml']);
  });

  it("installs RKE2 from the authority's copy of the release when artifacts.url is set: no request to RKE2's sites", () => {
    const calls = (env: typeof metropole) => runRuncmd(resources(stack(env, 'cluster'), 'openstack_compute_instance_v2')['media_0']!['user_data'] as string).calls;
    // A trailing slash in the URL changes nothing.
    const mirrored = variant(metropole, (e) => (e.artifacts = { url: 'https://artefacts.metropole-exemple.fr/socle/' }));
    const base = 'https://artefacts.metropole-exemple.fr/socle/rke2/v1.36.4+rke2r1';
    const dir = '/var/lib/socle/rke2-artifacts';
    expect(calls(mirrored).filter((c) => c[0] !== 'systemctl')).toEqual([
      ['mkdir', '-p', dir],
      ['curl', '-sfL', '--retry', '5', '-o', `${dir}/install.sh`, `${base}/install.sh`],
      ['curl', '-sfL', '--retry', '5', '-o', `${dir}/rke2.linux-amd64.tar.gz`, `${base}/rke2.linux-amd64.tar.gz`],
      ['curl', '-sfL', '--retry', '5', '-o', `${dir}/sha256sum-amd64.txt`, `${base}/sha256sum-amd64.txt`],
      ['env', `INSTALL_RKE2_ARTIFACT_PATH=${dir}`, 'INSTALL_RKE2_TYPE=agent', 'sh', `${dir}/install.sh`],
    ]);
    expect(JSON.stringify(calls(mirrored))).not.toMatch(/rke2\.io|github/);
    // The two sides of a pipe run at once: their order in the record is not theirs to keep.
    const vendor = calls(variant(metropole, (e) => delete e.artifacts)).filter((c) => c[0] !== 'systemctl');
    expect(vendor.sort()).toEqual([
      ['curl', '-sfL', 'https://get.rke2.io'],
      ['env', 'INSTALL_RKE2_VERSION=v1.36.4+rke2r1', 'INSTALL_RKE2_TYPE=agent', 'sh', '-'],
    ]);
  });

  it('lets the admin SSH keys into every node, and none without keys', () => {
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEbV0o0n1xQ3m2k9Jc4Yf0Vh5m6wPpQ0X2Yt7m8Zr9aB admin@metropole';
    const withKeys = stack(variant(metropole, (e) => (e.cluster.sshAuthorizedKeys = [key])), 'cluster');
    const cloudConfig = (doc: TfDoc, name: string) => JSON.parse((resources(doc, 'openstack_compute_instance_v2')[name]!['user_data'] as string).replace('#cloud-config\n', ''));
    for (const name of Object.keys(resources(withKeys, 'openstack_compute_instance_v2'))) expect(cloudConfig(withKeys, name)['ssh_authorized_keys']).toEqual([key]);
    expect(cloudConfig(cluster, 'general_0')['ssh_authorized_keys']).toBeUndefined();
  });

  it('never replaces running nodes for a change of bootstrap data (a new RKE2 release, another key)', () => {
    for (const node of Object.values(resources(cluster, 'openstack_compute_instance_v2'))) expect(node['lifecycle']['ignore_changes']).toContain('user_data');
  });

  it('limits the cloud-provider credential to the cloud controller and CSI APIs, and to itself', () => {
    const credential = resources(cluster, 'openstack_identity_application_credential_v3')['cloud_provider']!;
    expect(credential['unrestricted']).toBe(false);
    const services = new Set((credential['access_rules'] as TfDoc[]).map((r) => r['service']));
    expect(services).toEqual(new Set(['block-storage', 'compute', 'load-balancer', 'network', 'volumev3']));
    expect(cluster['output']['cloud_provider_credential_secret']).toMatchObject({ value: '${openstack_identity_application_credential_v3.cloud_provider.secret}', sensitive: true });
  });
});
