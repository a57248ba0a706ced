/**
 * The policy registry: every policy socle runs, in report order. Explicit on purpose (no
 * registration by import side effect): a test fails if a policy is missing here or stops firing
 * on its fail fixture, and the policy index (policies/README.md) is generated from this list.
 */
import { availabilityBackups } from './availability/availability-backups.js';
import { availabilityDatabaseQuorum } from './availability/availability-database-quorum.js';
import { availabilityJitsiShards } from './availability/availability-jitsi-shards.js';
import { availabilityPdb } from './availability/availability-pdb.js';
import { availabilityReplicas } from './availability/availability-replicas.js';
import { availabilityZoneSpread } from './availability/availability-zone-spread.js';
import { waiverExpired } from './governance/waiver-expired.js';
import { licenceOnlyoffice } from './licences/licence-onlyoffice.js';
import { licenceRocketchat } from './licences/licence-rocketchat.js';
import type { Policy } from './policy.js';
import { residencyAcmeCa } from './residency/residency-acme-ca.js';
import { residencyBackupRegion } from './residency/residency-backup-region.js';
import { residencyEndpointsUnknown } from './residency/residency-endpoints-unknown.js';
import { residencyExternalServices } from './residency/residency-external-services.js';
import { residencyNodeDownloads } from './residency/residency-node-downloads.js';
import { residencyPushGateway } from './residency/residency-push-gateway.js';
import { residencyRegion } from './residency/residency-region.js';
import { residencyRegistry } from './residency/residency-registry.js';
import { residencyStateBackend } from './residency/residency-state-backend.js';
import { residencyStunTurn } from './residency/residency-stun-turn.js';
import { residencyTelemetry } from './residency/residency-telemetry.js';
import { securityAdminPorts } from './security/security-admin-ports.js';
import { securityAdoptedPortGroups } from './security/security-adopted-port-groups.js';
import { securityHttpsOnly } from './security/security-https-only.js';
import { securityImagePinning } from './security/security-image-pinning.js';
import { securityNetworkPolicy } from './security/security-network-policy.js';
import { securityPodHardening } from './security/security-pod-hardening.js';
import { securityReadOnlyRootFilesystem } from './security/security-read-only-root-filesystem.js';
import { securitySecretsInArtifacts } from './security/security-secrets-in-artifacts.js';
import { sensitiveQualifiedHosting } from './sensitive-data/sensitive-qualified-hosting.js';

export const POLICIES: readonly Policy[] = [
  residencyRegion,
  residencyBackupRegion,
  residencyStateBackend,
  residencyStunTurn,
  residencyPushGateway,
  residencyTelemetry,
  residencyAcmeCa,
  residencyExternalServices,
  residencyRegistry,
  residencyNodeDownloads,
  residencyEndpointsUnknown,
  sensitiveQualifiedHosting,
  securityAdminPorts,
  securityAdoptedPortGroups,
  securityHttpsOnly,
  securitySecretsInArtifacts,
  securityPodHardening,
  securityReadOnlyRootFilesystem,
  securityNetworkPolicy,
  securityImagePinning,
  availabilityReplicas,
  availabilityPdb,
  availabilityZoneSpread,
  availabilityDatabaseQuorum,
  availabilityJitsiShards,
  availabilityBackups,
  licenceOnlyoffice,
  licenceRocketchat,
  waiverExpired,
];

export function findPolicy(id: string): Policy | undefined {
  return POLICIES.find((p) => p.id === id);
}
