/**
 * A container's file system as its pod spec lays it out, for reproducing what an image's start
 * scripts do to it. Writable: the root filesystem unless `readOnlyRootFilesystem`, and emptyDir
 * mounts unless `readOnly`. Read-only whatever the mount says: ConfigMap, Secret, downwardAPI and
 * projected volumes (the kubelet mounts them read-only since Kubernetes 1.10, the fix of
 * CVE-2017-1002102; a `subPath` of one is a read-only bind mount of that file). Any write, chown
 * or mkdir on a read-only mount fails with EROFS, root or not: the test runner's own root rights
 * play no part.
 */
export interface Mount {
  path: string;
  readOnly: boolean;
  /** The file or folder is a mount of this volume (`root` for the image's own filesystem). */
  volume: string;
  /** A single file (subPath of a ConfigMap key) rather than a folder. */
  file: boolean;
}

const ALWAYS_READ_ONLY = ['configMap', 'secret', 'downwardAPI', 'projected'];

export function containerMounts(pod: Record<string, any>, container: Record<string, any>): Mount[] {
  const volumes = new Map<string, Record<string, unknown>>((pod.volumes ?? []).map((v: any) => [v.name, v]));
  const mounts: Mount[] = [{ path: '/', readOnly: container.securityContext?.readOnlyRootFilesystem === true, volume: 'root', file: false }];
  for (const m of container.volumeMounts ?? []) {
    const v = volumes.get(m.name);
    if (!v) throw new Error(`container ${container.name} mounts unknown volume ${m.name}`);
    const kind = Object.keys(v).find((k) => k !== 'name')!;
    mounts.push({ path: m.mountPath, readOnly: m.readOnly === true || ALWAYS_READ_ONLY.includes(kind), volume: m.name, file: m.subPath !== undefined && kind !== 'emptyDir' });
  }
  return mounts;
}

const under = (path: string, dir: string) => dir === '/' || path === dir || path.startsWith(`${dir}/`);

/** The mount a path lives on (the deepest one containing it). */
export function mountOf(mounts: Mount[], path: string): Mount {
  return mounts.filter((m) => under(path, m.path)).sort((a, b) => b.path.length - a.path.length)[0]!;
}

/** Every mount at or below a folder (what `chown -R` walks into). */
export function mountsUnder(mounts: Mount[], dir: string): Mount[] {
  return [mountOf(mounts, dir), ...mounts.filter((m) => m.path !== dir && under(m.path, dir))].filter((m, i, all) => all.indexOf(m) === i);
}
