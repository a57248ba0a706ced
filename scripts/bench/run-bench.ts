/**
 * Benchmarks: each case runs several times after a warm-up; the median is printed. Figures, not
 * assertions: compare them across commits on the same machine.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

const examples = ['pilot', 'metropole-9000', 'departement-cleura'].map((name) => {
  const file = join(PACKAGE_ROOT, 'environments', 'examples', `${name}.yaml`);
  return { name, file, text: readFileSync(file, 'utf8') };
});

console.log(`socle bench — node ${process.version}, ${RUNS} runs per case\n`);
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

// The whole command as a user runs it: process start, TypeScript loading, synth, files written.
const out = mkdtempSync(join(tmpdir(), 'socle-bench-'));
const cli = join(PACKAGE_ROOT, 'bin', 'socle.js');
const times: number[] = [];
for (let i = 0; i < 3; i++) {
  const start = performance.now();
  await execa(process.execPath, [cli, 'synth', 'metropole-9000', '--out', out, '--quiet']);
  times.push(performance.now() - start);
}
rmSync(out, { recursive: true, force: true });
console.log(`${'npx socle synth metropole-9000 (whole process)'.padEnd(58)} ${median(times).toFixed(0).padStart(9)} ms  (median of 3)`);
