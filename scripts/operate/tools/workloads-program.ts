/**
 * The program the Pulumi CLI runs (`main` of `out/<name>/pulumi/Pulumi.yaml`): the suite of the
 * environment socle names in SOCLE_ENVIRONMENT_FILE — operators (Helm releases), Secrets, then the
 * rendered objects (charts/pulumi-program.ts) — on the cluster KUBECONFIG points at, which the
 * Kubernetes provider uses by default.
 */
import { deploySuite } from '../../../charts/pulumi-program.js';
import { loadEnvironmentFile } from '../../../environments/load-environment.js';
import { size } from '../../../sizing/size.js';

const file = process.env['SOCLE_ENVIRONMENT_FILE'];
if (!file) throw new Error('SOCLE_ENVIRONMENT_FILE is not set: this program runs through `socle plan` / `socle deploy`');
const environment = loadEnvironmentFile(file);
deploySuite(environment, size(environment));
