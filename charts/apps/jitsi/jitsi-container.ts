/**
 * How the docker-jitsi-meet images run: an s6-overlay init starts as root, renders configuration
 * from environment variables into /config, then drops to a service user. That needs root, a
 * writable root filesystem and a few capabilities; privilege escalation stays off and every other
 * capability is dropped (design-exceptions.ts: k8s-run-as-non-root, k8s-read-only-root-filesystem).
 */
import { container, type ContainerOptions } from '../../container.js';

const S6_INIT = 'the docker-jitsi-meet image starts an s6-overlay init as root that renders its configuration and drops to a service user';
const S6_CAPABILITIES = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID', 'KILL'];

/** Pod identity of Jitsi pods: root, for the s6 init. */
export const JITSI_POD_USER = { uid: 0, gid: 0 };

export function jitsiContainer(o: Omit<ContainerOptions, 'rootBecause' | 'writableRootFilesystemBecause'>): Record<string, unknown> {
  return container({
    ...o,
    rootBecause: S6_INIT,
    writableRootFilesystemBecause: S6_INIT,
    addCapabilities: [...S6_CAPABILITIES, ...(o.addCapabilities ?? [])],
  });
}
