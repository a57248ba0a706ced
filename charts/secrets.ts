/** The full list of Secrets an environment's manifests reference (see secret-catalogue.ts). */
import type { Environment } from '../environments/environment.js';
import type { SizingPlan } from '../sizing/sizing-plan.js';
import { bucketBackupSecrets } from './data/bucket-backup.js';
import { turnSecret } from './apps/jitsi/coturn.js';
import { appsToRender } from './apps/apps-to-render.js';
import { jitsiJwtSecret } from './apps/jitsi/jitsi-wiring.js';
import { appsS3Secret } from './data/object-storage.js';
import { jitsiInternalSecrets } from './apps/jitsi/jitsi-xmpp.js';
import { NAMESPACES } from './platform/namespaces.js';
import { nextcloudSecrets } from './apps/nextcloud/nextcloud.js';
import { onlyofficeJwtSecret } from './apps/onlyoffice/onlyoffice-wiring.js';
import { onlyofficeSecrets } from './apps/onlyoffice/onlyoffice.js';
import { rocketchatSecrets } from './apps/rocketchat/rocketchat.js';
import type { SecretSpec } from './secret-catalogue.js';
import { valkeySecret } from './data/valkey.js';
import { wekanSecrets } from './apps/wekan.js';

export function secretCatalogue(env: Environment, plan: SizingPlan): SecretSpec[] {
  const apps = appsToRender(env);
  const specs: SecretSpec[] = [];
  if (apps.nextcloud) {
    specs.push(...nextcloudSecrets(env, plan), valkeySecret(apps.onlyoffice ? [NAMESPACES.nextcloud, NAMESPACES.onlyoffice] : [NAMESPACES.nextcloud]));
    specs.push(onlyofficeJwtSecret());
  }
  const s3Readers = [...(apps.nextcloud ? [NAMESPACES.nextcloud] : []), ...(apps.rocketchat ? [NAMESPACES.rocketchat] : [])];
  // ONLYOFFICE's cache bucket is a cache: its namespace gets the apps' credential, not the backup one.
  const s3Users = [...s3Readers, ...(apps.onlyoffice ? [NAMESPACES.onlyoffice] : [])];
  if (s3Users.length > 0) specs.push(appsS3Secret(s3Users), ...bucketBackupSecrets(env, s3Readers));
  if (apps.onlyoffice) specs.push(...onlyofficeSecrets(env, plan));
  if (apps.rocketchat) specs.push(...rocketchatSecrets(env, plan));
  if (apps.wekan) specs.push(...wekanSecrets(env, plan));
  if (apps.jitsi) specs.push(...jitsiInternalSecrets(), turnSecret());
  if (apps.jitsi || apps.rocketchat) specs.push(jitsiJwtSecret(env));
  return specs.sort((a, b) => a.name.localeCompare(b.name));
}
