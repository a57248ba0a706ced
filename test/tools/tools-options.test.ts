import { describe, expect, it } from 'vitest';
import { parseToolsOptions } from '../../scripts/tools/tools-options.js';

const names = ['tofu', 'etcd'];

describe('npm run tools options', () => {
  it('takes the budget from SOCLE_TOOLS_BUDGET_SECONDS, the flag winning over it', () => {
    expect(parseToolsOptions([], { SOCLE_TOOLS_BUDGET_SECONDS: '3000' }, names).budgetSeconds).toBe(3000);
    expect(parseToolsOptions(['--budget-seconds', '60'], { SOCLE_TOOLS_BUDGET_SECONDS: '3000' }, names).budgetSeconds).toBe(60);
    expect(parseToolsOptions([], {}, names).budgetSeconds).toBeUndefined();
  });

  it('reads --only as a comma list and the switches', () => {
    expect(parseToolsOptions(['--only', 'etcd, tofu', '--json', '--no-build'], {}, names)).toEqual({ json: true, noBuild: true, budgetSeconds: undefined, only: ['etcd', 'tofu'], help: false });
  });

  it('refuses a budget of zero', () => {
    expect(() => parseToolsOptions(['--budget-seconds', '0'], {}, names)).toThrow(/give a whole number of seconds/);
  });
});
