/**
 * The suite as Kubernetes objects, grouped in the files `socle synth` writes under
 * `out/<name>/manifests/` and that the Pulumi program registers: pure, deterministic (same input,
 * same files, same order), no Secret values (objects reference Secrets by name; secrets.ts lists them).
 */
import type { Environment } from '../environments/environment.js';
import type { SizingPlan } from '../sizing/sizing-plan.js';
import { appsToRender } from './apps/apps-to-render.js';
import { edgeObjects } from './platform/edge.js';
import { jitsi } from './apps/jitsi/jitsi.js';
import { objectKey, type KubeObject } from './kube-object.js';
import { namespace, NAMESPACES, OPERATOR_NAMESPACES } from './platform/namespaces.js';
import { platformPolicies } from './platform/network-policies.js';
import { barmanCloudPluginPolicies } from './platform/barman-cloud-plugin.js';
import { backupPriorityClass } from './platform/priority-classes.js';
import { nextcloud } from './apps/nextcloud/nextcloud.js';
import { onlyoffice } from './apps/onlyoffice/onlyoffice.js';
import { rocketchat } from './apps/rocketchat/rocketchat.js';
import { storageClasses } from './data/storage-classes.js';
import { wekan } from './apps/wekan.js';

export interface ManifestFile {
  /** File name under `manifests/`; the numeric prefix is the apply order. */
  file: string;
  objects: KubeObject[];
}

export function renderManifests(env: Environment, plan: SizingPlan): ManifestFile[] {
  const apps = appsToRender(env);
  const namespaces = [
    // The operators' namespaces (operators.ts installs their charts into them).
    ...Object.values(OPERATOR_NAMESPACES).map((name) => namespace(name, 'restricted')),
    namespace(NAMESPACES.edge, 'restricted'),
    ...(apps.nextcloud ? [namespace(NAMESPACES.nextcloud, 'restricted')] : []),
    ...(apps.onlyoffice ? [namespace(NAMESPACES.onlyoffice, 'restricted')] : []),
    ...(apps.rocketchat ? [namespace(NAMESPACES.rocketchat, 'restricted')] : []),
    ...(apps.wekan ? [namespace(NAMESPACES.wekan, 'restricted')] : []),
    // Root s6 init (web, prosody, jicofo); host-networked videobridges and TURN: design-exceptions.ts.
    ...(apps.jitsi ? [namespace(NAMESPACES.jitsi, 'baseline'), namespace(NAMESPACES.jitsiMedia, 'privileged')] : []),
  ];
  const files: ManifestFile[] = [
    { file: '00-namespaces.yaml', objects: namespaces },
    // The operators' namespaces' NetworkPolicies land after their Helm releases (pulumi-program.ts
    // installs the releases right after 00-namespaces.yaml).
    { file: '10-platform.yaml', objects: [...storageClasses(env), ...(env.backups ? [backupPriorityClass()] : []), ...edgeObjects(env), ...platformPolicies(env.tls.acmeServer, env.cluster.mode), ...(env.backups ? barmanCloudPluginPolicies() : [])] },
    ...(apps.nextcloud ? [{ file: '20-nextcloud.yaml', objects: nextcloud(env, plan) }] : []),
    ...(apps.onlyoffice ? [{ file: '30-onlyoffice.yaml', objects: onlyoffice(env, plan) }] : []),
    ...(apps.rocketchat ? [{ file: '40-rocketchat.yaml', objects: rocketchat(env, plan) }] : []),
    ...(apps.wekan ? [{ file: '50-wekan.yaml', objects: wekan(env, plan) }] : []),
    ...(apps.jitsi ? [{ file: '60-jitsi.yaml', objects: jitsi(env, plan) }] : []),
  ];
  assertUniqueKeys(files);
  return files;
}

function assertUniqueKeys(files: ManifestFile[]): void {
  const seen = new Map<string, string>();
  for (const f of files) {
    for (const o of f.objects) {
      const key = objectKey(o);
      const previous = seen.get(key);
      if (previous) throw new Error(`${key} is rendered twice (${previous} and ${f.file})`);
      seen.set(key, f.file);
    }
  }
}

/** Every object of a rendering, in file order. */
export function allObjects(files: ManifestFile[]): KubeObject[] {
  return files.flatMap((f) => f.objects);
}
