import { describe, expect, it } from 'vitest';
import { defaultBinaryName } from '../../scripts/tools/go-build.js';
import { renderWrapperGoMod } from '../../scripts/tools/wrapper-module.js';

describe('wrapper module', () => {
  // The shapes of k8s.io/kubernetes@v1.36.3's go.mod (staging replaces, a godebug line) and of
  // go.etcd.io/etcd/server/v3@v3.6.16's (sibling and FORBIDDEN_DEPENDENCY replaces), as `go mod edit -json` gives them.
  it('repeats module replaces, turns directory replaces into the published release, drops the rest', () => {
    const text = renderWrapperGoMod({
      name: 'kube-apiserver',
      require: { path: 'k8s.io/kubernetes', version: 'v1.36.3' },
      goMod: {
        Go: '1.26.0',
        GoDebug: [{ Key: 'default', Value: 'go1.26' }],
        Replace: [
          { Old: { Path: 'k8s.io/api' }, New: { Path: './staging/src/k8s.io/api' } },
          { Old: { Path: 'github.com/hashicorp/hcl/v2', Version: 'v2.20.1' }, New: { Path: 'github.com/opentofu/hcl/v2', Version: 'v2.20.2-0.20251021132045-587d123c2828' } },
          { Old: { Path: 'go.etcd.io/etcd' }, New: { Path: './FORBIDDEN_DEPENDENCY' } },
        ],
      },
      localReplacement: (path) => (path.startsWith('k8s.io/') ? 'v0.36.3' : undefined),
      tools: ['k8s.io/kubernetes/cmd/kube-apiserver'],
    });
    expect(text).toBe(
      [
        'module socle.local/tools/kube-apiserver',
        '',
        'go 1.26.0',
        '',
        'godebug default=go1.26',
        '',
        'require k8s.io/kubernetes v1.36.3',
        '',
        'replace k8s.io/api => k8s.io/api v0.36.3',
        'replace github.com/hashicorp/hcl/v2 v2.20.1 => github.com/opentofu/hcl/v2 v2.20.2-0.20251021132045-587d123c2828',
        '',
        'tool k8s.io/kubernetes/cmd/kube-apiserver',
        '',
      ].join('\n'),
    );
  });
});

describe('a module built from a copy of its tree (its generated files added)', () => {
  // The shape of github.com/pulumi/pulumi-kubernetes/provider/v4's go.mod: its SDK sibling replaced by ../sdk.
  it('replaces the required module by the copy and its sibling by the release of the same commit', () => {
    const text = renderWrapperGoMod({
      name: 'pulumi-resource-kubernetes',
      require: { path: 'github.com/pulumi/pulumi-kubernetes/provider/v4', version: 'v4.0.0-20260115033456-f47bc2d6f199' },
      goMod: { Go: '1.24.7', Replace: [{ Old: { Path: 'github.com/pulumi/pulumi-kubernetes/sdk/v4' }, New: { Path: '../sdk' } }] },
      localReplacement: (path) => (path === 'github.com/pulumi/pulumi-kubernetes/sdk/v4' ? 'v4.25.0' : undefined),
      tools: ['github.com/pulumi/pulumi-kubernetes/provider/v4/cmd/pulumi-resource-kubernetes'],
      sourceDir: './module-copy',
    });
    expect(text.split('\n').filter((l) => l.startsWith('replace '))).toEqual([
      'replace github.com/pulumi/pulumi-kubernetes/provider/v4 => ./module-copy',
      'replace github.com/pulumi/pulumi-kubernetes/sdk/v4 => github.com/pulumi/pulumi-kubernetes/sdk/v4 v4.25.0',
    ]);
  });
});

describe('the binary name go build gives a main package', () => {
  it.each([
    ['github.com/opentofu/opentofu/cmd/tofu', 'tofu'],
    ['go.etcd.io/etcd/server/v3', 'server'],
    ['github.com/terraform-provider-openstack/terraform-provider-openstack/v3', 'terraform-provider-openstack'],
    ['example.com/v1', 'v1'],
  ])('%s → %s', (pkg, name) => {
    expect(defaultBinaryName(pkg)).toBe(name);
  });
});
