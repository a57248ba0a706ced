/**
 * What `socle synth` writes for the charts step: `manifests/*.yaml` (apply in file-name order, or
 * point a GitOps tool at the folder), and beside them in `deploy/` what a non-Pulumi deployer needs
 * to do the rest by hand: the operator charts to install first, the Secrets to create (names, keys
 * and where each value comes from — never a value), and the design exceptions.
 */
import type { Environment } from '../environments/environment.js';
import type { SizingPlan } from '../sizing/sizing-plan.js';
import { DESIGN_EXCEPTIONS } from './design-exceptions.js';
import { manifestYaml } from './manifest-yaml.js';
import { operatorReleases } from './platform/operators.js';
import { allObjects, renderManifests } from './render.js';
import { secretCatalogue } from './secrets.js';
import { validateObjects } from './strict-validation.js';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Listed problems at most in the message; the rest are counted. */
const SHOWN_PROBLEMS = 20;

export function manifestArtifacts(env: Environment, plan: SizingPlan): Map<string, string> {
  const rendered = renderManifests(env, plan);
  // What the API server's strict field validation would refuse is never written: a rendered
  // object outside its pinned schema is a defect of socle (or of a fork's charts), found here.
  const { problems } = validateObjects(allObjects(rendered));
  if (problems.length > 0) {
    const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => `  ${p.object}${p.path}: ${p.message}`);
    const more = problems.length > SHOWN_PROBLEMS ? [`  … and ${problems.length - SHOWN_PROBLEMS} more`] : [];
    throw new Error(`the rendered Kubernetes objects don't validate against their pinned schemas (nothing written):\n${[...shown, ...more].join('\n')}`);
  }
  const files = new Map<string, string>();
  for (const file of rendered) files.set(`manifests/${file.file}`, manifestYaml(env.name, file));
  files.set('deploy/operators.json', json(operatorReleases(env, plan)));
  files.set(
    'deploy/secrets.json',
    json(
      secretCatalogue(env, plan).map((s) => ({
        name: s.name,
        namespaces: s.namespaces,
        type: s.type ?? 'Opaque',
        purpose: s.purpose,
        // How each key gets its value: generated at deploy, given as secret config, or a fixed name.
        keys: Object.fromEntries(Object.entries(s.values).map(([k, v]) => [k, v.from === 'random' ? `random(${v.length})` : v.from === 'config' ? `config:${v.configKey}` : `literal:${v.value}`])),
        ...(s.manualReaders ? { manualReaders: s.manualReaders } : {}),
      })),
    ),
  );
  files.set('deploy/design-exceptions.json', json(DESIGN_EXCEPTIONS));
  return files;
}
