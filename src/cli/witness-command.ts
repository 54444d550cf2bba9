/**
 * `huzhu witness`: run a witness for a huzhu log (a regulator, an auditor, a members' association).
 *
 *   huzhu witness keygen --name witness.example/w1 [--out FILE]
 *   huzhu witness --log https://huzhu.example/log --log-key <VKEY> --key-file FILE [--state FILE] [--json]
 *
 * `keygen` makes an Ed25519 cosignature/v1 key pair: the private key stays with the witness (in
 * --key-file), the verifier key goes to the log's operator (HUZHU_LOG_WITNESSES) and to anyone
 * who checks checkpoints (`huzhu verify --witness`). One round of the witness fetches the
 * checkpoint, checks it and its consistency with the last one it cosigned, cosigns and posts it
 * (src/transparency/witness/witness-client.ts); run it regularly (cron). Exit codes: 0 cosigned,
 * 3 refused (the log is inconsistent: the output says how, the state file keeps the evidence),
 * 2 bad input or the log refused the cosignature.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { HuzhuError } from '../domain/errors.ts';
import { generateCosignerKeys } from '../transparency/core/cosignature-format.ts';
import { parseVerifierKey } from '../transparency/core/note.ts';
import { runWitness } from '../transparency/witness/witness-client.ts';

const out = (line: string) => process.stdout.write(line + '\n');

interface WitnessOptions {
  log?: string;
  logKey?: string;
  keyFile?: string;
  state: string;
  json?: boolean;
}

async function readKeyArgument(value: string): Promise<string> {
  return value.startsWith('@') ? (await readFile(value.slice(1), 'utf8')).trim() : value.trim();
}

export function registerWitnessCommand(program: Command): void {
  const witness = program
    .command('witness')
    .description('act as a witness: check the log\'s latest checkpoint is consistent with the last one you cosigned, then cosign it and send the cosignature to the log')
    .option('--log <url>', 'where the log is served, e.g. https://huzhu.example/log')
    .option('--log-key <vkey>', 'the log\'s verifier key (<name>+<key id>+<base64>, or @FILE)')
    .option('--key-file <file>', 'this witness\'s private key (from `huzhu witness keygen`)')
    .option('--state <file>', 'where the witness remembers the last checkpoint it cosigned (keep it safe: it is what makes a rewritten history detectable)', 'huzhu-witness-state.json')
    .option('--json', 'print the result as JSON')
    .action(async (o: WitnessOptions) => {
      if (!o.log) throw new HuzhuError('VALIDATION', '--log: the log\'s URL is required', { field: 'log' });
      if (!o.logKey) throw new HuzhuError('VALIDATION', '--log-key: the log\'s verifier key is required', { field: 'log-key' });
      if (!o.keyFile) throw new HuzhuError('VALIDATION', '--key-file: the witness\'s private key file is required (make one with `huzhu witness keygen`)', { field: 'key-file' });
      const logKey = await readKeyArgument(o.logKey);
      parseVerifierKey(logKey); // VALIDATION if malformed
      let signerKey: string;
      try {
        signerKey = (await readFile(o.keyFile, 'utf8')).trim();
      } catch {
        throw new HuzhuError('VALIDATION', `--key-file: cannot read ${o.keyFile}`, { field: 'key-file' });
      }
      const result = await runWitness({ log: o.log, logKey, signerKey, statePath: o.state });
      if (o.json) out(JSON.stringify(result, null, 2));
      else if (result.ok) {
        out(`ok    checkpoint ${result.origin}, ${result.size} entries, root ${result.root}: signed by the log's key`);
        out(result.previousSize === undefined
          ? 'ok    first checkpoint seen for this log: remembered from now on'
          : result.previousSize === result.size
            ? `ok    the same tree as cosigned before (size ${result.size})`
            : `ok    consistent with the checkpoint cosigned before (size ${result.previousSize}): the log only grew`);
        for (const r of result.receipts) {
          out(`ok    cosigned as ${r.witness} at ${new Date(r.cosignedAt * 1000).toISOString()}: ${r.stored ? 'the log stored it' : 'the log already held a cosignature of this checkpoint by this witness'}`);
        }
        out('witness: cosigned');
      } else {
        out(`REFUSED  ${result.refusal}: ${result.reason}`);
        out(`witness: NOT cosigned. The log's signed checkpoint is kept in ${o.state} as evidence.`);
      }
      if (!result.ok) process.exitCode = 3;
    });

  witness
    .command('keygen')
    .description('make a witness key pair (Ed25519, c2sp.org/tlog-cosignature): prints the private key and the verifier key')
    .requiredOption('--name <name>', 'the witness\'s name, e.g. regulator.example/w1 (no spaces or "+")')
    .option('--out <file>', 'write the private key to this file (mode 0600, never overwritten) instead of printing it')
    .action(async (o: { name: string; out?: string }) => {
      const keys = generateCosignerKeys(o.name);
      if (o.out) {
        try {
          await writeFile(o.out, keys.signerKey + '\n', { mode: 0o600, flag: 'wx' });
        } catch (e) {
          if (e instanceof Error && 'code' in e && e.code === 'EEXIST') throw new HuzhuError('CONFLICT', `--out: ${o.out} already exists; not overwritten`, { field: 'out' });
          throw e;
        }
        process.stderr.write(`huzhu: private key written to ${o.out} (keep it secret); the verifier key follows\n`);
        out(keys.verifierKey);
        return;
      }
      out('# private key (keep it secret; save it in the file given to --key-file):');
      out(keys.signerKey);
      out('# verifier key (give it to the log\'s operator for HUZHU_LOG_WITNESSES, and to whoever checks checkpoints):');
      out(keys.verifierKey);
    });
}
