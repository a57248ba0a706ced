/**
 * The docker-jitsi-meet images' start scripts, run (as a port, test/charts/jitsi/jitsi-init-scripts.ts)
 * on the mounts socle gives each Jitsi container: every container must get past s6's cont-init
 * stage. The review's K5: jvb's 10-config L76 `chown -R jvb:jitsi /config` on a read-only ConfigMap
 * subPath under /config fails with EROFS, and s6 stops the container.
 */
import { describe, expect, it } from 'vitest';
import { IMAGES } from '../../../charts/images.js';
import { bridgeXmppServers } from '../../../charts/apps/jitsi/jitsi-videobridge.js';
import { prosodyHost } from '../../../charts/apps/jitsi/jitsi-xmpp.js';
import { NAMESPACES } from '../../../charts/platform/namespaces.js';
import { CONT_INIT, DOCKER_JITSI_MEET_TAG, runContInit } from './jitsi-init-scripts.js';
import { EXAMPLE_NAMES, envOf, find, loadExample, podSpec, render } from '../examples.js';

const IMAGE_OF: Record<string, keyof typeof CONT_INIT> = { 'jitsi/web': 'web', 'jitsi/prosody': 'prosody', 'jitsi/jicofo': 'jicofo', 'jitsi/jvb': 'jvb' };

it(`ports the start scripts of the pinned docker-jitsi-meet tag (${DOCKER_JITSI_MEET_TAG})`, () => {
  for (const name of ['jitsiWeb', 'jitsiProsody', 'jitsiJicofo', 'jitsiVideobridge'] as const) expect(IMAGES[name].endsWith(`:${DOCKER_JITSI_MEET_TAG}`), name).toBe(true);
});

describe.each(EXAMPLE_NAMES)('Jitsi containers start, example %s', (name) => {
  const r = render(loadExample(name));
  const jitsiContainers = r.objects
    .filter((o) => o.kind === 'Deployment' && [NAMESPACES.jitsi, NAMESPACES.jitsiMedia].includes(o.metadata.namespace as never))
    .flatMap((o) => podSpec(o).containers.map((c: any) => ({ workload: o.metadata.name, pod: podSpec(o), c, image: IMAGE_OF[c.image.replace(/^.*?\/(jitsi\/[a-z]+):.*$/, '$1')] })))
    .filter((x) => x.image !== undefined);

  it('runs every image socle uses', () => {
    expect(new Set(jitsiContainers.map((x) => x.image))).toEqual(new Set(['web', 'prosody', 'jicofo', 'jvb']));
  });

  it.each(jitsiContainers.map((x) => [`${x.workload}/${x.c.name}`, x] as const))('%s gets past cont-init', (_, x) => {
    const outcome = runContInit(x.image!, x.pod, x.c);
    // prosody's L25 chown of the read-only lobby modules fails, but isn't its last command: noise, not fatal.
    expect({ statuses: outcome.statuses, starts: outcome.starts }).toEqual({ statuses: { '01-set-timezone': 0, '10-config': 0 }, starts: true });
  });

  it('joins each videobridge to every shard through the image template, without a file under /config', () => {
    const shards = r.objects.filter((o) => o.kind === 'Deployment' && /^jitsi-prosody-\d+$/.test(o.metadata.name)).length;
    const servers = envOf(find(r.objects, 'Deployment', 'jitsi-videobridge'), 'jvb').get('XMPP_SERVER') as string;
    // jvb.conf L31-32, L66-78: `splitList "," | compact`, one `shard<index>` per entry, host before an optional `:port`.
    const configs = servers.split(',').filter((s) => s !== '').map((s, i) => ({ config: `shard${i}`, hostname: s.split(':')[0] }));
    expect(configs).toEqual(Array.from({ length: shards }, (_, i) => ({ config: `shard${i}`, hostname: prosodyHost(i) })));
    expect(servers).toBe(bridgeXmppServers(shards));
  });
});

describe('the model reproduces the review', () => {
  it('K5: a read-only ConfigMap subPath under /config stops the videobridge (10-config L76)', () => {
    const pod = { volumes: [{ name: 'config', emptyDir: {} }, { name: 'custom', configMap: { name: 'jitsi-videobridge' } }] };
    const c = { name: 'jvb', volumeMounts: [{ name: 'config', mountPath: '/config' }, { name: 'custom', mountPath: '/config/custom-jvb.conf', subPath: 'custom-jvb.conf', readOnly: true }] };
    const outcome = runContInit('jvb', pod, c);
    expect(outcome.starts).toBe(false);
    expect(outcome.failures).toEqual([{ script: '10-config', line: 76, op: 'chown-R', path: '/config', error: 'EROFS', mount: 'custom' }]);
  });
});
