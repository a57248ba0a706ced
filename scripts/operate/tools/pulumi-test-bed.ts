/**
 * The switch of socle's own test bed (test/real/pulumi/pulumi-up.real.test.ts): with it, the
 * workloads program leaves the operators' Helm releases out and skips every readiness wait
 * (workloads-program.ts says why). A deploy with it set would install no operator and wait for
 * nothing, so the preflight of `socle plan`/`deploy`/`destroy` refuses to run while it is set.
 */
export const PULUMI_TEST_BED_VARIABLE = 'SOCLE_PULUMI_TEST_BED';

export function pulumiTestBedProblem(env: NodeJS.ProcessEnv): { message: string; hint: string } | undefined {
  if (env[PULUMI_TEST_BED_VARIABLE] === undefined) return undefined;
  return {
    message: `${PULUMI_TEST_BED_VARIABLE} is set: it is the switch of socle's test bed (no operators, no readiness waits), never of a deployment`,
    hint: `unset ${PULUMI_TEST_BED_VARIABLE} in this shell and run the command again`,
  };
}
