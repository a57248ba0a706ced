/**
 * ONLYOFFICE Docs' document cache in the cluster region's object storage. The converter writes its
 * results to the cache and the document service reads them: with the vendor's default `storage-fs`
 * each pod would see only its own folder, and OpenStack offers no ReadWriteMany volume to share one.
 *
 * The image's entrypoint exports its own NODE_CONFIG (storage.fs and storageFolderName only), so
 * the S3 settings come as node-config files in NODE_CONFIG_DIR (/etc/onlyoffice/documentserver,
 * NODE_ENV production-linux): `local-production-linux.json` for the settings, and
 * `custom-environment-variables.json` naming the variables that carry the credential from its Secret.
 *
 * The same settings file carries the queue settings of onlyoffice-queues.ts.
 *
 * The browser never talks to S3: with `useDirectStorageUrls` off, cache links point at the document
 * server (`/storage-cache/…`, signed with SECURE_LINK_SECRET and carrying the shard key), which
 * streams the object from the bucket. The bucket stays private and users need no route to the
 * S3 endpoint.
 */
import type { Environment } from '../../../environments/environment.js';
import { envSecret, type EnvVar, type VolumeMount } from '../../container.js';
import type { KubeObject } from '../../kube-object.js';
import { selectorLabels } from '../../labels.js';
import { NAMESPACES } from '../../platform/namespaces.js';
import { allowEgressTo, publicInternet, urlPort } from '../../platform/network-policies.js';
import { APPS_S3_SECRET, appBucket, clusterS3 } from '../../data/object-storage.js';
import { ONLYOFFICE_QUEUE_SETTINGS } from './onlyoffice-queues.js';
import { configMap, type Volume } from '../../workload.js';

const NS = NAMESPACES.onlyoffice;
export const ONLYOFFICE_STORAGE_CONFIG = 'onlyoffice-storage';
const CONFIG_DIR = '/etc/onlyoffice/documentserver';
const SETTINGS_FILE = 'local-production-linux.json';
const CREDENTIAL_FILE = 'custom-environment-variables.json';
/** The components that read and write the cache. */
const CACHE_USERS = ['onlyoffice-docservice', 'onlyoffice-converter'] as const;

/** The server's `storage` settings (ONLYOFFICE/server Common/config/default.json). */
export function onlyofficeStorageSettings(env: Environment): Record<string, unknown> {
  const s3 = clusterS3(env);
  const url = new URL(s3.endpoint);
  return {
    storage: {
      name: 'storage-s3',
      region: s3.region,
      endpoint: s3.endpoint,
      bucketName: appBucket(env, 'onlyoffice-cache'),
      sslEnabled: url.protocol === 'https:',
      s3ForcePathStyle: true,
      useDirectStorageUrls: false,
    },
  };
}

/** node-config reads these variables into the keys (its custom-environment-variables mechanism). */
const CREDENTIAL_ENV = { accessKeyId: 'S3_ACCESS_KEY', secretAccessKey: 'S3_SECRET_KEY' } as const;

export const onlyofficeStorageEnv: EnvVar[] = [
  envSecret(CREDENTIAL_ENV.accessKeyId, APPS_S3_SECRET, 'access-key'),
  envSecret(CREDENTIAL_ENV.secretAccessKey, APPS_S3_SECRET, 'secret-key'),
];

export const onlyofficeStorageVolume: Volume = { name: 'storage-config', configMap: { name: ONLYOFFICE_STORAGE_CONFIG } };

export const onlyofficeStorageMounts: VolumeMount[] = [SETTINGS_FILE, CREDENTIAL_FILE].map((file) => ({
  name: onlyofficeStorageVolume.name,
  mountPath: `${CONFIG_DIR}/${file}`,
  subPath: file,
  readOnly: true,
}));

/** The settings files and the only way out of the cluster the cache users get: the S3 endpoint's port. */
export function onlyofficeStorage(env: Environment, labels: Record<string, string>): KubeObject[] {
  const port = urlPort(clusterS3(env).endpoint);
  return [
    configMap(NS, ONLYOFFICE_STORAGE_CONFIG, labels, {
      [SETTINGS_FILE]: `${JSON.stringify({ ...onlyofficeStorageSettings(env), ...ONLYOFFICE_QUEUE_SETTINGS }, null, 2)}\n`,
      [CREDENTIAL_FILE]: `${JSON.stringify({ storage: CREDENTIAL_ENV }, null, 2)}\n`,
    }),
    ...CACHE_USERS.map((component) => allowEgressTo(NS, `allow-${component}-to-object-storage`, selectorLabels({ app: 'onlyoffice', component }), [publicInternet], [{ port }])),
  ];
}
