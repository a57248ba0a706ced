/**
 * Every setting socle renders for Nextcloud and ONLYOFFICE Docs is one the pinned image reads
 * (the applications silently ignore the others), and the privacy and security switches that were
 * found not to switch are now set through the mechanism the software really reads.
 */
import { describe, expect, it } from 'vitest';
import { IMAGES, type ImageName } from '../../charts/images.js';
import type { KubeObject } from '../../charts/kube-object.js';
import {
  IMAGE_ENV,
  NEXTCLOUD_APP_KEYS,
  NEXTCLOUD_CHECKED,
  NEXTCLOUD_OCC_COMMANDS,
  NEXTCLOUD_SYSTEM_KEYS,
  NEXTCLOUD_THEMING_KEYS,
  ONLYOFFICE_CHECKED,
  ONLYOFFICE_CONFIG_KEYS,
} from './app-config-keys.js';
import { configData, containers, envOf, EXAMPLE_NAMES, find, loadExample, render, variant, type Rendered } from './examples.js';

const NAMESPACES = ['nextcloud', 'onlyoffice'];
/** The images of these two applications (the bucket backup's rclone is the shared backup builder's). */
const CHECKED = new Set(Object.values(IMAGE_ENV).flatMap((e) => e.images));
const tagOf = (image: string) => image.slice(image.lastIndexOf(':') + 1);
const nameOf = (ref: string): ImageName | undefined =>
  (Object.keys(IMAGES) as ImageName[]).find((name) => ref.endsWith(IMAGES[name].slice(IMAGES[name].indexOf('/') + 1)));

/**
 * Leaf key paths of a PHP array literal (`'a' => array ('b' => 1)` gives `a.b`; list indexes are
 * `*`; an empty array is a leaf). `//` comment lines are skipped; function calls are values.
 */
function phpKeyPaths(php: string): string[] {
  const text = php.replace(/^\s*\/\/.*$/gm, '');
  const token = /'((?:[^'\\]|\\.)*)'(\s*=>)?|(\d+)\s*=>|array\s*\(|[A-Za-z_]\w*\s*\(|\(|\)/g;
  const stack: { key?: string; array: boolean; children: number; items: number }[] = [];
  const paths: string[] = [];
  let pending: string | undefined;
  const here = () => stack.filter((f) => f.array && f.key !== undefined).map((f) => f.key);
  for (const m of text.matchAll(token)) {
    const [whole, literal, arrow, index] = m;
    const key = arrow ? literal : undefined;
    if (literal !== undefined && !arrow) {
      // A plain value: an element of a list when it sits directly in an array.
      const top = stack[stack.length - 1];
      if (top?.array && pending === undefined) top.items++;
    } else if (key !== undefined || index !== undefined) {
      if (pending !== undefined) paths.push([...here(), pending].join('.'));
      pending = key ?? '*';
      const parent = [...stack].reverse().find((f) => f.array);
      if (parent) parent.children++;
    } else if (/^array\s*\($/.test(whole)) {
      stack.push({ key: stack.some((f) => f.array) ? (pending ?? '*') : undefined, array: true, children: 0, items: 0 });
      pending = undefined;
    } else if (whole === ')') {
      const frame = stack.pop();
      if (frame?.array) {
        if (pending !== undefined) paths.push([...here(), frame.key, pending].filter((k) => k !== undefined).join('.'));
        else if (frame.children === 0 && frame.key !== undefined) paths.push([...here(), frame.key, ...(frame.items > 0 ? ['*'] : [])].join('.'));
        pending = undefined;
      }
    } else {
      stack.push({ array: false, children: 0, items: 0 });
    }
  }
  return [...new Set(paths)];
}

const matches = (pattern: string, path: string) => {
  const p = pattern.split('.');
  const k = path.split('.');
  return p.length === k.length && p.every((s, i) => s === '*' || s === k[i]);
};

interface EnvUse {
  image: ImageName;
  object: string;
  container: string;
  name: string;
}

function envUses(r: Rendered): EnvUse[] {
  return r.objects
    .filter((o) => NAMESPACES.includes(o.metadata.namespace ?? '') && ['Deployment', 'StatefulSet', 'Job', 'CronJob'].includes(o.kind))
    .flatMap((o) =>
      containers(o).flatMap((c) => {
        const image = nameOf(c.image);
        return image && CHECKED.has(image) ? (c.env ?? []).map((e: { name: string }) => ({ image, object: `${o.kind}/${o.metadata.name}`, container: c.name, name: e.name })) : [];
      }),
    );
}

/** Where socle's own variables may be read: its config files and scripts, and the container's env and command. */
function socleText(r: Rendered, use: EnvUse): string {
  const maps = r.objects.filter((o: KubeObject) => o.kind === 'ConfigMap' && NAMESPACES.includes(o.metadata.namespace ?? ''));
  const files = maps.flatMap((o) => Object.values((o.data as Record<string, string>) ?? {}));
  const object = r.objects.find((o) => `${o.kind}/${o.metadata.name}` === use.object)!;
  const c = containers(object).find((x) => x.name === use.container)!;
  return [...files, JSON.stringify(c.env ?? []), JSON.stringify(c.command ?? []), JSON.stringify(c.args ?? [])].join('\n');
}

/** PHP getenv, shell and Kubernetes expansions, and node-config's custom-environment-variables value (`"NAME"`). */
const referenced = (text: string, name: string) =>
  [`getenv('${name}')`, `$${name}`, `\${${name}}`, `$(${name})`, `"${name}"`].some((form) => text.includes(form));

/** Environment variables neither the image reads nor socle's own files use. */
function unreadEnv(r: Rendered): string[] {
  return envUses(r).flatMap((use) => {
    const known = Object.values(IMAGE_ENV).find((e) => e.images.includes(use.image))!;
    if (known.reads.includes(use.name)) return [];
    if (known.socleOwn.includes(use.name) && referenced(socleText(r, use), use.name)) return [];
    return [`${use.object}/${use.container}: ${use.name}`];
  });
}

/** Leaf key paths of a JSON document (`{"a": {"b": 1}}` gives `a.b`). */
function jsonKeyPaths(value: unknown, prefix: string[] = []): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix.join('.')];
  return Object.entries(value).flatMap(([k, v]) => jsonKeyPaths(v, [...prefix, k]));
}

/** The node-config files socle mounts into the ONLYOFFICE server's NODE_CONFIG_DIR. */
const ONLYOFFICE_FILES = ['local-production-linux.json', 'custom-environment-variables.json'];
const onlyofficeKeys = (r: Rendered) => ONLYOFFICE_FILES.flatMap((file) => jsonKeyPaths(JSON.parse(configData(r.objects, 'onlyoffice-storage', file))));
const unreadOnlyofficeKeys = (paths: string[]) => paths.filter((path) => !ONLYOFFICE_CONFIG_KEYS.includes(path));

const nextcloudKeys = (r: Rendered) => phpKeyPaths(configData(r.objects, 'nextcloud-config', 'socle.config.php'));
const unreadSystemKeys = (paths: string[]) => paths.filter((path) => !NEXTCLOUD_SYSTEM_KEYS.some((p) => matches(p, path)));

function unreadOcc(script: string): string[] {
  const commands = [...script.matchAll(/php occ ([a-z:-]+)/g)].map((m) => m[1]!).filter((c) => !NEXTCLOUD_OCC_COMMANDS.includes(c));
  const appKeys = [...script.matchAll(/config:app:set (\S+) (\S+)/g)].map((m) => `${m[1]} ${m[2]}`).filter((k) => !NEXTCLOUD_APP_KEYS.includes(k));
  const theming = [...script.matchAll(/theming:config (\S+)/g)].map((m) => `theming ${m[1]}`).filter((k) => !NEXTCLOUD_THEMING_KEYS.includes(k.slice(8)));
  return [...commands, ...appKeys, ...theming];
}

const rendered = [
  ...EXAMPLE_NAMES.map((name) => ({ name, r: render(loadExample(name)) })),
  { name: 'community ONLYOFFICE, no mail', r: render(variant(loadExample('pilot'), (e) => ((e.apps.onlyoffice.edition = 'community'), delete (e as { smtp?: unknown }).smtp))) },
];

describe('Nextcloud and ONLYOFFICE settings', () => {
  it('sets only environment variables the pinned images read, or that socle’s own files use', () => {
    for (const { name, r } of rendered) expect({ example: name, unread: unreadEnv(r) }).toEqual({ example: name, unread: [] });
  });

  it('writes only config.php keys Nextcloud reads, and only occ commands and app keys that exist', () => {
    for (const { name, r } of rendered) {
      expect({ example: name, unread: unreadSystemKeys(nextcloudKeys(r)) }).toEqual({ example: name, unread: [] });
      expect({ example: name, unread: unreadOcc(configData(r.objects, 'nextcloud-install', 'install.sh')) }).toEqual({ example: name, unread: [] });
    }
  });

  it('writes only ONLYOFFICE server settings the pinned server reads', () => {
    for (const { name, r } of rendered) {
      expect(onlyofficeKeys(r).length).toBeGreaterThan(0);
      expect({ example: name, unread: unreadOnlyofficeKeys(onlyofficeKeys(r)) }).toEqual({ example: name, unread: [] });
    }
    expect(unreadOnlyofficeKeys(jsonKeyPaths({ storage: { bucket: 'x', useDirectStorageURLs: false } }))).toEqual(['storage.bucket', 'storage.useDirectStorageURLs']);
  });

  it('were checked for the exact image versions socle pins', () => {
    for (const checked of Object.values(IMAGE_ENV)) for (const image of checked.images) expect({ image, tag: tagOf(IMAGES[image]) }).toEqual({ image, tag: checked.version });
    expect(tagOf(IMAGES.nextcloud)).toBe(NEXTCLOUD_CHECKED.version);
    expect(tagOf(IMAGES.onlyofficeDocservice)).toBe(ONLYOFFICE_CHECKED.version);
  });

  it('catch a misspelt or renamed setting', () => {
    expect(unreadSystemKeys(phpKeyPaths("$CONFIG = array (\n  'objectstore' => array ('arguments' => array ('autocreate' => false)),\n  'has_internet_conection' => false,\n);"))).toEqual([
      'objectstore.arguments.autocreate',
      'has_internet_conection',
    ]);
    expect(unreadOcc('php occ config:app:set notifications subscription_aware_server --value x\nphp occ theming:config colour red\nphp occ app:instal x')).toEqual([
      'app:instal',
      'notifications subscription_aware_server',
      'theming colour',
    ]);
    const { r } = rendered[0]!;
    const docservice = find(r.objects, 'StatefulSet', 'onlyoffice-docservice');
    const misspelt = structuredClone(docservice);
    (misspelt.spec as any).template.spec.containers[1].env.push({ name: 'REDIS_SERVER_PASSWORD', value: 'x' }, { name: 'NEXTCLOUD_SECRET', value: 'x' });
    expect(unreadEnv({ ...r, objects: [misspelt, ...r.objects.filter((o) => o.kind === 'ConfigMap')] })).toEqual(['StatefulSet/onlyoffice-docservice/docservice: REDIS_SERVER_PASSWORD', 'StatefulSet/onlyoffice-docservice/docservice: NEXTCLOUD_SECRET']);
  });

  it('reads PHP array key paths as Nextcloud does', () => {
    expect(phpKeyPaths("$CONFIG = array (\n  // 'commented' => 1,\n  'a' => getenv('X') === '1',\n  'b' => array (0 => 'x', 1 => 'y'),\n  'l' => array ('x', 'y'),\n  'c' => array (),\n  'd' => array ('e' => array ('f' => 1), 'g' => 'h'),\n);")).toEqual([
      'a',
      'b.*',
      'l.*',
      'c',
      'd.e.f',
      'd.g',
    ]);
  });
});

describe('Privacy and security switches, through what the software reads', () => {
  const { r } = rendered.find((x) => x.name === 'metropole-9000')!;
  const config = configData(r.objects, 'nextcloud-config', 'socle.config.php');
  const install = configData(r.objects, 'nextcloud-install', 'install.sh');

  it('stops mobile push through Nextcloud’s proxy with has_internet_connection off (notifications Push::pushToDevice), not subscription_aware_server', () => {
    expect(config).toContain("'has_internet_connection' => false,");
    expect(install).not.toContain('subscription_aware_server');
  });

  it('never opens the app store: the two apps come pinned (nextcloud-apps.ts), enabled from the unpacked code', () => {
    expect(config).toContain("'appstoreenabled' => false,");
    expect(install).not.toMatch(/app:install|downloadApp/);
    expect(install).toContain('php occ app:enable "$app"');
  });

  it('never probes nor creates the S3 bucket (verify_bucket_exists; S3 ignores autocreate)', () => {
    expect(nextcloudKeys(r)).toContain('objectstore.arguments.verify_bucket_exists');
    expect(config).toContain("'verify_bucket_exists' => false,");
    expect(nextcloudKeys(r)).not.toContain('objectstore.arguments.autocreate');
  });

  it('upgrades the schema of an installed Nextcloud from the version the database was brought to, which the entrypoint never does on fresh code copies', () => {
    const installed = install.slice(install.indexOf('\nelse\n'), install.indexOf('\nfi\n'));
    expect(installed).toContain('php /socle/nextcloud-prepare.php write-config "${state#installed }"\n');
    // The shared maintenance of every serving pod is on before the schema moves (nextcloud-upgrade.program.test.ts runs it).
    expect(installed).toContain('php /socle/nextcloud-prepare.php begin-upgrade\n  php occ upgrade');
    expect(install.slice(install.indexOf('if [ "$state" = new ]'), install.indexOf('\nelse\n'))).not.toContain('occ upgrade');
  });

  it('keeps PHP sessions in Valkey without REDIS_HOST, whose entrypoint step needs root', () => {
    const app = find(r.objects, 'Deployment', 'nextcloud-app');
    for (const o of [app, find(r.objects, 'CronJob', 'nextcloud-cron'), find(r.objects, 'Job', 'nextcloud-install')]) expect(envOf(o).has('REDIS_HOST')).toBe(false);
    const ini = configData(r.objects, 'nextcloud-fpm', 'zz-socle-session.ini');
    expect(ini).toContain('session.save_handler = redis');
    expect(ini).toContain('session.save_path = "tcp://valkey.nextcloud.svc.cluster.local:6379?auth=${REDIS_HOST_PASSWORD}"');
    const fpm = containers(app).find((c) => c.name === 'php-fpm')!;
    expect(fpm.volumeMounts).toContainEqual({ name: 'fpm', mountPath: '/usr/local/etc/php/conf.d/zz-socle-session.ini', subPath: 'zz-socle-session.ini', readOnly: true });
    expect(envOf(app, 'php-fpm').get('REDIS_HOST_PASSWORD')).toEqual({ secretKeyRef: { name: 'valkey-auth', key: 'password' } });
  });

  it('signs ONLYOFFICE cache links with a generated secret, the same in the proxy and the services', () => {
    const ref = { secretKeyRef: { name: 'onlyoffice-secure-link', key: 'secret' } };
    const docservice = find(r.objects, 'StatefulSet', 'onlyoffice-docservice');
    expect(envOf(docservice, 'proxy').get('SECURE_LINK_SECRET')).toEqual(ref);
    expect(envOf(docservice, 'docservice').get('SECURE_LINK_SECRET')).toEqual(ref);
    expect(envOf(find(r.objects, 'Deployment', 'onlyoffice-converter')).get('SECURE_LINK_SECRET')).toEqual(ref);
  });

  it('lets the document server reach Nextcloud’s internal address, and outside the cluster only the S3 endpoint’s port', () => {
    expect(envOf(find(r.objects, 'StatefulSet', 'onlyoffice-docservice'), 'docservice').get('ALLOW_PRIVATE_IP_ADDRESS')).toBe('true');
    for (const workload of [find(r.objects, 'StatefulSet', 'onlyoffice-docservice'), find(r.objects, 'Deployment', 'onlyoffice-converter')]) {
      const labels: Record<string, string> = (workload.spec as any).template.metadata.labels;
      const selects = (o: KubeObject) => Object.entries((o.spec as any).podSelector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
      const outward = r.objects
        .filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'onlyoffice' && selects(o) && JSON.stringify((o.spec as any).egress ?? []).includes('ipBlock'))
        .map((o) => ({ name: o.metadata.name, egress: (o.spec as any).egress }));
      expect({ workload: workload.metadata.name, outward }).toEqual({
        workload: workload.metadata.name,
        outward: [{ name: `allow-${workload.metadata.name}-to-object-storage`, egress: [{ to: [{ ipBlock: expect.objectContaining({ cidr: '0.0.0.0/0' }) }], ports: [{ protocol: 'TCP', port: 443 }] }] }],
      });
    }
  });

  it('leaves ONLYOFFICE metrics and WOPI at their off defaults', () => {
    const uses = envUses(r).map((u) => u.name);
    for (const name of ['METRICS_ENABLED', 'WOPI_ENABLED', 'ALLOW_META_IP_ADDRESS']) expect(uses).not.toContain(name);
  });
});
