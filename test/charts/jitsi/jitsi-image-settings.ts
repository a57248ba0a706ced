/**
 * The settings each pinned Jitsi Meet and coturn image reads, as found in the vendors' own files. An
 * environment variable no template reads, a config.js key jitsi-meet no longer knows, or a
 * turnserver.conf option coturn dropped is silently ignored (or, for coturn, stops it starting):
 * jitsi-settings.test.ts checks everything socle renders against these lists. Each list names the
 * image tag it was checked for; bumping a tag in charts/images.ts fails that test until the list is
 * checked again against the new version's files.
 *
 * TZ is read by every docker-jitsi-meet image (base/rootfs/etc/cont-init.d/01-set-timezone).
 *
 * The store holds several snapshots of each docker-jitsi-meet file, none labelled with a release tag.
 * Those read bracket stable-10431 (August 2025): 2023–2024 templates, and the 2026 rework after it
 * (rootless images listening on 8000, PR #2258; colibri WebSocket variables removed, PR #2285), whose
 * changes are not applied here. A name is listed when the templates read it in those snapshots and no
 * issue or pull request found moves it between them and the tag; where the only evidence is the
 * compose file's list of variables, the `read` note says so.
 */
export interface ImageSettings {
  /** The image tag these names were checked for (the tag socle pins). */
  version: string;
  /** Which files were read, as evidence. */
  read: string;
  names: string[];
}

const DOCKER_JITSI_MEET = 'stable-10431';

export const JITSI_IMAGE_VARIABLES: Record<'web' | 'prosody' | 'jicofo' | 'jvb', ImageSettings> = {
  web: {
    version: DOCKER_JITSI_MEET,
    read:
      'jitsi/docker-jitsi-meet web/rootfs/defaults/system-config.js (XMPP_*, ENABLE_AUTH, ENABLE_GUESTS, ENABLE_XMPP_WEBSOCKET, PUBLIC_URL), ' +
      'settings-config.js (ENABLE_RECORDING, ENABLE_LIVESTREAMING, ENABLE_TRANSCRIPTIONS, ENABLE_JAAS_COMPONENTS, DEFAULT_LANGUAGE), ' +
      'meet.conf (ENABLE_COLIBRI_WEBSOCKET, COLIBRI_WEBSOCKET_REGEX, XMPP_BOSH_URL_BASE), etc/s6-overlay/scripts/config (DISABLE_HTTPS, ' +
      'ENABLE_LETSENCRYPT, COLIBRI_WEBSOCKET_REGEX else `dig jvb`, since PR #1645, 2023); docker-compose.yml web environment ' +
      '(ENABLE_HTTP_REDIRECT, TZ, P2P_STUN_SERVERS: listed there, absent from the settings-config.js snapshot read; custom-config.js sets ' +
      'config.p2p.stunServers after it either way)',
    names: [
      'PUBLIC_URL',
      'TZ',
      'XMPP_DOMAIN',
      'XMPP_AUTH_DOMAIN',
      'XMPP_GUEST_DOMAIN',
      'XMPP_MUC_DOMAIN',
      'XMPP_BOSH_URL_BASE',
      'ENABLE_AUTH',
      'ENABLE_GUESTS',
      'ENABLE_XMPP_WEBSOCKET',
      'ENABLE_RECORDING',
      'ENABLE_LIVESTREAMING',
      'ENABLE_TRANSCRIPTIONS',
      'ENABLE_JAAS_COMPONENTS',
      'DISABLE_HTTPS',
      'ENABLE_HTTP_REDIRECT',
      'ENABLE_LETSENCRYPT',
      'ENABLE_COLIBRI_WEBSOCKET',
      'COLIBRI_WEBSOCKET_REGEX',
      'P2P_STUN_SERVERS',
      'DEFAULT_LANGUAGE',
    ],
  },
  prosody: {
    version: DOCKER_JITSI_MEET,
    read:
      'jitsi/docker-jitsi-meet prosody/rootfs/defaults/conf.d/jitsi-meet.cfg.lua (XMPP_*, ENABLE_AUTH, AUTH_TYPE, ENABLE_GUESTS, ENABLE_LOBBY, ' +
      'ENABLE_XMPP_WEBSOCKET, ENABLE_RECORDING, ENABLE_TRANSCRIPTIONS, ENABLE_JAAS_COMPONENTS, PUBLIC_URL, JWT_APP_ID, JWT_APP_SECRET, ' +
      'JWT_ALLOW_EMPTY, JWT_ACCEPTED_ISSUERS/AUDIENCES → asap_accepted_issuers/audiences, JWT_AUTH_TYPE, JWT_TOKEN_AUTH_MODULE, TURN_CREDENTIALS → external_service_secret, TURN_HOST/TURNS_HOST (comma lists), ' +
      'TURN_PORT, TURNS_PORT, TURN_TRANSPORT (comma list, one external service per transport), XMPP_MODULES, XMPP_MUC_MODULES); ' +
      'docker-compose.yml prosody environment (JICOFO_AUTH_PASSWORD, JVB_AUTH_PASSWORD: the accounts it registers; TZ)',
    names: [
      'PUBLIC_URL',
      'TZ',
      'XMPP_DOMAIN',
      'XMPP_AUTH_DOMAIN',
      'XMPP_GUEST_DOMAIN',
      'XMPP_MUC_DOMAIN',
      'XMPP_INTERNAL_MUC_DOMAIN',
      'ENABLE_AUTH',
      'AUTH_TYPE',
      'ENABLE_GUESTS',
      'ENABLE_LOBBY',
      'ENABLE_XMPP_WEBSOCKET',
      'ENABLE_RECORDING',
      'ENABLE_TRANSCRIPTIONS',
      'ENABLE_JAAS_COMPONENTS',
      'JICOFO_AUTH_PASSWORD',
      'JVB_AUTH_PASSWORD',
      'JWT_APP_ID',
      'JWT_APP_SECRET',
      'JWT_ALLOW_EMPTY',
      'JWT_ACCEPTED_ISSUERS',
      'JWT_ACCEPTED_AUDIENCES',
      'JWT_AUTH_TYPE',
      'JWT_TOKEN_AUTH_MODULE',
      'TURN_CREDENTIALS',
      'TURN_HOST',
      'TURN_PORT',
      'TURN_TRANSPORT',
      'TURNS_HOST',
      'TURNS_PORT',
      'XMPP_MODULES',
      'XMPP_MUC_MODULES',
    ],
  },
  jicofo: {
    version: DOCKER_JITSI_MEET,
    read:
      'jitsi/docker-jitsi-meet jicofo/rootfs/defaults/jicofo.conf (ENABLE_AUTH, AUTH_TYPE, ENABLE_AUTO_OWNER, ENABLE_RECORDING, ' +
      'JICOFO_ENABLE_HEALTH_CHECKS, JICOFO_ENABLE_REST → rest.host 0.0.0.0, JVB_BREWERY_MUC, XMPP_SERVER, XMPP_*_DOMAIN, JICOFO_AUTH_PASSWORD); ' +
      'jitsi/jicofo jicofo-selector/src/main/resources/reference.conf (rest.host = 127.0.0.1 by default); docker-compose.yml (TZ)',
    names: [
      'TZ',
      'XMPP_DOMAIN',
      'XMPP_AUTH_DOMAIN',
      'XMPP_MUC_DOMAIN',
      'XMPP_INTERNAL_MUC_DOMAIN',
      'XMPP_SERVER',
      'JVB_BREWERY_MUC',
      'ENABLE_AUTH',
      'AUTH_TYPE',
      'ENABLE_AUTO_OWNER',
      'ENABLE_RECORDING',
      'JICOFO_AUTH_PASSWORD',
      'JICOFO_ENABLE_HEALTH_CHECKS',
      'JICOFO_ENABLE_REST',
    ],
  },
  jvb: {
    version: DOCKER_JITSI_MEET,
    read:
      'jitsi/docker-jitsi-meet jvb/rootfs/defaults/jvb.conf (JVB_PORT, XMPP_SERVER → one xmpp-client config per comma-separated entry, ' +
      'XMPP_AUTH_DOMAIN, JVB_AUTH_PASSWORD, JVB_BREWERY_MUC, XMPP_INTERNAL_MUC_DOMAIN, ENABLE_COLIBRI_WEBSOCKET, JVB_WS_DOMAIN, ' +
      'JVB_WS_SERVER_ID, PUBLIC_URL, JVB_STUN_SERVERS → ice4j stun addresses, COLIBRI_REST_ENABLED → apis.rest.enabled, ' +
      'SHUTDOWN_REST_ENABLED → rest.shutdown.enabled); etc/s6-overlay/scripts/config; docker-compose.yml jvb environment (TZ); ' +
      'jitsi/jicoco MucClientConfiguration.java (xmpp-client config keys are case-insensitive)',
    names: [
      'PUBLIC_URL',
      'TZ',
      'XMPP_SERVER',
      'XMPP_AUTH_DOMAIN',
      'XMPP_INTERNAL_MUC_DOMAIN',
      'JVB_BREWERY_MUC',
      'JVB_AUTH_PASSWORD',
      'JVB_PORT',
      'JVB_STUN_SERVERS',
      'ENABLE_COLIBRI_WEBSOCKET',
      'JVB_WS_DOMAIN',
      'JVB_WS_SERVER_ID',
      'COLIBRI_REST_ENABLED',
      'SHUTDOWN_REST_ENABLED',
    ],
  },
};

/**
 * The client settings of the web image's jitsi-meet, by leaf path (lists are leaves). `config.*`:
 * jitsi-meet config.js (the documented options, deprecated aliases excluded) and
 * docker-jitsi-meet web/rootfs/defaults/settings-config.js; `interfaceConfig.*`: jitsi-meet
 * interface_config.js; branding: the dynamicBrandingUrl response shape documented in config.js
 * and resources/custom-theme/custom-theme.json (palette tokens).
 */
export const JITSI_CLIENT_KEYS = {
  version: DOCKER_JITSI_MEET,
  read:
    'jitsi/jitsi-meet config.js (2023+ snapshot: lobby.enableChat replaces enableLobbyChat, recordingService.enabled replaces ' +
    'fileRecordingsEnabled, liveStreaming.enabled replaces liveStreamingEnabled, gravatar.disabled replaces gravatarBaseURL), ' +
    'interface_config.js, resources/custom-theme/custom-theme.json; jitsi/docker-jitsi-meet web/rootfs/defaults/settings-config.js',
  config: [
    'disableThirdPartyRequests',
    'gravatar.disabled',
    'analytics.disabled',
    'giphy.enabled',
    'whiteboard.enabled',
    'enableCalendarIntegration',
    'disableInviteFunctions',
    'p2p.enabled',
    'p2p.stunServers',
    'prejoinConfig.enabled',
    'lobby.autoKnock',
    'lobby.enableChat',
    'recordingService.enabled',
    'recordingService.sharingEnabled',
    'liveStreaming.enabled',
    'transcription.enabled',
    'localRecording.disable',
    'localRecording.notifyAllParticipants',
    'defaultLanguage',
    'dynamicBrandingUrl',
  ],
  interfaceConfig: [
    'APP_NAME',
    'NATIVE_APP_NAME',
    'PROVIDER_NAME',
    'DEFAULT_BACKGROUND',
    'SHOW_JITSI_WATERMARK',
    'JITSI_WATERMARK_LINK',
    'DEFAULT_LOGO_URL',
    'DEFAULT_WELCOME_PAGE_LOGO_URL',
    'SHOW_BRAND_WATERMARK',
    'SHOW_POWERED_BY',
    'MOBILE_APP_PROMO',
    'DISPLAY_WELCOME_PAGE_CONTENT',
  ],
  branding: [
    'backgroundColor',
    'logoImageUrl',
    'logoClickUrl',
    'customTheme.palette.action01',
    'customTheme.palette.action01Hover',
    'customTheme.palette.link01',
    'customTheme.palette.uiBackground',
  ],
};

/** coturn's turnserver.conf options and command-line flags (the same names: `--name` on the command line). */
export const COTURN_OPTIONS: ImageSettings = {
  version: '4.7.0-alpine',
  read:
    'coturn/coturn examples/etc/turnserver.conf and src/apps/relay/mainrelay.c (4.5–4.6 snapshots); PRs #1599 (4.7: --prod, ' +
    '--no-sslv2/3, --secret-ts-exp-time removed, unknown options stop turnserver), #1617 and #1693 (4.7: TLS versions no longer ' +
    'disabled one by one, TLS 1.0/1.1 off unless --tlsv1/--tlsv1_1): none of the options below is among those changed',
  names: [
    'c',
    'listening-port',
    'realm',
    'use-auth-secret',
    'static-auth-secret',
    'fingerprint',
    'min-port',
    'max-port',
    'no-cli',
    'no-tcp-relay',
    'no-multicast-peers',
    'no-tls',
    'no-dtls',
    'log-file',
    'pidfile',
    'denied-peer-ip',
    'external-ip',
  ],
};
