/**
 * Built-in defaults: the bottom layer under every profile and file. Each value is documented in the
 * JSON Schema (`Default: …`) and in the generated field reference; a test keeps them in step.
 */
import type { Layer } from './layering.js';

/** Let's Encrypt production directory (ISRG, a US operator: the residency check reports it). */
export const LETS_ENCRYPT_PRODUCTION = 'https://acme-v02.api.letsencrypt.org/directory';

export const BUILTIN_DEFAULTS: Layer = {
  cloud: { availabilityZones: undefined, flavors: {}, customFlavors: [] },
  cluster: {
    mode: 'instances',
    // Kubernetes 1.36: the newest minor of the release catalogue, patched upstream until mid-2027.
    kubernetesVersion: '1.36',
    adminCidrs: [],
    sshAuthorizedKeys: [],
    magnum: { networkDriver: 'calico', dockerVolumeSizeGb: 50 },
  },
  tls: { acmeServer: LETS_ENCRYPT_PRODUCTION },
  images: {},
  apps: {
    nextcloud: { enabled: true },
    onlyoffice: { enabled: true },
    rocketchat: { enabled: true },
    wekan: { enabled: true },
    jitsi: {
      enabled: true,
      lobby: true,
      guests: true,
      recording: false,
      stunServers: [],
      // Marianne blue (#000091) is the French State's primary colour (Système de design de l'État).
      branding: { appName: 'Réunions', primaryColor: '#000091', backgroundColor: '#f5f5fe' },
    },
  },
  // Sizing assumptions: sizing/assumptions.ts documents each value and its basis.
  sizing: {
    concurrentShare: 0.3,
    meetingShare: 0.1,
    coeditingShare: 0.05,
    storagePerUserGb: 10,
    attachmentsPerUserGb: 0.5,
    participantsPerBridge: 100,
  },
  waivers: [],
};

/** Backup defaults, applied when the file has a `backups` block. */
export const BACKUP_DEFAULTS = { schedule: '0 2 * * *', retentionDays: 30 };
