/** ONLYOFFICE Docs Community: 20 simultaneous connections, no clustering. Compared with the plan's expected load. */
import { pointer } from '../artifacts/json.js';
import { containers, imageRepository, manifestPointer, podTemplates } from '../artifacts/kubernetes.js';
import type { Policy, Violation } from '../policy.js';

// ONLYOFFICE/server Common/sources/constants.js LICENSE_CONNECTIONS = 20 (@099f601).
export const COMMUNITY_CONNECTIONS = 20;
const DOCSERVICE = /(^|\/)onlyoffice\/(documentserver|docs-docservice)[\w-]*$/;

const n = (x: number) => x.toLocaleString('en-US');

export const licenceOnlyoffice: Policy = {
  id: 'licence-onlyoffice',
  title: 'The ONLYOFFICE edition covers the expected co-editing load',
  category: 'licences',
  severity: 'high',
  rationale:
    'ONLYOFFICE Docs Community refuses editing beyond 20 simultaneous connections and can’t be clustered: at the planned load, editors would be turned away and the service would have no redundancy.',
  remediation: 'Set `apps.onlyoffice.edition: enterprise` with a licence sized for the planned simultaneous connections, or lower the co-editing assumption if it is wrong.',
  references: [
    { title: 'ONLYOFFICE/server constants.js: LICENSE_CONNECTIONS = 20', url: 'https://github.com/ONLYOFFICE/server/blob/master/Common/sources/constants.js' },
    { title: 'ONLYOFFICE Docker-Docs: clustering only for commercial builds', url: 'https://github.com/ONLYOFFICE/Docker-Docs' },
  ],
  check(artifacts) {
    const app = artifacts.environment.apps.onlyoffice;
    if (!app.enabled) return { notApplicable: 'ONLYOFFICE is switched off' };
    if (app.edition !== 'community') return { notApplicable: `edition ${app.edition}` };
    const out: Violation[] = [];
    const sizing = artifacts.sizing;
    if (!sizing) out.push({ resource: 'sizing', message: `no sizing plan (sizing.json) to compare with the Community limit of ${COMMUNITY_CONNECTIONS} simultaneous connections`, evidence: { file: 'sizing.json', pointer: '', value: null } });
    else if (sizing.load.coeditors > COMMUNITY_CONNECTIONS) {
      out.push({
        resource: 'sizing/load/coeditors',
        message: `ONLYOFFICE Community allows ${COMMUNITY_CONNECTIONS} simultaneous connections; the plan expects ${n(sizing.load.coeditors)} simultaneous editors (${Math.round(sizing.assumptions.coeditingShare * 1000) / 10} % of ${n(sizing.users)} users)`,
        evidence: { file: 'sizing.json', pointer: '/load/coeditors', value: sizing.load.coeditors },
      });
    }
    if (artifacts.objects.length > 0) {
      const servers = podTemplates(artifacts.objects).filter((t) => containers(t).some((c) => DOCSERVICE.test(imageRepository(c.image))));
      const instances = servers.reduce((sum, t) => sum + (t.replicas ?? 1), 0);
      if (instances > 1) out.push({ resource: servers[0]!.owner.address, message: `${instances} document server instances rendered: the Community edition can’t be clustered`, evidence: { file: servers[0]!.owner.file, pointer: manifestPointer(servers[0]!.owner, 'spec', 'replicas'), value: instances } });
    } else {
      sizing?.components.forEach((c, i) => {
        if (c.app === 'onlyoffice' && /docservice|documentserver/.test(c.name) && c.replicas > 1) out.push({ resource: `sizing/components/${c.name}`, message: `${c.replicas} ${c.name} replicas planned: the Community edition can’t be clustered`, evidence: { file: 'sizing.json', pointer: pointer('components', i, 'replicas'), value: c.replicas } });
      });
    }
    return out;
  },
};
