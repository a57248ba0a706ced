/**
 * A public address on a port socle did not make (a Magnum node's, found by a data source) must
 * come with socle's own security groups enforced on that port: the port otherwise keeps the
 * groups its maker gave it, and Magnum's worker group opens SSH and the NodePorts to any source.
 * Judged on synthesized stacks, where a port's origin shows in the reference; a plan names ports
 * by id only, so there it judges the floating IPs whose port is known and has an association.
 */
import type { Policy, Violation } from '../policy.js';

const ASSOCIATION = 'openstack_networking_port_secgroup_associate_v2';

export const securityAdoptedPortGroups: Policy = {
  id: 'security-adopted-port-groups',
  title: "A floating IP on a port socle did not make comes with socle's security groups only",
  category: 'security',
  severity: 'high',
  rationale:
    "Magnum builds its nodes' ports with its own security groups, which open SSH and every NodePort to any source; a floating IP on such a port publishes all of that unless the port's groups are replaced by socle's (media ports from the world, the rest from the cluster's node and pod networks only).",
  remediation: "Give every such port an `openstack_networking_port_secgroup_associate_v2` with `enforce: true` and socle's groups (`stacks/containerinfra/magnum-media-addresses.ts`).",
  references: [
    { title: 'Magnum k8s_fedora_coreos_v1 kubecluster.yaml (secgroup_kube_minion)', url: 'https://opendev.org/openstack/magnum/src/branch/master/magnum/drivers/k8s_fedora_coreos_v1/templates/kubecluster.yaml' },
    { title: 'ANSSI Guide d’hygiène informatique (filtering administration flows)' },
  ],
  check(artifacts) {
    const out: Violation[] = [];
    for (const config of artifacts.terraform) {
      const enforced = new Set(config.resources.filter((r) => r.type === ASSOCIATION && r.values['enforce'] === true).map((r) => r.values['port_id']));
      for (const r of config.resources) {
        if (r.type !== 'openstack_networking_floatingip_v2') continue;
        const port = r.values['port_id'];
        // A plan leaves out what is known only at apply (a port looked up once the cluster exists).
        if (port === undefined) continue;
        const adopted = config.source === 'synth' ? typeof port === 'string' && port.startsWith('${data.') : config.resources.some((a) => a.type === ASSOCIATION && a.values['port_id'] === port);
        if (!adopted || enforced.has(port)) continue;
        out.push({
          resource: `${config.addressPrefix}/${r.address}`,
          message: `floating IP on port ${String(port)}, which socle did not make, keeps that port's own security groups: no ${ASSOCIATION} with enforce: true on it`,
          evidence: { file: config.file, pointer: r.pointer, value: { port_id: port ?? null } },
        });
      }
    }
    return out;
  },
};
