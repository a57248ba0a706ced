/** Every Helm value socle sets is one its pinned chart reads (Helm silently ignores the others). */
import { describe, expect, it } from 'vitest';
import { operatorReleases, type OperatorRelease } from '../../../charts/platform/operators.js';
import { size } from '../../../sizing/size.js';
import { CHART_VALUE_PATHS } from './chart-value-paths.js';
import { EXAMPLE_NAMES, loadExample, variant } from '../examples.js';

/** Leaf paths of a values tree; lists are leaves (Helm replaces them whole). */
function leafPaths(node: unknown, prefix: string[] = []): string[][] {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return [prefix];
  return Object.entries(node).flatMap(([key, child]) => leafPaths(child, [...prefix, key]));
}

function matches(pattern: string, path: string[]): boolean {
  const segments = pattern.split('.');
  const subtree = segments[segments.length - 1] === '**';
  const fixed = subtree ? segments.slice(0, -1) : segments;
  if (subtree ? path.length <= fixed.length : path.length !== fixed.length) return false;
  return fixed.every((s, i) => s === '*' || s === path[i]);
}

/** The values (and deploy-time config values) of a release that its pinned chart does not read. */
function unreadValues(release: OperatorRelease): string[] {
  const known = CHART_VALUE_PATHS[release.name];
  if (!known) return [`no checked value paths for chart ${release.name}`];
  const paths = [...leafPaths(release.values), ...(release.configValues ?? []).map((c) => c.path)];
  return paths.filter((path) => !known.paths.some((pattern) => matches(pattern, path))).map((path) => path.join('.'));
}

const ENVIRONMENTS = [
  ...EXAMPLE_NAMES.map((name) => ({ name, env: loadExample(name) })),
  { name: 'pilot without a mirror', env: variant(loadExample('pilot'), (e) => (e.images = {})) },
  { name: 'existing cluster', env: variant(loadExample('pilot'), (e) => (e.cluster = { ...e.cluster, mode: 'existing', kubeconfig: './kubeconfig' })) },
];

describe('operator chart values', () => {
  it('are all read by the pinned chart version, in every cluster mode', () => {
    const modes = new Set<string>();
    for (const { name, env } of ENVIRONMENTS) {
      modes.add(env.cluster.mode);
      for (const release of operatorReleases(env, size(env), { ingressLoadBalancerId: 'lb-123' })) {
        expect({ example: name, chart: release.name, unread: unreadValues(release) }).toEqual({ example: name, chart: release.name, unread: [] });
      }
    }
    expect([...modes].sort()).toEqual(['existing', 'instances', 'magnum']);
  });

  it('were checked for the exact chart versions socle pins', () => {
    const env = loadExample('pilot');
    const pinned = Object.fromEntries(operatorReleases(env, size(env)).map((r) => [r.name, r.version]));
    expect(pinned).toEqual(Object.fromEntries(Object.entries(CHART_VALUE_PATHS).map(([name, c]) => [name, c.version])));
  });

  it('catch a misspelt or moved key', () => {
    const env = loadExample('pilot');
    const [occm] = operatorReleases(env, size(env));
    const traefik = operatorReleases(env, size(env)).find((r) => r.name === 'traefik')!;
    const wrong: OperatorRelease[] = [
      // Read by no template since chart 36: the update check would stay on.
      { ...traefik, values: { ...traefik.values, globalArguments: ['--global.checknewversion=false'] } },
      { ...traefik, values: { ports: { web: { redirectTo: { port: 'websecure' }, proxyProtocol: { trustedIps: ['10.0.0.0/8'] } } } } },
      { ...occm!, values: { cloudConfig: { global: { authUrl: 'https://keystone.example/v3' } } }, configValues: [{ path: ['cloudConfig', 'Global', 'auth-url'], configKey: 'x', secret: false }] },
    ];
    expect(wrong.map(unreadValues)).toEqual([
      ['globalArguments'],
      ['ports.web.redirectTo.port', 'ports.web.proxyProtocol.trustedIps'],
      ['cloudConfig.global.authUrl', 'cloudConfig.Global.auth-url'],
    ]);
  });
});
