/** `socle validate-terraform`: exit codes, table and JSON output, on real synthesized files. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../scripts/cli.js';
import { captureIo } from '../cli/capture-io.js';
import { example, stack } from './synthesized.js';

const scratch = mkdtempSync(join(tmpdir(), 'socle-validate-tf-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const cluster = stack(example('metropole-9000'), 'cluster');
writeFileSync(join(scratch, 'good.tf.json'), JSON.stringify(cluster));
const broken = structuredClone(cluster);
broken['resource']['openstack_compute_instance_v2']['media_0']['network'][0]['uuidx'] = 'x';
writeFileSync(join(scratch, 'broken.tf.json'), JSON.stringify(broken));
writeFileSync(join(scratch, 'not-json.tf.json'), '{ "resource": ');

async function run(...args: string[]) {
  const io = captureIo({ cwd: scratch });
  const code = await main(['validate-terraform', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('socle validate-terraform', () => {
  it('exits 0 on a valid file', async () => {
    expect(await run('good.tf.json')).toEqual({ code: 0, out: 'valid  good.tf.json\n', err: '' });
  });

  it('exits 1 and names the address of the mistake', async () => {
    const { code, out } = await run('good.tf.json', 'broken.tf.json');
    expect(code).toBe(1);
    expect(out).toContain('invalid  broken.tf.json');
    expect(out).toMatch(/openstack_compute_instance_v2\.media_0\.network\[0\]\.uuidx\s+unknown-attribute\s+"uuidx" is not an argument or block of this type \(did you mean "uuid"\?\)/);
  });

  it('prints the same findings as JSON', async () => {
    const { code, out } = await run('broken.tf.json', '--format', 'json');
    expect(code).toBe(1);
    expect(JSON.parse(out)).toEqual({
      ok: false,
      files: [{ file: 'broken.tf.json', problems: [{ address: 'openstack_compute_instance_v2.media_0.network[0].uuidx', code: 'unknown-attribute', message: '"uuidx" is not an argument or block of this type', hint: 'did you mean "uuid"?' }] }],
    });
  });

  it('exits 2 on a file that is missing or not JSON, and without a file', async () => {
    expect((await run('not-json.tf.json')).code).toBe(2);
    expect((await run('missing.tf.json')).err).toContain("missing.tf.json: can't read the file (ENOENT)");
    const none = await run();
    expect([none.code, none.err]).toEqual([2, expect.stringContaining('name at least one Terraform JSON file')]);
  });
});
