/**
 * A validation model of the Barman Cloud plugin's ObjectStore (barmancloud.cnpg.io/v1) for
 * strict-validation.ts, which has no published model for it (no @kubernetes-models package): the
 * fields socle sets, with the types, enums, patterns and required keys of plugin-barman-cloud
 * v0.15.0 api/v1/objectstore_types.go and barman-cloud pkg/api/config.go (the ObjectStore's
 * `configuration`), every object closed. A field socle starts to set fails here until it is added
 * from those files. test/real/kubernetes/object-store-model.real.test.ts holds every path and
 * constraint below to the CRD controller-gen makes from v0.15.0 (scripts/tools/recipes/barman-cloud-crds.ts).
 */
import { Ajv } from 'ajv';

type Schema = Record<string, unknown>;

const closed = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', properties, required, additionalProperties: false });
const str: Schema = { type: 'string' };
/** machinery pkg/api SecretKeySelector: `name` and `key`, both required. */
const secretKey = closed({ name: str, key: str }, ['name', 'key']);

export const OBJECT_STORE_SCHEMA: Schema = closed(
  {
    apiVersion: { const: 'barmancloud.cnpg.io/v1' },
    kind: { const: 'ObjectStore' },
    metadata: closed({ name: str, namespace: str, labels: { type: 'object', additionalProperties: str } }, ['name']),
    spec: closed(
      {
        // config.go BarmanObjectStoreConfiguration; objectstore_types.go L62: `!has(self.serverName)`.
        configuration: closed(
          {
            destinationPath: { type: 'string', minLength: 1 },
            endpointURL: str,
            s3Credentials: closed({ accessKeyId: secretKey, secretAccessKey: secretKey }),
            wal: closed({ compression: { enum: ['bzip2', 'gzip', 'lz4', 'snappy', 'xz', 'zstd'] } }),
            data: closed({ compression: { enum: ['bzip2', 'gzip', 'lz4', 'snappy'] } }),
          },
          ['destinationPath'],
        ),
        retentionPolicy: { type: 'string', pattern: '^[1-9][0-9]*[dwm]$' },
        instanceSidecarConfiguration: closed({ env: { type: 'array', items: closed({ name: str, value: str }, ['name']) } }),
      },
      ['configuration'],
    ),
  },
  ['apiVersion', 'kind', 'metadata', 'spec'],
);

const validate = new Ajv({ allErrors: true, strict: true }).compile(OBJECT_STORE_SCHEMA);

/** The shape strict-validation.ts calls: `validate` on the object, throwing ajv's errors. */
export class ObjectStoreModel {
  validate(this: unknown): void {
    if (!validate(this)) throw Object.assign(new Error('ObjectStore does not validate'), { errors: validate.errors });
  }
}
