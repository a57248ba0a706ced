/** No telemetry, statistics, update checks or app-store calls to operators outside the jurisdiction. */
import { implicitEndpointViolations, outsideHostViolations, runtimeDownloadViolations } from '../hosts/endpoint-violations.js';
import type { Policy } from '../policy.js';

export const SERVICES = ['telemetry', 'update-check', 'app-store', 'connectivity-check'] as const;

export const residencyTelemetry: Policy = {
  id: 'residency-telemetry',
  title: 'No telemetry, update checks, app stores or runtime downloads outside the jurisdiction',
  category: 'residency',
  severity: 'medium',
  rationale:
    'Statistics and phone-home calls describe the workspace (users, usage, versions) to the vendor and reveal the deployment to a third party. Defaults are on: Rocket.Chat’s daily statistics report (7.x sends it whatever Statistics_reporting says), Grafana reporting_enabled, Jitsi analytics IDs, Nextcloud’s app store, updater and connectivity checks. Code fetched while a workload runs also tells the vendor who runs it, and makes the service depend on it.',
  remediation: 'Turn each setting off in the rendered workload (e.g. GF_ANALYTICS_REPORTING_ENABLED=false), send a host no setting controls to a closed local address (pod hostAliases, e.g. 127.0.0.1 collector.rocket.chat), or point it at a mirror in the jurisdiction.',
  references: [
    { title: 'GDPR Chapter V (Art. 44–50)', url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' },
    { title: 'ANSSI, Recommandations pour un usage sécurisé du cloud (third-party flows)' },
    { title: 'Grafana defaults.ini ([analytics])', url: 'https://github.com/grafana/grafana/blob/main/conf/defaults.ini' },
  ],
  rules: ['residency-external-download'],
  check(artifacts) {
    return [...outsideHostViolations(artifacts, SERVICES), ...implicitEndpointViolations(artifacts, SERVICES), ...runtimeDownloadViolations(artifacts)];
  },
};
