#!/usr/bin/env node
// Runs every check the project has, in order, and ends with one line CI can read:
//   total: N passed, N failed
// Steps: type-check, build, browser tests (Chromium + Firefox ESR), Node tests (size budgets,
// end-to-end runs of the demo and the strict-CSP page in the system Chromium).
import { spawn } from 'node:child_process';

const browsers = process.env.BROWSERS ?? 'all';
const steps = [
  { name: 'typecheck', cmd: 'npx', args: ['tsc', '-p', 'tsconfig.json'] },
  { name: 'build', cmd: 'npm', args: ['run', 'build', '--silent'] },
  // Two runs: Firefox only gives keyboard input to the window in front, so it runs one test file at a time.
  ...(browsers === 'firefox' ? [] : [{ name: 'browser tests (Chromium)', cmd: 'npx', args: ['wtr'], env: { BROWSERS: 'chromium' }, counts: 'wtr' }]),
  ...(browsers === 'chromium' ? [] : [{ name: 'browser tests (Firefox ESR)', cmd: 'npx', args: ['wtr', '--concurrency', '1'], env: { BROWSERS: 'firefox' }, counts: 'wtr' }]),
  { name: 'node + e2e tests', cmd: 'node', args: ['--test', '--test-concurrency=1', 'test/node/', 'e2e/'], counts: 'node' },
];

let passed = 0;
let failed = 0;
const failedSteps = [];

function run(step) {
  return new Promise((resolve) => {
    const started = Date.now();
    process.stdout.write(`\n=== ${step.name}\n`);
    const child = spawn(step.cmd, step.args, { env: { ...process.env, ...step.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const tee = (stream) => (chunk) => { out += chunk; stream.write(chunk); };
    child.stdout.on('data', tee(process.stdout));
    child.stderr.on('data', tee(process.stderr));
    child.on('close', (code) => {
      const plain = out.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
      if (step.counts === 'wtr') {
        const m = plain.match(/wtr: (\d+) passed, (\d+) failed/);
        if (m) { passed += +m[1]; failed += +m[2]; }
      } else if (step.counts === 'node') {
        const p = plain.match(/^# pass (\d+)/m);
        const f = plain.match(/^# fail (\d+)/m);
        if (p) passed += +p[1];
        if (f) failed += +f[1];
      }
      if (code !== 0) failedSteps.push(step.name);
      process.stdout.write(`=== ${step.name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      resolve(code);
    });
  });
}

for (const step of steps) {
  const code = await run(step);
  // Without a type-correct build nothing after it means anything.
  if (code !== 0 && (step.name === 'build')) break;
}
if (failedSteps.length) process.stdout.write(`\nfailed steps: ${failedSteps.join(', ')}\n`);
process.stdout.write(`total: ${passed} passed, ${failed} failed\n`);
process.exit(failedSteps.length ? 1 : 0);
