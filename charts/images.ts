/**
 * Every container image socle runs, pinned to an exact version. `images.mirror` in the environment
 * rewrites each of them to the authority's EU registry (same path and tag), so that no pull reaches
 * Docker Hub, ghcr.io or quay.io at run time (residency leak #5).
 * Tags were chosen from the vendors' release pages; copy them into the mirror before the first deploy.
 */
import type { Environment } from '../environments/environment.js';

export const IMAGES = {
  nextcloud: 'docker.io/library/nextcloud:31.0.9-fpm',
  nginx: 'docker.io/nginxinc/nginx-unprivileged:1.28.0-alpine',
  notifyPush: 'docker.io/icewind1991/notify_push:1.1.0',
  valkey: 'docker.io/valkey/valkey:8.1.3-alpine',
  haproxy: 'docker.io/library/haproxy:3.2.4-alpine',
  postgresql: 'ghcr.io/cloudnative-pg/postgresql:17.6',
  // The Barman Cloud CNPG-I plugin (charts/platform/barman-cloud-plugin.ts) and the sidecar it puts
  // into every PostgreSQL instance pod (v0.15.0 web/versioned_docs/version-0.15.0/images.md).
  barmanCloudPlugin: 'ghcr.io/cloudnative-pg/plugin-barman-cloud:v0.15.0',
  barmanCloudSidecar: 'ghcr.io/cloudnative-pg/plugin-barman-cloud-sidecar:v0.15.0',
  onlyofficeDocservice: 'docker.io/onlyoffice/docs-docservice:9.0.4-1',
  onlyofficeDocserviceEnterprise: 'docker.io/onlyoffice/docs-docservice-ee:9.0.4-1',
  onlyofficeConverter: 'docker.io/onlyoffice/docs-converter:9.0.4-1',
  onlyofficeConverterEnterprise: 'docker.io/onlyoffice/docs-converter-ee:9.0.4-1',
  onlyofficeProxy: 'docker.io/onlyoffice/docs-proxy:9.0.4-1',
  onlyofficeProxyEnterprise: 'docker.io/onlyoffice/docs-proxy-ee:9.0.4-1',
  // Only for its database schema: no Docs image of the release carries createdb.sql (Docker-Docs
  // v9.0.4-1 Dockerfile: only the unpublished `db` stage, FROM postgres, copies it), while this
  // image of the same release installs the whole documentserver package (test/charts/onlyoffice/onlyoffice-image-layout.ts).
  onlyofficeDocumentServer: 'docker.io/onlyoffice/documentserver:9.0.4.1',
  rabbitmq: 'docker.io/library/rabbitmq:4.1.4-management-alpine',
  mongodb: 'docker.io/library/mongo:8.0.13',
  rclone: 'docker.io/rclone/rclone:1.71.1',
  rocketchat: 'docker.io/rocketchat/rocket.chat:7.10.0',
  rocketchatDdpStreamer: 'docker.io/rocketchat/ddp-streamer-service:7.10.0',
  rocketchatAccounts: 'docker.io/rocketchat/accounts-service:7.10.0',
  rocketchatAuthorization: 'docker.io/rocketchat/authorization-service:7.10.0',
  rocketchatPresence: 'docker.io/rocketchat/presence-service:7.10.0',
  nats: 'docker.io/library/nats:2.11.8-alpine',
  wekan: 'docker.io/wekanteam/wekan:v7.93',
  jitsiWeb: 'docker.io/jitsi/web:stable-10431',
  jitsiProsody: 'docker.io/jitsi/prosody:stable-10431',
  jitsiJicofo: 'docker.io/jitsi/jicofo:stable-10431',
  jitsiVideobridge: 'docker.io/jitsi/jvb:stable-10431',
  coturn: 'docker.io/coturn/coturn:4.7.0-alpine',
} as const;

export type ImageName = keyof typeof IMAGES;

/** The reference to pull: the pinned image, or the same path under the environment's mirror. */
export function imageRef(env: Environment, name: ImageName): string {
  const pinned = IMAGES[name];
  const mirror = env.images.mirror?.replace(/\/+$/, '');
  if (!mirror) return pinned;
  // Drop the source registry host and keep `namespace/name:tag`, so one mirror holds them all.
  const path = pinned.slice(pinned.indexOf('/') + 1);
  return `${mirror}/${path}`;
}

/** The reference of `imageRef` as a Helm chart's `{registry, repository, tag}` values take it. */
export function chartImage(env: Environment, name: ImageName): { registry: string; repository: string; tag: string } {
  const ref = imageRef(env, name);
  const pinned = IMAGES[name];
  const repository = pinned.slice(pinned.indexOf('/') + 1, pinned.lastIndexOf(':'));
  const tag = pinned.slice(pinned.lastIndexOf(':') + 1);
  return { registry: ref.slice(0, ref.length - `/${repository}:${tag}`.length), repository, tag };
}
