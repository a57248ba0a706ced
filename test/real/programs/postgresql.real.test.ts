/**
 * The SQL socle runs, in a real PostgreSQL: the ONLYOFFICE schema Job of every shipped example,
 * with its own command and environment from the synthesized manifests, against a database made
 * the way its CloudNativePG Cluster's `bootstrap.initdb` makes it (owner role + database it owns).
 *
 * The Job loads ONLYOFFICE's createdb.sql out of the vendor image, which this machine can't pull:
 * the file run here is a stand-in with the statement shapes of ONLYOFFICE/server v9.0.4.9
 * schema/postgresql/createdb.sql (quoted `"public"."…"` CREATE TABLE IF NOT EXISTS with COLLATE
 * "default" columns, a composite PRIMARY KEY and `WITH (OIDS=FALSE)`, then a plpgsql CREATE OR
 * REPLACE FUNCTION with a `%TYPE` variable). No other SQL is socle's: the Clusters carry no
 * postInitSQL, and Nextcloud's schema is made by its own `occ maintenance:install`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_NAMES } from '../../charts/examples.js';
import { describeProgram } from '../harness/program-suite.js';
import { startPostgres, postgresAvailability, postgresBin, type PostgresServer } from './postgresql-server.js';
import { containerEnv, findObject, synthesized } from './synthesized-manifests.js';

const STAND_IN_SCHEMA = `
CREATE TABLE IF NOT EXISTS "public"."probe_changes" (
"tenant" varchar(255) COLLATE "default" NOT NULL,
"id" varchar(255) COLLATE "default" NOT NULL,
"change_id" int4 NOT NULL,
"change_date" timestamp without time zone NOT NULL,
PRIMARY KEY ("tenant", "id", "change_id")
)
WITH (OIDS=FALSE);

CREATE TABLE IF NOT EXISTS "public"."probe_results" (
"tenant" varchar(255) COLLATE "default" NOT NULL,
"id" varchar(255) COLLATE "default" NOT NULL,
"user_index" int4 NOT NULL DEFAULT 1,
"created_at" timestamp without time zone DEFAULT NOW(),
PRIMARY KEY ("tenant", "id")
)
WITH (OIDS=FALSE);

CREATE OR REPLACE FUNCTION probe_merge(_tenant varchar(255), _id varchar(255), OUT userindex int4) AS
$$
DECLARE
	t_var "public"."probe_results"."user_index"%TYPE;
BEGIN
	UPDATE "public"."probe_results" SET user_index=user_index+1 WHERE tenant = _tenant AND id = _id RETURNING user_index INTO userindex;
	IF NOT found THEN
		INSERT INTO "public"."probe_results"(tenant, id) VALUES(_tenant, _id) RETURNING user_index INTO userindex;
	END IF;
END;
$$
LANGUAGE plpgsql;
`;

const bin = postgresBin();

describeProgram('postgresql', postgresAvailability(), () => {
  let server: PostgresServer;
  let dir: string;
  beforeAll(async () => {
    server = await startPostgres(bin!);
    dir = mkdtempSync(join(tmpdir(), 'socle-schema-'));
  });
  afterAll(() => {
    server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe.each(EXAMPLE_NAMES)('ONLYOFFICE schema Job, example %s', (example) => {
    const { objects, secretValue } = synthesized(example);
    const initdb = (findObject(objects, 'Cluster', 'onlyoffice', 'onlyoffice-postgresql').spec as any).bootstrap.initdb;
    const pod = (findObject(objects, 'Job', 'onlyoffice', /^onlyoffice-postgresql-schema-/).spec as any).template.spec;
    const [copy, load] = [pod.initContainers[0], pod.containers[0]];
    // The init container's `cp <vendor file> <file>` decides where the Job's psql reads the schema.
    const inPod: string = copy.command.at(-1);

    /** The Job's command and environment, with only the host, port and file moved to this machine. */
    const runJob = (schema: string) => {
      const file = join(dir, `${example}.sql`);
      writeFileSync(file, schema);
      const [shell, flag, script] = load.command as [string, string, string];
      expect(script).toContain(inPod);
      const env = { ...containerEnv(load, secretValue), PGHOST: '127.0.0.1', PGPORT: String(server.port), PATH: `${bin}:${process.env.PATH}` };
      return spawnSync(shell, [flag, script.replaceAll(inPod, file)], { env, encoding: 'utf8', timeout: 60_000 });
    };

    beforeAll(() => {
      // CloudNativePG's initdb bootstrap: the owner role with the Secret's password, and the database it owns.
      const password = secretValue(initdb.secret.name, 'password').replaceAll("'", "''");
      server.superuser(`DROP DATABASE IF EXISTS "${initdb.database}"`);
      server.superuser(`DROP ROLE IF EXISTS "${initdb.owner}"`);
      server.superuser(`CREATE ROLE "${initdb.owner}" LOGIN PASSWORD '${password}'`);
      server.superuser(`CREATE DATABASE "${initdb.database}" OWNER "${initdb.owner}"`);
    });

    it("logs in as the Cluster's database owner, to its database, with TLS required", () => {
      const env = containerEnv(load, secretValue);
      expect([env.PGUSER, env.PGDATABASE, env.PGSSLMODE]).toEqual([initdb.owner, initdb.database, 'require']);
    });

    it('applies as the owner (not a superuser) into the public schema, then applies again without error', () => {
      for (const round of [1, 2]) {
        const result = runJob(STAND_IN_SCHEMA);
        expect({ round, status: result.status, stderr: result.stderr.replace(/^.*NOTICE:.*already exists, skipping\n/gm, '') }).toEqual({ round, status: 0, stderr: '' });
      }
      const owned = server.superuser(`SELECT string_agg(tablename || ':' || tableowner, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'`, initdb.database);
      expect(owned.trim()).toBe(`probe_changes:${initdb.owner},probe_results:${initdb.owner}`);
      expect(server.superuser(`SELECT proname FROM pg_proc WHERE proname = 'probe_merge'`, initdb.database).trim()).toBe('probe_merge');
    });

    it('stops at the first failing statement and fails the Job run (ON_ERROR_STOP), so the Job retries', () => {
      const broken = `CREATE TABLE IF NOT EXISTS "public"."probe_first" (id int4);\nCREATE TABLE "public"."probe_results" (id int4);\nCREATE TABLE IF NOT EXISTS "public"."probe_after" (id int4);\n`;
      const result = runJob(broken);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/relation "probe_results" already exists/);
      expect(server.superuser(`SELECT count(*) FROM pg_tables WHERE tablename = 'probe_after'`, initdb.database).trim()).toBe('0');
    });
  });
});

