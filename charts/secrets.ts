/** The full list of Secrets an environment's manifests reference (see secret-catalogue.ts). */
import type { Environment } from '../environments/environment.js';
import type { SizingPlan } from '../sizing/sizing-plan.js';
import { bucketBackupSecrets } from './bucket-backup.js';
import { turnSecret } from './coturn.js';
import { appsToRender } from './apps-to-render.js';
import { jitsiJwtSecret } from './jitsi-wiring.js';
import { appsS3Secret } from './object-storage.js';
import { jitsiInternalSecrets } from './jitsi-xmpp.js';
import { NAMESPACES } from './namespaces.js';
import { nextcloudSecrets } from './nextcloud.js';
import { onlyofficeJwtSecret } from './onlyoffice-wiring.js';
import { onlyofficeSecrets } from './onlyoffice.js';
import { rocketchatSecrets } from './rocketchat.js';
import type { SecretSpec } from './secret-catalogue.js';
import { valkeySecret } from './valkey.js';
import { wekanSecrets } from './wekan.js';

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
