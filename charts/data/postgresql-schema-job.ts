/**
 * A Job that loads an application's own SQL schema into its CloudNativePG database, for an
 * application that ships the file in its image but doesn't create its tables itself. The file is
 * copied out of the application's pinned image (socle carries no copy of the vendor's SQL), then
 * `psql` from the PostgreSQL image runs it as the database owner, over TLS, once the primary
 * answers. The script must be idempotent (`CREATE … IF NOT EXISTS`): the Job is named after the
 * application image, so an image bump runs it again and adds what the new version needs.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../kube-object.js';
import { container, envSecret, envValue } from '../container.js';
import { imageRef } from '../images.js';
import { poolPlacement } from '../platform/node-pools.js';
import { postgresCredentials, postgresHost, type PostgresCluster } from './postgresql-cluster.js';
import { jobResources } from '../resources.js';
import { labelsFor } from '../workload.js';

/** UID of the CloudNativePG PostgreSQL images' `postgres` user. */
const POSTGRES_UID = 26;
const SCHEMA_DIR = '/schema';

export interface SchemaSource {
  /** The application image holding the SQL file. */
  image: string;
  /** A user that image runs as. */
  uid: number;
  /** Path of the SQL file inside that image. */
  path: string;
}

export function postgresSchemaJob(db: PostgresCluster, source: SchemaSource): KubeObject {
  const component = `${db.plan.name}-schema`;
  const labels = labelsFor({ env: db.env, app: db.app, component, versionImage: source.image });
  const name = `${component}-${createHash('sha256').update(`${source.image}\n${source.path}`).digest('hex').slice(0, 10)}`;
  const file = `${SCHEMA_DIR}/schema.sql`;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: db.namespace, labels },
    spec: {
      // The database may still be starting: each failed run waits and tries again.
      backoffLimit: 10,
      activeDeadlineSeconds: 1800,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          ...poolPlacement(db.plan.pool),
          securityContext: { runAsNonRoot: true, runAsUser: POSTGRES_UID, runAsGroup: POSTGRES_UID, seccompProfile: { type: 'RuntimeDefault' } },
          volumes: [{ name: 'schema', emptyDir: { medium: 'Memory', sizeLimit: '4Mi' } }],
          initContainers: [
            container({
              name: 'copy-schema',
              image: source.image,
              runAsUser: source.uid,
              resources: jobResources(50, 64),
              command: ['cp', source.path, file],
              volumeMounts: [{ name: 'schema', mountPath: SCHEMA_DIR }],
            }),
          ],
          containers: [
            container({
              name: 'load-schema',
              image: imageRef(db.env, 'postgresql'),
              resources: jobResources(100, 64),
              command: ['sh', '-c', `until pg_isready -q; do sleep 5; done; exec psql -v ON_ERROR_STOP=1 -q -f ${file}`],
              env: [
                envValue('PGHOST', postgresHost(db)),
                envValue('PGDATABASE', db.database),
                envValue('PGSSLMODE', 'require'),
                envSecret('PGUSER', postgresCredentials(db), 'username'),
                envSecret('PGPASSWORD', postgresCredentials(db), 'password'),
              ],
              volumeMounts: [{ name: 'schema', mountPath: SCHEMA_DIR, readOnly: true }],
            }),
          ],
        },
      },
    },
  };
}
