/**
 * The Nextcloud apps socle installs, each at one exact version with the SHA-256 of its release
 * archive: the ONLYOFFICE connector and Client Push (notify_push). The official image holds neither;
 * every Nextcloud pod unpacks the same archives (charts/apps/nextcloud/nextcloud-prepare.php refuses any other
 * bytes), so that the code in a pod always has the version the install Job registered in the
 * database and `OC_App::shouldUpgrade` never turns a new pod into "update required".
 *
 * Where from: `<artifacts.url>/nextcloud-apps/<file>` when the environment has an artifact store
 * (copied there like the RKE2 files), else the release address each app registers in the Nextcloud
 * app store (GitHub releases). Never the app store's "current" version.
 *
 * Moving a version: change it here with its archive's sha256 (`sha256sum <file>`), check
 * `<dependencies><nextcloud min-version max-version>` in the archive's appinfo/info.xml against the
 * Nextcloud image of charts/images.ts, and notify_push against the notify_push image (the app and
 * the push daemon are released together and check each other's version).
 */
import type { Environment } from '../../../environments/environment.js';
import { IMAGES } from '../../images.js';

export interface NextcloudApp {
  /** App id: the archive's top folder and `<id>` of its appinfo/info.xml. */
  id: string;
  /** `<version>` of its appinfo/info.xml. */
  version: string;
  /** Name of the release archive, also its name in the artifact store. */
  file: string;
  /** The release archive as the app store lists it. */
  upstream: string;
  sha256: string;
  /** Where version, compatibility and checksum were read. */
  source: string;
}

export const NEXTCLOUD_APPS: readonly NextcloudApp[] = [
  {
    id: 'onlyoffice',
    version: '9.7.0',
    file: 'onlyoffice-9.7.0.tar.gz',
    upstream: 'https://github.com/ONLYOFFICE/onlyoffice-nextcloud/releases/download/v9.7.0/onlyoffice.tar.gz',
    // nixpkgs pkgs/servers/nextcloud/packages/31.json: hash "sha256-Bh0CGw0qdJI+NzJ/dmzoqSZdVYzcFbqSJa70gvZhDGs="
    // (a hash of the archive itself: fetchNextcloudApp uses fetchurl since nixpkgs PR #332226).
    sha256: '061d021b0d2a74923e37327f766ce8a9265d558cdc15ba9225aef482f6610c6b',
    source: 'ONLYOFFICE/onlyoffice-nextcloud v9.7.0 appinfo/info.xml (<nextcloud min-version="29" max-version="31"/>); checksum: nixpkgs nextcloud packages/31.json',
  },
  {
    id: 'notify_push',
    version: '1.1.0',
    file: 'notify_push-v1.1.0.tar.gz',
    upstream: 'https://github.com/nextcloud-releases/notify_push/releases/download/v1.1.0/notify_push-v1.1.0.tar.gz',
    // nixpkgs pkgs/servers/nextcloud/notify_push.nix at version 1.1.0: passthru.app hash
    // "sha256-nxbmzRaW4FYmwTF27P9K7SebKYiL5KOMdyU5unif+NQ=" (fetchurl of the archive).
    sha256: '9f16e6cd1696e05626c13176ecff4aed279b29888be4a38c772539ba789ff8d4',
    source: 'nextcloud/notify_push v1.1.0 appinfo/info.xml (<nextcloud min-version="27" max-version="31"/>), same version as the notify_push image; checksum: nixpkgs notify_push.nix',
  },
];

/** Where the pods download an app's archive. */
export function nextcloudAppUrl(env: Environment, app: NextcloudApp): string {
  return env.artifacts ? `${env.artifacts.url.replace(/\/+$/, '')}/nextcloud-apps/${app.file}` : app.upstream;
}

/**
 * What one install Job run brings the database to, and what every serving pod waits for: the
 * Nextcloud image and the exact app versions. The Job records it in `oc_appconfig` (app id `socle`,
 * key `release`) once `occ upgrade` and the app steps are done.
 */
export function nextcloudRelease(): string {
  const tag = IMAGES.nextcloud.slice(IMAGES.nextcloud.lastIndexOf(':') + 1);
  return [`nextcloud:${tag}`, ...NEXTCLOUD_APPS.map((a) => `${a.id}:${a.version}`)].join(' ');
}
