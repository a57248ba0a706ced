/**
 * A port of the Pod Security Standards checks as Pod Security Admission runs them, at the newest
 * policy version (`enforce-version: latest`, the label socle's namespaces carry), from
 * kubernetes/pod-security-admission v0.36.0 (= Kubernetes 1.36) `policy/check_*.go`. Each check
 * names its upstream file. `baseline` runs the baseline checks; `restricted` runs baseline and
 * restricted, where a restricted check replaces the baseline one it overrides (`OverrideCheckIDs`,
 * policy/checks.go). Containers are visited as policy/visitor.go does: init, regular, ephemeral.
 * A pod spec here is the plain JSON of a Kubernetes PodSpec; an absent field is `undefined`.
 */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

type Json = Record<string, any>;

interface Check {
  id: string;
  level: 'baseline' | 'restricted';
  /** Baseline check ids this restricted check replaces. */
  overrides?: string[];
  /** Upstream file, under kubernetes/pod-security-admission v0.36.0 `policy/`. */
  source: string;
  /** Forbidden reason, or undefined when the pod is allowed. */
  check(metadata: Json, spec: Json): string | undefined;
}

function containersOf(spec: Json): Json[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}

const isWindows = (spec: Json) => spec.os?.name === 'windows';
/** helpers.go relaxPolicyForUserNamespacePod: `hostUsers: false` relaxes some checks from 1.35 on. */
const inUserNamespace = (spec: Json) => spec.hostUsers === false;

/** Names of the containers for which `bad` holds, as a reason, or undefined. */
function badContainers(spec: Json, reason: string, bad: (c: Json) => boolean): string | undefined {
  const names = containersOf(spec).filter(bad).map((c) => c.name);
  return names.length ? `${reason} (${names.join(', ')})` : undefined;
}

const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const RESTRICTED_VOLUME_SOURCES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret']);
const validSeccomp = (type: unknown) => type === 'RuntimeDefault' || type === 'Localhost';
const validAppArmor = (type: unknown) => type === 'RuntimeDefault' || type === 'Localhost';

function probeHosts(c: Json): string[] {
  const handlers = [c.livenessProbe, c.readinessProbe, c.startupProbe, c.lifecycle?.postStart, c.lifecycle?.preStop];
  return handlers.flatMap((h) => [h?.httpGet?.host, h?.tcpSocket?.host]).filter((host): host is string => typeof host === 'string' && host !== '');
}

const CHECKS: Check[] = [
  {
    id: 'hostNamespaces', level: 'baseline', source: 'check_hostNamespaces.go',
    check: (_, s) => (s.hostNetwork || s.hostPID || s.hostIPC ? 'host namespaces' : undefined),
  },
  {
    id: 'privileged', level: 'baseline', source: 'check_privileged.go',
    check: (_, s) => badContainers(s, 'privileged', (c) => c.securityContext?.privileged === true),
  },
  {
    id: 'capabilities_baseline', level: 'baseline', source: 'check_capabilities_baseline.go',
    check: (_, s) => badContainers(s, 'non-default capabilities', (c) => (c.securityContext?.capabilities?.add ?? []).some((cap: string) => !BASELINE_CAPABILITIES.has(cap))),
  },
  {
    id: 'hostPathVolumes', level: 'baseline', source: 'check_hostPathVolumes.go',
    check: (_, s) => ((s.volumes ?? []).some((v: Json) => v.hostPath) ? 'hostPath volumes' : undefined),
  },
  {
    id: 'hostPorts', level: 'baseline', source: 'check_hostPorts.go',
    check: (_, s) => badContainers(s, 'hostPort', (c) => (c.ports ?? []).some((p: Json) => (p.hostPort ?? 0) !== 0)),
  },
  {
    id: 'hostProbesAndHostLifecycle', level: 'baseline', source: 'check_hostProbesAndhostLifecycle.go (1.34+)',
    check: (_, s) => badContainers(s, 'probe or lifecycle host', (c) => probeHosts(c).length > 0),
  },
  {
    id: 'appArmorProfile', level: 'baseline', source: 'check_appArmorProfile.go',
    check: (m, s) => {
      const badPod = s.securityContext?.appArmorProfile && !validAppArmor(s.securityContext.appArmorProfile.type);
      const badContainer = containersOf(s).some((c) => c.securityContext?.appArmorProfile && !validAppArmor(c.securityContext.appArmorProfile.type));
      const badAnnotation = Object.entries(m.annotations ?? {}).some(
        ([k, v]) => k.startsWith('container.apparmor.security.beta.kubernetes.io/') && !(v === '' || v === 'runtime/default' || String(v).startsWith('localhost/')),
      );
      return badPod || badContainer || badAnnotation ? 'forbidden AppArmor profile' : undefined;
    },
  },
  {
    id: 'seLinuxOptions', level: 'baseline', source: 'check_seLinuxOptions.go (1.31+ types)',
    check: (_, s) => {
      const bad = (o: Json | undefined) => o !== undefined && (!SELINUX_TYPES.has(o.type ?? '') || !!o.user || !!o.role);
      return bad(s.securityContext?.seLinuxOptions) || containersOf(s).some((c) => bad(c.securityContext?.seLinuxOptions)) ? 'seLinuxOptions' : undefined;
    },
  },
  {
    id: 'procMount', level: 'baseline', source: 'check_procMount_baseline.go (1.35+: relaxed with hostUsers: false)',
    check: (_, s) => (inUserNamespace(s) ? undefined : badContainers(s, 'procMount', (c) => c.securityContext?.procMount !== undefined && c.securityContext.procMount !== 'Default')),
  },
  {
    id: 'seccompProfile_baseline', level: 'baseline', source: 'check_seccompProfile_baseline.go (1.19+ fields)',
    check: (_, s) => {
      const badPod = s.securityContext?.seccompProfile && !validSeccomp(s.securityContext.seccompProfile.type);
      const badContainer = containersOf(s).some((c) => c.securityContext?.seccompProfile && !validSeccomp(c.securityContext.seccompProfile.type));
      return badPod || badContainer ? 'seccompProfile' : undefined;
    },
  },
  {
    id: 'sysctls', level: 'baseline', source: 'check_sysctls.go (1.32+ list)',
    check: (_, s) => ((s.securityContext?.sysctls ?? []).some((x: Json) => !SAFE_SYSCTLS.has(x.name)) ? 'forbidden sysctls' : undefined),
  },
  {
    id: 'windowsHostProcess', level: 'baseline', source: 'check_windowsHostProcess.go',
    check: (_, s) =>
      s.securityContext?.windowsOptions?.hostProcess === true || containersOf(s).some((c) => c.securityContext?.windowsOptions?.hostProcess === true) ? 'hostProcess' : undefined,
  },
  {
    id: 'restrictedVolumes', level: 'restricted', overrides: ['hostPathVolumes'], source: 'check_restrictedVolumes.go',
    check: (_, s) => {
      const bad = (s.volumes ?? []).filter((v: Json) => !Object.keys(v).some((k) => RESTRICTED_VOLUME_SOURCES.has(k)));
      return bad.length ? `restricted volume types (${bad.map((v: Json) => v.name).join(', ')})` : undefined;
    },
  },
  {
    id: 'allowPrivilegeEscalation', level: 'restricted', source: 'check_allowPrivilegeEscalation.go (1.25+: not for Windows pods)',
    check: (_, s) => (isWindows(s) ? undefined : badContainers(s, 'allowPrivilegeEscalation != false', (c) => c.securityContext?.allowPrivilegeEscalation !== false)),
  },
  {
    id: 'capabilities_restricted', level: 'restricted', overrides: ['capabilities_baseline'], source: 'check_capabilities_restricted.go (1.25+: not for Windows pods)',
    check: (_, s) =>
      isWindows(s)
        ? undefined
        : badContainers(s, 'unrestricted capabilities', (c) => {
            const caps = c.securityContext?.capabilities;
            return !(caps?.drop ?? []).includes('ALL') || (caps?.add ?? []).some((cap: string) => cap !== 'NET_BIND_SERVICE');
          }),
  },
  {
    id: 'procMount_restricted', level: 'restricted', overrides: ['procMount'], source: 'check_procMount_restricted.go (1.35+)',
    check: (_, s) => badContainers(s, 'procMount', (c) => c.securityContext?.procMount !== undefined && c.securityContext.procMount !== 'Default'),
  },
  {
    id: 'runAsNonRoot', level: 'restricted', source: 'check_runAsNonRoot.go (1.35+: relaxed with hostUsers: false)',
    check: (_, s) => {
      if (inUserNamespace(s)) return undefined;
      const pod = s.securityContext?.runAsNonRoot;
      if (pod === false) return 'runAsNonRoot != true (pod)';
      // A container's own value wins; without one, the pod's `true` covers it.
      return badContainers(s, 'runAsNonRoot != true', (c) => (c.securityContext?.runAsNonRoot === undefined ? pod !== true : c.securityContext.runAsNonRoot !== true));
    },
  },
  {
    id: 'runAsUser', level: 'restricted', source: 'check_runAsUser.go (1.35+: relaxed with hostUsers: false)',
    check: (_, s) =>
      inUserNamespace(s) ? undefined : s.securityContext?.runAsUser === 0 ? 'runAsUser=0 (pod)' : badContainers(s, 'runAsUser=0', (c) => c.securityContext?.runAsUser === 0),
  },
  {
    id: 'seccompProfile_restricted', level: 'restricted', overrides: ['seccompProfile_baseline'], source: 'check_seccompProfile_restricted.go (1.25+: not for Windows pods)',
    check: (_, s) => {
      if (isWindows(s)) return undefined;
      const pod = s.securityContext?.seccompProfile;
      if (pod && !validSeccomp(pod.type)) return 'seccompProfile (pod)';
      // Every container needs RuntimeDefault or Localhost, its own or the pod's.
      return badContainers(s, 'seccompProfile', (c) => (c.securityContext?.seccompProfile ? !validSeccomp(c.securityContext.seccompProfile.type) : !pod));
    },
  },
];

/** The checks a level runs (policy/registry.go: restricted = baseline + restricted, minus the overridden). */
function checksFor(level: PodSecurityLevel): Check[] {
  if (level === 'privileged') return [];
  const selected = CHECKS.filter((c) => c.level === 'baseline' || level === 'restricted');
  const overridden = new Set(selected.flatMap((c) => c.overrides ?? []));
  return selected.filter((c) => !overridden.has(c.id));
}

/** The forbidden reasons Pod Security Admission gives for a pod at a level; empty when admitted. */
export function podSecurityViolations(level: PodSecurityLevel, metadata: Json, spec: Json): string[] {
  return checksFor(level).flatMap((c) => c.check(metadata ?? {}, spec) ?? []);
}

/** The upstream files the port covers (for the test that every check is ported). */
export const PORTED_CHECK_FILES = CHECKS.map((c) => c.source.split(' ')[0]!);
