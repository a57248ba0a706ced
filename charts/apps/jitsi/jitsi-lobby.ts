/**
 * The lobby on in every meeting (`apps.jitsi.lobby`): socle's own Prosody modules
 * (`prosody-plugins/*.lua`) switch the lobby on when a conference room is created and let
 * participants with a verified JWT skip it; guests still knock. The docker-jitsi-meet prosody
 * image searches `/prosody-plugins-custom` for modules and loads the names listed in
 * `XMPP_MUC_MODULES` (main conference MUC component) and `XMPP_MODULES` (main VirtualHost).
 */
import { readFileSync } from 'node:fs';
import type { Environment } from '../../../environments/environment.js';
import { envValue, type EnvVar, type VolumeMount } from '../../container.js';
import type { KubeObject } from '../../kube-object.js';
import { NAMESPACES } from '../../platform/namespaces.js';
import { configMap, type Volume } from '../../workload.js';

/** Where the prosody image looks for extra modules (docker-jitsi-meet `plugin_paths`). */
export const PROSODY_CUSTOM_PLUGINS_PATH = '/prosody-plugins-custom';
export const LOBBY_PLUGINS_CONFIGMAP = 'jitsi-prosody-lobby';
const VOLUME = 'lobby-plugins';

/** socle's modules, loaded on the main conference MUC component; each is `prosody-plugins/mod_<name>.lua`. */
export const LOBBY_MUC_MODULES = ['socle_lobby_autostart', 'socle_lobby_bypass_for_token'] as const;

/**
 * jitsi-meet's own module that handles the `create-persistent-lobby-room` event fired by
 * socle_lobby_autostart, and keeps a room while guests wait in its lobby. It ships in the image
 * but docker-jitsi-meet doesn't load it: it goes on the main VirtualHost.
 */
export const LOBBY_VIRTUAL_HOST_MODULES = ['persistent_lobby'] as const;

export const pluginFileName = (module: string) => `mod_${module}.lua`;

/** The module sources, read once when this file loads: the rendered ConfigMap is the files, byte for byte. */
export const LOBBY_PLUGIN_FILES: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(LOBBY_MUC_MODULES.map((m) => [pluginFileName(m), readFileSync(new URL(`./prosody-plugins/${pluginFileName(m)}`, import.meta.url), 'utf8')])),
);

/** The ConfigMap holding the modules (none when the lobby is off). */
export function lobbyPluginsConfigMap(env: Environment, labels: Record<string, string>): KubeObject[] {
  return env.apps.jitsi.lobby ? [configMap(NAMESPACES.jitsi, LOBBY_PLUGINS_CONFIGMAP, labels, { ...LOBBY_PLUGIN_FILES })] : [];
}

/** What a shard's prosody container needs for the automatic lobby: env, volume, mount (all empty when off). */
export function prosodyLobby(env: Environment): { env: EnvVar[]; volumes: Volume[]; volumeMounts: VolumeMount[] } {
  if (!env.apps.jitsi.lobby) return { env: [], volumes: [], volumeMounts: [] };
  return {
    env: [envValue('XMPP_MUC_MODULES', LOBBY_MUC_MODULES.join(',')), envValue('XMPP_MODULES', LOBBY_VIRTUAL_HOST_MODULES.join(','))],
    volumes: [{ name: VOLUME, configMap: { name: LOBBY_PLUGINS_CONFIGMAP } }],
    volumeMounts: [{ name: VOLUME, mountPath: PROSODY_CUSTOM_PLUGINS_PATH, readOnly: true }],
  };
}
