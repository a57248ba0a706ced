/**
 * The Pulumi backend of an environment (`state.pulumi.backend`), as the CLI gets it in
 * PULUMI_BACKEND_URL. The default `file://out/<name>/pulumi-state` is relative to where socle runs;
 * the CLI wants it absolute.
 */
import { isAbsolute, resolve } from 'node:path';
import type { Environment } from '../../../environments/environment.js';

export function pulumiBackendUrl(environment: Environment, cwd: string): string {
  const url = environment.state.pulumi.backend;
  if (!url.startsWith('file://')) return url;
  const path = url.slice('file://'.length);
  if (path === '' || path.startsWith('~') || isAbsolute(path)) return url;
  return `file://${resolve(cwd, path)}`;
}

/** The local folder of a `file://` backend, or `undefined` for a remote one. */
export function pulumiLocalBackendDir(url: string): string | undefined {
  return url.startsWith('file://') ? url.slice('file://'.length) : undefined;
}

/** The HTTPS endpoint an `s3://bucket?endpoint=host` backend talks to, for the reachability check. */
export function pulumiS3Endpoint(url: string): string | undefined {
  if (!url.startsWith('s3://')) return undefined;
  const endpoint = new URL(url).searchParams.get('endpoint');
  if (!endpoint) return undefined;
  return /^https?:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`;
}
