/**
 * A port of how an RKE2 server reads its etcd snapshot S3 settings, for the tests of
 * scripts/operate/etcd-snapshot-secret.ts. RKE2 v1.36.4+rke2r1 builds on k3s release-1.36
 * (rke2 go.mod: k3s-io/k3s v1.36.4-0.20260817193921-a2fc9574e060); read at k3s-io/k3s 4755269838d8
 * (config_secret.go) and 0d0a789ab918 (s3.go):
 * - pkg/etcd/s3/s3.go `GetClient`: the Secret named by etcd-s3-config-secret is read only when the
 *   server's own EtcdS3 options equal `defaultEtcdS3` (config secret and retention aside); else it is
 *   ignored with a warning.
 * - pkg/etcd/s3/config_secret.go `getConfigFromSecret`: the keys below, from `secret.Data`, in
 *   kube-system; endpoint, region and timeout keep the defaults when absent.
 * - minio-go v7 utils.go `isValidEndpointURL`: minio.New builds `scheme://endpoint` itself, so an
 *   endpoint with a scheme ends up with a path and is refused ("Endpoint url cannot have fully
 *   qualified paths.").
 */

/** Every key getConfigFromSecret reads, with its line in config_secret.go. */
export const K3S_SECRET_KEYS = {
  'etcd-s3-access-key': 'L47',
  'etcd-s3-bucket': 'L48',
  'etcd-s3-bucket-lookup-type': 'L49',
  'etcd-s3-folder': 'L51',
  'etcd-s3-proxy': 'L52',
  'etcd-s3-secret-key': 'L54',
  'etcd-s3-session-token': 'L55',
  'etcd-s3-endpoint': 'L60',
  'etcd-s3-region': 'L65',
  'etcd-s3-timeout': 'L70',
  'etcd-s3-skip-ssl-verify': 'L79',
  'etcd-s3-insecure': 'L88',
  'etcd-s3-endpoint-ca': 'L99',
  'etcd-s3-endpoint-ca-name': 'L104',
} as const;

/** s3.go `defaultEtcdS3`. */
const DEFAULTS = { endpoint: 's3.amazonaws.com', region: 'us-east-1', timeout: '5m0s' };

export interface EtcdS3Config {
  endpoint: string;
  region: string;
  bucket: string;
  folder: string;
  accessKey: string;
  secretKey: string;
  insecure: boolean;
  skipSslVerify: boolean;
  timeout: string;
}

/** Go's strconv.ParseBool; on an error k3s warns and keeps false. */
const parseBool = (v: string | undefined): boolean => (v === undefined ? false : ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v));

/** getConfigFromSecret on a Secret's `data` (base64 values, as the API server stores them). */
export function etcdS3FromSecret(data: Record<string, string>): EtcdS3Config {
  const get = (key: keyof typeof K3S_SECRET_KEYS): string | undefined => (key in data ? Buffer.from(data[key]!, 'base64').toString('utf8') : undefined);
  return {
    endpoint: get('etcd-s3-endpoint') ?? DEFAULTS.endpoint,
    region: get('etcd-s3-region') ?? DEFAULTS.region,
    bucket: get('etcd-s3-bucket') ?? '',
    folder: get('etcd-s3-folder') ?? '',
    accessKey: get('etcd-s3-access-key') ?? '',
    secretKey: get('etcd-s3-secret-key') ?? '',
    insecure: parseBool(get('etcd-s3-insecure')),
    skipSslVerify: parseBool(get('etcd-s3-skip-ssl-verify')),
    timeout: get('etcd-s3-timeout') ?? DEFAULTS.timeout,
  };
}

/** The server options that are not part of the EtcdS3 comparison (`etcd-s3` turns S3 on; config secret and retention are copied into the defaults first). */
const NOT_COMPARED = new Set(['etcd-s3', 'etcd-s3-config-secret', 'etcd-s3-retention']);
const DEFAULT_OPTION: Record<string, unknown> = { 'etcd-s3-endpoint': DEFAULTS.endpoint, 'etcd-s3-region': DEFAULTS.region, 'etcd-s3-timeout': '5m' };

/** GetClient's choice for an RKE2 config.yaml: is the config Secret read? */
export function secretIsRead(rke2Config: Record<string, unknown>): boolean {
  if (rke2Config['etcd-s3'] !== true || typeof rke2Config['etcd-s3-config-secret'] !== 'string') return false;
  return Object.entries(rke2Config)
    .filter(([k]) => k.startsWith('etcd-s3-') && !NOT_COMPARED.has(k))
    .every(([k, v]) => v === DEFAULT_OPTION[k] || v === '' || v === false);
}

/** Why minio.New would refuse the endpoint (it takes host[:port] only), or undefined. */
export function minioEndpointProblem(endpoint: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint)) return 'a scheme in the endpoint: minio-go adds its own, and the rest becomes a path ("Endpoint url cannot have fully qualified paths.")';
  if (endpoint.includes('/')) return 'a path in the endpoint ("Endpoint url cannot have fully qualified paths.")';
  if (endpoint === '') return 'empty endpoint';
  return undefined;
}
