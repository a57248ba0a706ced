/** The operators' Helm releases: pinned, phone-home off, and the edge exposed as the infrastructure expects. */
import { describe, expect, it } from 'vitest';
import { IMAGES } from '../../../charts/images.js';
import { operatorReleases } from '../../../charts/platform/operators.js';
import { INGRESS_NODE_PORTS } from '../../../stacks/lb/ingress-ports.js';
import { NODE_SUBNET_CIDR } from '../../../stacks/networking/address-plan.js';
import { size } from '../../../sizing/size.js';
import { loadExample, MAGNUM_FIXTURE, variant } from '../examples.js';
import { barmanCloudPluginPod } from './operator-pods.js';

const traefik = (env: ReturnType<typeof loadExample>, deploy = {}) => {
  const release = operatorReleases(env, size(env), deploy).find((r) => r.name === 'traefik');
  if (!release) throw new Error('no traefik release');
  return release.values as Record<string, any>;
};

describe('operator releases', () => {
  it('pin exact chart versions and come from the mirror when one is set', () => {
    const env = loadExample('metropole-9000');
    for (const r of operatorReleases(env, size(env))) {
      expect(r.version).toMatch(/^v?\d+\.\d+\.\d+$/);
      expect(r.chart).toBe(`oci://${env.images.mirror}/charts/${r.name}`);
    }
    const upstream = operatorReleases(variant(env, (e) => (e.images = {})), size(env));
    expect(upstream.map((r) => r.repository)).toEqual([
      'https://kubernetes.github.io/cloud-provider-openstack',
      'https://kubernetes.github.io/cloud-provider-openstack',
      'https://charts.jetstack.io',
      'https://cloudnative-pg.github.io/charts',
      'https://cloudnative-pg.github.io/charts',
      'https://traefik.github.io/charts',
    ]);
  });

  it('name every image under the mirror at its upstream path without the registry host (as charts/images.ts does)', () => {
    const env = loadExample('metropole-9000');
    const images = (values: unknown): string[] => {
      if (values === null || typeof values !== 'object' || Array.isArray(values)) return [];
      const v = values as Record<string, any>;
      // `image`, and the Barman Cloud chart's `sidecarImage` (chart 0.7.0 values.yaml).
      const keys = ['image', 'sidecarImage'];
      const own = keys.flatMap((k) => (v[k]?.repository ? [v[k].registry ? `${v[k].registry}/${v[k].repository}` : v[k].repository] : []));
      return [...own, ...Object.entries(v).filter(([k]) => !keys.includes(k)).flatMap(([, child]) => images(child))];
    };
    const mirror = env.images.mirror!;
    expect(operatorReleases(env, size(env)).flatMap((r) => images(r.values)).sort()).toEqual(
      [
        'jetstack/cert-manager-acmesolver', 'jetstack/cert-manager-cainjector', 'jetstack/cert-manager-controller',
        'jetstack/cert-manager-startupapicheck', 'jetstack/cert-manager-webhook', 'cloudnative-pg/cloudnative-pg', 'library/traefik',
        'cloudnative-pg/plugin-barman-cloud', 'cloudnative-pg/plugin-barman-cloud-sidecar',
        'provider-os/openstack-cloud-controller-manager', 'provider-os/cinder-csi-plugin', 'sig-storage/csi-attacher',
        'sig-storage/csi-provisioner', 'sig-storage/csi-snapshotter', 'sig-storage/csi-resizer', 'sig-storage/livenessprobe',
        'sig-storage/csi-node-driver-registrar',
      ].map((path) => `${mirror}/${path}`).sort(),
    );
    expect(traefik(variant(env, (e) => (e.images = {}))).image).toEqual({ registry: 'docker.io', repository: 'library/traefik' });
  });

  it('on clusters socle builds, install the OpenStack cloud controller and Cinder CSI first, on the control plane, with the stacks’ credential', () => {
    const env = loadExample('pilot');
    const [occm, csi] = operatorReleases(env, size(env));
    expect([occm!.name, csi!.name]).toEqual(['openstack-cloud-controller-manager', 'openstack-cinder-csi']);
    const values = occm!.values as Record<string, any>;
    expect(values.nodeSelector).toEqual({ 'node-role.kubernetes.io/control-plane': 'true' });
    // The RKE2 control plane carries CriticalAddonsOnly=true:NoExecute (stacks/compute/rke2-cloud-init.ts).
    expect(values.tolerations).toContainEqual({ key: 'CriticalAddonsOnly', operator: 'Exists', effect: 'NoExecute' });
    expect(values.tolerations).toContainEqual({ key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' });
    expect(values.cloudConfig.global).toEqual({ region: 'GRA11' });
    expect(values.cloudConfig.loadBalancer).toEqual({ enabled: false });
    expect(occm!.configValues).toEqual([
      { path: ['cloudConfig', 'global', 'auth-url'], configKey: 'openstackAuthUrl', secret: false },
      { path: ['cloudConfig', 'global', 'application-credential-id'], configKey: 'cloudProviderCredentialId', secret: true },
      { path: ['cloudConfig', 'global', 'application-credential-secret'], configKey: 'cloudProviderCredentialSecret', secret: true },
    ]);
    // The CSI driver reads the controller's cloud.conf Secret; socle's storage classes stay the only ones.
    expect((csi!.values as Record<string, any>).secret).toEqual({ enabled: true, create: false, name: 'cloud-config', filename: 'cloud.conf' });
    expect((csi!.values as Record<string, any>).csi.snapshotController).toEqual({ enabled: false });
    expect((csi!.values as Record<string, any>).storageClass).toEqual({ enabled: false });
    expect(JSON.stringify([occm!.values, csi!.values])).not.toContain('registry.k8s.io');
  });

  it('leave the cloud controller and CSI to Magnum and to an existing cluster', () => {
    for (const env of [loadExample(MAGNUM_FIXTURE), variant(loadExample('pilot'), (e) => (e.cluster = { ...e.cluster, mode: 'existing', kubeconfig: './kubeconfig' }))]) {
      expect(operatorReleases(env, size(env)).map((r) => r.name)).toEqual(['cert-manager', 'cloudnative-pg', 'plugin-barman-cloud', 'traefik']);
    }
  });

  it('list every release a release must follow before it (the Pulumi program makes it depend on them, and refuses a later one)', () => {
    for (const env of [loadExample('pilot'), loadExample(MAGNUM_FIXTURE)]) {
      const releases = operatorReleases(env, size(env));
      const names = releases.map((r) => r.name);
      const order = releases.flatMap((r, i) => (r.after ?? []).map((name) => ({ release: r.name, after: name, listedBefore: names.indexOf(name) >= 0 && names.indexOf(name) < i })));
      expect(order.length).toBeGreaterThan(0);
      expect(order.filter((o) => !o.listedBefore)).toEqual([]);
    }
  });

  it('install the Barman Cloud plugin only with backups, beside the CloudNativePG operator, after cert-manager, at the images charts/images.ts pins', () => {
    const env = loadExample('pilot');
    const plugin = operatorReleases(env, size(env)).find((r) => r.name === 'plugin-barman-cloud')!;
    expect(plugin.namespace).toBe(operatorReleases(env, size(env)).find((r) => r.name === 'cloudnative-pg')!.namespace);
    expect(plugin.after).toEqual(['cert-manager']);
    const mirror = env.images.mirror!.replace(/\/+$/, '');
    expect(plugin.values).toEqual({
      image: { registry: mirror, repository: 'cloudnative-pg/plugin-barman-cloud', tag: IMAGES.barmanCloudPlugin.split(':')[1] },
      sidecarImage: { registry: mirror, repository: 'cloudnative-pg/plugin-barman-cloud-sidecar', tag: IMAGES.barmanCloudSidecar.split(':')[1] },
      additionalArgs: ['--log-level=info'],
    });
    const upstream = operatorReleases(variant(env, (e) => (e.images = {})), size(env)).find((r) => r.name === 'plugin-barman-cloud')!.values as Record<string, any>;
    expect(`${upstream.sidecarImage.registry}/${upstream.sidecarImage.repository}:${upstream.sidecarImage.tag}`).toBe(IMAGES.barmanCloudSidecar);
    const withoutBackups = variant(env, (e) => delete (e as { backups?: unknown }).backups);
    expect(operatorReleases(withoutBackups, size(withoutBackups)).map((r) => r.name)).not.toContain('plugin-barman-cloud');
  });

  it('turn off Traefik’s update check and usage statistics through the keys chart 37 reads, with no flag of their own to contradict them', () => {
    const v = traefik(loadExample('pilot'));
    // traefik/templates/_podtemplate.tpl: checkNewVersion=false → --global.checkNewVersion=false;
    // sendAnonymousUsage=false → no flag (Traefik's default is off).
    expect(v.global).toEqual({ checkNewVersion: false, sendAnonymousUsage: false });
    expect(v).not.toHaveProperty('globalArguments');
    expect(JSON.stringify(v).toLowerCase()).not.toMatch(/--global\.(checknewversion|sendanonymoususage)/);
  });

  it('give each cert-manager component two replicas and an explicit disruption budget', () => {
    const env = loadExample('pilot');
    const v = operatorReleases(env, size(env)).find((r) => r.name === 'cert-manager')!.values as Record<string, any>;
    for (const component of [v, v.webhook, v.cainjector]) {
      expect(component.replicaCount).toBe(2);
      expect(component.podDisruptionBudget).toEqual({ enabled: true, minAvailable: 1 });
    }
  });

  it('expose the edge on the NodePorts the ingress load balancer targets, trusting its PROXY header (instances)', () => {
    const v = traefik(loadExample('pilot'));
    expect([v.ports.web.nodePort, v.ports.websecure.nodePort]).toEqual([INGRESS_NODE_PORTS.http, INGRESS_NODE_PORTS.https]);
    expect(v.ports.websecure.proxyProtocol.trustedIPs).toEqual([NODE_SUBNET_CIDR]);
    // Lowest priority, so that cert-manager's HTTP-01 solvers answer on port 80 (see turns.test.ts).
    expect(v.ports.web.redirections.entryPoint).toEqual({ to: 'websecure', scheme: 'https', permanent: true, priority: 1 });
    expect(v.service.type).toBe('NodePort');
  });

  it('adopt the load balancer the cluster stack created (Magnum)', () => {
    const v = traefik(loadExample(MAGNUM_FIXTURE), { ingressLoadBalancerId: 'lb-123' });
    expect(v.service).toEqual({ type: 'LoadBalancer', annotations: { 'loadbalancer.openstack.org/proxy-protocol': 'true', 'loadbalancer.openstack.org/load-balancer-id': 'lb-123' } });
  });
});

describe('the Barman Cloud plugin release', () => {
  // Go's flag parsing sets a flag at each occurrence, so the last `--log-level` given is the level
  // (cloudnative-pg/machinery pkg/log flags.go registers it on a Go flag.FlagSet).
  const logLevel = (args: string[]) => args.filter((a) => a.startsWith('--log-level=')).pop()?.slice('--log-level='.length);

  it("runs the plugin at info, not at the debug level its chart's args hard-code", () => {
    const env = loadExample('metropole-9000');
    const release = operatorReleases(env, size(env)).find((r) => r.name === 'plugin-barman-cloud')!;
    const args: string[] = barmanCloudPluginPod(release).spec.containers[0].args;
    expect(logLevel(args)).toBe('info');
    // Without socle's value the chart alone would log at debug.
    expect(logLevel(barmanCloudPluginPod({ ...release, values: {} }).spec.containers[0].args)).toBe('debug');
  });
});
