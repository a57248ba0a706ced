/** One problem in a Terraform JSON document, located by its Terraform address. */
export type ValidationCode =
  | 'not-an-object'
  | 'unknown-top-level-key'
  | 'unknown-provider'
  | 'unknown-resource-type'
  | 'unknown-attribute'
  | 'read-only-attribute'
  | 'missing-attribute'
  | 'missing-block'
  | 'wrong-type'
  | 'too-many-blocks'
  | 'too-few-blocks';

export interface ValidationProblem {
  /** Terraform address, e.g. `openstack_compute_instance_v2.media_0.network[0].uuidx`. */
  address: string;
  code: ValidationCode;
  message: string;
  hint?: string;
}
