/**
 * 1,000 → 9,000 users changes replicas, resources and counts only: the same environment at both
 * sizes renders the same objects once replica counts, resources, volume sizes and the repeated
 * entries of member lists are set aside; every added object belongs to a component or shard the
 * larger plan adds.
 */
import { describe, expect, it } from 'vitest';
import type { Environment } from '../../environments/environment.js';
import { objectKey, type KubeObject } from '../../charts/kube-object.js';
import { loadExample, render, variant } from './examples.js';

const COUNT_FIELDS = new Set(['replicas', 'instances', 'resources', 'storage', 'size']);
const EXACT_FIELDS = new Set(['image', 'imageName']);

/** A text with its numbers blanked and immediately repeated runs collapsed (member lists, server lines). */
function countFree(text: string): string {
  let previous = '';
  let current = text.replace(/\d+/g, '#');
  while (current !== previous) {
    previous = current;
    current = current.replace(/([\s\S]{12,}?)(?:,?\s?\1)+/g, '$1');
  }
  return current;
}

function normalise(value: unknown, key = ''): unknown {
  if (COUNT_FIELDS.has(key)) return '#';
  if (typeof value === 'string') return EXACT_FIELDS.has(key) ? value : countFree(value);
  if (Array.isArray(value)) return value.map((v) => normalise(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v, k)]));
  return value;
}

function compare(env: Environment) {
  const small = render(variant(env, (e) => (e.users = 1000)));
  const large = render(variant(env, (e) => (e.users = 9000)));
  const smallByKey = new Map(small.objects.map((o) => [objectKey(o), o]));
  const largeByKey = new Map(large.objects.map((o) => [objectKey(o), o]));
  const changed = [...smallByKey.keys()].filter((k) => largeByKey.has(k) && JSON.stringify(normalise(smallByKey.get(k))) !== JSON.stringify(normalise(largeByKey.get(k))));
  const removed = [...smallByKey.keys()].filter((k) => !largeByKey.has(k));
  const added = [...largeByKey.values()].filter((o) => !smallByKey.has(objectKey(o)));
  const newComponents = new Set(large.plan.components.map((c) => c.name).filter((n) => !small.plan.components.some((c) => c.name === n)));
  const smallShards = small.plan.jitsi?.shards ?? 0;
  const explained = (o: KubeObject) => {
    const component = o.metadata.labels?.['app.kubernetes.io/component'] ?? '';
    const shard = /^jitsi-(web|prosody|jicofo)-(\d+)$/.exec(component);
    return newComponents.has(component) || (shard !== null && Number(shard[2]) >= smallShards);
  };
  return { small, large, changed, removed, unexplained: added.filter((o) => !explained(o)).map(objectKey), added };
}

describe('1,000 → 9,000 users', () => {
  it('with community editions, changes replicas, resources and counts only', () => {
    const community = variant(loadExample('pilot'), (e) => {
      e.apps.onlyoffice.edition = 'community';
      e.apps.rocketchat.edition = 'community';
    });
    const { changed, removed, unexplained, added, large, small } = compare(community);
    expect(changed).toEqual([]);
    expect(removed).toEqual([]);
    expect(unexplained).toEqual([]);
    // The larger plan does add shards and bridges: the comparison is not vacuous.
    expect(added.length).toBeGreaterThan(0);
    expect(large.plan.jitsi?.bridges).toBeGreaterThan(small.plan.jitsi?.bridges ?? Infinity);
  });

  it('with enterprise editions, also switches Rocket.Chat to microservices: the only other changes are their wiring', () => {
    const { changed, removed, unexplained, added } = compare(loadExample('pilot'));
    expect(removed).toEqual([]);
    expect(unexplained).toEqual([]);
    expect(added.some((o) => o.metadata.name === 'rocketchat-ddp-streamer')).toBe(true);
    // The monolith joins the NATS bus (TRANSPORTER) and the DDP streamer takes the websockets (Ingress paths).
    expect(changed.sort()).toEqual(['apps/v1/Deployment/rocketchat/rocketchat', 'networking.k8s.io/v1/Ingress/rocketchat/rocketchat']);
  });
});
