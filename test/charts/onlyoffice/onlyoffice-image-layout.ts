/**
 * What each pinned ONLYOFFICE image holds, read from the Dockerfile that builds it, with the lines
 * as evidence: the paths socle's pods use must lie under one of their image's entries. Docs images:
 * ONLYOFFICE/Docker-Docs v9.0.4-1 `Dockerfile` (the docservice and converter stages copy only some
 * folders of the documentserver package installed in the `ds-service` stage; `createdb.sql` goes
 * only to the `db` stage, FROM postgres, which docker-bake.hcl doesn't publish: its targets are
 * proxy, converter, docservice, example, utils, balancer). The all-in-one image:
 * ONLYOFFICE/Docker-DocumentServer v9.0.4.9 `Dockerfile` (installs the whole package).
 */
import type { ImageName } from '../../../charts/images.js';

export interface ImageLayout {
  /** The tag this layout was read at: the test fails when images.ts moves. */
  tag: string;
  source: string;
  /** Paths present in the image (a folder holds everything below it), with the Dockerfile lines. */
  paths: Record<string, string>;
}

const DOCS = 'ONLYOFFICE/Docker-Docs v9.0.4-1 Dockerfile';
const docservice: ImageLayout = {
  tag: '9.0.4-1',
  source: `${DOCS}, stage docservice (L155-185)`,
  paths: {
    '/etc/onlyoffice/documentserver/default.json': 'L157-160',
    '/etc/onlyoffice/documentserver/production-linux.json': 'L157-160',
    '/etc/onlyoffice/documentserver/log4js/production.json': 'L161-163',
    '/var/www/onlyoffice/documentserver/sdkjs-plugins': 'L164-166',
    '/var/www/onlyoffice/documentserver/web-apps/apps/common/main/resources/themes': 'L167-169',
    '/var/www/onlyoffice/documentserver/server/DocService': 'L170-172',
    '/var/www/onlyoffice/documentserver/server/info': 'L173-175',
    '/var/www/onlyoffice/documentserver/web-apps/apps/api/wopi': 'L176-178',
    '/var/www/onlyoffice/documentserver/document-templates/new': 'L179-181',
    '/usr/local/bin/docker-entrypoint.sh': 'L182',
  },
};
const converter: ImageLayout = {
  tag: '9.0.4-1',
  source: `${DOCS}, stage converter (L187-228)`,
  paths: {
    '/etc/onlyoffice/documentserver/default.json': 'L188-191',
    '/etc/onlyoffice/documentserver/production-linux.json': 'L188-191',
    '/etc/onlyoffice/documentserver/log4js/production.json': 'L192-194',
    '/var/www/onlyoffice/documentserver/core-fonts': 'L195-197',
    '/var/www/onlyoffice/documentserver/fonts': 'L198-200',
    '/usr/share/fonts': 'L201-203',
    '/var/www/onlyoffice/documentserver/sdkjs': 'L204-206',
    '/var/www/onlyoffice/documentserver/server/FileConverter': 'L207-209 (ENTRYPOINT …/FileConverter/converter, L228)',
    '/var/www/onlyoffice/documentserver/server/info': 'L210-212',
    '/var/www/onlyoffice/documentserver/web-apps': 'L213-215',
    '/var/www/onlyoffice/documentserver/document-templates/new': 'L216-218',
    '/usr/lib64': 'L219-221',
    '/usr/local/bin/docker-entrypoint.sh': 'L222',
    '/var/lib/onlyoffice/documentserver/App_Data': 'L223-226',
  },
};
const proxy: ImageLayout = {
  tag: '9.0.4-1',
  source: `${DOCS}, stage proxy (L75-153)`,
  paths: {
    '/etc/nginx/nginx.conf': 'L89',
    '/usr/local/bin/docker-entrypoint.sh': 'L90',
    '/etc/nginx/conf.d/ds.conf': 'L91-93',
    '/etc/nginx/includes': 'L94-97',
    '/var/www/onlyoffice/documentserver/fonts': 'L98-100',
    '/var/www/onlyoffice/documentserver/sdkjs': 'L101-103',
    '/var/www/onlyoffice/documentserver/sdkjs-plugins': 'L104-106',
    '/var/www/onlyoffice/documentserver/web-apps': 'L107-109',
    '/var/lib/onlyoffice/documentserver': 'L134-137',
  },
};

export const ONLYOFFICE_IMAGE_LAYOUTS: Partial<Record<ImageName, ImageLayout>> = {
  onlyofficeDocservice: docservice,
  onlyofficeDocserviceEnterprise: docservice,
  onlyofficeConverter: converter,
  onlyofficeConverterEnterprise: converter,
  onlyofficeProxy: proxy,
  onlyofficeProxyEnterprise: proxy,
  onlyofficeDocumentServer: {
    tag: '9.0.4.1',
    source: 'ONLYOFFICE/Docker-DocumentServer v9.0.4.9 Dockerfile',
    paths: {
      // L119-123 installs the onlyoffice-documentserver package; L129-131 append to its schema files.
      '/var/www/onlyoffice/documentserver': 'L119-123',
      '/var/www/onlyoffice/documentserver/server/schema': 'L129-131; run-document-server.sh L24 (APP_DIR), L499 (psql -f …/postgresql/createdb.sql)',
      '/etc/onlyoffice/documentserver': 'L119-123',
    },
  },
};

/** Whether `path` is in the image: equal to or under one of its entries. */
export function imageHolds(layout: ImageLayout, path: string): boolean {
  return Object.keys(layout.paths).some((p) => path === p || path.startsWith(`${p}/`));
}
