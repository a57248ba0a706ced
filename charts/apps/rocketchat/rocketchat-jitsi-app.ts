/**
 * Rocket.Chat's call button, configured by a Job instead of by hand (`apps.rocketchat.jitsiApp`).
 * Rocket.Chat 7 has no Jitsi settings of its own: its video-conference provider is the Apps-Engine
 * app "Jitsi". The Job runs rocketchat-jitsi-app.mjs with the Rocket.Chat image's node: it checks
 * the package's SHA-256, uploads it when Rocket.Chat lacks that version, applies the settings of
 * ConfigMap rocketchat-jitsi plus the JWT secret, and enables the app, as the first administrator.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Environment } from '../../../environments/environment.js';
import { container, envSecret, envValue } from '../../container.js';
import { imageRef } from '../../images.js';
import { JITSI_JWT_SECRET } from '../jitsi/jitsi-wiring.js';
import type { KubeObject } from '../../kube-object.js';
import { selectorLabels } from '../../labels.js';
import { NAMESPACES } from '../../platform/namespaces.js';
import { allowEgressTo, publicInternet, urlPort } from '../../platform/network-policies.js';
import { poolPlacement } from '../../platform/node-pools.js';
import { jobResources } from '../../resources.js';
import { configMap, labelsFor } from '../../workload.js';

const NS = NAMESPACES.rocketchat;
/** The id in the app's app.json (RocketChat/Apps.Jitsi): the script refuses a package holding another app. */
export const JITSI_APP_ID = '3b387ba9-f57c-44c6-9810-8c0256abd64c';
/** The ConfigMap of the Jitsi app's settings, by setting id (rocketchat.ts renders it). */
export const JITSI_SETTINGS_CONFIGMAP = 'rocketchat-jitsi';
export const JITSI_APP_SCRIPT = readFileSync(new URL('./rocketchat-jitsi-app.mjs', import.meta.url), 'utf8');
/**
 * node holding one app zip (the Jitsi app's releases are well under 5 MB) and hashing it: node's
 * own footprint (~50 MiB) with room to spare; the CPU only matters for the few seconds of the run.
 */
export const JITSI_APP_JOB_RESOURCES = jobResources(200, 256);
/** Rocket.Chat's pods may take 10 minutes to start (the monolith's startup probe): wait 15. */
const WAIT = { attempts: 90, intervalSeconds: 10 };
const ROCKETCHAT_URL = `http://rocketchat.${NS}.svc.cluster.local:3000`;
const RC_UID = 65533;

/**
 * The Job (named after a hash of everything it does, so that any change runs a new one: a Job's
 * pod template can't change), its script and its egress to the package's host; nothing without
 * `apps.rocketchat.jitsiApp`. Rocket.Chat and the Job talk inside the namespace, which the
 * baseline policies (allow-same-namespace) already allow both ways.
 */
export function rocketchatJitsiApp(env: Environment, settings: Record<string, string>): KubeObject[] {
  const source = env.apps.rocketchat.jitsiApp;
  if (!source) return [];
  const image = imageRef(env, 'rocketchat');
  const base = { env, app: 'rocketchat', component: 'rocketchat-jitsi-app', versionImage: image };
  const labels = labelsFor(base);

  const template = {
    metadata: { labels },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      ...poolPlacement('general'),
      securityContext: { runAsNonRoot: true, runAsUser: RC_UID, runAsGroup: RC_UID, seccompProfile: { type: 'RuntimeDefault' } },
      volumes: [
        { name: 'script', configMap: { name: 'rocketchat-jitsi-app' } },
        { name: 'settings', configMap: { name: JITSI_SETTINGS_CONFIGMAP } },
      ],
      containers: [
        container({
          name: 'jitsi-app',
          image,
          resources: JITSI_APP_JOB_RESOURCES,
          command: ['node', '/script/jitsi-app.mjs'],
          env: [
            envValue('ROCKETCHAT_URL', ROCKETCHAT_URL),
            envSecret('ADMIN_USERNAME', 'rocketchat-admin', 'username'),
            envSecret('ADMIN_PASSWORD', 'rocketchat-admin', 'password'),
            envValue('PACKAGE_URL', source.package),
            envValue('PACKAGE_SHA256', source.sha256),
            envValue('APP_ID', JITSI_APP_ID),
            envSecret('JITSI_APP_SECRET', JITSI_JWT_SECRET, 'app-secret'),
            envValue('SETTINGS_DIR', '/settings'),
            envValue('WAIT_ATTEMPTS', WAIT.attempts),
            envValue('WAIT_INTERVAL_SECONDS', WAIT.intervalSeconds),
          ],
          volumeMounts: [
            { name: 'script', mountPath: '/script', readOnly: true },
            { name: 'settings', mountPath: '/settings', readOnly: true },
          ],
        }),
      ],
    },
  };
  const hash = createHash('sha256').update(JSON.stringify([template, settings, JITSI_APP_SCRIPT])).digest('hex').slice(0, 10);

  return [
    configMap(NS, 'rocketchat-jitsi-app', labels, { 'jitsi-app.mjs': JITSI_APP_SCRIPT }),
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: `rocketchat-jitsi-app-${hash}`, namespace: NS, labels },
      // No ttlSecondsAfterFinished: Pulumi would create again, and run again, a Job the TTL deleted.
      spec: {
        // A failed run (Rocket.Chat restarting, its Apps-Engine still loading) is retried twice.
        backoffLimit: 2,
        // The wait for Rocket.Chat (15 min) and three short runs.
        activeDeadlineSeconds: 1800,
        template,
      },
    },
    allowEgressTo(NS, 'allow-jitsi-app-to-package-host', selectorLabels(base), [publicInternet], [{ port: urlPort(source.package) }]),
  ];
}
