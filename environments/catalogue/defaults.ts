/** Per-provider defaults for the cloud block: what an environment gets when it says nothing. */
import type { Provider } from '../environment.js';

export interface ProviderDefaults {
  /** External network name; `undefined`: the environment must name it. */
  externalNetwork?: string;
  /** Instance image name; `undefined`: the environment must name it. */
  image?: string;
}

export const PROVIDER_DEFAULTS: Readonly<Record<Provider, ProviderDefaults>> = {
  // OVHcloud's public network is `Ext-Net` in every region (ovh/docs public_cloud network guides);
  // `Debian 12` is the name of OVHcloud's maintained Debian image.
  ovhcloud: { externalNetwork: 'Ext-Net', image: 'Debian 12' },
  openstack: {},
};
