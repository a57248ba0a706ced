/**
 * Container builder with secure defaults: non-root, no privilege escalation, every capability
 * dropped, read-only root filesystem unless the image needs to write (then the caller says why),
 * RuntimeDefault seccomp (set on the pod).
 */
import type { ResourceRequirements } from './resources.js';

export type EnvVar =
  | { name: string; value: string }
  | { name: string; valueFrom: { secretKeyRef: { name: string; key: string } } }
  | { name: string; valueFrom: { fieldRef: { fieldPath: string } } };

export interface Probe {
  httpGet?: { path: string; port: number | string };
  tcpSocket?: { port: number | string };
  exec?: { command: string[] };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
  readOnly?: boolean;
}

export interface ContainerOptions {
  name: string;
  image: string;
  resources: ResourceRequirements;
  ports?: { name: string; containerPort: number; protocol?: 'TCP' | 'UDP' }[];
  env?: EnvVar[];
  command?: string[];
  args?: string[];
  volumeMounts?: VolumeMount[];
  /** Liveness and readiness; both required for long-running containers, absent for init containers. */
  probes?: { liveness: Probe; readiness: Probe; startup?: Probe };
  /** `undefined`: read-only root filesystem. A string: why this image must write to its root filesystem. */
  writableRootFilesystemBecause?: string;
  /** Capabilities the process needs back after dropping ALL (e.g. NET_BIND_SERVICE). */
  addCapabilities?: string[];
  runAsUser?: number;
  /** Images that must start as root (s6-overlay init that drops privileges itself): why. */
  rootBecause?: string;
}

export function envValue(name: string, value: string | number | boolean): EnvVar {
  return { name, value: String(value) };
}

export function envSecret(name: string, secret: string, key: string): EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}

export function container(o: ContainerOptions): Record<string, unknown> {
  return {
    name: o.name,
    image: o.image,
    imagePullPolicy: 'IfNotPresent',
    ...(o.command ? { command: o.command } : {}),
    ...(o.args ? { args: o.args } : {}),
    ...(o.ports ? { ports: o.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? 'TCP' })) } : {}),
    ...(o.env && o.env.length > 0 ? { env: o.env } : {}),
    resources: o.resources,
    ...(o.volumeMounts && o.volumeMounts.length > 0 ? { volumeMounts: o.volumeMounts } : {}),
    ...(o.probes
      ? {
          livenessProbe: o.probes.liveness,
          readinessProbe: o.probes.readiness,
          ...(o.probes.startup ? { startupProbe: o.probes.startup } : {}),
        }
      : {}),
    securityContext: {
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: o.writableRootFilesystemBecause === undefined,
      ...(o.rootBecause !== undefined ? { runAsNonRoot: false, runAsUser: 0 } : { runAsNonRoot: true, ...(o.runAsUser !== undefined ? { runAsUser: o.runAsUser } : {}) }),
      capabilities: { drop: ['ALL'], ...(o.addCapabilities ? { add: o.addCapabilities } : {}) },
    },
  };
}

export const httpProbe = (path: string, port: number | string, initialDelaySeconds = 10): Probe => ({
  httpGet: { path, port },
  initialDelaySeconds,
  periodSeconds: 10,
  timeoutSeconds: 5,
  failureThreshold: 6,
});

export const tcpProbe = (port: number | string, initialDelaySeconds = 10): Probe => ({
  tcpSocket: { port },
  initialDelaySeconds,
  periodSeconds: 10,
  timeoutSeconds: 5,
  failureThreshold: 6,
});

export const execProbe = (command: string[], initialDelaySeconds = 10): Probe => ({
  exec: { command },
  initialDelaySeconds,
  periodSeconds: 15,
  timeoutSeconds: 10,
  failureThreshold: 6,
});
