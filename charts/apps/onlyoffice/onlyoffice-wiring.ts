/** What Nextcloud and ONLYOFFICE share: the JWT secret (one Secret name, one value in both namespaces) and URLs. */
import { NAMESPACES } from '../../platform/namespaces.js';
import { random, type SecretSpec } from '../../secret-catalogue.js';

export const ONLYOFFICE_JWT_SECRET = 'onlyoffice-jwt';

export const onlyofficeJwtSecret = (): SecretSpec => ({
  name: ONLYOFFICE_JWT_SECRET,
  namespaces: [NAMESPACES.nextcloud, NAMESPACES.onlyoffice],
  values: { secret: random(48) },
  purpose: 'JWT signing secret between Nextcloud and ONLYOFFICE Docs (one value, both namespaces)',
});

/** The port of ONLYOFFICE's own nginx (docs-proxy) in front of the document service. */
export const ONLYOFFICE_PROXY_PORT = 8888;

/** Nextcloud reaches the document server through the shard router, inside the cluster. */
export const onlyofficeInternalUrl = () => `http://onlyoffice.${NAMESPACES.onlyoffice}.svc.cluster.local:${ONLYOFFICE_PROXY_PORT}/`;
