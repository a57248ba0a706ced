/**
 * K13: the read timeout Traefik really applies on the HTTPS entry point, from the flags the chart
 * renders out of socle's values, against the longest upload Nextcloud accepts.
 */
import { describe, expect, it } from 'vitest';
import { operatorReleases } from '../../../charts/platform/operators.js';
import { size } from '../../../sizing/size.js';
import { EXAMPLE_NAMES, envOf, find, loadExample, render } from '../examples.js';

type Json = Record<string, any>;

/**
 * traefik-helm-chart v37.1.1 templates/_podtemplate.tpl L729-740: a `--entryPoints.<name>.transport.
 * respondingTimeouts.readTimeout=<value>` argument for each port whose value is set and not empty.
 */
function readTimeoutArgs(values: Json): Map<string, string> {
  const args = new Map<string, string>();
  for (const [name, config] of Object.entries((values.ports ?? {}) as Json)) {
    const value = config?.transport?.respondingTimeouts?.readTimeout;
    if (value !== undefined && value !== null && String(value) !== '') args.set(name, String(value));
  }
  return args;
}

/**
 * traefik v3.5.2 docs/content/reference/install-configuration/entrypoints.md L112 (github.com/traefik/
 * paerser types.Duration): raw digits are seconds, anything else Go's time.ParseDuration; without
 * the flag, pkg/config/static/static_config.go L48/L178 sets 60 s.
 */
function effectiveReadTimeoutSeconds(arg: string | undefined): number {
  if (arg === undefined) return 60;
  if (/^\d+$/.test(arg)) return Number(arg);
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3 };
  const parts = [...arg.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)];
  if (parts.map((p) => p[0]).join('') !== arg) throw new Error(`not a Go duration: ${arg}`);
  return parts.reduce((total, [, n, unit]) => total + Number(n) * units[unit!]!, 0);
}

/** PHP's shorthand byte sizes (`10G`), as PHP_UPLOAD_LIMIT is given. */
const phpBytes = (v: string) => Number(v.slice(0, -1)) * { K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[v.slice(-1) as 'K' | 'M' | 'G'];

/** The client upstream bandwidth socle plans for a single-PUT upload (a modest office link). */
const CLIENT_UPLOAD_BITS_PER_SECOND = 8e6;

const traefikValues = (env: ReturnType<typeof loadExample>) => operatorReleases(env, size(env)).find((r) => r.name === 'traefik')!.values as Json;

describe.each(EXAMPLE_NAMES)('the HTTPS entry point on %s', (name) => {
  it('reads for long enough to receive the largest upload Nextcloud accepts', () => {
    const env = loadExample(name);
    const limit = envOf(find(render(env).objects, 'Deployment', 'nextcloud-app'), 'php-fpm').get('PHP_UPLOAD_LIMIT');
    const uploadSeconds = (phpBytes(limit) * 8) / CLIENT_UPLOAD_BITS_PER_SECOND;
    const readTimeout = effectiveReadTimeoutSeconds(readTimeoutArgs(traefikValues(env)).get('websecure'));
    expect(readTimeout).toBeGreaterThanOrEqual(uploadSeconds);
  });
});

describe('the read timeout port', () => {
  it('gives Traefik’s 60 s default without the flag, as socle rendered before K13 (a 10 GiB upload is cut after 1 minute)', () => {
    const values = structuredClone(traefikValues(loadExample('pilot')));
    delete values.ports.websecure.transport;
    expect(effectiveReadTimeoutSeconds(readTimeoutArgs(values).get('websecure'))).toBe(60);
    expect((phpBytes('10G') * 8) / CLIENT_UPLOAD_BITS_PER_SECOND).toBeGreaterThan(60);
  });

  it('parses the values as Traefik does', () => {
    expect(['3h', '90', '1h30m', '45s'].map(effectiveReadTimeoutSeconds)).toEqual([10800, 90, 5400, 45]);
    expect(() => effectiveReadTimeoutSeconds('3 hours')).toThrow(/not a Go duration/);
  });
});
