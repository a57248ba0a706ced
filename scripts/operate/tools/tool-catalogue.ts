/**
 * The external tools socle drives: where they are looked for, which versions are supported, how to
 * read their version, and how to install them.
 */

export type ToolName = 'tofu' | 'pulumi' | 'kubectl';

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

export interface ToolSpec {
  name: ToolName;
  /** Environment variable that names the binary (a path, or a name found on PATH). */
  envVar: string;
  /** Names tried on PATH, in order, when the variable is unset. */
  candidates: string[];
  /** Arguments that print the version. */
  versionArgs: string[];
  /** Reads the version output: the product (OpenTofu/Terraform…) and its version. */
  parseVersion(stdout: string): { product: string; version: Version } | undefined;
  /** Lowest supported version per product. */
  minimum: Record<string, Version>;
  installHint: string;
}

function parseSemver(text: string): Version | undefined {
  const m = /v?(\d+)\.(\d+)\.(\d+)/.exec(text);
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) } : undefined;
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

export const TOOLS: Record<ToolName, ToolSpec> = {
  tofu: {
    name: 'tofu',
    envVar: 'SOCLE_TOFU',
    // OpenTofu first: open-source (MPL-2.0, Linux Foundation); Terraform (BUSL-1.1) is accepted.
    candidates: ['tofu', 'terraform'],
    // `version` (not `-json`): only the text form tells OpenTofu from Terraform.
    versionArgs: ['version'],
    parseVersion(stdout) {
      const m = /^(OpenTofu|Terraform) (v\d+\.\d+\.\d+)/m.exec(stdout);
      const version = m ? parseSemver(m[2]!) : undefined;
      return m && version ? { product: m[1]!, version } : undefined;
    },
    // OpenTofu 1.8 (July 2024) and Terraform 1.9 (June 2024) both have the S3 backend's `endpoints`
    // object and `skip_*` options that S3-compatible stores (OVHcloud) need; S3-native state locking
    // (`use_lockfile`) needs 1.10 of either and is turned on when the version has it.
    minimum: { OpenTofu: { major: 1, minor: 8, patch: 0 }, Terraform: { major: 1, minor: 9, patch: 0 } },
    installHint:
      'install OpenTofu ≥ 1.8 (https://opentofu.org/docs/intro/install/) or Terraform ≥ 1.9 (https://developer.hashicorp.com/terraform/install), or set SOCLE_TOFU to its path',
  },
  pulumi: {
    name: 'pulumi',
    envVar: 'SOCLE_PULUMI',
    candidates: ['pulumi'],
    versionArgs: ['version'],
    parseVersion(stdout) {
      const version = parseSemver(stdout);
      return version ? { product: 'Pulumi', version } : undefined;
    },
    // The workloads program is written against @pulumi/pulumi 3.x; the CLI must be of the same major.
    minimum: { Pulumi: { major: 3, minor: 0, patch: 0 } },
    installHint: 'install the Pulumi CLI ≥ 3 (https://www.pulumi.com/docs/install/: `curl -fsSL https://get.pulumi.com | sh`), or set SOCLE_PULUMI to its path',
  },
  kubectl: {
    name: 'kubectl',
    envVar: 'SOCLE_KUBECTL',
    candidates: ['kubectl'],
    versionArgs: ['version', '--client', '-o', 'json'],
    parseVersion(stdout) {
      try {
        const version = parseSemver((JSON.parse(stdout) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion ?? '');
        return version ? { product: 'kubectl', version } : undefined;
      } catch {
        return undefined;
      }
    },
    // kubectl talks to API servers within one minor version of its own (Kubernetes version skew
    // policy): 1.30 reaches clusters from 1.29, older than any release maintained upstream (2025).
    minimum: { kubectl: { major: 1, minor: 30, patch: 0 } },
    installHint: 'install kubectl ≥ 1.30, within one minor version of the cluster (https://kubernetes.io/docs/tasks/tools/), or set SOCLE_KUBECTL to its path',
  },
};
