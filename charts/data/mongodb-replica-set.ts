/**
 * A MongoDB replica set as a correctly initialised StatefulSet (no operator): members with
 * authentication and a shared key file, and a Job that initiates the set once (idempotent: it does
 * nothing when the set already exists). Rocket.Chat and Wekan each get their own.
 */
import type { Environment } from '../../environments/environment.js';
import type { ComponentPlan } from '../../sizing/sizing-plan.js';
import { container, envSecret, envValue, execProbe, tcpProbe } from '../container.js';
import { imageRef } from '../images.js';
import type { KubeObject } from '../kube-object.js';
import { poolPlacement } from '../platform/node-pools.js';
import { helperResources, resourceRequirements, jobResources } from '../resources.js';
import { literal, random, type SecretSpec } from '../secret-catalogue.js';
import { configMap, labelsFor, statefulSet } from '../workload.js';

export interface MongoReplicaSet {
  env: Environment;
  namespace: string;
  app: string;
  plan: ComponentPlan;
  /** The application's database and user. */
  database: string;
}

const MONGO_UID = 999;
export const mongoSecret = (m: Pick<MongoReplicaSet, 'plan'>) => `${m.plan.name}-auth`;

function memberHosts(m: MongoReplicaSet): string[] {
  return Array.from({ length: m.plan.replicas }, (_, i) => `${m.plan.name}-${i}.${m.plan.name}-headless.${m.namespace}.svc.cluster.local:27017`);
}

/** `mongodb://` URL of a database on the set; the password comes from `$(MONGO_PASSWORD)` (Kubernetes expands it). */
export function mongoUrl(m: MongoReplicaSet, database: string, user: string, authSource: string): string {
  return `mongodb://${user}:$(MONGO_PASSWORD)@${memberHosts(m).join(',')}/${database}?replicaSet=rs0&authSource=${authSource}`;
}

export function mongoSecrets(m: MongoReplicaSet): SecretSpec {
  return {
    name: mongoSecret(m),
    namespaces: [m.namespace],
    values: {
      'root-username': literal('root'),
      'root-password': random(32),
      'app-username': literal(m.database),
      'app-password': random(32),
      // The replica set key file: 6–1024 base64 characters (MongoDB docs, "Keyfiles").
      keyfile: random(756),
    },
    purpose: `${m.plan.name}: root and application users, replica set key file`,
  };
}

function initScript(m: MongoReplicaSet): string {
  const members = memberHosts(m)
    .map((host, i) => `{ _id: ${i}, host: '${host}' }`)
    .join(', ');
  return `// Runs once per deploy; initiating an initiated set is skipped, creating an existing user too.
// The root credentials come from the environment, never from mongosh's command line.
const credentials = encodeURIComponent(process.env.ROOT_USERNAME) + ':' + encodeURIComponent(process.env.ROOT_PASSWORD);
db = connect('mongodb://' + credentials + '@${memberHosts(m)[0]}/admin?directConnection=true');
try { rs.status(); print('replica set already initiated'); }
catch (e) { rs.initiate({ _id: 'rs0', members: [${members}] }); }
const primaryMember = () => { try { return rs.status().members.find((member) => member.stateStr === 'PRIMARY'); } catch (e) { return undefined; } };
let primary;
while (!(primary = primaryMember())) { sleep(1000); }
// Users are written on the primary, whichever member it is now.
const admin = connect('mongodb://' + credentials + '@' + primary.name + '/admin?directConnection=true');
const app = admin.getSiblingDB('${m.database}');
if (!app.getUser(process.env.APP_USERNAME)) {
  app.createUser({ user: process.env.APP_USERNAME, pwd: process.env.APP_PASSWORD, roles: [{ role: 'dbOwner', db: '${m.database}' }] });
}
// Meteor apps tail the oplog (MONGO_OPLOG_URL): read on 'local', granted where the user lives.
app.grantRolesToUser(process.env.APP_USERNAME, [{ role: 'read', db: 'local' }]);
`;
}

export function mongoReplicaSet(m: MongoReplicaSet): KubeObject[] {
  const image = imageRef(m.env, 'mongodb');
  const base = { env: m.env, namespace: m.namespace, app: m.app, component: m.plan.name, versionImage: image };
  const secret = mongoSecret(m);
  // The image's entrypoint creates the root user on first start from these variables through mongosh's
  // stdin (a heredoc), never its argv (docker-library/mongo 8.0/docker-entrypoint.sh L371-380).
  const auth = [envSecret('MONGO_INITDB_ROOT_USERNAME', secret, 'root-username'), envSecret('MONGO_INITDB_ROOT_PASSWORD', secret, 'root-password')];
  const scriptsName = `${m.plan.name}-init`;
  const set = statefulSet({
    ...base,
    plan: m.plan,
    user: { uid: MONGO_UID, gid: MONGO_UID },
    hardHostSpread: true,
    dataMountName: 'data',
    ports: [{ name: 'mongodb', port: 27017 }],
    volumes: [{ name: 'keyfile-source', secret: { secretName: secret, defaultMode: 0o400 } }, { name: 'keyfile', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } }, { name: 'tmp', emptyDir: {} }],
    initContainers: [
      // mongod refuses a key file readable by others; a Secret volume can't be owned by uid 999.
      container({
        name: 'keyfile',
        image,
        resources: helperResources(m.plan, 'keyfile'),
        command: ['sh', '-c', 'cp /source/keyfile /keyfile/keyfile && chmod 400 /keyfile/keyfile'],
        volumeMounts: [{ name: 'keyfile-source', mountPath: '/source', readOnly: true }, { name: 'keyfile', mountPath: '/keyfile' }],
      }),
    ],
    containers: [
      container({
        name: 'mongodb',
        image,
        resources: resourceRequirements(m.plan),
        args: ['--replSet', 'rs0', '--bind_ip_all', '--keyFile', '/keyfile/keyfile'],
        env: auth,
        ports: [{ name: 'mongodb', containerPort: 27017 }],
        volumeMounts: [{ name: 'data', mountPath: '/data/db' }, { name: 'keyfile', mountPath: '/keyfile' }, { name: 'tmp', mountPath: '/tmp' }],
        probes: {
          liveness: tcpProbe('mongodb', 30),
          readiness: execProbe(['mongosh', '--quiet', '--eval', 'db.adminCommand({ ping: 1 }).ok']),
        },
        writableRootFilesystemBecause: 'the official entrypoint writes its first-start configuration under /data/configdb and /docker-entrypoint-initdb.d',
      }),
    ],
  });
  const init: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `${m.plan.name}-initiate`, namespace: m.namespace, labels: labelsFor({ ...base, component: `${m.plan.name}-initiate` }) },
    spec: {
      backoffLimit: 30,
      ttlSecondsAfterFinished: 86400,
      template: {
        metadata: { labels: labelsFor({ ...base, component: `${m.plan.name}-initiate` }) },
        spec: {
          restartPolicy: 'OnFailure',
          automountServiceAccountToken: false,
          ...poolPlacement(m.plan.pool),
          securityContext: { runAsNonRoot: true, runAsUser: MONGO_UID, runAsGroup: MONGO_UID, seccompProfile: { type: 'RuntimeDefault' } },
          volumes: [{ name: 'script', configMap: { name: scriptsName } }],
          containers: [
            container({
              name: 'initiate',
              image,
              resources: jobResources(100, 128),
              // No URL with the root password on argv (Kubernetes expands $(VAR) into the process's
              // command line, readable node-wide in /proc/<pid>/cmdline): the script connects itself,
              // `db = connect(…)` (https://www.mongodb.com/docs/mongodb-shell/write-scripts/, "Use connect() to
              // Connect to a MongoDB Instance"); --nodb: mongosh starts without a connection of its own.
              command: ['mongosh', '--quiet', '--nodb', '/script/initiate.js'],
              env: [
                envSecret('ROOT_USERNAME', secret, 'root-username'),
                envSecret('ROOT_PASSWORD', secret, 'root-password'),
                envSecret('APP_USERNAME', secret, 'app-username'),
                envSecret('APP_PASSWORD', secret, 'app-password'),
                envValue('HOME', '/tmp'),
              ],
              volumeMounts: [{ name: 'script', mountPath: '/script' }],
              writableRootFilesystemBecause: 'mongosh writes its history and logs under $HOME',
            }),
          ],
        },
      },
    },
  };
  return [configMap(m.namespace, scriptsName, labelsFor(base), { 'initiate.js': initScript(m) }), ...set, init];
}
