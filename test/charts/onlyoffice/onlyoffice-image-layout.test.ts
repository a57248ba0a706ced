/**
 * Every file socle's ONLYOFFICE pods take from an image is in that image, as its Dockerfile at the
 * pinned tag lays it out (test/charts/onlyoffice/onlyoffice-image-layout.ts). K6: the schema Job copied
 * createdb.sql out of the docservice image, which has no server/schema folder.
 */
import { describe, expect, it } from 'vitest';
import { IMAGES, type ImageName } from '../../../charts/images.js';
import { ONLYOFFICE_CONVERTER_BIN } from '../../../charts/apps/onlyoffice/onlyoffice.js';
import { imageHolds, ONLYOFFICE_IMAGE_LAYOUTS } from './onlyoffice-image-layout.js';
import { containers, EXAMPLE_NAMES, loadExample, podSpec, render } from '../examples.js';

const tagOf = (image: string) => image.slice(image.lastIndexOf(':') + 1);
const imageName = (ref: string) => (Object.keys(IMAGES) as ImageName[]).find((k) => ref.endsWith(IMAGES[k].slice(IMAGES[k].indexOf('/') + 1)));

it('reads each layout at the tag images.ts pins', () => {
  for (const [name, layout] of Object.entries(ONLYOFFICE_IMAGE_LAYOUTS)) expect({ name, tag: tagOf(IMAGES[name as ImageName]) }).toEqual({ name, tag: layout!.tag });
});

it('K6 reproduced: the docservice image has no createdb.sql', () => {
  expect(imageHolds(ONLYOFFICE_IMAGE_LAYOUTS.onlyofficeDocservice!, '/var/www/onlyoffice/documentserver/server/schema/postgresql/createdb.sql')).toBe(false);
});

describe.each(EXAMPLE_NAMES)('ONLYOFFICE files taken from images, example %s', (name) => {
  const objects = render(loadExample(name)).objects.filter((o) => o.metadata.namespace === 'onlyoffice');

  it("the schema Job's copy source is in the image it runs", () => {
    const job = objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('onlyoffice-postgresql-schema-'))!;
    const copy = podSpec(job).initContainers[0];
    const layout = ONLYOFFICE_IMAGE_LAYOUTS[imageName(copy.image)!];
    expect(layout, copy.image).toBeDefined();
    expect(imageHolds(layout!, copy.command[1])).toBe(true);
  });

  it("the converter probe's executable is in the converter image", () => {
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'onlyoffice-converter')!;
    const c = containers(deployment).find((x) => x.name === 'converter')!;
    expect(imageHolds(ONLYOFFICE_IMAGE_LAYOUTS[imageName(c.image)!]!, ONLYOFFICE_CONVERTER_BIN)).toBe(true);
  });

  it('the settings files are mounted where the images keep their node-config (NODE_CONFIG_DIR, Dockerfile L15)', () => {
    for (const o of objects.filter((x) => x.kind === 'StatefulSet' || x.kind === 'Deployment')) {
      for (const c of containers(o)) {
        const layout = ONLYOFFICE_IMAGE_LAYOUTS[imageName(c.image)!];
        if (!layout) continue;
        for (const m of (c.volumeMounts ?? []).filter((x: any) => x.mountPath.startsWith('/etc/onlyoffice/'))) {
          expect({ container: c.name, dir: imageHolds(layout, '/etc/onlyoffice/documentserver/default.json') }).toEqual({ container: c.name, dir: true });
          expect(m.mountPath.startsWith('/etc/onlyoffice/documentserver/')).toBe(true);
        }
      }
    }
  });
});
