/**
 * Upstream defaults that make an app call a third party unless a setting says otherwise: the leaks
 * no scanner checks, because they are in no artifact until someone writes the setting down.
 * Each entry: the image it applies to, the setting that decides, where the data goes by default.
 */
import type { EndpointService } from './endpoints.js';

/** Reads a container variable: its value, `undefined` when unset, `null` when set from a Secret. */
export type EnvReader = (name: string) => string | undefined | null;

export interface ImplicitEndpoint {
  id: string;
  /** Matches the image repository path (registry, tag and digest stripped). */
  image: RegExp;
  service: EndpointService;
  /** The host the default talks to (classified like any other host). */
  host: string;
  /** What goes there, in words. */
  sends: string;
  /**
   * The settings keep the app away from `host`: its environment, and its configuration (commands,
   * arguments and the ConfigMap files mounted in its pod, and its /etc/hosts entries, joined).
   */
  safe(env: EnvReader, config: string): boolean;
  /** What to set, in words. */
  fix: string;
  source: string;
}

const isSet = (v: string | undefined | null) => v !== undefined && v !== '';
const isFalse = (v: string | undefined | null) => typeof v === 'string' && /^(false|0|no|off)$/i.test(v.trim());
const isTrue = (v: string | undefined | null) => typeof v === 'string' && /^(true|1|yes|on)$/i.test(v.trim());

/** The pod's /etc/hosts sends `host` to a local address, where nothing answers the app's call. */
const sentToLoopback = (config: string, host: string) =>
  new RegExp(`^(127\\.\\d+\\.\\d+\\.\\d+|0\\.0\\.0\\.0|::1)( \\S+)* ${host.replace(/\./g, '\\.')}( |$)`, 'm').test(config);

/** Rocket.Chat reads `OVERWRITE_SETTING_<id>` on every start and `<id>` as an initial value. */
const rocketchat = (env: EnvReader, id: string) => {
  const forced = env(`OVERWRITE_SETTING_${id}`);
  return forced !== undefined ? forced : env(id);
};

const JVB = /(^|\/)jitsi\/jvb$/;
const JITSI_WEB = /(^|\/)jitsi\/web$/;
const ROCKETCHAT = /(^|\/)rocket\.chat$/;
const GRAFANA = /(^|\/)grafana$/;
const DOCKER_JITSI = 'jitsi/docker-jitsi-meet';
const RC_PUSH = 'RocketChat/Rocket.Chat apps/meteor/server/settings/push.ts';
const GRAFANA_INI = 'grafana/grafana conf/defaults.ini';
const NEXTCLOUD = /(^|\/)nextcloud$/;
const NEXTCLOUD_SAMPLE = 'nextcloud/server config/config.sample.php';
/** A `'key' => value` line of a Nextcloud config.php. */
const nextcloudSetting = (config: string, key: string, value: RegExp) => new RegExp(`'${key.replace(/\./g, '\\.')}'\\s*=>\\s*${value.source}`).test(config);

export const IMPLICIT_ENDPOINTS: readonly ImplicitEndpoint[] = [
  {
    id: 'jitsi-jvb-stun',
    image: JVB,
    service: 'stun-turn',
    host: 'meet-jit-si-turnrelay.jitsi.net',
    sends: 'its STUN requests (the bridge’s public address) at every start',
    safe: (env) => isSet(env('JVB_STUN_SERVERS')) || isTrue(env('JVB_DISABLE_STUN')),
    fix: 'set JVB_STUN_SERVERS to the authority’s own TURN/STUN server (or JVB_DISABLE_STUN=1)',
    source: `${DOCKER_JITSI} jvb/rootfs/defaults/jvb.conf (JVB_STUN_SERVERS default meet-jit-si-turnrelay.jitsi.net:443)`,
  },
  {
    id: 'jitsi-web-p2p-stun',
    image: JITSI_WEB,
    service: 'stun-turn',
    host: 'meet-jit-si-turnrelay.jitsi.net',
    sends: 'every browser’s STUN requests in one-to-one calls (participants’ IP addresses)',
    safe: (env) => isSet(env('P2P_STUN_SERVERS')) || isFalse(env('ENABLE_P2P')),
    fix: 'set P2P_STUN_SERVERS to the authority’s own STUN server (or ENABLE_P2P=false)',
    source: `jitsi/jitsi-meet config.js (p2p.stunServers default) and ${DOCKER_JITSI} web/rootfs/defaults/settings-config.js`,
  },
  {
    id: 'jitsi-jaas-components',
    image: JITSI_WEB,
    service: 'telemetry',
    host: 'account-provisioning.cloudflare.jitsi.net',
    sends: 'an account registration with 8x8 JaaS, then rtcstats and whiteboard traffic',
    safe: (env) => !isTrue(env('ENABLE_JAAS_COMPONENTS')),
    fix: 'leave ENABLE_JAAS_COMPONENTS unset',
    source: `${DOCKER_JITSI} web/rootfs/etc/s6-overlay/scripts/jaas-account`,
  },
  {
    id: 'jitsi-amplitude',
    image: JITSI_WEB,
    service: 'telemetry',
    host: 'api.amplitude.com',
    sends: 'usage analytics of every participant',
    safe: (env) => !isSet(env('AMPLITUDE_ID')),
    fix: 'leave AMPLITUDE_ID unset',
    source: `${DOCKER_JITSI} web/rootfs/defaults/settings-config.js`,
  },
  {
    id: 'jitsi-google-analytics',
    image: JITSI_WEB,
    service: 'telemetry',
    host: 'www.google-analytics.com',
    sends: 'usage analytics of every participant',
    safe: (env) => !isSet(env('GOOGLE_ANALYTICS_ID')),
    fix: 'leave GOOGLE_ANALYTICS_ID unset',
    source: `${DOCKER_JITSI} web/rootfs/defaults/settings-config.js`,
  },
  {
    id: 'jitsi-acme-default',
    image: JITSI_WEB,
    service: 'acme',
    host: 'acme.zerossl.com',
    sends: 'certificate requests for the Jitsi host names (acme.sh’s default CA, despite the LETSENCRYPT_* names)',
    safe: (env) => !isTrue(env('ENABLE_LETSENCRYPT')) || isSet(env('LETSENCRYPT_ACME_SERVER')),
    fix: 'leave ENABLE_LETSENCRYPT off (cert-manager issues the certificates) or set LETSENCRYPT_ACME_SERVER',
    source: `${DOCKER_JITSI} env.example ("Set ACME server. Default is zerossl")`,
  },
  {
    id: 'rocketchat-push-gateway',
    image: ROCKETCHAT,
    service: 'push',
    host: 'gateway.rocket.chat',
    sends: 'every mobile notification (sender, room and message text by default)',
    safe: (env) => isFalse(rocketchat(env, 'Push_enable')) || isFalse(rocketchat(env, 'Push_enable_gateway')) || isSet(rocketchat(env, 'Push_gateway')),
    fix: 'set OVERWRITE_SETTING_Push_enable=false, or OVERWRITE_SETTING_Push_gateway to a gateway in the jurisdiction',
    source: `${RC_PUSH} (Push_enable=true, Push_enable_gateway=true, Push_gateway=https://gateway.rocket.chat)`,
  },
  {
    id: 'rocketchat-push-content',
    image: ROCKETCHAT,
    service: 'push',
    host: 'api.push.apple.com',
    sends: 'message text and sender in every mobile notification (every push ends at Apple APNs or Google FCM)',
    safe: (env) => isFalse(rocketchat(env, 'Push_enable')) || (isFalse(rocketchat(env, 'Push_show_message')) && isFalse(rocketchat(env, 'Push_show_username_room'))),
    fix: 'set OVERWRITE_SETTING_Push_show_message=false and OVERWRITE_SETTING_Push_show_username_room=false (or turn push off)',
    source: `${RC_PUSH} (Push_show_message=true, Push_show_username_room=true)`,
  },
  {
    id: 'rocketchat-statistics',
    image: ROCKETCHAT,
    service: 'telemetry',
    host: 'collector.rocket.chat',
    sends: 'usage statistics of the workspace',
    // 7.x posts the daily report whatever Statistics_reporting says: only the pod's hosts file stops it.
    safe: (_env, config) => sentToLoopback(config, 'collector.rocket.chat'),
    fix: 'send collector.rocket.chat to a closed local address (pod hostAliases to 127.0.0.1); Statistics_reporting=false no longer stops the report',
    source: 'RocketChat/Rocket.Chat apps/meteor/app/statistics/server/functions/sendUsageReport.ts (7.x: posts without reading a setting)',
  },
  {
    id: 'nextcloud-update-check',
    image: NEXTCLOUD,
    service: 'update-check',
    host: 'updates.nextcloud.com',
    sends: 'the instance’s version and a daily update check (background jobs and the admin page)',
    safe: (_env, config) => nextcloudSetting(config, 'updatechecker', /false/),
    fix: "set 'updatechecker' => false in config.php",
    source: `${NEXTCLOUD_SAMPLE} (updatechecker default true, updater.server.url https://updates.nextcloud.com/updater_server/)`,
  },
  {
    id: 'nextcloud-connectivity-check',
    image: NEXTCLOUD,
    service: 'connectivity-check',
    host: 'www.eff.org',
    sends: 'connectivity probes from the server (www.nextcloud.com, www.startpage.com, www.eff.org, www.edri.org)',
    safe: (_env, config) => nextcloudSetting(config, 'has_internet_connection', /false/) || nextcloudSetting(config, 'connectivity_check_domains', /array\s*\(\s*\)|\[\s*\]/),
    fix: "set 'has_internet_connection' => false (or an empty 'connectivity_check_domains') in config.php",
    source: `${NEXTCLOUD_SAMPLE} (connectivity_check_domains default)`,
  },
  {
    id: 'nextcloud-lookup-server',
    image: NEXTCLOUD,
    service: 'telemetry',
    host: 'lookup.nextcloud.com',
    sends: 'users’ federated profile data',
    safe: (_env, config) => nextcloudSetting(config, 'lookup_server', /''|""/) || nextcloudSetting(config, 'has_internet_connection', /false/),
    fix: "set 'lookup_server' => '' in config.php",
    source: `${NEXTCLOUD_SAMPLE} (lookup_server default https://lookup.nextcloud.com)`,
  },
  {
    id: 'grafana-reporting',
    image: GRAFANA,
    service: 'telemetry',
    host: 'stats.grafana.org',
    sends: 'usage counters',
    safe: (env) => isFalse(env('GF_ANALYTICS_REPORTING_ENABLED')),
    fix: 'set GF_ANALYTICS_REPORTING_ENABLED=false',
    source: `${GRAFANA_INI} ([analytics] reporting_enabled = true)`,
  },
  {
    id: 'grafana-update-check',
    image: GRAFANA,
    service: 'update-check',
    host: 'grafana.com',
    sends: 'a version check at every start and daily',
    safe: (env) => isFalse(env('GF_ANALYTICS_CHECK_FOR_UPDATES')),
    fix: 'set GF_ANALYTICS_CHECK_FOR_UPDATES=false',
    source: `${GRAFANA_INI} ([analytics] check_for_updates = true)`,
  },
  {
    id: 'grafana-gravatar',
    image: GRAFANA,
    service: 'avatar',
    host: 'secure.gravatar.com',
    sends: 'a hash of every user’s e-mail address, from every browser',
    safe: (env) => isTrue(env('GF_SECURITY_DISABLE_GRAVATAR')),
    fix: 'set GF_SECURITY_DISABLE_GRAVATAR=true',
    source: `${GRAFANA_INI} ([security] disable_gravatar = false)`,
  },
];
