/**
 * The one module that imports the CDK for Terraform runtime. cdktf is deprecated upstream; its
 * community fork `cdktn` is a drop-in: swapping means changing the package name below (and
 * regenerating the bindings with its generator, `npm run gen:openstack`).
 */
export { App, DataResource, Fn, LocalBackend, S3Backend, TerraformOutput, TerraformStack, TerraformVariable, Token, type TerraformElement } from 'cdktf';
