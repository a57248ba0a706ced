/**
 * The expected problems for every file in `malformed/`: each file is one realistic mistake (its
 * first comment says which), and here is what `socle validate` must say about it — code, field
 * path, position and message (a substring), and the hint where the hint is the point of the
 * message. The list is complete: a file that reports more or fewer problems fails.
 * `malformed-corpus.test.ts` fails for a corpus file without an entry here, and for an entry
 * without a file.
 */

export interface ExpectedProblem {
  code: string;
  /** Dotted field path; empty for the whole file. */
  path: string;
  /** 1-based; 0 for a problem with the whole file (printed without a position). */
  line: number;
  col: number;
  /** A substring of the message. */
  message: string;
  /** A substring of the hint, when the hint is what makes the message useful. */
  hint?: string;
}

export const MALFORMED_CASES: Readonly<Record<string, readonly ExpectedProblem[]>> = {
  'admin-cidr-without-prefix.yaml': [
    { code: 'invalid-format', path: 'cluster.adminCidrs[0]', line: 14, col: 7, message: 'the text "0.0.0.0" is not an IPv4 CIDR with its prefix length, such as 203.0.113.0/24', hint: 'IPv4 CIDRs' },
  ],
  'admin-cidrs-not-a-list.yaml': [
    { code: 'wrong-type', path: 'cluster.adminCidrs', line: 13, col: 15, message: 'expected array, got the text "203.0.113.0/24"' },
  ],
  'api-version-missing.yaml': [
    { code: 'missing-field', path: 'apiVersion', line: 1, col: 1, message: 'required field "apiVersion" is missing' },
  ],
  'api-version-v2.yaml': [
    { code: 'not-allowed', path: 'apiVersion', line: 3, col: 13, message: 'the text "socle/v2" is not allowed; expected "socle/v1"', hint: 'did you mean "socle/v1"?' },
  ],
  'app-disabled-as-false-scalar.yaml': [
    { code: 'wrong-type', path: 'apps.wekan', line: 16, col: 10, message: 'expected object, got boolean false', hint: 'write wekan: { enabled: false }' },
  ],
  'app-enabled-no.yaml': [
    { code: 'wrong-type', path: 'apps.wekan.enabled', line: 17, col: 14, message: 'expected boolean, got the text "no"', hint: 'write true or false' },
  ],
  'artifacts-over-http.yaml': [
    { code: 'invalid-format', path: 'artifacts.url', line: 15, col: 8, message: 'the text "http://artefacts.metropole-exemple.fr/so…" is not an https:// URL' },
  ],
  'authority-domain-missing.yaml': [
    { code: 'missing-field', path: 'authority.domain', line: 5, col: 1, message: 'required field "domain" is missing' },
  ],
  'authority-domain-trailing-dot.yaml': [
    { code: 'invalid-format', path: 'authority.domain', line: 7, col: 11, message: 'the text "collab.metropole-exemple.fr." is not a lower-case DNS name such as collab.example.fr (no https://, no path, no trailing dot)' },
  ],
  'authority-domain-with-scheme.yaml': [
    { code: 'invalid-format', path: 'authority.domain', line: 7, col: 11, message: 'the text "https://collab.metropole-exemple.fr" is not a lower-case DNS name such as collab.example.fr (no https://, no path, no trailing dot)' },
  ],
  'backup-region-is-primary.yaml': [
    { code: 'backup-region-is-primary', path: 'backups.region', line: 16, col: 11, message: 'backups go to the primary region GRA11: a regional outage would take both', hint: 'choose a region on another site, e.g. RBX-A' },
  ],
  'backup-region-other-provider.yaml': [
    { code: 'unknown-region', path: 'backups.region', line: 24, col: 11, message: 'backup region "SBG5" is not in the openstack catalogue', hint: 'SBG5 is a region of provider ovhcloud: backups go to another region of the same provider (openstack)' },
  ],
  'backup-region-same-site.yaml': [
    { code: 'backup-region-is-primary', path: 'backups.region', line: 16, col: 11, message: 'backup region GRA9 is on the same site as GRA11 (object storage "gra")', hint: 'choose a region on another site, e.g. RBX-A' },
  ],
  'backup-region-unknown.yaml': [
    { code: 'unknown-region', path: 'backups.region', line: 16, col: 11, message: 'backup region "SBG" is not in the ovhcloud catalogue', hint: 'did you mean "SBG5"?' },
  ],
  'backup-retention-zero.yaml': [
    { code: 'out-of-range', path: 'backups.retentionDays', line: 17, col: 18, message: '0 is below the minimum 1' },
  ],
  'backup-schedule-word.yaml': [
    { code: 'invalid-format', path: 'backups.schedule', line: 17, col: 13, message: 'the text "daily" is not a cron expression of five fields, such as "0 2 * * *"' },
  ],
  'bad-indentation.yaml': [
    { code: 'yaml-syntax', path: '', line: 11, col: 2, message: 'YAML syntax error: bad indentation of a mapping entry' },
  ],
  'branding-colour-name.yaml': [
    { code: 'invalid-format', path: 'apps.jitsi.branding.primaryColor', line: 18, col: 21, message: 'the text "blue" is not a colour as # and six hex digits, such as "#000091" (quoted)' },
  ],
  'branding-colour-unquoted.yaml': [
    { code: 'wrong-type', path: 'apps.jitsi.branding.primaryColor', line: 19, col: 7, message: 'expected string, got an empty value', hint: 'the value is empty: write one (in YAML, # starts a comment, so quote values such as "#000091")' },
  ],
  'cloud-missing.yaml': [
    { code: 'missing-field', path: 'cloud', line: 1, col: 1, message: 'required field "cloud" is missing' },
  ],
  'cluster-mode-typo.yaml': [
    { code: 'not-allowed', path: 'cluster.mode', line: 13, col: 9, message: 'the text "instance" is not allowed; expected "instances" or "magnum" or "existing"', hint: 'did you mean "instances"?' },
  ],
  'comments-only.yaml': [
    { code: 'empty-file', path: '', line: 1, col: 1, message: 'the file is empty', hint: 'start from environments/examples/pilot.yaml' },
  ],
  'custom-flavor-declared-twice.yaml': [
    { code: 'duplicate-item', path: 'cloud.customFlavors[1].name', line: 17, col: 15, message: 'flavor "b.4c8gb" is declared twice', hint: 'keep one declaration' },
  ],
  'custom-flavor-ram-with-unit.yaml': [
    { code: 'wrong-type', path: 'cloud.customFlavors[0].ramGb', line: 18, col: 14, message: 'expected number, got the text "8GB"', hint: 'write the number alone (the unit is in the field name): 8' },
  ],
  'custom-flavor-ram-zero.yaml': [
    { code: 'out-of-range', path: 'cloud.customFlavors[0].ramGb', line: 18, col: 14, message: '0 is not above 0' },
  ],
  'data-classification-confidential.yaml': [
    { code: 'not-allowed', path: 'dataClassification', line: 14, col: 21, message: 'the text "confidential" is not allowed; expected "internal" or "personal" or "sensitive"' },
  ],
  'duplicate-key-nested.yaml': [
    { code: 'duplicate-key', path: '', line: 13, col: 3, message: 'key "region" appears twice in the same mapping', hint: 'keep one of the two entries; the other is on line 11' },
  ],
  'duplicate-key.yaml': [
    { code: 'duplicate-key', path: '', line: 15, col: 1, message: 'key "users" appears twice in the same mapping', hint: 'keep one of the two entries; the other is on line 8' },
  ],
  'empty.yaml': [
    { code: 'empty-file', path: '', line: 1, col: 1, message: 'the file is empty', hint: 'start from environments/examples/pilot.yaml' },
  ],
  'existing-without-kubeconfig.yaml': [
    { code: 'missing-field', path: 'cluster.kubeconfig', line: 12, col: 1, message: 'mode "existing" needs the path of a kubeconfig' },
  ],
  'five-problems.yaml': [
    { code: 'invalid-format', path: 'name', line: 4, col: 7, message: 'the text "Pilot_1" is not a name of 3 to 32 lower-case letters, digits and dashes, starting with a letter' },
    { code: 'out-of-range', path: 'users', line: 8, col: 8, message: '50 is below the minimum 100' },
    { code: 'unknown-key', path: 'cloud.availabiltyZones', line: 12, col: 3, message: 'unknown field "availabiltyZones"', hint: 'did you mean "availabilityZones"?' },
    { code: 'not-allowed', path: 'residency.jurisdiction', line: 14, col: 17, message: 'the text "EEA" is not allowed; expected "FR" or "EU"' },
    { code: 'not-allowed', path: 'dataClassification', line: 15, col: 21, message: 'the text "confidential" is not allowed; expected "internal" or "personal" or "sensitive"' },
  ],
  'flavor-not-declared.yaml': [
    { code: 'unknown-flavor', path: 'cloud.flavors.database', line: 18, col: 15, message: 'flavor "r.8c46gb" is neither in the openstack catalogue nor in cloud.customFlavors', hint: 'did you mean "r.8c64gb"?' },
  ],
  'flavor-unknown.yaml': [
    { code: 'unknown-flavor', path: 'cloud.flavors.general', line: 13, col: 14, message: 'flavor "b3-12" is neither in the ovhcloud catalogue nor in cloud.customFlavors', hint: 'did you mean "b3-16"?' },
  ],
  'identity-issuer-http.yaml': [
    { code: 'invalid-format', path: 'identity.oidc.issuer', line: 17, col: 13, message: 'the text "http://sso.metropole-exemple.fr/realms/a…" is not an https:// URL' },
  ],
  'images-mirror-with-scheme.yaml': [
    { code: 'invalid-format', path: 'images.mirror', line: 16, col: 11, message: 'the text "https://registry.metropole-exemple.fr/so…" is not a registry host and path such as registry.example.fr/socle (no https://)' },
  ],
  'jitsi-app-on-community.yaml': [
    { code: 'edition-conflict', path: 'apps.rocketchat.jitsiApp', line: 18, col: 5, message: 'Rocket.Chat Community (7.0 and later) enables no private app, and the Jitsi app is uploaded as one: it would install but stay disabled', hint: 'set apps.rocketchat.edition: enterprise (with its licence), or remove jitsiApp: a Community workspace gets the app only from the Marketplace, after registering with Rocket.Chat Cloud, which socle does not do' },
  ],
  'jitsi-app-package-http.yaml': [
    { code: 'invalid-format', path: 'apps.rocketchat.jitsiApp.package', line: 18, col: 16, message: 'the text "http://artefacts.metropole-exemple.fr/ro…" is not an https:// URL', hint: "the authority's own artifact store" },
  ],
  'jitsi-app-package-not-a-url.yaml': [
    { code: 'invalid-format', path: 'apps.rocketchat.jitsiApp.package', line: 18, col: 16, message: 'the text "jitsi_2.0.3.zip" is not an https:// URL' },
  ],
  'jitsi-app-sha256-is-sha1.yaml': [
    { code: 'invalid-format', path: 'apps.rocketchat.jitsiApp.sha256', line: 19, col: 15, message: 'the text "11f6ad8ec52a2984abaafd7c3b516503785c2072" is not a SHA-256 as 64 lower-case hex digits (sha256sum prints it)', hint: 'The Job refuses any other file' },
  ],
  'jitsi-app-without-sha256.yaml': [
    { code: 'missing-field', path: 'apps.rocketchat.jitsiApp.sha256', line: 17, col: 5, message: 'required field "sha256" is missing', hint: 'add sha256: SHA-256 of that zip' },
  ],
  'json-missing-fields.yaml': [
    { code: 'missing-field', path: 'authority', line: 1, col: 1, message: 'required field "authority" is missing' },
    { code: 'missing-field', path: 'cloud', line: 1, col: 1, message: 'required field "cloud" is missing' },
    { code: 'missing-field', path: 'dataClassification', line: 1, col: 1, message: 'required field "dataClassification" is missing' },
    { code: 'missing-field', path: 'residency', line: 1, col: 1, message: 'required field "residency" is missing' },
  ],
  'jurisdiction-eea.yaml': [
    { code: 'not-allowed', path: 'residency.jurisdiction', line: 13, col: 17, message: 'the text "EEA" is not allowed; expected "FR" or "EU"' },
  ],
  'jurisdiction-lower-case.yaml': [
    { code: 'not-allowed', path: 'residency.jurisdiction', line: 13, col: 17, message: 'the text "fr" is not allowed; expected "FR" or "EU"', hint: 'did you mean "FR"?' },
  ],
  'kubeconfig-without-existing.yaml': [
    { code: 'unused-field', path: 'cluster.kubeconfig', line: 14, col: 3, message: 'kubeconfig is only read with mode "existing" (mode is "instances")', hint: 'remove it, or set mode: existing' },
  ],
  'kubernetes-version-patch.yaml': [
    { code: 'invalid-format', path: 'cluster.kubernetesVersion', line: 13, col: 23, message: 'the text "1.33.4" is not a Kubernetes minor version such as "1.36" (quoted, no patch number)' },
  ],
  'kubernetes-version-unsupported.yaml': [
    {
      code: 'unsupported-version',
      path: 'cluster.kubernetesVersion',
      line: 13,
      col: 23,
      message: 'socle has no pinned release for Kubernetes 1.33 (it deploys 1.36)',
      hint: 'use kubernetesVersion: "1.36", or add 1.33 with its RKE2 and cloud-provider versions to environments/catalogue/kubernetes-releases.ts',
    },
  ],
  'kubernetes-version-unquoted.yaml': [
    { code: 'wrong-type', path: 'cluster.kubernetesVersion', line: 13, col: 22, message: 'expected string, got number 1.3', hint: 'quote the value: YAML reads it as the number 1.3' },
  ],
  'magnum-network-driver-unknown.yaml': [
    { code: 'not-allowed', path: 'cluster.magnum.networkDriver', line: 22, col: 20, message: 'the text "weave" is not allowed; expected "calico" or "flannel" or "cilium"' },
  ],
  'magnum-on-open-telekom-cloud.yaml': [
    { code: 'service-not-offered', path: 'cluster.mode', line: 21, col: 9, message: 'T-Systems (Open Telekom Cloud) offers no OpenStack Magnum in eu-de', hint: 'use mode: instances (socle builds Kubernetes on instances) or mode: existing' },
  ],
  'magnum-on-ovhcloud.yaml': [
    { code: 'service-not-offered', path: 'cluster.mode', line: 13, col: 9, message: 'OVHcloud offers no OpenStack Magnum in GRA11', hint: 'use mode: instances (socle builds Kubernetes on instances) or mode: existing' },
  ],
  'magnum-settings-without-magnum.yaml': [
    { code: 'unused-field', path: 'cluster.magnum', line: 22, col: 3, message: 'magnum settings are only read with mode "magnum" (mode is "instances")', hint: 'remove them, or set mode: magnum' },
  ],
  'missing-colon.yaml': [
    { code: 'yaml-syntax', path: '', line: 9, col: 6, message: 'YAML syntax error: can not read a block mapping entry; a multiline key may not be an implicit key' },
  ],
  'name-with-capital-and-underscore.yaml': [
    { code: 'invalid-format', path: 'name', line: 4, col: 7, message: 'the text "Pilot_1" is not a name of 3 to 32 lower-case letters, digits and dashes, starting with a letter' },
  ],
  'name-with-spaces.yaml': [
    { code: 'invalid-format', path: 'name', line: 4, col: 7, message: 'the text "Métropole Exemple" is not a name of 3 to 32 lower-case letters, digits and dashes, starting with a letter' },
  ],
  'onlyoffice-edition-french.yaml': [
    { code: 'not-allowed', path: 'apps.onlyoffice.edition', line: 17, col: 14, message: 'the text "entreprise" is not allowed; expected "community" or "enterprise"', hint: 'did you mean "enterprise"?' },
  ],
  'openstack-without-flavors-network.yaml': [
    { code: 'missing-field', path: 'cloud.externalNetwork', line: 9, col: 1, message: 'provider openstack has no default external network', hint: 'add cloud.externalNetwork: the name of the public network (openstack network list --external)' },
    { code: 'missing-field', path: 'cloud.flavors.controlPlane', line: 9, col: 1, message: 'provider openstack has no flavor catalogue: name the controlPlane flavor', hint: 'add cloud.flavors.controlPlane and declare it in cloud.customFlavors (name, vcpus, ramGb)' },
    { code: 'missing-field', path: 'cloud.flavors.database', line: 9, col: 1, message: 'provider openstack has no flavor catalogue: name the database flavor', hint: 'add cloud.flavors.database and declare it in cloud.customFlavors (name, vcpus, ramGb)' },
    { code: 'missing-field', path: 'cloud.flavors.general', line: 9, col: 1, message: 'provider openstack has no flavor catalogue: name the general flavor', hint: 'add cloud.flavors.general and declare it in cloud.customFlavors (name, vcpus, ramGb)' },
    { code: 'missing-field', path: 'cloud.flavors.media', line: 9, col: 1, message: 'provider openstack has no flavor catalogue: name the media flavor', hint: 'add cloud.flavors.media and declare it in cloud.customFlavors (name, vcpus, ramGb)' },
    { code: 'missing-field', path: 'cloud.image', line: 9, col: 1, message: 'provider openstack has no default image', hint: 'add cloud.image: a Debian 12 image name (openstack image list)' },
  ],
  'profile-capitalised.yaml': [
    { code: 'not-allowed', path: 'profile', line: 9, col: 10, message: 'the text "Standard" is not allowed; expected "pilot" or "standard" or "large"', hint: 'did you mean "standard"?' },
  ],
  'profile-unknown-medium.yaml': [
    { code: 'not-allowed', path: 'profile', line: 9, col: 10, message: 'the text "medium" is not allowed; expected "pilot" or "standard" or "large"', hint: '`standard` (≈3,000)' },
  ],
  'pulumi-backend-pulumi-com.yaml': [
    { code: 'invalid-format', path: 'state.pulumi.backend', line: 17, col: 14, message: 'the text "app.pulumi.com" is not a backend URL starting with s3://, file://, https://, azblob:// or gs://' },
  ],
  'backup-region-lower-case.yaml': [
    { code: 'region-case', path: 'backups.region', line: 16, col: 11, message: 'region "sbg5" is spelt "SBG5" by ovhcloud', hint: 'write "SBG5"' },
  ],
  'magnum-without-image.yaml': [
    { code: 'missing-field', path: 'cluster.magnum.image', line: 26, col: 3, message: "mode \"magnum\" needs the image Magnum's Kubernetes driver boots (Fedora CoreOS)", hint: 'add cluster.magnum.image' },
  ],
  'region-lower-case.yaml': [
    { code: 'region-case', path: 'cloud.region', line: 11, col: 11, message: 'region "gra11" is spelt "GRA11" by ovhcloud', hint: 'write "GRA11"' },
  ],
  'region-lower-case-openstack.yaml': [
    { code: 'region-case', path: 'cloud.region', line: 11, col: 11, message: 'region "waw3-2" is spelt "WAW3-2" by openstack', hint: 'write "WAW3-2"' },
  ],
  'region-missing.yaml': [
    { code: 'missing-field', path: 'cloud.region', line: 9, col: 1, message: 'required field "region" is missing' },
  ],
  'region-of-other-provider.yaml': [
    { code: 'unknown-region', path: 'cloud.region', line: 11, col: 11, message: 'region "Fra1" is not in the ovhcloud catalogue', hint: 'Fra1 is a region of provider openstack (Cleura): set cloud.provider: openstack, or choose a region of ovhcloud' },
  ],
  'region-unknown-provider-ovh.yaml': [
    { code: 'not-allowed', path: 'cloud.provider', line: 10, col: 13, message: 'the text "ovh" is not allowed; expected "ovhcloud" or "openstack"', hint: 'did you mean "ovhcloud"?' },
  ],
  'region-with-dash.yaml': [
    { code: 'unknown-region', path: 'cloud.region', line: 11, col: 11, message: 'region "GRA-11" is not in the ovhcloud catalogue', hint: 'did you mean "GRA11"?' },
  ],
  'residency-missing.yaml': [
    { code: 'missing-field', path: 'residency', line: 1, col: 1, message: 'required field "residency" is missing' },
  ],
  'scalar-file.yaml': [
    { code: 'not-a-mapping', path: '', line: 1, col: 1, message: 'the file holds a single value, not an environment mapping', hint: 'start from environments/examples/pilot.yaml' },
  ],
  'schema-and-catalogue-problems.yaml': [
    { code: 'wrong-type', path: 'users', line: 9, col: 9, message: 'expected integer, got the text "3000"', hint: 'remove the quotes: 3000' },
    { code: 'service-not-offered', path: 'cluster.mode', line: 14, col: 9, message: 'OVHcloud offers no OpenStack Magnum in GRA11', hint: 'use mode: instances (socle builds Kubernetes on instances) or mode: existing' },
    { code: 'backup-region-is-primary', path: 'backups.region', line: 19, col: 11, message: 'backups go to the primary region GRA11: a regional outage would take both', hint: 'choose a region on another site, e.g. RBX-A' },
  ],
  'sizing-share-above-one.yaml': [
    { code: 'out-of-range', path: 'sizing.meetingShare', line: 16, col: 17, message: '1.5 is above the maximum 1' },
  ],
  'sizing-share-percent.yaml': [
    { code: 'wrong-type', path: 'sizing.concurrentShare', line: 16, col: 20, message: 'expected number, got the text "30%"', hint: 'write the share as a fraction: 0.3' },
  ],
  'smtp-port-text.yaml': [
    { code: 'wrong-type', path: 'smtp.port', line: 17, col: 9, message: 'expected integer, got the text "submission"' },
  ],
  'ssh-key-not-public.yaml': [
    {
      code: 'invalid-format',
      path: 'cluster.sshAuthorizedKeys[0]',
      line: 16,
      col: 7,
      message: 'the text "-----BEGIN OPENSSH PRIVATE KEY-----" is not an OpenSSH public key on one line: its type (ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa…), the base64 key, an optional comment — the content of a .pub file',
    },
  ],
  'ssh-keys-with-existing-cluster.yaml': [
    { code: 'unused-field', path: 'cluster.sshAuthorizedKeys', line: 15, col: 3, message: 'SSH keys are only given to the nodes of mode "instances" (mode is "existing")', hint: "remove them: the cluster's own tooling manages node access" },
  ],
  'state-terraform-bucket-missing.yaml': [
    { code: 'missing-field', path: 'state.terraform.bucket', line: 16, col: 3, message: 'required field "bucket" is missing' },
  ],
  'state-terraform-bucket-upper-case.yaml': [
    { code: 'invalid-format', path: 'state.terraform.bucket', line: 18, col: 13, message: 'the text "Metropole_State" is not an S3 bucket name: 3 to 63 lower-case letters, digits, dots and dashes' },
  ],
  'state-terraform-http.yaml': [
    { code: 'invalid-format', path: 'state.terraform.endpoint', line: 17, col: 15, message: 'the text "http://s3.gra.io.cloud.ovh.net" is not an https:// URL' },
  ],
  'stun-server-with-scheme.yaml': [
    { code: 'invalid-format', path: 'apps.jitsi.stunServers[0]', line: 18, col: 9, message: 'the text "stun:stun.metropole-exemple.fr:3478" is not a host or host:port such as stun.example.fr:3478 (no stun: prefix)', hint: 'STUN servers (host:port)' },
  ],
  'tab-indentation.yaml': [
    { code: 'yaml-syntax', path: '', line: 10, col: 1, message: 'YAML syntax error: tab characters must not be used in indentation', hint: 'indent with spaces, not tabs' },
  ],
  'tls-email-invalid.yaml': [
    { code: 'invalid-format', path: 'tls.email', line: 16, col: 10, message: 'the text "dsi@" is not an email address' },
  ],
  'top-level-list.yaml': [
    { code: 'not-a-mapping', path: '', line: 1, col: 1, message: 'the file holds a list, not an environment mapping', hint: 'start from environments/examples/pilot.yaml' },
  ],
  'two-documents.yaml': [
    { code: 'several-documents', path: '', line: 15, col: 1, message: 'the file holds more than one YAML document (--- starts another one)', hint: 'keep one environment per file' },
  ],
  'unclosed-flow-sequence.yaml': [
    { code: 'yaml-syntax', path: '', line: 13, col: 1, message: 'YAML syntax error: deficient indentation', hint: 'the [ opened on line 12 is not closed' },
  ],
  'unknown-app-collabora.yaml': [
    { code: 'unknown-key', path: 'apps.collabora', line: 16, col: 3, message: 'unknown field "collabora"' },
  ],
  'unknown-key-availabiltyzones.yaml': [
    { code: 'unknown-key', path: 'cloud.availabiltyZones', line: 12, col: 3, message: 'unknown field "availabiltyZones"', hint: 'did you mean "availabilityZones"?' },
  ],
  'unknown-key-datacalssification.yaml': [
    { code: 'missing-field', path: 'dataClassification', line: 1, col: 1, message: 'required field "dataClassification" is missing' },
    { code: 'unknown-key', path: 'dataCalssification', line: 14, col: 1, message: 'unknown field "dataCalssification"', hint: 'did you mean "dataClassification"?' },
  ],
  'unknown-key-flavor-role.yaml': [
    { code: 'unknown-key', path: 'cloud.flavors.worker', line: 13, col: 5, message: 'unknown field "worker"' },
  ],
  'unknown-key-jitsi-branding-color.yaml': [
    { code: 'unknown-key', path: 'apps.jitsi.branding.primaryColour', line: 19, col: 7, message: 'unknown field "primaryColour"', hint: 'did you mean "primaryColor"?' },
  ],
  'unknown-key-retention.yaml': [
    { code: 'unknown-key', path: 'backups.retention', line: 17, col: 3, message: 'unknown field "retention"', hint: 'did you mean "retentionDays"?' },
  ],
  'unknown-key-zones-at-top-level.yaml': [
    { code: 'unknown-key', path: 'availabilityZones', line: 12, col: 1, message: 'unknown field "availabilityZones"', hint: '"availabilityZones" belongs under cloud: move it there' },
  ],
  'unterminated-quote.yaml': [
    { code: 'yaml-syntax', path: '', line: 7, col: 3, message: 'YAML syntax error: deficient indentation', hint: 'the quote opened on line 6 is not closed' },
  ],
  'users-decimal.yaml': [
    { code: 'wrong-type', path: 'users', line: 8, col: 8, message: 'expected integer, got number 1250.5' },
  ],
  'users-exponent.yaml': [
    { code: 'out-of-range', path: 'users', line: 8, col: 8, message: '1000000 is above the maximum 20000' },
  ],
  'users-quoted.yaml': [
    { code: 'wrong-type', path: 'users', line: 8, col: 9, message: 'expected integer, got the text "1000"', hint: 'remove the quotes: 1000' },
  ],
  'users-thousands-separator.yaml': [
    { code: 'wrong-type', path: 'users', line: 8, col: 8, message: 'expected integer, got the text "9,000"', hint: 'write the number without separators: 9000' },
  ],
  'users-too-few.yaml': [
    { code: 'out-of-range', path: 'users', line: 8, col: 8, message: '50 is below the minimum 100' },
  ],
  'users-too-many.yaml': [
    { code: 'out-of-range', path: 'users', line: 8, col: 8, message: '25000 is above the maximum 20000' },
  ],
  'waiver-expiry-french-date.yaml': [
    { code: 'invalid-format', path: 'waivers[0].expires', line: 20, col: 14, message: 'the text "31/12/2027" is not a calendar date as YYYY-MM-DD, such as "2027-06-30"' },
  ],
  'waiver-expiry-impossible-date.yaml': [
    { code: 'invalid-format', path: 'waivers[0].expires', line: 20, col: 15, message: 'the text "2027-02-30" is not a calendar date as YYYY-MM-DD, such as "2027-06-30"' },
  ],
  'waiver-missing-expiry.yaml': [
    { code: 'missing-field', path: 'waivers[0].expires', line: 16, col: 5, message: 'required field "expires" is missing' },
  ],
  'waiver-missing-owner.yaml': [
    { code: 'missing-field', path: 'waivers[0].owner', line: 16, col: 5, message: 'required field "owner" is missing' },
  ],
  'waiver-policy-id-malformed.yaml': [
    { code: 'invalid-format', path: 'waivers[0].policy', line: 16, col: 13, message: 'the text "Residency ACME CA" is not a policy id such as residency-acme-ca' },
  ],
  'waiver-short-justification.yaml': [
    { code: 'out-of-range', path: 'waivers[0].justification', line: 18, col: 20, message: 'the text "accepted risk" is shorter than 20 characters' },
  ],
  'waivers-not-a-list.yaml': [
    { code: 'wrong-type', path: 'waivers', line: 16, col: 3, message: 'expected array, got a mapping' },
  ],
  'yaml-alias.yaml': [
    { code: 'yaml-syntax', path: '', line: 16, col: 10, message: 'YAML aliases (*name) are not allowed', hint: 'environment files may not use YAML aliases: write values out' },
  ],
  'zone-not-in-region.yaml': [
    { code: 'unknown-zone', path: 'cloud.availabilityZones[2]', line: 12, col: 53, message: 'zone "eu-west-par-d" is not a zone of EU-WEST-PAR', hint: 'zones of EU-WEST-PAR: eu-west-par-a, eu-west-par-b, eu-west-par-c' },
  ],
  'zones-as-text.yaml': [
    { code: 'wrong-type', path: 'cloud.availabilityZones', line: 12, col: 22, message: 'expected array, got the text "eu-west-par-a, eu-west-par-b, eu-west-pa…"' },
  ],
  'zones-duplicated.yaml': [
    { code: 'duplicate-item', path: 'cloud.availabilityZones[2]', line: 15, col: 7, message: 'item 2 repeats item 0' },
  ],
  'zones-on-one-zone-region.yaml': [
    { code: 'unknown-zone', path: 'cloud.availabilityZones[0]', line: 13, col: 7, message: 'zone "gra11-a" is not a zone of GRA11', hint: 'GRA11 is a one-zone region: use availabilityZones: []' },
    { code: 'unknown-zone', path: 'cloud.availabilityZones[1]', line: 14, col: 7, message: 'zone "gra11-b" is not a zone of GRA11', hint: 'GRA11 is a one-zone region: use availabilityZones: []' },
  ],
};
