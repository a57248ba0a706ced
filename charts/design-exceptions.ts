/**
 * Where an application can't meet a rule, said here once, machine-readably, so that the policy
 * engine turns each entry into a built-in, justified waiver (and the README lists them).
 * `resource` is a glob (`*` any run of characters) over `<namespace>/<Kind>/<name>` (cluster-scoped
 * objects: `_cluster/<Kind>/<name>`), as `resourceAddress` writes it.
 */
import type { KubeObject } from './kube-object.js';

export interface DesignException {
  /** The policy the object fails, by its stable id in policies/. */
  policy: string;
  resource: string;
  justification: string;
  /** What would remove the exception. */
  remedy: string;
}

/** Containers whose image writes to its root filesystem: [resource glob, what it writes]. */
const WRITABLE_ROOT: [string, string][] = [
  ['nextcloud/*/nextcloud-*', 'PHP-FPM and occ write uploads in transit and other temporary files under /tmp'],
  ['onlyoffice/*/onlyoffice-*', 'ONLYOFFICE and RabbitMQ generate fonts, caches and runtime configuration outside their volumes at start'],
  ['rocketchat/Deployment/rocketchat', 'the Rocket.Chat Meteor bundle writes to its application directory at start'],
  ['wekan/Deployment/wekan', 'the Wekan Meteor bundle writes to its application directory at start'],
  ['*/StatefulSet/*-mongodb', 'the official MongoDB entrypoint writes its first-start configuration outside the data volume'],
  ['*/Job/*-mongodb-initiate', 'mongosh writes its history and logs under $HOME'],
  ['jitsi*/Deployment/jitsi-*', 'the docker-jitsi-meet images (s6-overlay) render their configuration into /config and /run at start'],
];

export const DESIGN_EXCEPTIONS: readonly DesignException[] = [
  {
    policy: 'k8s-host-network',
    resource: 'jitsi-media/Deployment/jitsi-videobridge',
    justification:
      'Each videobridge must be reachable on UDP 10000 at its own public address and advertise it to clients (ICE); host networking on a media node with a floating IP (socle attaches one to each media node, Magnum ones included) does this without a per-bridge load balancer, which Octavia cannot do for UDP media at scale.',
    remedy: 'A UDP-capable per-pod public address (e.g. one LoadBalancer Service per bridge with a floating IP) once the cloud offers it.',
  },
  {
    policy: 'k8s-host-network',
    resource: 'jitsi-media/Deployment/coturn',
    justification: 'TURN relays media on a large UDP port range at the public address of its node; NAT or a load balancer in front breaks relay allocations.',
    remedy: 'None planned: TURN servers are run on public addresses by design.',
  },
  {
    policy: 'k8s-pod-security-restricted',
    resource: '_cluster/Namespace/jitsi-media',
    justification: 'Pod Security Admission rejects host networking at `baseline` and `restricted`; this namespace is `privileged` so the two workloads above can run, and holds nothing else. Every other namespace enforces `restricted` or, for the rest of Jitsi, `baseline`.',
    remedy: 'As for the two host-network exceptions.',
  },
  {
    policy: 'k8s-pod-security-restricted',
    resource: '_cluster/Namespace/jitsi',
    justification: 'Pod Security Admission `restricted` rejects the root s6-overlay init of the docker-jitsi-meet web, prosody and jicofo images (runAsNonRoot, capabilities CHOWN, DAC_OVERRIDE, FOWNER, SETGID, SETUID, KILL); `baseline` admits them and forbids host namespaces, host paths, host ports and privileged containers.',
    remedy: 'As for k8s-run-as-non-root on the Jitsi Deployments.',
  },
  {
    policy: 'k8s-run-as-non-root',
    resource: 'jitsi*/Deployment/jitsi-*',
    justification: 'The docker-jitsi-meet images start an s6-overlay init as root that writes configuration from templates and then drops to service users; upstream supports no other mode. Privilege escalation stays off and capabilities are limited to what s6 needs.',
    remedy: 'Rootless Jitsi images built from upstream packages, mirrored in the EU registry.',
  },
  ...['jitsi-videobridge', 'coturn'].map((name) => ({
    policy: 'k8s-network-policy-coverage',
    resource: `jitsi-media/Deployment/${name}`,
    justification: 'NetworkPolicies do not apply to host-networked pods; the media nodes are filtered by the OpenStack security groups the infrastructure stack puts on their ports, Magnum nodes included (media and TURN ports only from outside the cluster networks).',
    remedy: 'As for k8s-host-network.',
  })),
  ...WRITABLE_ROOT.map(([resource, why]) => ({
    policy: 'k8s-read-only-root-filesystem',
    resource,
    justification: `Writable root filesystem: ${why}; the container says so next to its code. Every other container runs read-only.`,
    remedy: 'Read-only variants with an emptyDir for each written path, as each image is verified.',
  })),
  // The pods that download the pinned app archives, and the ConfigMap that names where from.
  ...(['residency-external-download', 'residency-telemetry'] as const).map((policy) => ({
    policy,
    resource: 'nextcloud/*/nextcloud-*',
    justification:
      "Without `artifacts.url`, each Nextcloud pod, cron run and the install Job downloads the ONLYOFFICE connector and notify_push archives from the apps' GitHub releases (outside the EU) when it starts, because the official image holds neither: exact versions, refused unless their SHA-256 is the one charts/apps/nextcloud/nextcloud-apps.ts pins, never the app store. The app store and the internet connection stay disabled for the running server.",
    remedy: 'Copy the archives listed in charts/apps/nextcloud/nextcloud-apps.ts to `<artifacts.url>/nextcloud-apps/` and set `artifacts.url`.',
  })),
  // The residency policies read Rocket.Chat's settings off any container of its image.
  ...['residency-push-gateway', 'residency-telemetry'].map((policy) => ({
    policy,
    resource: 'rocketchat/Job/rocketchat-jitsi-app-*',
    justification:
      "The Jitsi app Job runs socle's script (charts/apps/rocketchat/rocketchat-jitsi-app.mjs) with the node of the Rocket.Chat image, not the Rocket.Chat server: no push or statistics code runs in it. Its only egress beyond the namespace is the authority's artifact store (NetworkPolicy allow-jitsi-app-to-package-host).",
    remedy: 'A node-only image in the EU mirror for the Job, once socle mirrors one.',
  })),
  {
    policy: 'availability-single-replica',
    resource: 'onlyoffice/*/onlyoffice-*',
    justification: 'Only with `apps.onlyoffice.edition: community`: the free licence allows one instance (20 simultaneous connections, no clustering). The sizing report flags the gap.',
    remedy: 'The enterprise edition (planned replicas).',
  },
  {
    policy: 'availability-single-replica',
    resource: 'rocketchat/Deployment/rocketchat',
    justification: 'Only with `apps.rocketchat.edition: community`: several instances need an Enterprise licence.',
    remedy: 'The enterprise edition (planned replicas).',
  },
];

export function resourceAddress(o: KubeObject): string {
  return `${o.metadata.namespace ?? '_cluster'}/${o.kind}/${o.metadata.name}`;
}

/** Does a design exception cover an object? */
export function exceptionCovers(exception: DesignException, o: KubeObject): boolean {
  const pattern = new RegExp(`^${exception.resource.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return pattern.test(resourceAddress(o));
}
