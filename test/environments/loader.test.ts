/** The environment loader: the shipped examples, the layering rule, hints, and collected problems. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closest } from '../../environments/did-you-mean.js';
import { layer } from '../../environments/layering.js';
import { loadEnvironmentFile, parseEnvironment, SCHEMA_COMMENT_PREFIX } from '../../environments/load-environment.js';
import { EnvironmentError, type Problem } from '../../environments/problems.js';
import { ENVIRONMENT_SCHEMA, PATTERN_FORMS } from '../../environments/schema-validation.js';
import { PROFILES } from '../../environments/profiles.js';
import { offeredFlavors } from '../../environments/catalogue/flavors.js';
import { environmentFile, MAGNUM_FIXTURE } from '../charts/examples.js';
import { REPO_ROOT } from '../cli/capture-io.js';

const EXAMPLES = join(REPO_ROOT, 'environments', 'examples');

/** A minimal valid file; `extra` lines are appended (top-level keys). */
function minimal(extra = '', { users = 'users: 1000\n', cloud = 'cloud:\n  provider: ovhcloud\n  region: GRA11\n' } = {}): string {
  return `apiVersion: socle/v1
name: layering-test
authority:
  name: Ville Exemple
  domain: collab.ville-exemple.fr
${users}${cloud}residency:
  jurisdiction: FR
dataClassification: internal
${extra}`;
}

function problemsOf(text: string): Problem[] {
  try {
    parseEnvironment(text, 'test.yaml');
  } catch (e) {
    if (e instanceof EnvironmentError) return e.problems;
    throw e;
  }
  throw new Error('expected the text to be rejected');
}

describe('the shipped examples', () => {
  it.each(['pilot', 'metropole-9000', 'departement-cleura'])('%s.yaml is valid and starts with the schema comment', (name) => {
    const file = join(EXAMPLES, `${name}.yaml`);
    const env = loadEnvironmentFile(file);
    expect(env.name).toBe(name);
    expect(readFileSync(file, 'utf8').startsWith(`${SCHEMA_COMMENT_PREFIX}../schema/environment.schema.json\n`)).toBe(true);
  });

  it('pilot: 1,000 users, one-zone OVHcloud region, backups to another French region', () => {
    const env = loadEnvironmentFile(join(EXAMPLES, 'pilot.yaml'));
    expect(env).toMatchObject({ users: 1000, profile: 'pilot', cloud: { provider: 'ovhcloud', region: 'GRA11', availabilityZones: [], externalNetwork: 'Ext-Net', image: 'Debian 12' } });
    expect(env.backups).toEqual({ region: 'SBG5', schedule: '0 2 * * *', retentionDays: 14 });
  });

  it('metropole-9000: 9,000 users over the three Paris zones, editions chosen explicitly', () => {
    const env = loadEnvironmentFile(join(EXAMPLES, 'metropole-9000.yaml'));
    expect(env).toMatchObject({ users: 9000, profile: 'large', cloud: { region: 'EU-WEST-PAR', availabilityZones: ['eu-west-par-a', 'eu-west-par-b', 'eu-west-par-c'] } });
    expect(readFileSync(join(EXAMPLES, 'metropole-9000.yaml'), 'utf8')).toMatch(/onlyoffice:\s+edition: enterprise\s+rocketchat:\s+edition: enterprise/);
  });

  it('departement-cleura: another EU OpenStack cloud, RKE2 on its instances (Cleura has no Magnum), flavors pinned from its catalogue', () => {
    const env = loadEnvironmentFile(join(EXAMPLES, 'departement-cleura.yaml'));
    expect(env).toMatchObject({ cloud: { provider: 'openstack', region: 'Fra1', externalNetwork: 'ext-net' }, cluster: { mode: 'instances' }, backups: { region: 'Sto2' } });
    expect(env.cluster.magnum).toBeUndefined();
    expect(env.cloud.customFlavors).toEqual([]);
    const catalogued = offeredFlavors('openstack', 'Fra1').map((f) => f.name);
    for (const flavor of Object.values(env.cloud.flavors)) expect(catalogued).toContain(flavor);
    expect(env.state.terraform?.endpoint).toBe('https://s3-kna1.citycloud.com');
  });

  it('the Magnum fixture: CloudFerro WAW3-2 with Magnum, its own flavors, backups in Frankfurt', () => {
    const env = loadEnvironmentFile(environmentFile(MAGNUM_FIXTURE));
    expect(env).toMatchObject({ name: MAGNUM_FIXTURE, cloud: { provider: 'openstack', region: 'WAW3-2', externalNetwork: 'external' }, cluster: { mode: 'magnum' }, backups: { region: 'FRA1-2' } });
    expect(env.cluster.magnum).toEqual({ networkDriver: 'calico', dockerVolumeSizeGb: 50, image: 'Fedora CoreOS 40' });
    expect(env.cloud.customFlavors.map((f) => f.name)).toEqual(Object.values(env.cloud.flavors));
  });

  it('returns a frozen environment', () => {
    const env = loadEnvironmentFile(join(EXAMPLES, 'pilot.yaml'));
    expect(Object.isFrozen(env)).toBe(true);
    expect(Object.isFrozen(env.cloud.availabilityZones)).toBe(true);
    expect(() => {
      (env as { users: number }).users = 5;
    }).toThrow(TypeError);
  });
});

describe('layering: built-in defaults ← profile ← file', () => {
  it.each([
    [100, 'pilot'],
    [2000, 'pilot'],
    [2001, 'standard'],
    [6000, 'standard'],
    [6001, 'large'],
    [20000, 'large'],
  ])('chooses the profile from users when the file names none (%i users → %s)', (users, profile) => {
    const env = parseEnvironment(minimal('', { users: `users: ${users}\n` }), 'test.yaml');
    expect(env.profile).toBe(profile);
    expect(env.users).toBe(users);
  });

  it('refuses a file that gives neither users nor profile, rather than sizing for a silent 1,000', () => {
    expect(() => parseEnvironment(minimal('', { users: '' }), 'test.yaml')).toThrow(/test\.yaml:1:1 {2}users {2}neither "users" nor "profile" is set/);
  });

  it("takes users from the named profile when the file gives none (large → 9,000)", () => {
    const env = parseEnvironment(minimal('profile: large\n', { users: '' }), 'test.yaml');
    expect(env).toMatchObject({ profile: 'large', users: 9000 });
  });

  it('lets an explicit profile win over the one users would choose, and keeps the file users', () => {
    const env = parseEnvironment(minimal('profile: large\n', { users: 'users: 1000\n' }), 'test.yaml');
    expect(env).toMatchObject({ profile: 'large', users: 1000 });
  });

  it('lets the file override a profile value, merging the rest of the mapping', () => {
    const env = parseEnvironment(minimal('apps:\n  onlyoffice:\n    edition: community\n'), 'test.yaml');
    expect(env.apps.onlyoffice).toEqual({ enabled: true, edition: 'community' });
    // From the profile, untouched by the file:
    expect(env.apps.rocketchat.edition).toBe('enterprise');
    // From the built-in defaults:
    expect(env.apps.jitsi.branding.primaryColor).toBe('#000091');
  });

  it('merges a partial sizing block over the defaults', () => {
    const env = parseEnvironment(minimal('sizing:\n  meetingShare: 0.2\n'), 'test.yaml');
    expect(env.sizing).toEqual({ concurrentShare: 0.3, meetingShare: 0.2, coeditingShare: 0.05, storagePerUserGb: 10, attachmentsPerUserGb: 0.5, participantsPerBridge: 100 });
  });

  it('gives all zones of the region when the file lists none', () => {
    const env = parseEnvironment(minimal('', { cloud: 'cloud:\n  provider: ovhcloud\n  region: EU-WEST-PAR\n' }), 'test.yaml');
    expect(env.cloud.availabilityZones).toEqual(['eu-west-par-a', 'eu-west-par-b', 'eu-west-par-c']);
  });

  it('replaces sequences whole: an empty zone list means none, a shorter one means those', () => {
    const none = parseEnvironment(minimal('', { cloud: 'cloud:\n  provider: ovhcloud\n  region: EU-WEST-PAR\n  availabilityZones: []\n' }), 'test.yaml');
    expect(none.cloud.availabilityZones).toEqual([]);
    const two = parseEnvironment(minimal('', { cloud: 'cloud:\n  provider: ovhcloud\n  region: EU-WEST-PAR\n  availabilityZones: [eu-west-par-c, eu-west-par-a]\n' }), 'test.yaml');
    expect(two.cloud.availabilityZones).toEqual(['eu-west-par-c', 'eu-west-par-a']);
  });

  it('replaces the STUN server list rather than appending to the default', () => {
    const env = parseEnvironment(minimal('apps:\n  jitsi:\n    stunServers: [stun.ville-exemple.fr:3478]\n'), 'test.yaml');
    expect(env.apps.jitsi.stunServers).toEqual(['stun.ville-exemple.fr:3478']);
  });

  it('has no backups when the file has none, even though every profile sets a retention', () => {
    for (const profile of PROFILES) {
      expect(profile.document['backups']).toBeDefined();
      const env = parseEnvironment(minimal(`profile: ${profile.name}\n`), 'test.yaml');
      expect(env.backups).toBeUndefined();
    }
  });

  it("fills a backups block from the profile's retention and the default schedule", () => {
    const pilot = parseEnvironment(minimal('backups:\n  region: SBG5\n'), 'test.yaml');
    expect(pilot.backups).toEqual({ region: 'SBG5', schedule: '0 2 * * *', retentionDays: 14 });
    const standard = parseEnvironment(minimal('profile: standard\nbackups:\n  region: SBG5\n  schedule: "15 3 * * *"\n'), 'test.yaml');
    expect(standard.backups).toEqual({ region: 'SBG5', schedule: '15 3 * * *', retentionDays: 30 });
    const own = parseEnvironment(minimal('backups:\n  region: SBG5\n  retentionDays: 90\n'), 'test.yaml');
    expect(own.backups?.retentionDays).toBe(90);
  });

  it('derives the defaults that depend on other fields', () => {
    const env = parseEnvironment(minimal(), 'test.yaml');
    expect(env.tls).toEqual({ acmeServer: 'https://acme-v02.api.letsencrypt.org/directory', email: 'admin@collab.ville-exemple.fr' });
    expect(env.state.pulumi.backend).toBe('file://out/layering-test/pulumi-state');
    expect(env.state.terraform).toBeUndefined();
    expect(env.cluster).toEqual({ mode: 'instances', kubernetesVersion: '1.36', adminCidrs: [], sshAuthorizedKeys: [] });
  });
});

describe('apps.rocketchat.jitsiApp', () => {
  const block = (edition: string) => `apps:\n  rocketchat:\n${edition}    jitsiApp:\n      package: https://artefacts.ville-exemple.fr/jitsi.zip\n      sha256: ${'ab'.repeat(32)}\n`;

  it('is absent by default: the Jitsi app stays a manual step', () => {
    expect(parseEnvironment(minimal(), 'test.yaml').apps.rocketchat.jitsiApp).toBeUndefined();
  });

  it("is accepted on the profile's enterprise edition and kept as written", () => {
    const env = parseEnvironment(minimal(block('')), 'test.yaml');
    expect(env.apps.rocketchat).toMatchObject({ edition: 'enterprise', jitsiApp: { package: 'https://artefacts.ville-exemple.fr/jitsi.zip', sha256: 'ab'.repeat(32) } });
  });

  it('is refused with edition community, accepted with enterprise written out', () => {
    expect(problemsOf(minimal(block('    edition: community\n'))).map((p) => [p.code, p.path])).toEqual([['edition-conflict', 'apps.rocketchat.jitsiApp']]);
    expect(() => parseEnvironment(minimal(block('    edition: enterprise\n')), 'test.yaml')).not.toThrow();
  });
});

describe('layer()', () => {
  it('merges mappings recursively, replaces sequences and scalars, skips undefined', () => {
    const merged = layer({ a: { b: 1, c: [1, 2], d: 'x' }, e: 1 }, { a: { c: [3], d: undefined }, e: 2 });
    expect(merged).toEqual({ a: { b: 1, c: [3], d: 'x' }, e: 2 });
  });

  it('copies values: changing the result leaves the layers as they were', () => {
    const profile = { apps: { jitsi: { stunServers: ['a:1'] } } };
    const merged = layer(profile, {}) as { apps: { jitsi: { stunServers: string[] } } };
    merged.apps.jitsi.stunServers.push('b:2');
    expect(profile.apps.jitsi.stunServers).toEqual(['a:1']);
  });

  it('lets a mapping replace a scalar and a scalar replace a mapping', () => {
    expect(layer({ a: 1 }, { a: { b: 2 } })).toEqual({ a: { b: 2 } });
    expect(layer({ a: { b: 2 } }, { a: 1 })).toEqual({ a: 1 });
  });
});

describe('did you mean', () => {
  it.each([
    ['availabiltyZones', ['provider', 'region', 'availabilityZones', 'externalNetwork'], 'availabilityZones'],
    ['entreprise', ['community', 'enterprise'], 'enterprise'],
    ['GRA-11', ['GRA7', 'GRA9', 'GRA11', 'SBG5'], 'GRA11'],
    ['Standard', ['pilot', 'standard', 'large'], 'standard'],
    ['ovh', ['ovhcloud', 'openstack'], 'ovhcloud'],
    ['retention', ['region', 'schedule', 'retentionDays'], 'retentionDays'],
    // Two adjacent characters swapped count as one edit.
    ['r.8c46gb', ['b.4c8gb', 'c.8c16gb', 'r.8c64gb'], 'r.8c64gb'],
    ['dataCalssification', ['name', 'dataClassification', 'residency'], 'dataClassification'],
  ])('%s → %s', (input, candidates, expected) => {
    expect(closest(input, candidates)).toBe(expected);
  });

  it.each([
    ['medium', ['pilot', 'standard', 'large']],
    ['collabora', ['nextcloud', 'wekan', 'onlyoffice', 'rocketchat', 'jitsi']],
    ['x', []],
    // A prefix of several candidates is no guess.
    ['open', ['openstack', 'openshift']],
  ])('%s → no guess', (input, candidates) => {
    expect(closest(input, candidates)).toBeUndefined();
  });

  it('hints at the field a misspelt key meant, in the problem', () => {
    const [problem] = problemsOf(minimal('', { cloud: 'cloud:\n  provider: ovhcloud\n  regoin: GRA11\n' })).filter((p) => p.code === 'unknown-key');
    expect(problem).toMatchObject({ path: 'cloud.regoin', hint: 'did you mean "region"?' });
  });

  it('hints at the value a misspelt enum meant, in the problem', () => {
    expect(problemsOf(minimal('cluster:\n  mode: existng\n  kubeconfig: ./k\n'))).toEqual([
      expect.objectContaining({ code: 'not-allowed', path: 'cluster.mode', hint: 'did you mean "existing"?' }),
    ]);
  });
});

describe('problems are collected, not thrown one at a time', () => {
  it('reports all five of five distinct errors, each at its own place', () => {
    const text = minimal('', { users: 'users: 50\nprofile: medium\n' }).replace('name: layering-test', 'name: Layering_Test').replace('jurisdiction: FR', 'jurisdiction: EEA') + 'tls:\n  email: nobody\n';
    const problems = problemsOf(text);
    expect(problems.map((p) => `${p.code} ${p.path}`)).toEqual([
      'invalid-format name',
      'out-of-range users',
      'not-allowed profile',
      'not-allowed residency.jurisdiction',
      'invalid-format tls.email',
    ]);
    expect(new Set(problems.map((p) => p.line)).size).toBe(5);
  });

  it('reports catalogue problems beside schema problems elsewhere in the file', () => {
    const problems = problemsOf(minimal('', { users: 'users: "1000"\n', cloud: 'cloud:\n  provider: ovhcloud\n  region: GRA-11\n' }));
    expect(problems.map((p) => p.code)).toEqual(['wrong-type', 'unknown-region']);
  });

  it('sorts problems by position', () => {
    const problems = problemsOf(minimal('sizing:\n  meetingShare: 2\n', { users: 'users: 5\n' }));
    const positions = problems.map((p) => p.line * 1000 + p.col);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(problems).toHaveLength(2);
  });
});

describe.each(['pilot', 'metropole-9000', 'departement-cleura'])('robustness: any damage to %s.yaml gives problems, never a crash', (name) => {
  const pilot = readFileSync(join(EXAMPLES, `${name}.yaml`), 'utf8');
  const outcome = (text: string): string => {
    try {
      parseEnvironment(text, 'pilot.yaml');
      return 'valid';
    } catch (e) {
      if (!(e instanceof EnvironmentError)) return `crash: ${(e as Error).stack}`;
      if (e.problems.length === 0) return 'crash: an EnvironmentError without problems';
      const lines = text.split('\n').length;
      const outside = e.problems.find((p) => p.line < 0 || p.line > lines || (p.line > 0 && p.col < 1) || (p.line === 0 && p.col !== 0));
      if (outside) return `crash: position ${outside.line}:${outside.col} outside a file of ${lines} lines (${outside.code} ${outside.path})`;
      return 'problems';
    }
  };

  it('survives the file cut short at every line', () => {
    const lines = pilot.split('\n');
    const crashes = lines.map((_, i) => outcome(lines.slice(0, i).join('\n'))).filter((o) => o.startsWith('crash'));
    expect(crashes).toEqual([]);
  });

  it('survives the removal of any one line', () => {
    const lines = pilot.split('\n');
    const crashes = lines.map((_, i) => outcome([...lines.slice(0, i), ...lines.slice(i + 1)].join('\n'))).filter((o) => o.startsWith('crash'));
    expect(crashes).toEqual([]);
  });

  it('survives any one line indented one space more, or one less', () => {
    const lines = pilot.split('\n');
    const crashes: string[] = [];
    lines.forEach((line, i) => {
      for (const changed of [` ${line}`, line.replace(/^ /, '')]) {
        const o = outcome([...lines.slice(0, i), changed, ...lines.slice(i + 1)].join('\n'));
        if (o.startsWith('crash')) crashes.push(`line ${i + 1}: ${o}`);
      }
    });
    expect(crashes).toEqual([]);
  });

  it('survives any one value replaced by a number, a list, a mapping, null or text', () => {
    const lines = pilot.split('\n');
    const replacements = ['42', '[]', '{a: 1}', '', '~', 'x'];
    const crashes: string[] = [];
    lines.forEach((line, i) => {
      const m = /^(\s*(?:- )?[A-Za-z]+:)\s*\S.*$/.exec(line);
      if (!m) return;
      for (const r of replacements) {
        const o = outcome([...lines.slice(0, i), `${m[1]} ${r}`, ...lines.slice(i + 1)].join('\n'));
        if (o.startsWith('crash')) crashes.push(`line ${i + 1} → ${r}: ${o}`);
      }
    });
    expect(crashes).toEqual([]);
  });
});

describe('positions', () => {
  const at = (text: string) => problemsOf(text).map((p) => `${p.line}:${p.col} ${p.path}`);
  const quoted = minimal('', { users: 'users: "1000"\n' });

  it('points at the value of a wrong-typed field', () => {
    expect(at(quoted)).toEqual(['6:9 users']);
  });

  it('gives the same positions for a file with Windows line ends', () => {
    expect(at(quoted.replace(/\n/g, '\r\n'))).toEqual(['6:9 users']);
  });

  it('does not count a byte-order mark as a column', () => {
    expect(at(`\ufeffusers: "1000"\n${quoted.replace('users: "1000"\n', '')}`)).toEqual(['1:9 users']);
  });

  it('counts lines from the top of the file, with an explicit document start', () => {
    expect(at(`---\n${quoted}...\n`)).toEqual(['7:9 users']);
  });

  it('points at the key of an empty value', () => {
    expect(at(minimal('tls:\n  email:\n'))).toEqual(['14:3 tls.email']);
  });

  it('points into flow mappings and sequences', () => {
    const text = minimal('', { cloud: 'cloud: { provider: ovhcloud, region: EU-WEST-PAR, availabilityZones: [eu-west-par-a, eu-west-par-z] }\n' });
    expect(at(text)).toEqual(['7:86 cloud.availabilityZones[1]']);
  });
});

describe('pattern messages', () => {
  it('say in words what every pattern of the schema expects', () => {
    const patterns = new Set<string>();
    const visit = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      for (const [k, v] of Object.entries(node)) {
        if (k === 'pattern' && typeof v === 'string') patterns.add(v);
        else visit(v);
      }
    };
    visit(ENVIRONMENT_SCHEMA);
    expect(patterns.size).toBeGreaterThan(5);
    expect([...patterns].filter((p) => !(p in PATTERN_FORMS))).toEqual([]);
  });

  it('give examples that their pattern accepts', () => {
    for (const [pattern, form] of Object.entries(PATTERN_FORMS)) {
      const example = /such as ("[^"]+"|\S+)/.exec(form)?.[1]?.replace(/^"|"$/g, '');
      if (example !== undefined) expect(new RegExp(pattern).test(example), `${form}: ${example}`).toBe(true);
    }
  });
});
