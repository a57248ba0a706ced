/** The Barman Cloud plugin's CRD recipe builds the version the charts pin. */
import { describe, expect, it } from 'vitest';
import { BARMAN_CLOUD_PLUGIN } from '../../charts/platform/barman-cloud-plugin.js';
import { IMAGES } from '../../charts/images.js';
import { barmanCloudCrds } from '../../scripts/tools/recipes/barman-cloud-crds.js';

describe('the barman-cloud-crds recipe', () => {
  it('generates the ObjectStore CRD of the plugin release the chart values and images pin', async () => {
    const version = await barmanCloudCrds.version(process.cwd());
    expect(version).toBe(BARMAN_CLOUD_PLUGIN.plugin);
    expect(IMAGES.barmanCloudSidecar.endsWith(`:${version}`)).toBe(true);
  });
});
