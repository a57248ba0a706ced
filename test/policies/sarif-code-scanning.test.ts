/**
 * SARIF that GitHub code scanning can place: every result names a file relative to the
 * repository (the current directory, or --sarif-root) and the line and column of the offending
 * field, in the files socle wrote — and, for the environment's own fields, in the environment
 * YAML the engineer edits. Each location is opened and read back, as an editor jumping there would.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../scripts/cli.js';
import { captureIo, REPO_ROOT, STACK_FRAME } from '../cli/capture-io.js';
import { codeScanningProblems } from './github-code-scanning.js';
import { sarifValidator } from './sarif-schema.js';
import { fixtureRepository, US_RELAY, US_SMTP } from './us-smtp-fixture.js';

const repo = fixtureRepository();
afterAll(() => rmSync(repo, { recursive: true, force: true }));

interface Result {
  ruleId: string;
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } }; logicalLocations: { fullyQualifiedName: string }[] }[];
  properties: { file: string; pointer: string };
}

async function run(cwd: string, ...args: string[]): Promise<{ code: number; out: string }> {
  const io = captureIo({ cwd });
  const code = await main(args, io);
  expect(io.err()).not.toMatch(STACK_FRAME);
  return { code, out: io.out() };
}

function sarifOf(text: string): { results: Result[]; log: unknown } {
  const log = JSON.parse(text);
  const validate = sarifValidator();
  expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3), null, 2)).toBe(true);
  expect(codeScanningProblems(log)).toEqual([]);
  return { results: log.runs[0].results, log };
}

/** What stands at a result's location, read from the file its URI names under the repository. */
function textAt(result: Result): string {
  const { artifactLocation, region } = result.locations[0]!.physicalLocation;
  const lines = readFileSync(join(repo, decodeURIComponent(artifactLocation.uri)), 'utf8').split('\n');
  return lines[region.startLine - 1]!.slice(region.startColumn - 1);
}

/** The deepest key the evidence pointer names (`#3/spec/acme/server` → `server`), undefined for a list item or a whole document. */
function lastKey(pointer: string): string | undefined {
  const last = pointer.replace(/^#\d+/, '').split('/').pop()!.replace(/~1/g, '/').replace(/~0/g, '~');
  return last === '' || /^\d+$/.test(last) ? undefined : last;
}

/** Every result sits on its field: the key of the offending field in the artifact (JSON or YAML), or the item of a list. */
function expectPlaced(results: Result[]) {
  expect(results.length).toBeGreaterThan(0);
  for (const result of results) {
    const { uri } = result.locations[0]!.physicalLocation.artifactLocation;
    const at = textAt(result);
    const key = lastKey(result.properties.pointer);
    const label = `${result.ruleId} ${uri} ${result.properties.pointer}`;
    if (result.properties.file === 'environment.json') expect(uri, label).toMatch(/^environments\/[a-z0-9-]+\.yaml$/);
    // Fields socle wrote are all there; the environment file may leave a field to its defaults (then its parent is named).
    if (key !== undefined && result.properties.file !== 'environment.json') expect(at.startsWith(`${key}:`) || at.startsWith(`"${key}":`), `${label}: ${at}`).toBe(true);
    else expect(at, label).toMatch(/^\S/);
  }
}

describe('SARIF for code scanning', () => {
  it('socle synth writes results placed in the repository: manifests, Terraform JSON and the environment YAML, at the offending field', async () => {
    for (const name of ['metropole-9000', US_SMTP]) {
      const { code } = await run(repo, 'synth', name, '--quiet');
      expect(code).toBe(name === US_SMTP ? 1 : 0);
      const { results } = sarifOf(readFileSync(join(repo, 'out', name, 'reports', 'report.sarif'), 'utf8'));
      expectPlaced(results);
      for (const r of results) expect(existsSync(join(repo, r.locations[0]!.physicalLocation.artifactLocation.uri)), r.locations[0]!.physicalLocation.artifactLocation.uri).toBe(true);
      const uris = new Set(results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri.replace(/\/[^/]+$/, '/')));
      expect([...uris].every((u) => u.startsWith(`out/${name}/`) || u === 'environments/')).toBe(true);
    }
  });

  it('a Terraform finding points at the attribute in the stack’s JSON', async () => {
    const pilot = readFileSync(join(REPO_ROOT, 'environments', 'examples', 'pilot.yaml'), 'utf8');
    const open = pilot.replace(/^name: pilot$/m, 'name: pilot-open').replace(/^( {2}adminCidrs:\n)( {4}- )\S+$/m, '$1$20.0.0.0/0');
    expect(open).toContain('- 0.0.0.0/0');
    writeFileSync(join(repo, 'environments', 'pilot-open.yaml'), open);
    expect((await run(repo, 'synth', 'pilot-open', '--quiet')).code).toBe(1);
    const { results } = sarifOf(readFileSync(join(repo, 'out', 'pilot-open', 'reports', 'report.sarif'), 'utf8'));
    const terraform = results.filter((r) => r.properties.file.startsWith('terraform/'));
    expect(terraform.length).toBeGreaterThan(0);
    expectPlaced(terraform);
    expect(terraform.some((r) => r.ruleId === 'security-admin-ports' && textAt(r).startsWith('"remote_ip_prefix": "0.0.0.0/0"'))).toBe(true);
  });

  it('the US SMTP relay finding points at the environment YAML line that names it', async () => {
    const yaml = readFileSync(join(repo, 'environments', `${US_SMTP}.yaml`), 'utf8').split('\n');
    const line = yaml.indexOf(`  host: ${US_RELAY}`) + 1;
    expect(line).toBeGreaterThan(1);
    const expected = { artifactLocation: { uri: `environments/${US_SMTP}.yaml` }, region: { startLine: line, startColumn: 3 } };
    // Synthesized in memory, and from the folder socle synth wrote (its environment file found by name and compared).
    for (const target of [US_SMTP, `out/${US_SMTP}`]) {
      const { code, out } = await run(repo, 'check', target, '--format', 'sarif');
      expect(code, target).toBe(1);
      const { results } = sarifOf(out);
      const smtp = results.filter((r) => r.ruleId === 'residency-external-services' && r.locations[0]!.logicalLocations[0]!.fullyQualifiedName === 'environment/smtp.host');
      expect(smtp, target).toHaveLength(1);
      expect(smtp[0]!.locations[0]!.physicalLocation, target).toEqual(expected);
    }
  });

  it('--sarif-root names the files relative to the repository from anywhere inside it', async () => {
    const fromRoot = JSON.parse((await run(repo, 'check', `out/${US_SMTP}`, '--format', 'sarif')).out).runs[0].results;
    const fromOut = JSON.parse((await run(join(repo, 'out'), 'check', US_SMTP, '--format', 'sarif', '--sarif-root', '..')).out).runs[0].results;
    expect(fromOut.map((r: Result) => r.locations[0]!.physicalLocation)).toEqual(fromRoot.map((r: Result) => r.locations[0]!.physicalLocation));
  });

  it('a folder whose environment file is not found, or says something else, points into its own environment.json', async () => {
    const { out } = await run(join(repo, 'out'), 'check', US_SMTP, '--format', 'sarif');
    const smtp = JSON.parse(out).runs[0].results.find((r: Result) => r.locations[0]!.logicalLocations[0]!.fullyQualifiedName === 'environment/smtp.host');
    expect(smtp.locations[0].physicalLocation.artifactLocation.uri).toBe(`${US_SMTP}/environment.json`);
    expect(textAt({ ...smtp, locations: [{ ...smtp.locations[0], physicalLocation: { ...smtp.locations[0].physicalLocation, artifactLocation: { uri: `out/${US_SMTP}/environment.json` } } }] })).toMatch(/^"host": "smtp\.sendgrid\.net"/);
  });
});
