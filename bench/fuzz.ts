/**
 * npm run bench:fuzz -- [--requests N] [--seed S]: N generated requests (default 100,000) across
 * every operation of /openapi.json and every kind of caller, with valid, boundary and hostile
 * values, against a fresh PGlite database; --check-every K (default 5) counts the tables around every
 * K-th request to find refused writes that left rows behind (src/test-support/fuzz-requests.ts). Prints one line,
 * `fuzz requests=N 5xx=K ...`, and exits 1 on any 5xx, undocumented 4xx, half-written refusal or
 * failed books check.
 */
import { parseArgs } from 'node:util';
import { testServer } from '../src/server/testing.ts';
import { fuzzLine, fuzzServer } from '../src/test-support/fuzz-requests.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '100000' }, seed: { type: 'string', default: '42' }, 'check-every': { type: 'string', default: '5' } } });
const requests = Number(values.requests);
const started = performance.now();
const s = await testServer();
try {
  const rep = await fuzzServer(s, {
    requests, seed: Number(values.seed), checkEvery: Number(values['check-every']),
    onProgress: (n) => { if (n % 10000 === 0) process.stderr.write(`  ${n} requests, ${((performance.now() - started) / 1000).toFixed(0)} s\n`); },
  });
  console.log(fuzzLine(rep, (performance.now() - started) / 1000));
  for (const line of [...rep.serverErrors.slice(0, 10), ...rep.uncoded.slice(0, 10), ...rep.halfWritten.slice(0, 10)]) console.log('  ' + line);
  process.exitCode = rep.serverErrors.length + rep.uncoded.length + rep.halfWritten.length === 0 && rep.booksOk ? 0 : 1;
} finally {
  await s.close();
}
