/**
 * Wekan ("PLANIFIONS"): the planned replicas (≥ 2) tailing the oplog of their own MongoDB replica
 * set (required as soon as there is more than one instance: Wekan docs, "MongoDB Oplog
 * Configuration"), and OpenID Connect login when the environment names an identity provider.
 */
import type { Environment } from '../../environments/environment.js';
import { appHosts } from '../../environments/environment.js';
import type { SizingPlan } from '../../sizing/sizing-plan.js';
import { container, envSecret, envValue, httpProbe, type EnvVar } from '../container.js';
import { ingress } from '../platform/edge.js';
import { imageRef } from '../images.js';
import type { KubeObject } from '../kube-object.js';
import { selectorLabels } from '../labels.js';
import { mongoBackup, mongoBackupSecrets } from '../data/mongodb-backup.js';
import { mongoReplicaSet, mongoSecret, mongoSecrets, mongoUrl, type MongoReplicaSet } from '../data/mongodb-replica-set.js';
import { NAMESPACES } from '../platform/namespaces.js';
import { allowEgressTo, allowFromEdge, baselinePolicies, publicInternet } from '../platform/network-policies.js';
import { component, resourceRequirements } from '../resources.js';
import { fromConfig, type SecretSpec } from '../secret-catalogue.js';
import { deployment, service } from '../workload.js';

const NS = NAMESPACES.wekan;
export const WEKAN_OIDC_SECRET = 'wekan-oidc';

const mongo = (env: Environment, plan: SizingPlan): MongoReplicaSet => ({ env, namespace: NS, app: 'wekan', plan: component(plan, 'wekan-mongodb'), database: 'wekan' });

export function wekanSecrets(env: Environment, plan: SizingPlan): SecretSpec[] {
  return [
    mongoSecrets(mongo(env, plan)),
    ...mongoBackupSecrets(mongo(env, plan)),
    ...(env.identity
      ? [{ name: WEKAN_OIDC_SECRET, namespaces: [NS], values: { 'client-secret': fromConfig('wekanOidcClientSecret') }, purpose: 'OIDC client secret of Wekan at the identity provider' }]
      : []),
  ];
}

/** OpenID Connect login (Wekan's OAUTH2_* settings), with the provider's standard endpoints. */
export function wekanOidcEnv(env: Environment): EnvVar[] {
  if (!env.identity) return [];
  const issuer = env.identity.oidc.issuer.replace(/\/+$/, '');
  return [
    envValue('OAUTH2_ENABLED', 'true'),
    envValue('OAUTH2_LOGIN_STYLE', 'redirect'),
    envValue('OAUTH2_CLIENT_ID', env.identity.oidc.clientId),
    envSecret('OAUTH2_SECRET', WEKAN_OIDC_SECRET, 'client-secret'),
    envValue('OAUTH2_SERVER_URL', issuer),
    // Keycloak-style paths under the issuer; other providers: set the three endpoints from their discovery document.
    envValue('OAUTH2_AUTH_ENDPOINT', '/protocol/openid-connect/auth'),
    envValue('OAUTH2_TOKEN_ENDPOINT', '/protocol/openid-connect/token'),
    envValue('OAUTH2_USERINFO_ENDPOINT', '/protocol/openid-connect/userinfo'),
    envValue('OAUTH2_REQUEST_PERMISSIONS', 'openid profile email'),
    envValue('OAUTH2_ID_MAP', 'sub'),
    envValue('OAUTH2_USERNAME_MAP', 'preferred_username'),
    envValue('OAUTH2_FULLNAME_MAP', 'name'),
    envValue('OAUTH2_EMAIL_MAP', 'email'),
  ];
}

export function wekan(env: Environment, plan: SizingPlan): KubeObject[] {
  const image = imageRef(env, 'wekan');
  const hosts = appHosts(env);
  const appPlan = component(plan, 'wekan');
  const m = mongo(env, plan);
  const base = { env, namespace: NS, app: 'wekan', component: 'wekan', versionImage: image };
  return [
    ...deployment({
      ...base,
      plan: appPlan,
      user: { uid: 999, gid: 999 },
      volumes: [{ name: 'uploads', emptyDir: {} }],
      containers: [
        container({
          name: 'wekan',
          image,
          resources: resourceRequirements(appPlan),
          env: [
            // Only expanded into the URLs below by Kubernetes; Wekan itself never reads it.
            envSecret('MONGO_PASSWORD', mongoSecret(m), 'app-password'),
            envValue('MONGO_URL', mongoUrl(m, 'wekan', 'wekan', 'wekan')),
            envValue('MONGO_OPLOG_URL', mongoUrl(m, 'local', 'wekan', 'wekan')),
            envValue('ROOT_URL', `https://${hosts.wekan}`),
            envValue('PORT', 8080),
            // Uploads land here before Wekan moves them to GridFS (models/attachments.js onAfterUpload):
            // a volume the pod's group can write, whichever uid the image gave its own user.
            envValue('WRITABLE_PATH', '/data'),
            envValue('WITH_API', 'true'),
            envValue('BROWSER_POLICY_ENABLED', 'true'),
            ...(env.smtp ? [envValue('MAIL_URL', `smtp://${env.smtp.host}:${env.smtp.port}/`), envValue('MAIL_FROM', env.smtp.from)] : []),
            ...wekanOidcEnv(env),
          ],
          ports: [{ name: 'http', containerPort: 8080 }],
          volumeMounts: [{ name: 'uploads', mountPath: '/data' }],
          probes: { liveness: httpProbe('/', 'http', 60), readiness: httpProbe('/', 'http', 20) },
          writableRootFilesystemBecause: 'the Meteor bundle writes to its application directory at start',
        }),
      ],
    }),
    service(base, [{ name: 'http', port: 8080 }]),
    ...mongoReplicaSet(m),
    ...mongoBackup(m, plan),
    ingress(NS, 'wekan', hosts.wekan, [{ path: '/', service: 'wekan', port: 8080 }], selectorLabels(base)),
    ...baselinePolicies(NS),
    allowFromEdge(NS, selectorLabels(base), [{ port: 8080 }]),
    ...(env.identity ? [allowEgressTo(NS, 'allow-to-identity-provider', selectorLabels(base), [publicInternet], [{ port: 443 }])] : []),
    ...(env.smtp ? [allowEgressTo(NS, 'allow-to-smtp', selectorLabels(base), [publicInternet], [{ port: env.smtp.port }])] : []),
  ];
}
