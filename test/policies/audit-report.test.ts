/**
 * The auditor's report as `socle synth` writes it (reports/report.md): for the 9,000-user example
 * and a copy with a US SMTP relay, it names the primary region, the backup region, the state
 * endpoint and every external host the artifacts name, with operator, country and verdict, and a
 * Mermaid map; the verdict reads right; the compact view keeps failures and open findings only.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArtifactsFolder } from '../../policies/artifacts/load-artifacts-folder.js';
import { classifiedOccurrences } from '../../policies/hosts/endpoint-violations.js';
import { main } from '../../scripts/cli.js';
import { captureIo, STACK_FRAME } from '../cli/capture-io.js';
import { fixtureRepository, US_RELAY, US_SMTP } from './us-smtp-fixture.js';

const repo = fixtureRepository();
afterAll(() => rmSync(repo, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string }> {
  const io = captureIo({ cwd: repo });
  const code = await main(args, io);
  expect(io.err()).not.toMatch(STACK_FRAME);
  return { code, out: io.out() };
}

const reports = new Map<string, string>();
beforeAll(async () => {
  for (const name of ['metropole-9000', US_SMTP]) {
    await run('synth', name, '--quiet');
    reports.set(name, readFileSync(join(repo, 'out', name, 'reports', 'report.md'), 'utf8'));
  }
}, 120_000);

/** The "Where the data goes" table's rows, by place. */
function placeRows(md: string): Map<string, string[]> {
  const section = md.split('## Where the data goes')[1]!.split('\n## ')[0]!;
  const rows = section.split('\n').filter((l) => /^\| `/.test(l));
  return new Map(rows.map((l) => [/^\| `([^`]+)`/.exec(l)![1]!, l.split(' | ')]));
}

describe('report.md: where the data goes', () => {
  it.each(['metropole-9000', US_SMTP])('%s names the primary region, the backup region and the state endpoint, with operator and verdict', (name) => {
    const md = reports.get(name)!;
    expect(md).toContain('Primary region EU-WEST-PAR (OVHcloud, Paris, FR); backups in GRA11; state in s3.gra.io.cloud.ovh.net;');
    const rows = placeRows(md);
    expect(rows.get('EU-WEST-PAR')!.join('|')).toMatch(/OVHcloud\|FR\|Paris, FR\|✅ inside France/);
    expect(rows.get('GRA11')!.join('|')).toMatch(/declared backup region.*OVHcloud\|FR\|Gravelines, FR\|✅ inside France/);
    // The backup jobs write to GRA's native S3 endpoint, the one that also holds the state.
    expect(rows.get('s3.gra.io.cloud.ovh.net')!.join('|')).toMatch(/Terraform state, Pulumi state, backups.*OVHcloud\|FR/);
  });

  it.each(['metropole-9000', US_SMTP])('%s names every external host its artifacts name, as the residency policies classify them', (name) => {
    const rows = placeRows(reports.get(name)!);
    const artifacts = loadArtifactsFolder(join(repo, 'out', name), []);
    const suite = artifacts.environment.authority.domain;
    // The suite's own public names are the apps themselves, unless they serve a role (its TURN server).
    const own = (host: string) => host === suite || host.endsWith(`.${suite}`);
    const judged = classifiedOccurrences(artifacts).filter((c) => c.cls.kind !== 'internal' && !(own(c.occurrence.host) && (c.service === undefined || c.service === 'web')));
    expect(judged.length).toBeGreaterThan(5);
    for (const { occurrence, cls } of judged) {
      const row = rows.get(occurrence.host);
      expect(row, occurrence.host).toBeDefined();
      if (cls.kind === 'known') expect(row!.join('|'), occurrence.host).toContain(`${cls.endpoint.operator}|${cls.endpoint.operatorCountry}`);
      expect(row!.at(-1), occurrence.host).toMatch(cls.kind === 'own' ? /the authority’s own/ : cls.kind === 'unknown' ? /unknown/ : 'inside' in cls && cls.inside ? /inside France/ : /outside France/);
    }
  });

  it('the US relay is named with its operator and marked outside the jurisdiction, in the table and on the map', () => {
    const md = reports.get(US_SMTP)!;
    expect(placeRows(md).get(US_RELAY)!.join('|')).toMatch(/mail \(SMTP relay\)\|environment, rocketchat, wekan\|Twilio Inc. \(SendGrid\)\|US\|—\|❌ outside France/);
    const map = /```mermaid\n([\s\S]*?)```/.exec(md)![1]!;
    const node = map.split('\n').find((l) => l.includes(US_RELAY))!;
    expect(node).toMatch(/:::outside$/);
    const id = node.trim().split(/[[{(]/)[0]!;
    expect(map).toContain(`app_rocketchat --> ${id}`);
    expect(map).toContain(`app_wekan --> ${id}`);
    // metropole-9000's own relay is the authority's, not marked.
    expect(/```mermaid\n([\s\S]*?)```/.exec(reports.get('metropole-9000')!)![1]!.split('\n').find((l) => l.includes('smtp.metropole-exemple.fr'))).not.toMatch(/:::/);
  });

  it('the map has the users, each app, and a node per place of the table', () => {
    const md = reports.get('metropole-9000')!;
    const map = /```mermaid\n([\s\S]*?)```/.exec(md)![1]!;
    expect(map.split('\n')[0]).toBe('flowchart LR');
    for (const app of ['nextcloud', 'onlyoffice', 'rocketchat', 'wekan', 'jitsi']) expect(map).toContain(`users --> app_${app}`);
    for (const place of placeRows(md).keys()) expect(map, place).toContain(`"${place}<br/>`);
  });

  it('every control shows what it checked, pass included', () => {
    const md = reports.get('metropole-9000')!;
    const region = md.split('### `residency-region` — ✅ pass')[1]!.split('\n### ')[0]!;
    expect(region).toContain('- EU-WEST-PAR — compute, volumes, networks — OVHcloud, FR — Paris, FR — ✅ inside France');
    expect(md.split('### `security-admin-ports` — ✅ pass')[1]!.split('\n### ')[0]).toMatch(/Checked:\n\n- \d+ Kubernetes objects \(\d+ workloads, \d+ containers\) in 7 manifests; \d+ Terraform resources in 4 stacks\./);
  });
});

describe('report.md: less noise', () => {
  it('groups socle’s design exceptions in one section with counts, instead of a row per finding', () => {
    const md = reports.get('metropole-9000')!;
    const design = md.split('## Built-in design exceptions')[1]!.split('\n## ')[0]!;
    const rows = design.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows.length).toBeGreaterThan(0);
    const counted = rows.reduce((n, l) => n + Number(l.split(' | ')[2]), 0);
    expect(md.match(/^\| waived/gm) ?? []).toHaveLength(2); // the authority's own ACME waiver only
    expect(counted).toBe(42);
  });

  it('a medium finding below the fail-on threshold: PASS, saying how many are below it, next to the failing control; --compact shows only that', async () => {
    const example = readFileSync(join(repo, 'environments', 'metropole-9000.yaml'), 'utf8');
    writeFileSync(join(repo, 'environments', 'metropole-unwaived.yaml'), example.replace(/^name: metropole-9000$/m, 'name: metropole-unwaived').replace(/^waivers:[\s\S]*$/m, ''));
    const full = await run('check', 'metropole-unwaived', '--format', 'markdown');
    expect(full.code).toBe(0);
    expect(full.out).toContain('\nPASS — 2 findings below the threshold (high); 42 waived, 44 in all\n');
    expect(full.out).toContain('| `residency-acme-ca` The ACME certificate authority is inside the jurisdiction | medium | ❌ fail | 2 |');
    const compact = await run('check', 'metropole-unwaived', '--format', 'markdown', '--compact');
    expect(compact.out).toContain('PASS — 2 findings below the threshold (high)');
    expect(compact.out.match(/^### /gm)).toHaveLength(1);
    expect(compact.out).toContain('### `residency-acme-ca` — ❌ fail');
    expect(compact.out.match(/^\| open \|/gm)).toHaveLength(2);
    expect(compact.out).not.toContain('## Built-in design exceptions');
    expect(compact.out).not.toContain('```mermaid');
    expect(compact.out.length).toBeLessThan(full.out.length / 4);
    const text = await run('check', 'metropole-unwaived', '--compact');
    expect(text.out.trimEnd().split('\n').pop()).toBe('PASS — 2 findings below the threshold (high); 42 waived, 44 in all');
  });

  it('values are cut to the offending field: no whole objects in the findings tables', () => {
    for (const md of reports.values()) for (const line of md.split('\n').filter((l) => /^\| (open|waived|\*\*blocking)/.test(l))) expect(line.split(' | ').at(-1)!.length, line).toBeLessThan(90);
  });
});
