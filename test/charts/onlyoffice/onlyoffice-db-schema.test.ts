/** ONLYOFFICE Docs' tables: a Job loads the schema shipped in the release's documentserver image into its PostgreSQL. */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageRef } from '../../../charts/images.js';
import { ONLYOFFICE_SCHEMA_SQL } from '../../../charts/apps/onlyoffice/onlyoffice.js';
import { validateObjects } from '../../../charts/strict-validation.js';
import type { KubeObject } from '../../../charts/kube-object.js';
import { EXAMPLE_NAMES, loadExample, render, variant } from '../examples.js';

const schemaJob = (objects: KubeObject[]) => {
  const jobs = objects.filter((o) => o.kind === 'Job' && o.metadata.namespace === 'onlyoffice' && o.metadata.name.startsWith('onlyoffice-postgresql-schema-'));
  expect(jobs).toHaveLength(1);
  return jobs[0]!;
};
const podSpec = (job: KubeObject) => (job.spec as any).template.spec;

describe.each(EXAMPLE_NAMES)('ONLYOFFICE schema Job, example %s', (name) => {
  const env = loadExample(name);
  const job = schemaJob(render(env).objects);
  const spec = podSpec(job);

  it("copies createdb.sql out of the pinned documentserver image of the release (socle ships no copy of the vendor's SQL)", () => {
    const copy = spec.initContainers[0];
    expect([copy.image, copy.command]).toEqual([imageRef(env, 'onlyofficeDocumentServer'), ['cp', ONLYOFFICE_SCHEMA_SQL, '/schema/schema.sql']]);
    expect(copy.securityContext).toMatchObject({ runAsUser: 65534, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
  });

  it('loads it with psql as the database owner, over TLS, credentials by Secret reference only', () => {
    const load = spec.containers[0];
    expect(load.image).toBe(imageRef(env, 'postgresql'));
    const vars = Object.fromEntries((load.env as any[]).map((e) => [e.name, e.value ?? e.valueFrom]));
    expect(vars).toEqual({
      PGHOST: 'onlyoffice-postgresql-rw.onlyoffice.svc',
      PGDATABASE: 'onlyoffice',
      PGSSLMODE: 'require',
      PGUSER: { secretKeyRef: { name: 'onlyoffice-postgresql-app', key: 'username' } },
      PGPASSWORD: { secretKeyRef: { name: 'onlyoffice-postgresql-app', key: 'password' } },
    });
    expect(validateObjects([job]).problems).toEqual([]);
  });
});

describe('ONLYOFFICE schema Job', () => {
  const pilot = loadExample('pilot');

  it('is named after the image it copies from, so that an image change loads the new schema', () => {
    const name = schemaJob(render(pilot).objects).metadata.name;
    expect(schemaJob(render(pilot).objects).metadata.name).toBe(name);
    const mirrored = variant(pilot, (e) => (e.images.mirror = 'registry.example.eu/mirror'));
    expect(schemaJob(render(mirrored).objects).metadata.name).not.toBe(name);
  });

  it('waits for the primary, then runs the file once with errors fatal (its command, under sh with stand-in tools)', () => {
    const load = podSpec(schemaJob(render(pilot).objects)).containers[0];
    const bin = mkdtempSync(join(tmpdir(), 'socle-psql-'));
    const log = join(bin, 'calls.log');
    const tool = (name: string, body: string) => {
      writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >> ${log}\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    };
    // The primary answers at the third try.
    mkdirSync(join(bin, 'state'));
    tool('pg_isready', `n=$(ls ${bin}/state | wc -l); touch ${bin}/state/$n; [ "$n" -ge 2 ]`);
    tool('psql', 'exit 0');
    tool('sleep', 'exit 0');
    execFileSync(load.command[0], load.command.slice(1), { env: { PATH: `${bin}:/usr/bin:/bin` } });
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['pg_isready -q', 'sleep 5', 'pg_isready -q', 'sleep 5', 'pg_isready -q', 'psql -v ON_ERROR_STOP=1 -q -f /schema/schema.sql']);
  });
});
