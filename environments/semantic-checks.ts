/**
 * Checks that JSON Schema can't express: facts from the region and flavor catalogues, and rules
 * across fields. They run on a document that passed the schema.
 */
import { catalogueProblems } from './catalogue/cloud-catalogue.js';
import { catalogueFlavorNames, offeredFlavors } from './catalogue/flavors.js';
import { PROVIDER_DEFAULTS } from './catalogue/defaults.js';
import { findKubernetesRelease, KUBERNETES_RELEASES } from './catalogue/kubernetes-releases.js';
import { findRegion, REGION_CATALOGUE, regionNames, sharesObjectStorage, type Region } from './catalogue/regions.js';
import { closest } from './did-you-mean.js';
import { findProfile, profileForUsers } from './profiles.js';
import type { Provider } from './environment.js';
import type { Problem } from './problems.js';
import type { PositionIndex } from './yaml-positions.js';

interface Doc {
  cloud: {
    provider: Provider;
    region: string;
    availabilityZones?: string[];
    externalNetwork?: string;
    image?: string;
    flavors?: Record<string, string>;
    customFlavors?: { name: string }[];
  };
  cluster?: { mode?: string; kubernetesVersion?: string; kubeconfig?: string; sshAuthorizedKeys?: string[]; magnum?: { image?: string } };
  artifacts?: { url: string };
  backups?: { region: string };
  waivers?: { expires: string }[];
  profile?: string;
  users?: number;
  apps?: { rocketchat?: { edition?: string; jitsiApp?: unknown } };
}

const ROLES = ['controlPlane', 'general', 'media', 'database'] as const;

/** The provider whose catalogue has this region, when it isn't `provider`. */
function otherProvider(provider: Provider, name: string): { provider: Provider; region: Region } | undefined {
  for (const entry of REGION_CATALOGUE) {
    if (entry.provider === provider) continue;
    const region = findRegion(entry.provider, name);
    if (region) return { provider: entry.provider, region };
  }
  return undefined;
}

/** A backup region to suggest: another site (other object storage) of the provider, same country first. */
function backupSuggestion(provider: Provider, primary: Region): string | undefined {
  const others = regionNames(provider)
    .map((n) => findRegion(provider, n)!)
    .filter((r) => r.name !== primary.name && !sharesObjectStorage(r, primary) && r.eu === primary.eu);
  return (others.find((r) => r.country === primary.country) ?? others[0])?.name;
}

/**
 * `artifacts.url` ends up in a shell command on every node. The schema's pattern allows https and
 * a safe character set only; what passes it is then parsed as the WHATWG URL Standard does (Node's
 * `URL`): a host that is no host (`1.2.3.999`), a port past 65535, or a URL not in its normal form
 * (`..` segments, upper-case host, default port) is refused, so what it says is what nodes fetch.
 */
function artifactsUrlProblem(raw: string): { message: string; hint: string } | undefined {
  // Anything else is the schema pattern's to report (once).
  if (!/^https:\/\/[A-Za-z0-9._~:/-]*$/.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { message: `"${raw}" is not a valid URL (host or port)`, hint: 'write the base URL, e.g. https://artefacts.example.fr/socle' };
  }
  if (url.href !== raw && url.href !== `${raw}/`) return { message: `artifacts.url is not in its normal form (nodes would fetch "${url.href}")`, hint: `write ${url.href}` };
  return undefined;
}

export function semanticChecks(raw: unknown, file: string, positions: PositionIndex): Problem[] {
  const doc = raw as Doc;
  // A catalogue file with problems is left out: say so before anything it would have answered.
  const problems: Problem[] = [...catalogueProblems()];
  const add = (code: string, path: string, message: string, hint?: string, which: 'key' | 'value' = 'value') =>
    problems.push({ code, file, ...positions.find(path, which), path, message, hint });

  // The default profile would size for 1,000 users whatever the authority is: say so instead.
  if (doc.users === undefined && doc.profile === undefined) {
    add('missing-field', 'users', 'neither "users" nor "profile" is set: socle cannot know how many people to size for', 'add users: <number of named staff accounts>, or profile: pilot | standard | large', 'key');
  }

  const { provider } = doc.cloud;
  const known = regionNames(provider);
  /** The catalogue entry of a region field, or a problem saying why there is none. */
  const lookUp = (path: string, name: string, what: string, otherProviderHint: (r: { provider: string; name: string; operator: string }) => string) => {
    const found = findRegion(provider, name);
    if (!found) {
      const elsewhere = otherProvider(provider, name);
      const guess = closest(name, known);
      add(
        'unknown-region',
        path,
        `${what} "${name}" is not in the ${provider} catalogue`,
        elsewhere ? otherProviderHint({ provider: elsewhere.provider, ...elsewhere.region }) : guess ? `did you mean "${guess}"?` : `known regions: ${known.join(', ')}`,
      );
    } else if (found.name !== name) {
      add('region-case', path, `region "${name}" is spelt "${found.name}" by ${provider}`, `write "${found.name}"`);
    }
    return found;
  };

  const region = lookUp('cloud.region', doc.cloud.region, 'region', (r) => `${r.name} is a region of provider ${r.provider} (${r.operator}): set cloud.provider: ${r.provider}, or choose a region of ${provider}`);

  if (region && doc.cloud.availabilityZones) {
    doc.cloud.availabilityZones.forEach((zone, i) => {
      if (!region.availabilityZones.includes(zone)) {
        add(
          'unknown-zone',
          `cloud.availabilityZones[${i}]`,
          `zone "${zone}" is not a zone of ${region.name}`,
          region.availabilityZones.length ? `zones of ${region.name}: ${region.availabilityZones.join(', ')}` : `${region.name} is a one-zone region: use availabilityZones: []`,
        );
      }
    });
  }

  if (doc.backups) {
    const backup = lookUp('backups.region', doc.backups.region, 'backup region', (r) => `${r.name} is a region of provider ${r.provider}: backups go to another region of the same provider (${provider})`);
    const sameSite = backup && region && (backup.name === region.name || sharesObjectStorage(backup, region));
    // A misspelt backup region is reported once, for its spelling.
    if (backup && region && sameSite && backup.name === doc.backups.region) {
      // Regions that share their object storage are one site (GRA7/GRA9/GRA11): not a second region.
      const suggestion = backupSuggestion(provider, region);
      const hint = suggestion ? `choose a region on another site, e.g. ${suggestion}` : 'choose a region on another site';
      if (backup.name === region.name) add('backup-region-is-primary', 'backups.region', `backups go to the primary region ${region.name}: a regional outage would take both`, hint);
      else add('backup-region-is-primary', 'backups.region', `backup region ${backup.name} is on the same site as ${region.name} (object storage "${region.s3!.region}")`, hint);
    }
  }

  const mode = doc.cluster?.mode ?? 'instances';
  if (region && mode === 'magnum' && !region.services.includes('magnum')) {
    add('service-not-offered', 'cluster.mode', `${region.operator} offers no OpenStack Magnum in ${region.name}`, 'use mode: instances (socle builds Kubernetes on instances) or mode: existing');
  }
  const minor = doc.cluster?.kubernetesVersion;
  if (minor !== undefined && !findKubernetesRelease(minor)) {
    const supported = KUBERNETES_RELEASES.map((r) => r.minor);
    add(
      'unsupported-version',
      'cluster.kubernetesVersion',
      `socle has no pinned release for Kubernetes ${minor} (it deploys ${supported.join(', ')})`,
      `use kubernetesVersion: "${supported[0]}", or add ${minor} with its RKE2 and cloud-provider versions to environments/catalogue/kubernetes-releases.ts`,
    );
  }
  if (mode === 'existing' && !doc.cluster?.kubeconfig) {
    add('missing-field', 'cluster.kubeconfig', 'mode "existing" needs the path of a kubeconfig', 'add cluster.kubeconfig: ./kubeconfig', 'key');
  }
  if (mode !== 'existing' && doc.cluster?.kubeconfig) {
    add('unused-field', 'cluster.kubeconfig', `kubeconfig is only read with mode "existing" (mode is "${mode}")`, 'remove it, or set mode: existing', 'key');
  }
  // Left over from a switch away from Magnum, the block would be dropped without a word.
  if (mode === 'magnum' && region?.services.includes('magnum') && !doc.cluster?.magnum?.image) {
    add(
      'missing-field',
      doc.cluster?.magnum ? 'cluster.magnum.image' : 'cluster.magnum',
      "mode \"magnum\" needs the image Magnum's Kubernetes driver boots (Fedora CoreOS)",
      'add cluster.magnum.image: the name of your cloud\'s Fedora CoreOS image (openstack image list --property os_distro=fedora-coreos)',
      'key',
    );
  }
  // Only the nodes socle builds itself read these: Magnum and existing clusters bring their own.
  if (mode !== 'instances' && (doc.cluster?.sshAuthorizedKeys?.length ?? 0) > 0) {
    add('unused-field', 'cluster.sshAuthorizedKeys', `SSH keys are only given to the nodes of mode "instances" (mode is "${mode}")`, 'remove them: the cluster\'s own tooling manages node access', 'key');
  }
  if (doc.artifacts?.url !== undefined) {
    const problem = artifactsUrlProblem(doc.artifacts.url);
    if (problem) add('invalid-url', 'artifacts.url', problem.message, problem.hint);
  }
  if (mode !== 'magnum' && doc.cluster?.magnum !== undefined) {
    add('unused-field', 'cluster.magnum', `magnum settings are only read with mode "magnum" (mode is "${mode}")`, 'remove them, or set mode: magnum', 'key');
  }

  const defaults = PROVIDER_DEFAULTS[provider];
  if (!doc.cloud.externalNetwork && !defaults.externalNetwork) {
    add('missing-field', 'cloud.externalNetwork', `provider ${provider} has no default external network`, 'add cloud.externalNetwork: the name of the public network (openstack network list --external)', 'key');
  }
  if (!doc.cloud.image && !defaults.image && mode === 'instances') {
    add('missing-field', 'cloud.image', `provider ${provider} has no default image`, 'add cloud.image: a Debian 12 image name (openstack image list)', 'key');
  }

  const custom = (doc.cloud.customFlavors ?? []).map((f) => f.name);
  const catalogue = region ? offeredFlavors(provider, region.name).map((f) => f.name) : catalogueFlavorNames(provider);
  const allFlavors = [...catalogue, ...custom];
  for (const role of ROLES) {
    const name = doc.cloud.flavors?.[role];
    if (name === undefined) {
      const needed = role !== 'controlPlane' || mode === 'instances';
      if (catalogue.length === 0 && needed && mode !== 'existing') {
        add('missing-field', `cloud.flavors.${role}`, `provider ${provider} has no flavor catalogue: name the ${role} flavor`, `add cloud.flavors.${role} and declare it in cloud.customFlavors (name, vcpus, ramGb)`, 'key');
      }
    } else if (!allFlavors.includes(name)) {
      const guess = closest(name, allFlavors);
      add('unknown-flavor', `cloud.flavors.${role}`, `flavor "${name}" is neither in the ${provider} catalogue nor in cloud.customFlavors`, guess ? `did you mean "${guess}"?` : 'declare it in cloud.customFlavors with its vcpus and ramGb');
    }
  }
  const seen = new Set<string>();
  (doc.cloud.customFlavors ?? []).forEach((f, i) => {
    if (seen.has(f.name) || catalogue.includes(f.name)) add('duplicate-item', `cloud.customFlavors[${i}].name`, `flavor "${f.name}" is declared twice`, 'keep one declaration');
    seen.add(f.name);
  });

  // Rocket.Chat 7 caps private apps at 0 on a Community workspace (RocketChat/Rocket.Chat#33399): the
  // uploaded Jitsi app would install but never be enabled, and socle never registers the workspace
  // with Rocket.Chat Cloud, which the Marketplace route needs.
  const rocketchat = doc.apps?.rocketchat;
  if (rocketchat?.jitsiApp !== undefined) {
    const profile = (doc.profile !== undefined ? findProfile(doc.profile) : undefined) ?? profileForUsers(typeof doc.users === 'number' ? doc.users : 1000);
    if ((rocketchat.edition ?? (profile.document['apps'] as Doc['apps'])?.rocketchat?.edition) === 'community') {
      add(
        'edition-conflict',
        'apps.rocketchat.jitsiApp',
        'Rocket.Chat Community (7.0 and later) enables no private app, and the Jitsi app is uploaded as one: it would install but stay disabled',
        'set apps.rocketchat.edition: enterprise (with its licence), or remove jitsiApp: a Community workspace gets the app only from the Marketplace, after registering with Rocket.Chat Cloud, which socle does not do',
        'key',
      );
    }
  }

  (doc.waivers ?? []).forEach((w, i) => {
    if (Number.isNaN(Date.parse(`${w.expires}T00:00:00Z`))) add('invalid-format', `waivers[${i}].expires`, `"${w.expires}" is not a calendar date`, 'write YYYY-MM-DD');
  });
  return problems;
}
