/**
 * socle's own SigV4 requests in a real S3 server that checks every signature (versitygw,
 * fakes/s3/s3-server.ts, each request verified against the secret of the account it names): the
 * buckets the metropole-9000 data stack lists in `buckets_made_by_socle` (its region, OVHcloud
 * eu-west-par, has no Swift), made by scripts/operate/cloud/s3-buckets.ts with Node's fetch
 * (scripts/operate/cloud/http-request.ts), the `request` `socle deploy` passes, for the account its
 * `buckets` step reads from the stack's outputs — only the endpoint moved to 127.0.0.1 over plain
 * HTTP (fetch can't be given a CA here; the signature does not cover the scheme).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnvironmentFile } from '../../../environments/load-environment.js';
import { request } from '../../../scripts/operate/cloud/http-request.js';
import { ensureBucket, type S3Account } from '../../../scripts/operate/cloud/s3-buckets.js';
import { synthArtifacts } from '../../../scripts/synth-pipeline.js';
import { recordedRequests } from '../fakes/s3/request-recorder.js';
import { s3ServerAvailability, startS3Server, type S3Server } from '../fakes/s3/s3-server.js';
import type { S3Key } from '../fakes/s3/signed-request.js';
import { describeProgram } from '../harness/program-suite.js';

const EXAMPLE = 'metropole-9000';

/** What the deploy's `buckets` step reads: the data stack's outputs as the synthesized JSON states them. */
function dataStackOutputs(): { buckets: string[]; endpoint: string; region: string } {
  const { files } = synthArtifacts(loadEnvironmentFile(`environments/examples/${EXAMPLE}.yaml`));
  const output = (JSON.parse(files.get('terraform/data/cdk.tf.json')!) as { output: Record<string, { value: unknown }> }).output;
  return { buckets: (output['buckets_made_by_socle']!.value as string[]).map(String), endpoint: String(output['s3_endpoint']!.value), region: String(output['s3_region']!.value) };
}

describeProgram('versitygw', s3ServerAvailability(), () => {
  describe(`socle deploy makes the ${EXAMPLE} data buckets through the S3 API (signatures checked)`, () => {
    const stack = dataStackOutputs();
    let scratch = '';
    let s3: S3Server;
    let recording = '';
    let key: S3Key;
    let account: S3Account;
    const foreign = `${EXAMPLE}-bucket-of-another-project`;
    const fresh = `${EXAMPLE}-never-made`;
    /** The requests the server received since `mark`, from socle's access key. */
    let mark = 0;
    const socleRequests = () => recordedRequests(recording).slice(mark).filter((r) => r.headers['authorization']?.includes(`Credential=${key.accessKey}/`) || r.headers['authorization']?.includes('Credential=AKIANOTISSUED/'));
    const deployBuckets = async (as: S3Account = account) => {
      mark = recordedRequests(recording).length;
      const results: string[] = [];
      for (const bucket of stack.buckets) results.push(await ensureBucket(request, as, bucket, () => new Date()));
      return results;
    };
    const location = (bucket: string, by: S3Key) => s3.call('GET', `/${bucket}?location`, '', {}, by);

    beforeAll(async () => {
      scratch = mkdtempSync(join(tmpdir(), 'socle-real-buckets-'));
      recording = join(scratch, 'requests.jsonl');
      s3 = await startS3Server(scratch, { region: stack.region, tls: false, recordTo: recording });
      key = await s3.account('data-stack');
      // A bucket of another project with the name socle would want: made by another account.
      const other = await s3.account('someone-else');
      const made = await s3.call('PUT', `/${foreign}`, `<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>${stack.region}</LocationConstraint></CreateBucketConfiguration>`, {}, other);
      expect(made.status).toBe(200);
      account = { endpoint: s3.endpoint, region: stack.region, ...key };
    });
    afterAll(async () => {
      await s3?.stop();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    it('the data stack lists buckets for socle to make, in its region', () => {
      expect(stack.buckets.length).toBeGreaterThan(0);
      expect([stack.endpoint, stack.region]).toEqual(['https://s3.eu-west-par.io.cloud.ovh.net', 'eu-west-par']);
    });

    it('makes each bucket: HEAD answers 404, the signed PUT with the region as LocationConstraint is accepted', async () => {
      expect(await deployBuckets()).toEqual(stack.buckets.map(() => 'made'));
      expect(socleRequests().map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(stack.buckets.flatMap((b) => [`HEAD /${b}`, `PUT /${b}`]));
      // The gateway refuses a LocationConstraint that is not its region (versitygw v1.8.0
      // s3api/controllers/bucket-put.go, InvalidLocationConstraint): socle's was accepted.
      for (const bucket of stack.buckets) expect((await location(bucket, key)).body).toContain(`>${stack.region}</LocationConstraint>`);
      const elsewhere = await s3.call('PUT', `/${fresh}`, '<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>eu-west-gra</LocationConstraint></CreateBucketConfiguration>', {}, key);
      expect([elsewhere.status, /<Code>([^<]+)/.exec(elsewhere.body)?.[1]]).toEqual([400, 'InvalidLocationConstraint']);
    });

    it('signs every request for the stack region with the stack key (the one the server verified)', () => {
      const scopes = new Set(recordedRequests(recording).filter((r) => r.headers['authorization']?.includes(`Credential=${key.accessKey}/`)).map((r) => /Credential=[^/]+\/\d{8}\/([^/]+\/[^/]+)\//.exec(r.headers['authorization']!)?.[1]));
      expect([...scopes]).toEqual([`${stack.region}/s3`]);
      expect(JSON.stringify(recordedRequests(recording))).not.toContain(key.secretKey);
    });

    it('a second deploy finds them (HEAD 200) and sends no PUT', async () => {
      expect(await deployBuckets()).toEqual(stack.buckets.map(() => 'exists'));
      expect(socleRequests().map((r) => r.method)).toEqual(stack.buckets.map(() => 'HEAD'));
    });

    it("refuses another account's bucket of the same name (HEAD 403), sends no PUT and leaves it its owner's", async () => {
      mark = recordedRequests(recording).length;
      await expect(ensureBucket(request, account, foreign, () => new Date())).rejects.toThrow(`bucket ${foreign} at ${s3.endpoint}: access denied — it belongs to another project, or the stack's S3 credential lacks the object storage role`);
      expect(socleRequests().map((r) => r.method)).not.toContain('PUT');
      expect((await location(foreign, key)).status).toBe(403);
    });

    it('names a wrong secret key (SignatureDoesNotMatch) and makes nothing', async () => {
      const wrong = { ...account, secretKey: `${key.secretKey.slice(0, -1)}x` };
      await expect(ensureBucket(request, wrong, fresh, () => new Date())).rejects.toThrow(`bucket ${fresh} at ${s3.endpoint}: the S3 secret key does not match the access key (SignatureDoesNotMatch): check the stack's s3_secret_key output`);
      expect((await location(fresh, key)).status).toBe(404);
    });

    it('names an access key the server never issued (InvalidAccessKeyId) and makes nothing', async () => {
      const unknown = { ...account, accessKey: 'AKIANOTISSUED' };
      await expect(ensureBucket(request, unknown, fresh, () => new Date())).rejects.toThrow(`bucket ${fresh} at ${s3.endpoint}: the S3 endpoint does not know the access key (InvalidAccessKeyId): check the stack's s3_access_key output and that s3_endpoint is its region's`);
      expect((await location(fresh, key)).status).toBe(404);
    });
  });
});
