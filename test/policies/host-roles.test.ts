/** What a key says about the host under it, and where hosts are found in a value. */
import { describe, expect, it } from 'vitest';
import { hostsInText, roleHint } from '../../policies/hosts/host-occurrences.js';

describe('host roles and host extraction', () => {
  it.each([
    ['JVB_STUN_SERVERS', 'stun-turn'],
    ['apps.jitsi.stunServers.0', 'stun-turn'],
    ['OVERWRITE_SETTING_Push_gateway', 'push'],
    ['tls.acmeServer', 'acme'],
    ['MAIL_URL', 'smtp'],
    ['identity.oidc.issuer', 'identity'],
    ['updater.server.url', 'update-check'],
    ['GF_ANALYTICS_REPORTING_ENABLED', 'telemetry'],
  ])('%s names a %s host', (key, role) => expect(roleHint(key)).toBe(role));

  it.each(['KUBERNETES_SERVICE_HOST', 'STATUS_URL', 'PUBLIC_URL', 'DB_HOST'])('%s says nothing of the host’s role', (key) => expect(roleHint(key)).toBeUndefined());

  it('finds hosts in URLs, ICE URIs, endpoint parameters and host lists, and nothing in buckets or paths', () => {
    expect(hostsInText('https://user@sso.example.eu/realms/a and wss://visio.example.eu/xmpp', 'X')).toEqual(['sso.example.eu', 'visio.example.eu']);
    expect(hostsInText('[{ urls: "turns:turn.example.eu:5349?transport=tcp" }]', 'custom-config.js')).toEqual(['turn.example.eu']);
    expect(hostsInText('s3://bucket-name/path?endpoint=s3.gra.io.cloud.ovh.net&region=gra', 'backend')).toEqual(['s3.gra.io.cloud.ovh.net']);
    expect(hostsInText('stun.l.google.com:19302, stun1.l.google.com:19302', 'JVB_STUN_SERVERS')).toEqual(['stun.l.google.com', 'stun1.l.google.com']);
    expect(hostsInText('stun.l.google.com:19302', 'SOME_NAME')).toEqual([]);
    expect(hostsInText('file:///var/www/html/config.php', 'X')).toEqual([]);
  });
});
