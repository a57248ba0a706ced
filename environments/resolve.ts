/**
 * From a validated document to the typed Environment: built-in defaults ← profile ← file
 * (environments/profiles.ts states the rule), then values derived from other fields.
 */
import { PROVIDER_DEFAULTS } from './catalogue/defaults.js';
import { findRegion } from './catalogue/regions.js';
import { BACKUP_DEFAULTS, BUILTIN_DEFAULTS } from './builtin-defaults.js';
import type { Environment } from './environment.js';
import { layer, type Layer } from './layering.js';
import { findProfile, profileForUsers } from './profiles.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export function resolveEnvironment(file: Layer): Environment {
  const explicitProfile = typeof file['profile'] === 'string' ? findProfile(file['profile']) : undefined;
  const profile = explicitProfile ?? profileForUsers(typeof file['users'] === 'number' ? file['users'] : 1000);
  const merged = layer(BUILTIN_DEFAULTS, profile.document, file, { profile: profile.name }) as unknown as Environment & { $schema?: string };
  delete merged.$schema;

  const cloud = merged.cloud;
  const region = findRegion(cloud.provider, cloud.region)!;
  const defaults = PROVIDER_DEFAULTS[cloud.provider];
  cloud.region = region.name;
  cloud.availabilityZones ??= [...region.availabilityZones];
  cloud.externalNetwork ??= defaults.externalNetwork!;
  cloud.image ??= defaults.image ?? '';

  // A profile's backup settings apply only when the file asks for backups.
  if (file['backups'] === undefined) delete merged.backups;
  else merged.backups = { ...BACKUP_DEFAULTS, ...merged.backups!, region: findRegion(cloud.provider, merged.backups!.region)!.name };

  merged.tls.email ??= `admin@${merged.authority.domain}`;
  merged.state ??= {} as Environment['state'];
  if (merged.state.terraform) merged.state.terraform.keyPrefix ??= `socle/${merged.name}/`;
  merged.state.pulumi ??= { backend: `file://out/${merged.name}/pulumi-state` };
  if (merged.smtp) merged.smtp.port ??= 587;
  if (merged.cluster.mode !== 'magnum') delete merged.cluster.magnum;
  return deepFreeze(merged);
}
