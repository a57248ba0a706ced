/**
 * TURN over TLS on 443 for networks that only let HTTPS out: `turns.<domain>` at the ingress, a
 * certificate for it, an SNI route on the edge's HTTPS entry point to coturn's TCP listener, and
 * prosody advertising it next to plain TURN.
 */
import { describe, expect, it } from 'vitest';
import { appHosts } from '../../../environments/environment.js';
import type { KubeObject } from '../../../charts/kube-object.js';
import { NAMESPACES, OPERATOR_NAMESPACES } from '../../../charts/platform/namespaces.js';
import { operatorReleases } from '../../../charts/platform/operators.js';
import { validateObject } from '../../../charts/strict-validation.js';
import { NODE_SUBNET_CIDR } from '../../../stacks/networking/address-plan.js';
import { configData, envOf, find, loadExample, podSpec, render } from '../examples.js';

const metropole = render(loadExample('metropole-9000'));
const hosts = appHosts(metropole.env);

describe('TURN over TLS through the edge', () => {
  it('names turns.<domain> next to turn.<domain>', () => {
    expect([hosts.turn, hosts.turns]).toEqual([`turn.${metropole.env.authority.domain}`, `turns.${metropole.env.authority.domain}`]);
  });

  it('orders a certificate for turns.<domain> from the cluster issuer, and no Ingress for it', () => {
    const certificate = find(metropole.objects, 'Certificate', 'turns', NAMESPACES.jitsiMedia);
    expect(certificate.spec).toEqual({ secretName: 'turns-tls', dnsNames: [hosts.turns], issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'socle-acme' } });
    expect(metropole.objects.filter((o) => o.kind === 'Ingress' && (o.spec as any).rules.some((r: any) => r.host === hosts.turns))).toEqual([]);
    // cert-manager's HTTP-01 solver for it runs in the Certificate's namespace, reached from the edge.
    const solver = find(metropole.objects, 'NetworkPolicy', 'allow-acme-http01-solver', NAMESPACES.jitsiMedia);
    expect((solver.spec as any).ingress[0].from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': OPERATOR_NAMESPACES.traefik } } }]);
  });

  it('routes turns.<domain> by SNI on the HTTPS entry point, terminating TLS with that certificate, to coturn’s TCP port', () => {
    const route = find(metropole.objects, 'IngressRouteTCP', 'turns', NAMESPACES.jitsiMedia);
    const spec = route.spec as any;
    expect(spec.entryPoints).toEqual(['websecure']);
    expect(spec.routes).toEqual([{ match: `HostSNI(\`${hosts.turns}\`)`, services: [{ name: 'coturn', port: 3478 }] }]);
    expect(spec.tls).toEqual({ secretName: (find(metropole.objects, 'Certificate', 'turns').spec as any).secretName });
    // The web apps' Ingresses use the same entry point: TCP routers are matched first, by name.
    for (const ingress of metropole.objects.filter((o) => o.kind === 'Ingress')) expect(ingress.metadata.annotations?.['traefik.ingress.kubernetes.io/router.entrypoints']).toBe('websecure');
  });

  it('reaches coturn through a Service whose endpoints are the host-networked TURN pods’ TCP listener', () => {
    const svc = find(metropole.objects, 'Service', 'coturn', NAMESPACES.jitsiMedia);
    expect((svc.spec as any).ports).toEqual([{ name: 'turn-tcp', port: 3478, targetPort: 'turn-tcp', protocol: 'TCP' }]);
    const coturn = find(metropole.objects, 'Deployment', 'coturn', NAMESPACES.jitsiMedia);
    const podLabels = (coturn.spec as any).template.metadata.labels as Record<string, string>;
    for (const [key, value] of Object.entries((svc.spec as any).selector as Record<string, string>)) expect({ key, value: podLabels[key] }).toEqual({ key, value });
    const pod = podSpec(coturn);
    expect(pod.hostNetwork).toBe(true);
    expect(pod.containers[0].ports).toContainEqual({ name: 'turn-tcp', containerPort: 3478, protocol: 'TCP' });
    expect(configData(metropole.objects, 'coturn', 'turnserver.conf')).toMatch(/^listening-port=3478$/m);
  });

  it('keeps relaying to public peers only, whoever the client: the edge’s private address gains nothing', () => {
    const conf = configData(metropole.objects, 'coturn', 'turnserver.conf');
    for (const range of ['10.0.0.0-10.255.255.255', '172.16.0.0-172.31.255.255', '192.168.0.0-192.168.255.255', '169.254.0.0-169.254.255.255', '100.64.0.0-100.127.255.255']) expect(conf).toContain(`denied-peer-ip=${range}`);
    expect(conf).not.toMatch(/^allowed-peer-ip=/m);
    expect(conf).toMatch(/^no-tcp-relay$/m);
    expect(conf).toMatch(/^use-auth-secret$/m);
  });

  it('has prosody advertise turn:turn.<domain>:3478 over UDP and TCP and turns:turns.<domain>:443', () => {
    for (const shard of [0, 1]) {
      const prosody = envOf(find(metropole.objects, 'Deployment', `jitsi-prosody-${shard}`), 'prosody');
      expect(['TURN_HOST', 'TURN_PORT', 'TURN_TRANSPORT', 'TURNS_HOST', 'TURNS_PORT'].map((k) => prosody.get(k))).toEqual([hosts.turn, '3478', 'udp,tcp', hosts.turns, '443']);
      expect(prosody.get('TURN_CREDENTIALS')).toEqual({ secretKeyRef: { name: 'coturn-auth', key: 'static-auth-secret' } });
    }
    // STUN stays on turn.<domain> only.
    expect(envOf(find(metropole.objects, 'Deployment', 'jitsi-web-0'), 'web').get('P2P_STUN_SERVERS')).toBe(`${hosts.turn}:3478`);
  });

  it('validates the Certificate and the IngressRouteTCP strictly, unknown fields included', () => {
    const typos: Record<string, (spec: any) => void> = {
      Certificate: (spec) => (spec.dnsName = [hosts.turns]),
      IngressRouteTCP: (spec) => (spec.tls.secretNmae = 'turns-tls'),
    };
    for (const [kind, typo] of Object.entries(typos)) {
      const object = find(metropole.objects, kind, 'turns');
      expect(validateObject(object)).toEqual({ problems: [] });
      const wrong = structuredClone(object) as KubeObject;
      typo(wrong.spec);
      expect(validateObject(wrong).problems.map((p) => `${p.path} ${p.message}`)).toEqual([expect.stringMatching(/^\/spec\/(dnsName|tls\/secretNmae) unknown field/)]);
    }
  });

  it('lets HTTP-01 answer on port 80: the HTTPS redirect has the lowest priority, so the CA never follows it into the TURN route', () => {
    const traefik = operatorReleases(metropole.env, metropole.plan).find((r) => r.name === 'traefik')!.values as any;
    expect(traefik.ports.web.redirections.entryPoint.priority).toBe(1);
  });
});

describe('the edge → coturn hop', () => {
  const TRAEFIK_POD = { 'app.kubernetes.io/name': 'traefik' };
  const nodeAddress = NODE_SUBNET_CIDR.replace(/0\/\d+$/, '10');

  const toInt = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
  const inCidr = (ip: string, cidr: string) => {
    const [base, bits] = cidr.split('/') as [string, string];
    const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
    return ((toInt(ip) & mask) >>> 0) === ((toInt(base) & mask) >>> 0);
  };
  const selects = (policy: KubeObject, labels: Record<string, string>) =>
    Object.entries(((policy.spec as any).podSelector?.matchLabels ?? {}) as Record<string, string>).every(([k, v]) => labels[k] === v);

  /** Whether NetworkPolicies let a Traefik pod open TCP `port` to a node address (a host-networked pod). */
  function edgeMayReach(objects: KubeObject[], port: number): boolean {
    const isolating = objects.filter(
      (o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === OPERATOR_NAMESPACES.traefik && selects(o, TRAEFIK_POD) && ((o.spec as any).policyTypes ?? []).includes('Egress'),
    );
    if (isolating.length === 0) return true;
    return isolating.some((p) =>
      ((p.spec as any).egress ?? []).some((rule: any) => {
        const portOk = rule.ports === undefined || rule.ports.some((q: any) => q.port === port && (q.protocol ?? 'TCP') === 'TCP');
        const peerOk = rule.to === undefined || rule.to.some((peer: any) => peer.ipBlock && inCidr(nodeAddress, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((e: string) => inCidr(nodeAddress, e)));
        return portOk && peerOk;
      }),
    );
  }

  it('is open: Traefik’s egress policies allow 3478/TCP to node addresses, and coturn, on host networking, is outside every NetworkPolicy', () => {
    expect(edgeMayReach(metropole.objects, 3478)).toBe(true);
    expect(podSpec(find(metropole.objects, 'Deployment', 'coturn')).hostNetwork).toBe(true);
  });

  it('would be closed by an egress default-deny in Traefik’s namespace without a 3478/TCP allowance to the nodes', () => {
    const deny: KubeObject = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: OPERATOR_NAMESPACES.traefik }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
    const others = metropole.objects.filter((o) => !(o.kind === 'NetworkPolicy' && o.metadata.namespace === OPERATOR_NAMESPACES.traefik));
    expect(edgeMayReach([...others, deny], 3478)).toBe(false);
    const allow: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-to-coturn', namespace: OPERATOR_NAMESPACES.traefik },
      spec: { podSelector: { matchLabels: TRAEFIK_POD }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: NODE_SUBNET_CIDR } }], ports: [{ port: 3478, protocol: 'TCP' }] }] },
    };
    expect(edgeMayReach([...others, deny, allow], 3478)).toBe(true);
  });
});
