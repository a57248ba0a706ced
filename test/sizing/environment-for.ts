/** Environments for sizing tests, built through the real loader (so defaults and profiles apply). */
import type { Edition, Environment, ProfileName } from '../../environments/environment.js';
import { parseEnvironment } from '../../environments/load-environment.js';

export interface EnvironmentOptions {
  users: number;
  /** `GRA11` (one zone), `EU-WEST-PAR` (three zones) or another OVHcloud region. */
  region?: string;
  profile?: ProfileName;
  onlyoffice?: Edition;
  rocketchat?: Edition;
  mode?: 'instances' | 'existing';
  /** `cloud.availabilityZones`; default: the region's. */
  zones?: string[];
  /** Extra top-level YAML. */
  extra?: string;
}

export function environmentFor(o: EnvironmentOptions): Environment {
  const editions = [o.onlyoffice && `  onlyoffice:\n    edition: ${o.onlyoffice}\n`, o.rocketchat && `  rocketchat:\n    edition: ${o.rocketchat}\n`].filter(Boolean).join('');
  const text = `apiVersion: socle/v1
name: sizing-${o.users}
authority:
  name: Ville Exemple
  domain: collab.ville-exemple.fr
users: ${o.users}
${o.profile ? `profile: ${o.profile}\n` : ''}cloud:
  provider: ovhcloud
  region: ${o.region ?? 'GRA11'}
${o.zones ? `  availabilityZones: [${o.zones.join(', ')}]\n` : ''}${o.mode === 'existing' ? 'cluster:\n  mode: existing\n  kubeconfig: ./kubeconfig\n' : ''}residency:
  jurisdiction: FR
dataClassification: personal
backups:
  region: SBG5
${editions ? `apps:\n${editions}` : ''}${o.extra ?? ''}`;
  return parseEnvironment(text, `sizing-${o.users}.yaml`);
}
