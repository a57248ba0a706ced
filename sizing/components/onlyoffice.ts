/** ONLYOFFICE Docs: document service, converter, and the queue and database it requires. */
import type { Environment } from '../../environments/environment.js';
import { ONLYOFFICE_DB_GI_PER_100_EDITORS, ONLYOFFICE_EDITORS_PER_POD } from '../assumptions.js';
import type { ComponentPlan, SizingPlan } from '../sizing-plan.js';
import { dataStore, GiB, hashRouterComponent, initStep, resources, sidecar, withSpare } from './component.js';

export function onlyofficeComponents(env: Environment, load: SizingPlan['load']): ComponentPlan[] {
  const community = env.apps.onlyoffice.edition === 'community';
  const podsForLoad = Math.ceil(load.coeditors / ONLYOFFICE_EDITORS_PER_POD);
  // "Clustering is available only for commercial builds" (ONLYOFFICE/Docker-Docs README): the
  // community edition runs exactly one instance, whatever the load.
  const replicas = community ? 1 : withSpare(podsForLoad);
  const why = community
    ? 'community edition: one instance, no clustering (licence)'
    : `${load.coeditors} simultaneous editors / ${ONLYOFFICE_EDITORS_PER_POD} per pod = ${podsForLoad}, +1 spare, at least 2`;
  // 2 vCPU / 4 GB: the vendor's minimum host (ONLYOFFICE/Docker-Docs README), as the limit; each
  // process asks half of it: one docservice process uses about one vCPU (ONLYOFFICE/DocumentServer
  // issue #2378), and the converter runs beside it.
  const pod = resources(2000, 4 * GiB);
  return [
    hashRouterComponent('onlyoffice-router', 'onlyoffice', 'two HAProxy replicas sending every request of a document to the same document service'),
    {
      name: 'onlyoffice-docservice',
      app: 'onlyoffice',
      kind: 'stateless',
      replicas,
      requests: resources(1000, 2 * GiB),
      limits: pod,
      // The vendor's nginx proxy beside each document service (ONLYOFFICE/Kubernetes-Docs runs it in
      // the docservice pod): the requests its chart gives as the example for `proxy.resources`
      // (ONLYOFFICE/Kubernetes-Docs values.yaml, chart 6.0.0 @b36bb4d, lines 924–934; the default is none).
      helpers: [sidecar('proxy', resources(100, 256), "the vendor's nginx in front of the document service; the vendor chart's example requests")],
      pool: 'general',
      spread: 'preferred',
      rationale: why,
    },
    { name: 'onlyoffice-converter', app: 'onlyoffice', kind: 'stateless', replicas, requests: resources(1000, 2 * GiB), limits: pod, pool: 'general', spread: 'preferred', rationale: `as many as document services (${why})` },
    // RabbitMQ and PostgreSQL are required services (ONLYOFFICE/Kubernetes-Docs README @004d509).
    {
      ...dataStore('onlyoffice-rabbitmq', 'onlyoffice', resources(500, GiB), 8, '3-member quorum queues, required by ONLYOFFICE Docs'),
      helpers: [initStep('cookie', resources(50, 64), 'copies the Erlang cookie owner-only (one cp and chmod)')],
    },
    dataStore(
      'onlyoffice-postgresql',
      'onlyoffice',
      resources(1000, 2 * GiB),
      Math.max(10, ONLYOFFICE_DB_GI_PER_100_EDITORS * Math.ceil(load.coeditors / 100)),
      `3 members (CloudNativePG); volume 2 GiB per 100 active editors (vendor), at least 10 GiB`,
    ),
  ];
}
