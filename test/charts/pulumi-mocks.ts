/**
 * Pulumi's mocks for socle's workloads program (pulumi/examples testing-unit-ts-mocks): installed
 * before the program module is imported, with every config key the program reads set (secret ones
 * as secrets). Records each registration; a RandomPassword's result is `generated-<name>`.
 */
import * as pulumi from '@pulumi/pulumi';
import type { Environment } from '../../environments/environment.js';
import type { SizingPlan } from '../../sizing/sizing-plan.js';
import { operatorReleases } from '../../charts/platform/operators.js';
import { secretCatalogue } from '../../charts/secrets.js';

export interface Registration {
  type: string;
  name: string;
  inputs: Record<string, any>;
}

export function installProgramMocks(env: Environment, plan: SizingPlan, stack = 'test', project = 'socle'): Registration[] {
  const registered: Registration[] = [];
  pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        const state = args.type === 'random:index/randomPassword:RandomPassword' ? { ...args.inputs, result: `generated-${args.name}` } : args.inputs;
        return { id: `${args.name}-id`, state };
      },
      call(args) {
        return args.inputs;
      },
    },
    project,
    stack,
    false,
  );
  const secretKeys = [
    ...new Set([
      ...secretCatalogue(env, plan).flatMap((s) => Object.values(s.values).flatMap((v) => (v.from === 'config' ? [`socle:${v.configKey}`] : []))),
      ...operatorReleases(env, plan).flatMap((r) => (r.configValues ?? []).filter((c) => c.secret).map((c) => `socle:${c.configKey}`)),
    ]),
  ];
  const plainKeys = operatorReleases(env, plan).flatMap((r) => (r.configValues ?? []).filter((c) => !c.secret).map((c) => `socle:${c.configKey}`));
  pulumi.runtime.setAllConfig(Object.fromEntries([...secretKeys, ...plainKeys].map((k) => [k, `configured-${k}`])), secretKeys);
  return registered;
}
