/**
 * Profiles: presets an environment starts from. Layering rule (documented in README and tested):
 *
 *   built-in defaults  ←  profile  ←  environment file
 *
 * Later layers win. Mappings merge key by key, recursively; a sequence or a scalar replaces the
 * earlier value whole (so `availabilityZones: []` really means "none"). The profile is the one the
 * file names, or else the one whose user range holds `users`.
 */
import type { ProfileName } from './environment.js';

export interface Profile {
  name: ProfileName;
  description: string;
  /** Upper bound of `users` for which this profile is chosen when the file names none. */
  upToUsers: number;
  /** A partial environment document, layered under the file. */
  document: Record<string, unknown>;
}

export const PROFILES: readonly Profile[] = [
  {
    name: 'pilot',
    description: 'About 1,000 users: the first year, one department or a small authority.',
    upToUsers: 2000,
    document: {
      users: 1000,
      // ONLYOFFICE Community caps at 20 simultaneous connections (ONLYOFFICE/server
      // Common/sources/constants.js LICENSE_CONNECTIONS @099f601); 5 % co-editing of 1,000 users is
      // 50: Enterprise is needed from the pilot on. Rocket.Chat Community runs one instance only
      // (docs.rocket.chat downgrade-behavior): HA needs Enterprise.
      apps: { onlyoffice: { edition: 'enterprise' }, rocketchat: { edition: 'enterprise' } },
      backups: { retentionDays: 14 },
    },
  },
  {
    name: 'standard',
    description: 'About 3,000 users: a city and its services.',
    upToUsers: 6000,
    document: {
      users: 3000,
      apps: { onlyoffice: { edition: 'enterprise' }, rocketchat: { edition: 'enterprise' } },
      backups: { retentionDays: 30 },
    },
  },
  {
    name: 'large',
    description: 'About 9,000 users: a metropolis and its member towns.',
    upToUsers: 20000,
    document: {
      users: 9000,
      apps: { onlyoffice: { edition: 'enterprise' }, rocketchat: { edition: 'enterprise' } },
      backups: { retentionDays: 30 },
    },
  },
];

export function findProfile(name: string): Profile | undefined {
  return PROFILES.find((p) => p.name === name);
}

/** The profile for a user count when the file names none. */
export function profileForUsers(users: number): Profile {
  return PROFILES.find((p) => users <= p.upToUsers) ?? PROFILES[PROFILES.length - 1]!;
}
