/**
 * ONLYOFFICE Docs: document services (each with the vendor's nginx proxy beside it), converters,
 * RabbitMQ and PostgreSQL as the vendor requires, Valkey shared with Nextcloud, and a shard router
 * that keeps every editor of a document on the same document service (`shardkey`, ONLYOFFICE API
 * "shard-key"). `community`: one instance, as the free licence allows (20 simultaneous
 * connections, no clustering). `enterprise`: the planned replicas with the licence from a Secret.
 */
import type { Environment } from '../../../environments/environment.js';
import { appHosts } from '../../../environments/environment.js';
import type { SizingPlan } from '../../../sizing/sizing-plan.js';
import { container, envSecret, envValue, execProbe, httpProbe, tcpProbe, type EnvVar } from '../../container.js';
import { ingress } from '../../platform/edge.js';
import { hashRouter } from '../../platform/hash-router.js';
import { imageRef, type ImageName } from '../../images.js';
import type { KubeObject } from '../../kube-object.js';
import { selectorLabels } from '../../labels.js';
import { NAMESPACES } from '../../platform/namespaces.js';
import { allowEgressTo, allowFromEdge, allowIngressFrom, baselinePolicies, fromNamespace } from '../../platform/network-policies.js';
import { onlyofficeStorage, onlyofficeStorageEnv, onlyofficeStorageMounts, onlyofficeStorageVolume } from './onlyoffice-storage.js';
import { ONLYOFFICE_JWT_SECRET, ONLYOFFICE_PROXY_PORT } from './onlyoffice-wiring.js';
import { postgresCluster, postgresCredentials, postgresHost, postgresSecrets, type PostgresCluster } from '../../data/postgresql-cluster.js';
import { postgresSchemaJob } from '../../data/postgresql-schema-job.js';
import { rabbitmq, rabbitmqHost, rabbitmqSecret, rabbitmqSecrets } from './rabbitmq.js';
import { component, helperResources, resourceRequirements } from '../../resources.js';
import { fromConfig, random, type SecretSpec } from '../../secret-catalogue.js';
import { VALKEY_SECRET, valkeyService } from '../../data/valkey.js';
import { deployment, labelsFor, statefulSet, type Volume } from '../../workload.js';

const NS = NAMESPACES.onlyoffice;
const DS_USER = 101;
/**
 * The document service creates no tables. Its schema is in the documentserver package, which the
 * Docs images copy only in part: of the release's images, only the all-in-one documentserver image
 * holds it (ONLYOFFICE/Docker-DocumentServer v9.0.4.9 Dockerfile L119-131; its
 * run-document-server.sh L24/L499 loads it from here). Both editions share the schema.
 */
export const ONLYOFFICE_SCHEMA_SQL = '/var/www/onlyoffice/documentserver/server/schema/postgresql/createdb.sql';
/** Any unprivileged user: the package installs the file world-readable. */
const NOBODY = 65534;
/**
 * The shard key: `shardkey` from the editors (ONLYOFFICE/server v9.0.4.9 Common/sources/constants.js
 * SHARD_KEY_API_NAME), `shardKey` on the Nextcloud connector's conversion requests (onlyoffice-nextcloud
 * v9.8.0+ lib/DocumentService.php); the vendor's balancer reads either (nginx `$arg_shardkey` is
 * case-insensitive, Docker-Docs v9.0.4-1 config/balancer/lua/docs_balancer.lua L11).
 */
export const ONLYOFFICE_SHARD_KEY_PARAMETERS = ['shardkey', 'shardKey'] as const;
export const ONLYOFFICE_LICENCE_SECRET = 'onlyoffice-licence';
/** Signs the links to cached documents: the proxy checks what the document service signs. */
export const ONLYOFFICE_SECURE_LINK_SECRET = 'onlyoffice-secure-link';

const db = (env: Environment, plan: SizingPlan): PostgresCluster => ({
  env,
  namespace: NS,
  app: 'onlyoffice',
  plan: component(plan, 'onlyoffice-postgresql'),
  database: 'onlyoffice',
  owner: 'onlyoffice',
});

export function onlyofficeSecrets(env: Environment, plan: SizingPlan): SecretSpec[] {
  return [
    ...postgresSecrets(db(env, plan)),
    rabbitmqSecrets(component(plan, 'onlyoffice-rabbitmq'), NS),
    {
      name: ONLYOFFICE_SECURE_LINK_SECRET,
      namespaces: [NS],
      values: { secret: random(32) },
      purpose: 'ONLYOFFICE Docs secure-link secret for cached documents (the images default to a public "verysecretstring")',
    },
    ...(env.apps.onlyoffice.edition === 'enterprise'
      ? [{ name: ONLYOFFICE_LICENCE_SECRET, namespaces: [NS], values: { 'license.lic': fromConfig('onlyofficeLicence') }, purpose: 'ONLYOFFICE Docs Enterprise licence file' }]
      : []),
  ];
}

function edition(env: Environment, community: ImageName, enterprise: ImageName): string {
  return imageRef(env, env.apps.onlyoffice.edition === 'enterprise' ? enterprise : community);
}

const secureLinkSecret = envSecret('SECURE_LINK_SECRET', ONLYOFFICE_SECURE_LINK_SECRET, 'secret');

/**
 * The document service's and converter's environment: Docker-Docs' docker-entrypoint.sh turns each
 * variable into the server's NODE_CONFIG (test/charts/app-config-keys.ts lists the ones it reads).
 */
function docsEnv(env: Environment, plan: SizingPlan): EnvVar[] {
  const database = db(env, plan);
  const mq = component(plan, 'onlyoffice-rabbitmq');
  return [
    envValue('DB_TYPE', 'postgres'),
    envValue('DB_HOST', postgresHost(database)),
    envValue('DB_PORT', 5432),
    envValue('DB_NAME', 'onlyoffice'),
    envSecret('DB_USER', postgresCredentials(database), 'username'),
    envSecret('DB_PWD', postgresCredentials(database), 'password'),
    envValue('AMQP_TYPE', 'rabbitmq'),
    envSecret('AMQP_USER', rabbitmqSecret(mq), 'username'),
    envSecret('AMQP_PWD', rabbitmqSecret(mq), 'password'),
    envValue('AMQP_HOST', rabbitmqHost(mq, NS)),
    envValue('AMQP_PORT', 5672),
    envValue('REDIS_SERVER_HOST', `${valkeyService}.${NAMESPACES.nextcloud}.svc.cluster.local`),
    envValue('REDIS_SERVER_PORT', 6379),
    envSecret('REDIS_SERVER_PWD', VALKEY_SECRET, 'password'),
    // Its own database in the Valkey it shares with Nextcloud (which uses database 0).
    envValue('REDIS_SERVER_DB_NUM', 1),
    // Every request between Nextcloud and the document server is signed (same Secret as Nextcloud's).
    envValue('JWT_ENABLED', 'true'),
    envSecret('JWT_SECRET', ONLYOFFICE_JWT_SECRET, 'secret'),
    envValue('JWT_HEADER', 'Authorization'),
    envValue('JWT_IN_BODY', 'true'),
    secureLinkSecret,
    // Documents are fetched from and saved to Nextcloud's cluster-internal address, which the
    // server's request filter refuses by default (private addresses); the namespace's egress
    // policy still limits these requests to Nextcloud.
    envValue('ALLOW_PRIVATE_IP_ADDRESS', 'true'),
    // The document cache is in S3 (onlyoffice-storage.ts): the credential for its settings file.
    ...onlyofficeStorageEnv,
  ];
}

/**
 * The converter's executable: the image's entrypoint execs it (Docker-Docs v9.0.4-1 Dockerfile
 * L228, docker-entrypoint.sh `exec "$@"`), so a process whose name (/proc/<pid>/comm, the
 * executable's file name) is exactly `converter` runs while the converter does. The probe's own
 * shell and grep are named `sh` and `grep`; a command line would match the probe itself.
 */
export const ONLYOFFICE_CONVERTER_BIN = '/var/www/onlyoffice/documentserver/server/FileConverter/converter';
export const converterRunning = ['sh', '-c', `grep -qsx ${ONLYOFFICE_CONVERTER_BIN.slice(ONLYOFFICE_CONVERTER_BIN.lastIndexOf('/') + 1)} /proc/[0-9]*/comm`];
const WRITABLE = 'the document server generates fonts, themes and its runtime configuration under /var/www/onlyoffice and /etc/onlyoffice at start';

export function onlyoffice(env: Environment, plan: SizingPlan): KubeObject[] {
  const enterprise = env.apps.onlyoffice.edition === 'enterprise';
  const docPlan = component(plan, 'onlyoffice-docservice');
  const convPlan = component(plan, 'onlyoffice-converter');
  const docImage = edition(env, 'onlyofficeDocservice', 'onlyofficeDocserviceEnterprise');
  const proxyImage = edition(env, 'onlyofficeProxy', 'onlyofficeProxyEnterprise');
  const convImage = edition(env, 'onlyofficeConverter', 'onlyofficeConverterEnterprise');
  const licence = enterprise ? { name: 'licence', mountPath: '/var/www/onlyoffice/Data/license.lic', subPath: 'license.lic', readOnly: true } : undefined;
  const volumes: Volume[] = [
    // Per-pod scratch (the image's VOLUME): the shared document cache itself is in S3.
    { name: 'cache', emptyDir: { sizeLimit: '8Gi' } },
    onlyofficeStorageVolume,
    ...(enterprise ? [{ name: 'licence', secret: { secretName: ONLYOFFICE_LICENCE_SECRET } }] : []),
  ];
  const editionNote = {
    'socle.io/edition': enterprise
      ? `enterprise: ${docPlan.replicas} document services, licence from Secret ${ONLYOFFICE_LICENCE_SECRET}`
      : 'community: one instance, 20 simultaneous connections at most, no clustering (ONLYOFFICE licence)',
  };
  const base = { env, namespace: NS, app: 'onlyoffice' };
  const docBase = { ...base, component: 'onlyoffice-docservice', versionImage: docImage };

  // A StatefulSet gives each document service a stable name for the shard router's fixed backend list.
  const docservice = statefulSet({
    ...docBase,
    plan: docPlan,
    user: { uid: DS_USER, gid: DS_USER },
    podAnnotations: editionNote,
    ports: [{ name: 'http', port: ONLYOFFICE_PROXY_PORT }],
    volumes,
    containers: [
      container({
        name: 'proxy',
        image: proxyImage,
        resources: helperResources(docPlan, 'proxy'),
        // The vendor's nginx forwards editor traffic to the document service beside it.
        env: [envValue('DOCSERVICE_HOST_PORT', 'localhost:8000'), secureLinkSecret],
        ports: [{ name: 'http', containerPort: ONLYOFFICE_PROXY_PORT }],
        volumeMounts: [{ name: 'cache', mountPath: '/var/lib/onlyoffice' }],
        probes: { liveness: tcpProbe('http', 30), readiness: httpProbe('/healthcheck', 'http', 30) },
        writableRootFilesystemBecause: WRITABLE,
      }),
      container({
        name: 'docservice',
        image: docImage,
        resources: resourceRequirements(docPlan),
        env: docsEnv(env, plan),
        ports: [{ name: 'docservice', containerPort: 8000 }],
        volumeMounts: [{ name: 'cache', mountPath: '/var/lib/onlyoffice' }, ...onlyofficeStorageMounts, ...(licence ? [licence] : [])],
        probes: { liveness: tcpProbe('docservice', 60), readiness: httpProbe('/index.html', 'docservice', 30) },
        writableRootFilesystemBecause: WRITABLE,
      }),
    ],
  });

  const converter = deployment({
    ...base,
    component: 'onlyoffice-converter',
    versionImage: convImage,
    plan: convPlan,
    user: { uid: DS_USER, gid: DS_USER },
    podAnnotations: editionNote,
    volumes,
    containers: [
      container({
        name: 'converter',
        image: convImage,
        resources: resourceRequirements(convPlan),
        env: docsEnv(env, plan),
        volumeMounts: [{ name: 'cache', mountPath: '/var/lib/onlyoffice' }, ...onlyofficeStorageMounts, ...(licence ? [licence] : [])],
        // The converter serves no port: healthy while its FileConverter process runs (shell only, no procps needed).
        probes: { liveness: execProbe(converterRunning, 30), readiness: execProbe(converterRunning, 10) },
        writableRootFilesystemBecause: WRITABLE,
      }),
    ],
  });

  const backends = Array.from({ length: docPlan.replicas }, (_, i) => `onlyoffice-docservice-${i}.onlyoffice-docservice-headless.${NS}.svc.cluster.local:${ONLYOFFICE_PROXY_PORT}`);
  return [
    ...docservice,
    ...converter,
    ...onlyofficeStorage(env, labelsFor(docBase)),
    ...hashRouter({ env, namespace: NS, app: 'onlyoffice', name: 'onlyoffice', plan: component(plan, 'onlyoffice-router'), parameters: ONLYOFFICE_SHARD_KEY_PARAMETERS, backends, port: ONLYOFFICE_PROXY_PORT, healthPath: '/healthcheck' }),
    ...rabbitmq(env, NS, 'onlyoffice', component(plan, 'onlyoffice-rabbitmq')),
    ...postgresCluster(db(env, plan)),
    postgresSchemaJob(db(env, plan), { image: imageRef(env, 'onlyofficeDocumentServer'), uid: NOBODY, path: ONLYOFFICE_SCHEMA_SQL }),
    ingress(NS, 'onlyoffice', appHosts(env).onlyoffice, [{ path: '/', service: 'onlyoffice', port: ONLYOFFICE_PROXY_PORT }], selectorLabels({ app: 'onlyoffice', component: 'onlyoffice' })),
    ...baselinePolicies(NS),
    allowFromEdge(NS, selectorLabels({ app: 'onlyoffice', component: 'onlyoffice' }), [{ port: ONLYOFFICE_PROXY_PORT }]),
    allowIngressFrom(NS, 'allow-from-nextcloud', selectorLabels({ app: 'onlyoffice', component: 'onlyoffice' }), [fromNamespace(NAMESPACES.nextcloud)], [{ port: ONLYOFFICE_PROXY_PORT }]),
    allowEgressTo(NS, 'allow-to-nextcloud', { 'app.kubernetes.io/name': 'onlyoffice' }, [fromNamespace(NAMESPACES.nextcloud)], [{ port: 8080 }, { port: 6379 }]),
  ];
}
