/** Kubernetes recommended labels (kubernetes.io/docs/concepts/overview/working-with-objects/common-labels). */
export const MANAGED_BY = 'socle';

export interface ComponentId {
  /** `app.kubernetes.io/name`: the application, e.g. `nextcloud`. */
  app: string;
  /** `app.kubernetes.io/component`: the part, e.g. `nextcloud-app`, `jitsi-prosody-0`. */
  component: string;
  /** `app.kubernetes.io/version`, from the pinned image tag. */
  version: string;
}

/** Labels that select a component's pods: stable across versions (selectors are immutable). */
export function selectorLabels(id: Pick<ComponentId, 'app' | 'component'>): Record<string, string> {
  return { 'app.kubernetes.io/name': id.app, 'app.kubernetes.io/component': id.component };
}

export function recommendedLabels(id: ComponentId, instance: string): Record<string, string> {
  return {
    ...selectorLabels(id),
    'app.kubernetes.io/instance': instance,
    'app.kubernetes.io/version': id.version,
    'app.kubernetes.io/part-of': 'socle',
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
}

/** The version a label can carry: the image tag, cut to the 63 characters a label value allows. */
export function versionOf(image: string): string {
  return (image.split(':').pop() ?? 'unknown').replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 63);
}
