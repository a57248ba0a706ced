/**
 * Which applications an environment runs. ONLYOFFICE is Nextcloud's editor (documents live in
 * Nextcloud and it shares Nextcloud's Valkey): it runs only with Nextcloud.
 */
import type { Environment } from '../../environments/environment.js';

export interface AppsToRender {
  nextcloud: boolean;
  onlyoffice: boolean;
  rocketchat: boolean;
  wekan: boolean;
  jitsi: boolean;
}

export function appsToRender(env: Environment): AppsToRender {
  const a = env.apps;
  return {
    nextcloud: a.nextcloud.enabled,
    onlyoffice: a.onlyoffice.enabled && a.nextcloud.enabled,
    rocketchat: a.rocketchat.enabled,
    wekan: a.wekan.enabled,
    jitsi: a.jitsi.enabled,
  };
}
