/**
 * A small REST client for the test API server: TLS with the admin client certificate, JSON in and
 * out, the API server's `Warning` headers kept (Pod Security's `warn` level speaks through them),
 * and a discovery-backed map from apiVersion + kind to the resource path, so any object — CRDs'
 * too — can be server-side applied without kubectl.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import type { TestPki } from './test-pki.js';

export interface KubeResponse<T = any> {
  readonly status: number;
  readonly body: T;
  readonly warnings: string[];
}

export interface KubeObjectRef {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

interface ResourceInfo { readonly resource: string; readonly namespaced: boolean }

/** The field manager socle's deployer applies with (the Pulumi program uses server-side apply too). */
export const FIELD_MANAGER = 'socle';

export class KubeClient {
  private readonly agent: Agent;
  private resources = new Map<string, ResourceInfo>();

  constructor(readonly server: string, pki: TestPki) {
    this.agent = new Agent({ ca: readFileSync(pki.caCert), cert: readFileSync(pki.adminCert), key: readFileSync(pki.adminKey), keepAlive: true, maxSockets: 8 });
  }

  request<T = any>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<KubeResponse<T>> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.server}${path}`,
        { method, agent: this.agent, headers: { accept: 'application/json', ...(payload === undefined ? {} : { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) }) }, timeout: 30_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // Not JSON (`/readyz` answers plain text).
            }
            const warning = res.headers.warning;
            const warnings = (Array.isArray(warning) ? warning : warning ? [warning] : []).flatMap(splitWarnings);
            resolve({ status: res.statusCode ?? 0, body: parsed as T, warnings });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in 30 s`)));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  async get<T = any>(path: string): Promise<T> {
    const res = await this.request<T>('GET', path);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${describeStatus(res.body)}`);
    return res.body;
  }

  /** Reads the API's discovery documents again (after CRDs are established). */
  async discover(): Promise<void> {
    const resources = new Map<string, ResourceInfo>();
    const groupVersions = ['v1', ...((await this.get<{ groups: { versions: { groupVersion: string }[] }[] }>('/apis')).groups.flatMap((g) => g.versions.map((v) => v.groupVersion)))];
    for (const gv of groupVersions) {
      const list = await this.get<{ resources: { name: string; kind: string; namespaced: boolean }[] }>(gv === 'v1' ? '/api/v1' : `/apis/${gv}`);
      for (const r of list.resources) if (!r.name.includes('/')) resources.set(`${gv}/${r.kind}`, { resource: r.name, namespaced: r.namespaced });
    }
    this.resources = resources;
  }

  /** The collection path of a kind (`/apis/apps/v1/namespaces/x/deployments`). */
  collectionPath(apiVersion: string, kind: string, namespace?: string): string {
    const info = this.resources.get(`${apiVersion}/${kind}`);
    if (!info) throw new Error(`the API server serves no ${kind} in ${apiVersion} (is its CRD installed?)`);
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    return info.namespaced ? `${base}/namespaces/${namespace ?? 'default'}/${info.resource}` : `${base}/${info.resource}`;
  }

  objectPath(o: KubeObjectRef): string {
    return `${this.collectionPath(o.apiVersion, o.kind, o.metadata.namespace)}/${encodeURIComponent(o.metadata.name)}`;
  }

  /** Server-side apply with strict field validation: unknown or duplicate fields are errors, not dropped. */
  apply(o: KubeObjectRef, fieldManager = FIELD_MANAGER): Promise<KubeResponse> {
    return this.request('PATCH', `${this.objectPath(o)}?fieldManager=${fieldManager}&fieldValidation=Strict&force=true`, o, 'application/apply-patch+yaml');
  }

  async list<T = any>(apiVersion: string, kind: string, namespace?: string, query = ''): Promise<T[]> {
    const path = namespace === undefined && this.resources.get(`${apiVersion}/${kind}`)?.namespaced
      ? this.collectionPath(apiVersion, kind).replace(/\/namespaces\/[^/]+/, '')
      : this.collectionPath(apiVersion, kind, namespace);
    return (await this.get<{ items: T[] }>(`${path}${query}`)).items;
  }
}

/** One `Warning` header may carry several comma-separated `299 - "text"` values. */
function splitWarnings(header: string): string[] {
  return [...header.matchAll(/299 - "((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\"/g, '"'));
}

/** The API server's `Status` message, or the raw body. */
export function describeStatus(body: unknown): string {
  if (body && typeof body === 'object' && 'message' in body) return String((body as { message: unknown }).message);
  return typeof body === 'string' ? body.slice(0, 500) : JSON.stringify(body)?.slice(0, 500) ?? '';
}
