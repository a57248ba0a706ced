/**
 * What the fake OpenStack holds per cloud: the objects socle's data sources look up by name.
 * Written from the clouds' own documentation, not from socle's catalogue, so a name socle gets
 * wrong shows up as a failed plan ("Your query returned no results").
 */

export interface FakeNetwork {
  readonly id: string;
  readonly name: string;
  readonly external: boolean;
}

export interface FakeLbFlavor {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}

export interface CloudInventory {
  readonly networks: readonly FakeNetwork[];
  /** Octavia flavors (`GET /v2.0/lbaas/flavors`). */
  readonly lbFlavors: readonly FakeLbFlavor[];
}

/**
 * OVHcloud Public Cloud: the public network is `Ext-Net` in every region (ovh/docs
 * pages/public_cloud/public_cloud_network_services, "Ext-Net"); Octavia sizes small, medium,
 * large and xl as the ovh/docs guide update-load-balancer-size lists them (the one
 * sizing/load-balancers.ts cites). Not checked against a live OVHcloud flavor list: the
 * 2026-12-01 OpenStack review (OS2) doubts `xl` — if it is missing there, metropole-9000's
 * cluster plan fails on OVHcloud while it passes here.
 */
export const OVHCLOUD_INVENTORY: CloudInventory = {
  networks: [
    { id: 'b2c02fdc-ffdf-40f6-9722-533bd7058c06', name: 'Ext-Net', external: true },
    // A private network of another project user: never the one an external lookup may return.
    { id: '4d5b1f2e-8c1a-4a7e-9a51-0c0a3e6f1d20', name: 'Ext-Net-private-copy', external: false },
  ],
  lbFlavors: [
    { id: 'a8e5d4c1-2f0b-4a43-9d61-6d1e2b3c4a01', name: 'small', description: '200 Mbit/s' },
    { id: 'a8e5d4c1-2f0b-4a43-9d61-6d1e2b3c4a02', name: 'medium', description: '500 Mbit/s' },
    { id: 'a8e5d4c1-2f0b-4a43-9d61-6d1e2b3c4a03', name: 'large', description: '2 Gbit/s' },
    { id: 'a8e5d4c1-2f0b-4a43-9d61-6d1e2b3c4a04', name: 'xl', description: '4 Gbit/s' },
  ],
};

/** Cleura Public Cloud: the public network is `ext-net` (Cleura docs, "Create a router": external network ext-net). */
export const CLEURA_INVENTORY: CloudInventory = {
  networks: [{ id: '71b10496-2617-47ae-abbc-36239f0863bb', name: 'ext-net', external: true }],
  lbFlavors: [],
};


/**
 * CloudFerro Cloud (the Magnum test fixture's cloud): the public network is `external`
 * (CloudFerro/K8s-samples @3aab9cb rke2-terraform/main.tf: the network data source and the
 * floating-IP pool both name it); no Octavia flavor list found in its documentation.
 */
export const CLOUDFERRO_INVENTORY: CloudInventory = {
  networks: [{ id: '5a0a8079-e4a1-4b5e-9ac9-4f1a4b1e0c55', name: 'external', external: true }],
  lbFlavors: [],
};
