/**
 * How the bundle reaches tofu (scripts/operate/cloud/cluster-bootstrap-variable.ts): in the environment of
 * the plans of the stacks that declare the variable, one bundle per run, and from the moment it is
 * made, none of its tokens or keys reaches a line socle prints or logs — in any form tofu or a
 * shell might print them (as is, JSON-escaped, base64 as in user data, a PEM line alone).
 */
import { describe, expect, it } from 'vitest';
import { clusterBootstrapEnv } from '../../scripts/operate/cloud/cluster-bootstrap-variable.js';
import { EventBus } from '../../scripts/operate/progress/event-bus.js';
import type { OperateEvent, TimedEvent } from '../../scripts/operate/progress/events.js';
import type { OperateContext } from '../../scripts/operate/flows/operate-context.js';
import { REDACTED } from '../../scripts/operate/progress/redaction.js';
import type { ClusterBootstrapBundle } from '../../stacks/compute/cluster-bootstrap-bundle.js';
import { example } from '../stacks/synthesized.js';

function run(): { ctx: OperateContext; lines: string[] } {
  const lines: string[] = [];
  const bus = new EventBus([{ emit: (e: TimedEvent) => lines.push(JSON.stringify(e)), close: () => {} }], []);
  const stack = (name: string, variables: string[]) => ({ name, dir: `/x/${name}`, dependsOn: [], protectedResources: [], declared: [], outputs: [], variables, encryptsState: true, socleBuckets: [] });
  const ctx = { environment: example('pilot'), bus, stacks: [stack('network', ['state_passphrase']), stack('cluster', ['cluster_bootstrap', 'state_passphrase'])] } as unknown as OperateContext;
  return { ctx, lines };
}

const message = (text: string): OperateEvent => ({ type: 'message', level: 'info', text });

describe('TF_VAR_cluster_bootstrap', () => {
  it('is given to the stacks that declare the variable, the same bundle to each plan of a run, a new one in the next run', async () => {
    const { ctx } = run();
    expect(await clusterBootstrapEnv(ctx, 'network')).toEqual({});
    const first = await clusterBootstrapEnv(ctx, 'cluster');
    expect(Object.keys(first)).toEqual(['TF_VAR_cluster_bootstrap']);
    expect(await clusterBootstrapEnv(ctx, 'cluster')).toEqual(first);
    const next = await clusterBootstrapEnv(run().ctx, 'cluster');
    expect(next['TF_VAR_cluster_bootstrap']).not.toBe(first['TF_VAR_cluster_bootstrap']);
  });

  it('its tokens and keys are redacted from every event once it is made, in the forms tools print them; certificates are not secrets', async () => {
    const { ctx, lines } = run();
    const bundle = JSON.parse((await clusterBootstrapEnv(ctx, 'cluster'))['TF_VAR_cluster_bootstrap']!) as ClusterBootstrapBundle;
    const key = bundle.client_ca_private_key;
    const keyLine = key.split('\n')[1]!;
    const shown = [
      `token: K10abc::server:${bundle.server_token}`,
      `agent-token: ${bundle.agent_token}`,
      `write_files content ${Buffer.from(bundle.server_ca_private_key).toString('base64')}`,
      `"client-ca.key": ${JSON.stringify(key)}`,
      keyLine,
      `TF_VAR_cluster_bootstrap=${JSON.stringify(bundle)}`,
    ];
    for (const text of shown) ctx.bus.emit(message(text));
    const logged = lines.join('\n');
    for (const secret of [bundle.server_token, bundle.agent_token, keyLine, Buffer.from(bundle.server_ca_private_key).toString('base64').slice(8, 60)]) expect(logged).not.toContain(secret);
    expect(logged).toContain(REDACTED);
    ctx.bus.emit(message(bundle.server_ca_certificate.split('\n')[1]!));
    expect(lines.at(-1)).toContain(bundle.server_ca_certificate.split('\n')[1]!);
  });
});
