/**
 * `huzhu verify`: check the transparency log, or one member's bill, trusting only the log's key.
 *
 *   huzhu verify --log https://huzhu.example/log --key <VKEY> [--state FILE] [--witness <WVKEY> ...] [--min-witnesses N]
 *   huzhu verify --log file:///path/to/exported/log --key <VKEY>
 *   huzhu verify --db [--key <VKEY>]            the local database (also cross-checks its rows)
 *   huzhu verify --my-bill bill.tlog-proof --key <VKEY> [--witness <WVKEY> ...] [--min-witnesses N]
 *
 * and `huzhu log key | export DIR | checkpoint` for the operator. Exit codes: 0 all checks pass,
 * 3 a check failed (the report says which), 2 bad input.
 *
 * --witness (repeatable; a witness verifier key, or @FILE of them one per line) names witnesses
 * the checker trusts; the checkpoint must then carry valid cosignatures from at least
 * --min-witnesses of them (default 1 when any --witness is given), and no invalid line from them.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { databaseEnv, logSignerKeyInEnv } from '../config/env.ts';
import { HuzhuError } from '../domain/errors.ts';
import { parseWitnessKeyList } from '../transparency/core/cosignature-format.ts';
import { parseVerifierKey, type NoteVerifier } from '../transparency/core/note.ts';
import { verifyBundle } from '../transparency/core/proof-bundle.ts';
import { createLogHandlers } from '../transparency/store/log-handlers.ts';
import { loadLogKey } from '../transparency/witness/signer-config.ts';
import {
  crossCheckDatabase, exportLog, handlersLogSource, logSourceFor, readVerifierState, verifyLog, writeVerifierState, type Check,
} from '../transparency/verify/verify-log.ts';

interface VerifyOptions {
  log?: string;
  db?: boolean;
  key?: string;
  state: string;
  myBill?: string;
  json?: boolean;
  witness: string[];
  minWitnesses?: string;
}

/** The --witness keys and the quorum; VALIDATION when the quorum cannot be met by the keys given. */
async function witnessArguments(o: VerifyOptions): Promise<{ witnesses: NoteVerifier[]; minWitnesses: number }> {
  const texts = await Promise.all(o.witness.map(async (w) => (w.startsWith('@') ? readFile(w.slice(1), 'utf8') : w)));
  const witnesses = parseWitnessKeyList(texts.join('\n'), 'witness').map((w) => w.verifier);
  let minWitnesses = witnesses.length > 0 ? 1 : 0;
  if (o.minWitnesses !== undefined) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(o.minWitnesses)) throw new HuzhuError('VALIDATION', '--min-witnesses: a whole number', { field: 'min-witnesses' });
    minWitnesses = Number(o.minWitnesses);
  }
  if (minWitnesses > witnesses.length) {
    throw new HuzhuError('VALIDATION', `--min-witnesses: ${minWitnesses} cosignatures required but only ${witnesses.length} witness keys given (--witness)`, { field: 'min-witnesses' });
  }
  return { witnesses, minWitnesses };
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** The database drivers load only for --db and the operator's `log` commands: checking a log over HTTP needs none. */
const openFromEnv = async () => (await import('../db/database.ts')).openFromEnv();

const out = (line: string) => process.stdout.write(line + '\n');

async function keyArgument(key: string | undefined): Promise<string> {
  if (!key) throw new HuzhuError('VALIDATION', '--key: the log\'s verifier key is required (<name>+<key id>+<base64>, or @FILE)', { field: 'key' });
  const text = key.startsWith('@') ? (await readFile(key.slice(1), 'utf8')).trim() : key.trim();
  parseVerifierKey(text); // VALIDATION if malformed
  return text;
}

function printChecks(checks: readonly Check[]): void {
  for (const c of checks) out(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}: ${c.detail}`);
}

async function verifyMyBill(file: string, key: string, json: boolean, trust: { witnesses: NoteVerifier[]; minWitnesses: number }): Promise<boolean> {
  const bundle = await readFile(file, 'utf8');
  const result = verifyBundle(bundle, { logKey: key, witnesses: trust.witnesses, witnessQuorum: trust.minWitnesses });
  if (json) {
    out(JSON.stringify(result.ok
      ? { ok: true, period: result.period, pseudonym: result.pseudonym, amountFen: result.amountMinor.toString(), logIndex: result.logIndex, checkpointSize: result.checkpoint.size }
      : result));
  } else if (result.ok) {
    out(`ok    your bill for ${result.period}: ${result.pseudonym} was charged ${result.amountMinor} fen`);
    out(`ok    it is in the period's charge commitment, which is entry ${result.logIndex} of the log`);
    out(`ok    the log's checkpoint (${result.checkpoint.origin}, ${result.checkpoint.size} entries) is signed by the key you gave`);
    if (trust.minWitnesses > 0) out(`ok    and cosigned by at least ${trust.minWitnesses} of the ${trust.witnesses.length} witnesses you gave`);
  } else {
    out(`FAIL  ${result.reason}`);
  }
  return result.ok;
}

/**
 * --db reads the log with the installation's own signing key. A folder without one has never
 * logged anything, or its key is kept elsewhere: loading it would generate a fresh key and the
 * log would then "verify" against a key nobody was ever given. So that is refused, before the
 * database is opened.
 */
function requireExistingLogKey(): void {
  if (logSignerKeyInEnv()) return;
  const file = join(databaseEnv().dataDir, 'log-signer.key');
  if (!existsSync(file)) {
    throw new HuzhuError('VALIDATION', `--db: there is no log signing key (${file}, or HUZHU_LOG_SIGNER_KEY), so nothing was checked. ` +
      'If this is the installation and it has never published a checkpoint, make its key with `huzhu log key` and publish the verifier key; ' +
      'otherwise point HUZHU_DATA at the installation, or check a served log with --log URL --key VKEY', { field: 'db' });
  }
}

async function verifyWholeLog(o: VerifyOptions): Promise<boolean> {
  if (o.db) requireExistingLogKey();
  const db = o.db ? await openFromEnv() : undefined;
  try {
    let key: string;
    let source;
    if (db) {
      const logKey = await loadLogKey();
      key = o.key ? await keyArgument(o.key) : logKey.verifierKey;
      source = handlersLogSource(createLogHandlers(db, { signer: logKey.signer }));
    } else {
      key = await keyArgument(o.key);
      source = logSourceFor(o.log!);
    }
    const origin = parseVerifierKey(key).name;
    const state = await readVerifierState(o.state, origin);
    const result = await verifyLog(source, { key, state, ...(await witnessArguments(o)) });
    const checks = [...result.checks];
    if (db && result.replay) checks.push(...(await crossCheckDatabase(db, result.replay)));
    const ok = checks.every((c) => c.ok);
    if (o.json) {
      out(JSON.stringify({ ok, source: source.describe, checks, problems: result.replay?.problems ?? [], warnings: result.replay?.warnings ?? [] }, null, 2));
    } else {
      out(`log: ${source.describe}`);
      printChecks(checks);
      for (const p of result.replay?.problems ?? []) out(`FAIL  entry ${p.index} (${p.subject}): ${p.message}`);
      for (const w of result.replay?.warnings ?? []) out(`note  ${w}`);
      out(ok ? 'log: verified' : 'log: NOT verified');
    }
    if (result.newState) await writeVerifierState(o.state, result.newState);
    return ok;
  } finally {
    await db?.close();
  }
}

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('check the public transparency log (signature, every entry, consistency with what you saw before, every period\'s numbers against the plan\'s rules), or your own bill')
    .option('--log <url>', 'where the log is served: https://host/log, or file:///folder of an exported log')
    .option('--db', 'read the log from the local database (DATABASE_URL or HUZHU_DATA) and also check the database rows against it')
    .option('--key <vkey>', 'the log\'s verifier key (<name>+<key id>+<base64>, or @FILE)')
    .option('--state <file>', 'where to remember the last checkpoint seen', 'huzhu-verify-state.json')
    .option('--my-bill <file>', 'check a member\'s .tlog-proof bill bundle (offline)')
    .option('--witness <vkey>', 'a witness you trust (its verifier key <name>+<key id>+<base64>, or @FILE); repeat for several', collect, [] as string[])
    .option('--min-witnesses <n>', 'how many of the --witness keys must have cosigned the checkpoint (default 1 when --witness is given)')
    .option('--json', 'print the report as JSON')
    .action(async (o: VerifyOptions) => {
      let ok: boolean;
      if (o.myBill) ok = await verifyMyBill(o.myBill, await keyArgument(o.key), Boolean(o.json), await witnessArguments(o));
      else if (o.log || o.db) ok = await verifyWholeLog(o);
      else throw new HuzhuError('VALIDATION', 'verify: give --log URL, --db, or --my-bill FILE', { field: 'log' });
      if (!ok) process.exitCode = 3;
    });

  const log = program.command('log').description('the transparency log (operator)');
  log
    .command('key')
    .description('print the log\'s verifier key (a new installation generates its signing key first)')
    .action(async () => {
      out((await loadLogKey()).verifierKey);
    });
  log
    .command('checkpoint')
    .description('sign a checkpoint for the log as it is now and print it')
    .action(async () => {
      const db = await openFromEnv();
      try {
        process.stdout.write(await createLogHandlers(db, { signer: (await loadLogKey()).signer }).getCheckpoint());
      } finally {
        await db.close();
      }
    });
  log
    .command('export')
    .argument('<dir>', 'folder to write checkpoint, tile/... and tile/entries/... into')
    .description('write the log as static c2sp.org/tlog-tiles files (serve the folder as /log/)')
    .action(async (dir: string) => {
      const db = await openFromEnv();
      try {
        const { size, files } = await exportLog(createLogHandlers(db, { signer: (await loadLogKey()).signer }), dir);
        out(`exported ${size} entries as ${files} files to ${dir}`);
      } finally {
        await db.close();
      }
    });
}
