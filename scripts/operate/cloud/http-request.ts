/** One HTTP(S) request with fetch: an answer (any status) or the network error's code, never a throw. */
import type { HttpRequest, ProbeResult } from '../flows/operate-context.js';

export async function request(r: HttpRequest, timeoutMs: number): Promise<ProbeResult> {
  try {
    const response = await fetch(r.url, { method: r.method, headers: r.headers, ...(r.body !== undefined ? { body: r.body } : {}), signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    return { status: response.status, body: await response.text(), headers: Object.fromEntries(response.headers) };
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return { error: cause?.code ?? cause?.message ?? (e as Error).message };
  }
}
