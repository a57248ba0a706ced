/** Where a Helm chart and its images come from: upstream, or the authority's mirror when set. */
import type { Environment } from '../../environments/environment.js';

export function chartSource(env: Environment, chart: string, repository: string): { chart: string; repository: string } {
  const mirror = env.images.mirror?.replace(/\/+$/, '');
  return mirror ? { chart: `oci://${mirror}/charts/${chart}`, repository: '' } : { chart, repository };
}

/** The registry host to pull a chart's images from: the mirror when set, else `upstream`. */
export function registry(env: Environment, upstream: string): string {
  return env.images.mirror ? env.images.mirror.replace(/\/+$/, '') : upstream;
}
