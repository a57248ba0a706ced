/** Counting what a `tofu show -json` plan does. */
import { describe, expect, it } from 'vitest';
import { describeChanges, planChanges, PlanJsonError } from '../../scripts/operate/state/plan-changes.js';

const change = (address: string, actions: string[], mode = 'managed') => ({ address, mode, change: { actions } });

describe('planChanges', () => {
  it('counts creates, updates, deletes and replacements (either order), and lists what goes away', () => {
    const plan = JSON.stringify({
      format_version: '1.2',
      resource_changes: [
        change('a.one', ['create']),
        change('a.two', ['update']),
        change('a.three', ['delete']),
        change('a.four', ['delete', 'create']),
        change('a.five', ['create', 'delete']),
        change('a.six', ['no-op']),
        change('data.openstack_images_image_v2.debian', ['read'], 'data'),
      ],
    });
    const c = planChanges(plan);
    expect(c).toEqual({ create: 1, update: 1, delete: 1, replace: 2, deletes: ['a.five', 'a.four', 'a.three'] });
    expect(describeChanges(c)).toBe('1 to add, 1 to change, 2 to replace, 1 to destroy');
  });

  it('says "no changes" for a plan with nothing to do', () => {
    expect(describeChanges(planChanges('{"format_version":"1.2"}'))).toBe('no changes');
  });

  it('rejects output that is not a plan', () => {
    expect(() => planChanges('Error: oops')).toThrow(PlanJsonError);
    expect(() => planChanges('{"values":{}}')).toThrow('`tofu show -json` printed JSON without format_version: not a plan');
  });
});
