/**
 * The plan JSON socle keeps has no sensitive value (scripts/operate/progress/plan-json-redaction.ts). The
 * document below is what the real `tofu show -json` (v1.12.6) printed for a second plan of a
 * terraform_data that stores a sensitive variable — values in clear beside their marks, and the
 * stored `output` without a mark; test/real/tofu/cluster-bootstrap.real.test.ts runs it on the
 * cluster stack's real plans.
 */
import { describe, expect, it } from 'vitest';
import { redactPlanJson } from '../../scripts/operate/progress/plan-json-redaction.js';

const stored = { cert: 'CERT-STORED', token: 'TOKEN-STORED' };
const showJson = {
  format_version: '1.2',
  terraform_version: '1.12.6',
  variables: { b: { value: '{"token":"TOKEN-FRESH","cert":"CERT-FRESH"}' }, region: { value: 'GRA11' } },
  planned_values: {
    outputs: { hash: { sensitive: false, value: '4bd3' }, tok: { sensitive: true, value: 'TOKEN-STORED' } },
    root_module: { resources: [{ address: 'terraform_data.boot', values: { id: 'i-1', input: stored, output: stored, triggers_replace: null }, sensitive_values: { input: true, output: {} } }] },
  },
  resource_changes: [
    {
      address: 'terraform_data.boot',
      change: { actions: ['no-op'], before: { id: 'i-1', input: stored, output: stored }, after: { id: 'i-1', input: stored, output: stored }, after_unknown: {}, before_sensitive: { input: true, output: {} }, after_sensitive: { input: true, output: {} } },
    },
    { address: 'openstack_compute_instance_v2.a', change: { actions: ['create'], before: null, after: { name: 'a', user_data: null, tags: ['x', 'TOKEN-STORED'] }, after_unknown: { user_data: true }, before_sensitive: false, after_sensitive: { tags: [false, true], user_data: true } } },
  ],
  output_changes: { tok: { actions: ['no-op'], before: 'TOKEN-STORED', after: 'TOKEN-STORED', before_sensitive: true, after_sensitive: true } },
  prior_state: {
    format_version: '1.0',
    values: { outputs: { tok: { sensitive: true, value: 'TOKEN-STORED', type: 'string' } }, root_module: { child_modules: [{ resources: [{ address: 'module.m.x.y', values: { password: 'P-IN-MODULE', name: 'y' }, sensitive_values: { password: true } }] }] } },
  },
  configuration: { root_module: { variables: { b: { type: 'string', required: true, sensitive: true }, region: { type: 'string' } } } },
};

describe('redactPlanJson', () => {
  const text = JSON.stringify(showJson);
  const redacted = redactPlanJson(text);
  const doc = JSON.parse(redacted);

  it('leaves no sensitive value, marked or copied without its mark', () => {
    for (const secret of ['TOKEN-FRESH', 'CERT-FRESH', 'TOKEN-STORED', 'CERT-STORED', 'P-IN-MODULE']) {
      expect(text).toContain(secret);
      expect(redacted).not.toContain(secret);
    }
    expect(doc.planned_values.root_module.resources[0].values.output).toEqual({ cert: '***', token: '***' });
    expect(doc.variables.b.value).toBe('***');
  });

  it('keeps what is not sensitive, and the shape of the document', () => {
    expect(doc.variables.region.value).toBe('GRA11');
    expect(doc.planned_values.outputs.hash.value).toBe('4bd3');
    expect(doc.resource_changes[1].change.after).toEqual({ name: 'a', user_data: null, tags: ['x', '***'] });
    expect(doc.resource_changes.map((r: { change: { actions: string[] } }) => r.change.actions)).toEqual([['no-op'], ['create']]);
    expect(doc.prior_state.values.root_module.child_modules[0].resources[0].values).toEqual({ password: '***', name: 'y' });
    expect(doc.configuration).toEqual(showJson.configuration);
    expect(Object.keys(doc)).toEqual(Object.keys(showJson));
  });
});
