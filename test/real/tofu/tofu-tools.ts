/** The real tofu and provider mirrors this run has (`npm run tools`), and what a suite needs of them. */
import { inject } from 'vitest';
import type { FakeOpenStack } from '../fakes/openstack/openstack-fake.js';
import { builtTool, type ProgramAvailability } from '../harness/program-suite.js';

export const tofuTool = builtTool('tofu');
export const providerTool = builtTool('terraform-provider-openstack');
/** Every provider mirror the tools cache holds. */
export const mirrors: string[] = Object.values(inject('builtTools') ?? {}).flatMap((t) => (t.mirror ? [t.mirror] : []));

export const available = (a: ProgramAvailability): boolean => Boolean(a.version) && !a.missing;

/** A program that needs others to run is not run without them, and says why. */
export function needing(tool: ProgramAvailability, ...others: [string, ProgramAvailability][]): ProgramAvailability {
  const missing = others.find(([, o]) => !available(o));
  return missing ? { missing: `needs ${missing[0]}: ${missing[1].missing ?? 'no version'}` } : tool;
}

/** The tofu version without its `v`, as state files record it. */
export const tofuVersion = (): string => (tofuTool.version ?? '').replace(/^v/, '');

/** Password authentication against the fake (the variables an OpenStack RC file sets). */
export function passwordEnv(fake: FakeOpenStack): Record<string, string> {
  return {
    OS_AUTH_URL: fake.authUrl,
    OS_USERNAME: fake.credentials.userName,
    OS_PASSWORD: fake.credentials.password,
    OS_USER_DOMAIN_NAME: fake.credentials.userDomain,
    OS_PROJECT_ID: fake.credentials.projectId,
  };
}
