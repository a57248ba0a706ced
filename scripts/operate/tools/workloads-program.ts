/**
 * The program the Pulumi CLI runs (`main` of `out/<name>/pulumi/Pulumi.yaml`): the suite of the
 * environment socle names in SOCLE_ENVIRONMENT_FILE — operators (Helm releases), Secrets, then the
 * rendered objects (charts/pulumi-program.ts) — on the cluster KUBECONFIG points at, which the
 * Kubernetes provider uses by default.
 *
 * SOCLE_PULUMI_TEST_BED=1 is for socle's own test bed only (test/real/pulumi/pulumi-up.real.test.ts:
 * a control plane without kubelet, no Helm repository), never set by socle: the operators' Helm
 * releases are left out, and every Kubernetes object carries `pulumi.com/skipAwait: "true"`, the
 * provider's documented way not to wait for readiness (pulumi-kubernetes provider/v4
 * pkg/metadata/overrides.go SkipAwaitLogic), since no Pod ever runs there. The preflight refuses
 * a plan, deploy or destroy while it is set (pulumi-test-bed.ts).
 */
import * as pulumi from '@pulumi/pulumi';
import { deploySuite } from '../../../charts/pulumi-program.js';
import { loadEnvironmentFile } from '../../../environments/load-environment.js';
import { size } from '../../../sizing/size.js';
import { PULUMI_TEST_BED_VARIABLE } from './pulumi-test-bed.js';

const file = process.env['SOCLE_ENVIRONMENT_FILE'];
if (!file) throw new Error('SOCLE_ENVIRONMENT_FILE is not set: this program runs through `socle plan` / `socle deploy`');
const environment = loadEnvironmentFile(file);
const testBed = process.env[PULUMI_TEST_BED_VARIABLE] === '1';
if (testBed) {
  pulumi.runtime.registerResourceTransform(({ type, props, opts }) => {
    if (!type.startsWith('kubernetes:')) return undefined;
    const metadata = (props['metadata'] ?? {}) as { annotations?: Record<string, string> };
    return { props: { ...props, metadata: { ...metadata, annotations: { ...metadata.annotations, 'pulumi.com/skipAwait': 'true' } } }, opts };
  });
}
deploySuite(environment, size(environment), testBed ? { withoutOperatorReleases: true } : {});
