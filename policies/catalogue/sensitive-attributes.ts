/**
 * Terraform attributes that hold secrets: a literal value in any of them is a secret written into
 * an artifact. From the OpenStack provider v3.4.0 schema (attributes marked `sensitive`; a test
 * checks this list holds every one of them), plus secrets the schema doesn't mark: Swift's
 * container sync key, the provider's and the S3 backend's credentials.
 */

export const SENSITIVE_RESOURCE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  openstack_blockstorage_volume_attach_v3: ['data'],
  openstack_compute_instance_v2: ['admin_pass'],
  openstack_compute_keypair_v2: ['private_key'],
  openstack_containerinfra_cluster_v1: ['kubeconfig'],
  openstack_db_instance_v1: ['user.password'],
  openstack_db_user_v1: ['password'],
  openstack_identity_application_credential_v3: ['secret'],
  openstack_identity_ec2_credential_v3: ['secret'],
  openstack_identity_user_v3: ['password'],
  openstack_images_image_v2: ['image_source_password'],
  openstack_keymanager_secret_v1: ['payload'],
  openstack_networking_bgp_peer_v2: ['password'],
  openstack_objectstorage_tempurl_v1: ['key', 'url'],
  // Not marked by the schema, but the shared secret of Swift container sync.
  openstack_objectstorage_container_v1: ['container_sync_key'],
  openstack_sharedfilesystem_securityservice_v2: ['password'],
  openstack_sharedfilesystem_share_access_v2: ['access_key'],
};

/** Provider block credentials (`password` is the schema's; the others are secrets it leaves unmarked). */
export const SENSITIVE_PROVIDER_ATTRIBUTES: readonly string[] = ['password', 'token', 'application_credential_secret'];

/** S3 backend credentials (developer.hashicorp.com/terraform/language/backend/s3). */
export const SENSITIVE_BACKEND_ATTRIBUTES: readonly string[] = ['access_key', 'secret_key', 'token', 'sse_customer_key'];
