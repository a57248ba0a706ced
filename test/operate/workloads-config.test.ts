/** What the charts read from Pulumi config is exactly what a deploy hands to Pulumi. */
import { describe, expect, it } from 'vitest';
import { CLOUD_PROVIDER_CONFIG } from '../../charts/platform/openstack-cloud-provider.js';
import { INGRESS_LOAD_BALANCER_CONFIG_KEY, operatorReleases } from '../../charts/platform/operators.js';
import { secretCatalogue } from '../../charts/secrets.js';
import { loadEnvironmentFile } from '../../environments/load-environment.js';
import { CONFIG_FROM_FILES, CONFIG_FROM_OUTPUTS } from '../../scripts/operate/tools/workloads-config.js';
import { size } from '../../sizing/size.js';
import { EXAMPLE_NAMES as EXAMPLES, environmentFile } from '../charts/examples.js';


/** Keys the program reads: the Secrets' config values, the operator releases' config values, the Magnum load balancer. */
function configKeysRead(name: string): string[] {
  const env = loadEnvironmentFile(environmentFile(name));
  const plan = size(env);
  const keys = [
    ...secretCatalogue(env, plan).flatMap((spec) => Object.values(spec.values).flatMap((v) => (v.from === 'config' ? [v.configKey] : []))),
    ...operatorReleases(env, plan).flatMap((r) => (r.configValues ?? []).map((c) => c.configKey)),
    ...(env.cluster.mode === 'magnum' ? [INGRESS_LOAD_BALANCER_CONFIG_KEY] : []),
  ];
  return [...new Set(keys)].sort();
}

describe('Pulumi config of the workloads', () => {
  // From stack outputs and SOCLE_*_FILE, and the two plain values a deploy sets itself.
  const supplied = new Set([...[...CONFIG_FROM_OUTPUTS, ...CONFIG_FROM_FILES].map((c) => c.configKey), CLOUD_PROVIDER_CONFIG.authUrl, INGRESS_LOAD_BALANCER_CONFIG_KEY]);

  it.each(EXAMPLES)('%s: every config key the charts read is set by a deploy (from a stack output or a SOCLE_*_FILE)', (name) => {
    const read = configKeysRead(name);
    expect(read.length).toBeGreaterThan(0);
    expect(read.filter((key) => !supplied.has(key))).toEqual([]);
  });

  it('sets no key that no chart reads', () => {
    const read = new Set(EXAMPLES.flatMap(configKeysRead));
    expect([...supplied].filter((key) => !read.has(key))).toEqual([]);
  });
});
