/**
 * The endpoint catalogue: which company operates a public host, where that company is incorporated
 * (the reach of non-EU law follows it, e.g. the US CLOUD Act), and what the host is used for.
 * A host that matches no entry is reported as unknown, never passed. Add entries with a source.
 */

export type EndpointService =
  | 'stun-turn'
  | 'push'
  | 'telemetry'
  | 'update-check'
  | 'app-store'
  | 'connectivity-check'
  | 'acme'
  | 'avatar'
  | 'smtp'
  | 'identity'
  | 'registry'
  | 'software'
  | 'state-backend'
  | 'cloud'
  | 'web';

export interface KnownEndpoint {
  /** Exact host, or `*.suffix` for every host under a domain. */
  host: string;
  operator: string;
  /** ISO 3166-1 alpha-2 country of incorporation of the operator (its parent when it has one). */
  operatorCountry: string;
  service: EndpointService;
  source: string;
}

const JITSI_DEFAULTS = 'jitsi/docker-jitsi-meet jvb/rootfs/defaults/jvb.conf and jitsi/jitsi-meet config.js (8x8 Inc. runs meet.jit.si)';
const ROCKETCHAT_PUSH = 'RocketChat/Rocket.Chat apps/meteor/server/settings/push.ts (Rocket.Chat Technologies Corp., Delaware)';
const NEXTCLOUD_SAMPLE = 'nextcloud/server config/config.sample.php (Nextcloud GmbH, Stuttgart)';
const GRAFANA_DEFAULTS = 'grafana/grafana conf/defaults.ini (Grafana Labs, New York)';

export const ENDPOINT_CATALOGUE: readonly KnownEndpoint[] = [
  // STUN/TURN
  { host: '*.jitsi.net', operator: '8x8 Inc.', operatorCountry: 'US', service: 'stun-turn', source: JITSI_DEFAULTS },
  { host: 'meet.jit.si', operator: '8x8 Inc.', operatorCountry: 'US', service: 'web', source: JITSI_DEFAULTS },
  { host: '*.8x8.vc', operator: '8x8 Inc.', operatorCountry: 'US', service: 'telemetry', source: 'jitsi/docker-jitsi-meet web/rootfs/defaults/settings-config.js (JaaS)' },
  { host: '*.l.google.com', operator: 'Google LLC', operatorCountry: 'US', service: 'stun-turn', source: 'jitsi/docker-jitsi-meet CI (stun.l.google.com:19302)' },
  // Push
  { host: 'gateway.rocket.chat', operator: 'Rocket.Chat Technologies Corp.', operatorCountry: 'US', service: 'push', source: ROCKETCHAT_PUSH },
  { host: 'push-notifications.nextcloud.com', operator: 'Nextcloud GmbH', operatorCountry: 'DE', service: 'push', source: NEXTCLOUD_SAMPLE },
  { host: 'push.mattermost.com', operator: 'Mattermost Inc.', operatorCountry: 'US', service: 'push', source: 'docs.mattermost.com mobile push notification service' },
  { host: 'hpns-de.mattermost.com', operator: 'Mattermost Inc.', operatorCountry: 'US', service: 'push', source: 'docs.mattermost.com mobile push notification service (German-hosted, US operator)' },
  { host: 'fcm.googleapis.com', operator: 'Google LLC', operatorCountry: 'US', service: 'push', source: 'firebase.google.com/docs/cloud-messaging' },
  { host: 'api.push.apple.com', operator: 'Apple Inc.', operatorCountry: 'US', service: 'push', source: 'developer.apple.com APNs' },
  // Telemetry, update checks, app stores
  { host: 'collector.rocket.chat', operator: 'Rocket.Chat Technologies Corp.', operatorCountry: 'US', service: 'telemetry', source: 'RocketChat/Rocket.Chat statistics (Statistics_reporting)' },
  { host: 'cloud.rocket.chat', operator: 'Rocket.Chat Technologies Corp.', operatorCountry: 'US', service: 'telemetry', source: 'RocketChat/Rocket.Chat cloud registration' },
  { host: 'releases.rocket.chat', operator: 'Rocket.Chat Technologies Corp.', operatorCountry: 'US', service: 'update-check', source: 'RocketChat/Rocket.Chat version check' },
  { host: 'apps.nextcloud.com', operator: 'Nextcloud GmbH', operatorCountry: 'DE', service: 'app-store', source: NEXTCLOUD_SAMPLE },
  { host: 'updates.nextcloud.com', operator: 'Nextcloud GmbH', operatorCountry: 'DE', service: 'update-check', source: NEXTCLOUD_SAMPLE },
  { host: 'lookup.nextcloud.com', operator: 'Nextcloud GmbH', operatorCountry: 'DE', service: 'telemetry', source: NEXTCLOUD_SAMPLE },
  { host: 'www.nextcloud.com', operator: 'Nextcloud GmbH', operatorCountry: 'DE', service: 'connectivity-check', source: NEXTCLOUD_SAMPLE },
  { host: 'www.startpage.com', operator: 'Startpage B.V.', operatorCountry: 'NL', service: 'connectivity-check', source: NEXTCLOUD_SAMPLE },
  { host: 'www.eff.org', operator: 'Electronic Frontier Foundation', operatorCountry: 'US', service: 'connectivity-check', source: NEXTCLOUD_SAMPLE },
  { host: 'www.edri.org', operator: 'European Digital Rights', operatorCountry: 'BE', service: 'connectivity-check', source: NEXTCLOUD_SAMPLE },
  { host: 'stats.grafana.org', operator: 'Grafana Labs', operatorCountry: 'US', service: 'telemetry', source: GRAFANA_DEFAULTS },
  { host: 'grafana.com', operator: 'Grafana Labs', operatorCountry: 'US', service: 'update-check', source: GRAFANA_DEFAULTS },
  { host: 'snapshots.raintank.io', operator: 'Grafana Labs', operatorCountry: 'US', service: 'telemetry', source: GRAFANA_DEFAULTS },
  { host: 'raw.githubusercontent.com', operator: 'GitHub Inc. (Microsoft)', operatorCountry: 'US', service: 'update-check', source: GRAFANA_DEFAULTS },
  { host: 'github.com', operator: 'GitHub Inc. (Microsoft)', operatorCountry: 'US', service: 'update-check', source: 'github.com' },
  { host: 'www.google-analytics.com', operator: 'Google LLC', operatorCountry: 'US', service: 'telemetry', source: 'jitsi/docker-jitsi-meet GOOGLE_ANALYTICS_ID' },
  { host: 'api.amplitude.com', operator: 'Amplitude Inc.', operatorCountry: 'US', service: 'telemetry', source: 'jitsi/docker-jitsi-meet AMPLITUDE_ID' },
  // ACME certificate authorities
  { host: 'acme-v02.api.letsencrypt.org', operator: 'Internet Security Research Group (Let’s Encrypt)', operatorCountry: 'US', service: 'acme', source: 'letsencrypt.org/docs/acme-protocol-updates (ISRG, San Francisco)' },
  { host: 'acme-staging-v02.api.letsencrypt.org', operator: 'Internet Security Research Group (Let’s Encrypt)', operatorCountry: 'US', service: 'acme', source: 'letsencrypt.org/docs/staging-environment' },
  { host: 'acme.zerossl.com', operator: 'ZeroSSL (apilayer GmbH, owned by Idera Inc.)', operatorCountry: 'US', service: 'acme', source: 'docker-jitsi-meet env.example (acme.sh default CA); ownership per zerossl.com/about [verify]' },
  { host: 'api.buypass.com', operator: 'Buypass AS', operatorCountry: 'NO', service: 'acme', source: 'buypass.com/products/tls-ssl-certificates/go-ssl (ACME directory api.buypass.com/acme/directory)' },
  // Avatars
  { host: '*.gravatar.com', operator: 'Automattic Inc.', operatorCountry: 'US', service: 'avatar', source: GRAFANA_DEFAULTS },
  { host: 'gravatar.com', operator: 'Automattic Inc.', operatorCountry: 'US', service: 'avatar', source: GRAFANA_DEFAULTS },
  // SMTP relays
  { host: 'smtp.sendgrid.net', operator: 'Twilio Inc. (SendGrid)', operatorCountry: 'US', service: 'smtp', source: 'docs.sendgrid.com SMTP integration' },
  { host: 'smtp.mailgun.org', operator: 'Mailgun Technologies Inc.', operatorCountry: 'US', service: 'smtp', source: 'documentation.mailgun.com SMTP' },
  { host: 'smtp.gmail.com', operator: 'Google LLC', operatorCountry: 'US', service: 'smtp', source: 'support.google.com/a/answer/176600' },
  { host: 'smtp.office365.com', operator: 'Microsoft Corp.', operatorCountry: 'US', service: 'smtp', source: 'learn.microsoft.com Exchange Online SMTP' },
  { host: 'smtp-relay.brevo.com', operator: 'Sendinblue SAS (Brevo)', operatorCountry: 'FR', service: 'smtp', source: 'help.brevo.com SMTP relay' },
  { host: 'in-v3.mailjet.com', operator: 'Mailjet SAS', operatorCountry: 'FR', service: 'smtp', source: 'documentation.mailjet.com SMTP relay' },
  // Identity providers
  { host: 'accounts.google.com', operator: 'Google LLC', operatorCountry: 'US', service: 'identity', source: 'developers.google.com/identity/openid-connect' },
  { host: 'login.microsoftonline.com', operator: 'Microsoft Corp.', operatorCountry: 'US', service: 'identity', source: 'learn.microsoft.com Entra ID OIDC' },
  { host: '*.auth0.com', operator: 'Okta Inc. (Auth0)', operatorCountry: 'US', service: 'identity', source: 'auth0.com/docs' },
  { host: '*.okta.com', operator: 'Okta Inc.', operatorCountry: 'US', service: 'identity', source: 'developer.okta.com' },
  // Container registries
  { host: 'docker.io', operator: 'Docker Inc.', operatorCountry: 'US', service: 'registry', source: 'docs.docker.com (unqualified images resolve to docker.io)' },
  { host: '*.docker.io', operator: 'Docker Inc.', operatorCountry: 'US', service: 'registry', source: 'docs.docker.com' },
  { host: 'ghcr.io', operator: 'GitHub Inc. (Microsoft)', operatorCountry: 'US', service: 'registry', source: 'docker-jitsi-meet docker-compose.yml (JITSI_IMAGE_REPO default ghcr.io/jitsi)' },
  // Node software: RKE2's installer host answers with a script that downloads the release from GitHub.
  { host: 'get.rke2.io', operator: 'GitHub Inc. (Microsoft), for SUSE Rancher', operatorCountry: 'US', service: 'software', source: 'rancher/rke2 install.sh (GITHUB_URL=https://github.com/rancher/rke2/releases)' },
  { host: 'quay.io', operator: 'Red Hat Inc. (IBM)', operatorCountry: 'US', service: 'registry', source: 'quay.io' },
  { host: 'registry.k8s.io', operator: 'The Linux Foundation (CNCF)', operatorCountry: 'US', service: 'registry', source: 'kubernetes.io/blog/2022/11/28/registry-k8s-io-faster-cheaper-ga' },
  { host: 'gcr.io', operator: 'Google LLC', operatorCountry: 'US', service: 'registry', source: 'cloud.google.com/artifact-registry' },
  { host: '*.gcr.io', operator: 'Google LLC', operatorCountry: 'US', service: 'registry', source: 'cloud.google.com/artifact-registry' },
  { host: '*.pkg.dev', operator: 'Google LLC', operatorCountry: 'US', service: 'registry', source: 'cloud.google.com/artifact-registry' },
  { host: 'public.ecr.aws', operator: 'Amazon Web Services Inc.', operatorCountry: 'US', service: 'registry', source: 'docs.aws.amazon.com/AmazonECR/latest/public' },
  { host: 'mcr.microsoft.com', operator: 'Microsoft Corp.', operatorCountry: 'US', service: 'registry', source: 'mcr.microsoft.com' },
  { host: 'registry.rocket.chat', operator: 'Rocket.Chat Technologies Corp.', operatorCountry: 'US', service: 'registry', source: 'docs.rocket.chat (registry.rocket.chat/rocketchat/rocket.chat)' },
  { host: '*.container-registry.ovh.net', operator: 'OVHcloud', operatorCountry: 'FR', service: 'registry', source: 'ovh/docs managed_private_registry guides' },
  // Infrastructure-as-code state SaaS
  { host: 'app.terraform.io', operator: 'HashiCorp (IBM)', operatorCountry: 'US', service: 'state-backend', source: 'developer.hashicorp.com/terraform/cloud-docs (HCP Terraform)' },
  { host: 'api.pulumi.com', operator: 'Pulumi Corp.', operatorCountry: 'US', service: 'state-backend', source: 'pulumi.com/docs/iac/concepts/state-and-backends (Pulumi Cloud, the default backend)' },
  { host: 'app.pulumi.com', operator: 'Pulumi Corp.', operatorCountry: 'US', service: 'state-backend', source: 'pulumi.com/docs/iac/concepts/state-and-backends' },
  // Cloud APIs (object storage endpoints are matched through the region catalogue first)
  { host: '*.cloud.ovh.net', operator: 'OVHcloud', operatorCountry: 'FR', service: 'cloud', source: 'ovh/docs public cloud guides (auth.cloud.ovh.net, *.io.cloud.ovh.net)' },
  { host: '*.citycloud.com', operator: 'Cleura', operatorCountry: 'SE', service: 'cloud', source: 'cleura/docs @a8f920acd docs/reference/api/openstack/index.md, docs/howto/object-storage/s3/credentials.md' },
  { host: '*.cloudferro.com', operator: 'CloudFerro', operatorCountry: 'PL', service: 'cloud', source: 'cloudferrodocumentation/ecis source/conf.py @54ab8e67 (keystone.cloudferro.com, s3.<region>.cloudferro.com)' },
  { host: '*.otc.t-systems.com', operator: 'T-Systems (Open Telekom Cloud)', operatorCountry: 'DE', service: 'cloud', source: 'opentelekomcloud-docs/regions-and-endpoints' },
  { host: '*.infomaniak.cloud', operator: 'Infomaniak', operatorCountry: 'CH', service: 'cloud', source: 'infomaniak.com/en/support/faq/2605' },
  // Web fonts and CDNs that apps sometimes pull from browsers
  { host: 'fonts.googleapis.com', operator: 'Google LLC', operatorCountry: 'US', service: 'web', source: 'developers.google.com/fonts' },
  { host: 'fonts.gstatic.com', operator: 'Google LLC', operatorCountry: 'US', service: 'web', source: 'developers.google.com/fonts' },
];

function matches(pattern: string, host: string): boolean {
  return pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern;
}

/** The most specific catalogue entry for a host (exact before wildcard, longer suffix first). */
export function findEndpoint(host: string): KnownEndpoint | undefined {
  const h = host.toLowerCase();
  let best: KnownEndpoint | undefined;
  for (const entry of ENDPOINT_CATALOGUE) {
    if (!matches(entry.host, h)) continue;
    if (!best || (!entry.host.startsWith('*.') && best.host.startsWith('*.')) || (entry.host.startsWith('*.') === best.host.startsWith('*.') && entry.host.length > best.host.length)) best = entry;
  }
  return best;
}
