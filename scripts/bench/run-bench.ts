/**
 * `npm run bench`: figures, not assertions — compare them across commits on the same machine.
 * First what a user waits for: cold `node bin/socle.js` processes (the compiled CLI), as ratios to a
 * bare `node -e 0` timed in the same rounds (so a loaded machine shifts both), against issue 14's
 * goals. Then the jobs themselves, in one process, and whether synthesis stays linear.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { parseEnvironment } from '../../environments/load-environment.js';
import { cost } from '../../sizing/cost.js';
import { size } from '../../sizing/size.js';
import { PACKAGE_ROOT } from '../environment-argument.js';
import { synthArtifacts } from '../synth-pipeline.js';
import { allObjects, renderManifests } from '../../charts/render.js';
import { manifestYaml } from '../../charts/manifest-yaml.js';
import { validateObjects } from '../../charts/strict-validation.js';
import { readArtifacts } from '../../policies/artifacts/read-artifacts.js';
import { evaluate } from '../../policies/evaluate.js';
import { generatedEnvironments } from './generated-environments.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 7);
const COLD_RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function measure(label: string, job: () => void, runs = RUNS): void {
  job();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    job();
    times.push(performance.now() - start);
  }
  console.log(`${label.padEnd(58)} ${median(times).toFixed(2).padStart(9)} ms  (median of ${runs}, min ${Math.min(...times).toFixed(2)})`);
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`socle bench — node ${process.version}, ${cpus().length} cores, load average ${load()}\n`);

// --- Start-up: cold processes -------------------------------------------------------------------
const cli = join(PACKAGE_ROOT, 'bin', 'socle.js');
const out = mkdtempSync(join(tmpdir(), 'socle-bench-'));
const metropoleOut = join(out, 'metropole-9000');
interface ColdCase {
  label: string;
  args: string[];
  /** Issue 14's goal, as a multiple of `node -e 0`. */
  goal?: number;
}
const COLD: ColdCase[] = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: 'socle --help', args: [cli, '--help'], goal: 4 },
  { label: 'socle validate', args: [cli, 'validate'], goal: 6 },
  { label: 'socle synth metropole-9000', args: [cli, 'synth', 'metropole-9000', '--out', metropoleOut, '--quiet'], goal: 15 },
  { label: 'socle check out/metropole-9000', args: [cli, 'check', metropoleOut], goal: 10 },
];

async function coldSeconds(args: string[]): Promise<number> {
  const start = performance.now();
  // 0 and 1 (findings) are both a finished run; 2 would be a failure to measure.
  const run = await execa(process.execPath, args, { reject: false, env: { NO_COLOR: '1' } });
  if (run.exitCode !== 0 && run.exitCode !== 1) throw new Error(`node ${args.join(' ')} failed (exit ${run.exitCode}): ${run.stderr}`);
  if (run.stderr.includes('running the TypeScript sources')) throw new Error(`bin/socle.js ran the sources, not dist/: ${run.stderr.trim()}`);
  return (performance.now() - start) / 1000;
}

// One warm-up round (file cache, synth's output folder), then rounds of every case in turn.
for (const c of COLD) await coldSeconds(c.args);
const seconds = new Map<string, number[]>(COLD.map((c) => [c.label, []]));
for (let round = 0; round < COLD_RUNS; round++) for (const c of COLD) seconds.get(c.label)!.push(await coldSeconds(c.args));
rmSync(out, { recursive: true, force: true });
const baseline = median(seconds.get('node -e 0')!);
console.log(`start-up: median of ${COLD_RUNS} cold processes each, rounds interleaved\n`);
console.log(`${'command'.padEnd(34)} ${'seconds'.padStart(8)} ${'× node -e 0'.padStart(12)} ${'goal'.padStart(6)}`);
for (const c of COLD) {
  const s = median(seconds.get(c.label)!);
  const ratio = s / baseline;
  const verdict = c.goal === undefined ? '' : ratio <= c.goal ? '  ok' : '  over';
  console.log(`${c.label.padEnd(34)} ${s.toFixed(3).padStart(8)} ${`${ratio.toFixed(1)}×`.padStart(12)} ${c.goal === undefined ? '' : `${c.goal}×`.padStart(6)}${verdict}`);
}
console.log(`(load average ${load()})\n`);

// --- The jobs in one process --------------------------------------------------------------------
const examples = ['pilot', 'metropole-9000', 'departement-cleura'].map((name) => {
  const file = join(PACKAGE_ROOT, 'environments', 'examples', `${name}.yaml`);
  return { name, file, text: readFileSync(file, 'utf8') };
});

for (const ex of examples) {
  measure(`validate + size + cost  ${ex.name}`, () => {
    const env = parseEnvironment(ex.text, ex.file);
    cost(env, size(env));
  });
}

const generated = generatedEnvironments(50);
measure('validate + size + cost  50 generated environments', () => {
  for (const g of generated) {
    const env = parseEnvironment(g.text, g.file);
    cost(env, size(env));
  }
});

const metropole = examples.find((e) => e.name === 'metropole-9000')!;
const metropoleEnv = parseEnvironment(metropole.text, metropole.file);
const metropolePlan = size(metropoleEnv);
measure('synth: Terraform + manifests, in memory  metropole-9000', () => synthArtifacts(metropoleEnv), 5);
measure('charts: render + YAML + strict validation  metropole-9000', () => {
  const files = renderManifests(metropoleEnv, metropolePlan);
  for (const f of files) manifestYaml(metropoleEnv.name, f);
  validateObjects(allObjects(files));
});

// Policy evaluation reads fresh artifacts each run: evaluating the same objects twice would reuse
// their caches and look faster than a real run.
const now = new Date();
const metropoleFiles = synthArtifacts(metropoleEnv).files;
measure('check: read artifacts  metropole-9000', () => readArtifacts(metropoleFiles));
measure('check: read + evaluate  metropole-9000', () => evaluate(readArtifacts(metropoleFiles), { now }));
const generatedFiles = generated.map((g) => synthArtifacts(parseEnvironment(g.text, g.file)).files);
measure('check: read + evaluate  50 generated environments', () => {
  for (const f of generatedFiles) evaluate(readArtifacts(f), { now });
}, 3);

// 50 environments synthesized in one process, as five rounds of the same ten (parsed afresh from
// their text each time): linear when the last rounds take as long as the first warm one.
const ten = generated.slice(0, 10);
const rounds: number[] = [];
for (let round = 0; round < 5; round++) {
  const start = performance.now();
  for (const g of ten) synthArtifacts(parseEnvironment(g.text, g.file), now);
  rounds.push((performance.now() - start) / 1000);
}
console.log(`\nsynth 50 environments in one process, 5 rounds of the same 10: ${rounds.map((r) => `${r.toFixed(2)} s`).join(', ')}`);
console.log(`  round 5 / round 2 = ${(rounds[4]! / rounds[1]!).toFixed(2)} (1.00 is linear; round 1 includes the JIT warm-up)`);
