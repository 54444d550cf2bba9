/**
 * `huzhu verify`: check the transparency log, or one member's bill, trusting only the log's key.
 *
 *   huzhu verify --log https://huzhu.example/log --key <VKEY> [--state FILE]
 *   huzhu verify --log file:///path/to/exported/log --key <VKEY>
 *   huzhu verify --db [--key <VKEY>]            the local database (also cross-checks its rows)
 *   huzhu verify --my-bill bill.tlog-proof --key <VKEY>
 *
 * and `huzhu log key | export DIR | checkpoint` for the operator. Exit codes: 0 all checks pass,
 * 3 a check failed (the report says which), 2 bad input.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { openFromEnv } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import { parseVerifierKey } from '../transparency/note.ts';
import { verifyBundle } from '../transparency/proof-bundle.ts';
import { createLogHandlers } from '../transparency-log/log-handlers.ts';
import { loadLogKey } from '../transparency-log/signer-config.ts';
import {
  crossCheckDatabase, exportLog, handlersLogSource, logSourceFor, readVerifierState, verifyLog, writeVerifierState, type Check,
} from '../transparency-log/verify-log.ts';

interface VerifyOptions {
  log?: string;
  db?: boolean;
  key?: string;
  state: string;
  myBill?: string;
  json?: boolean;
}

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

async function verifyMyBill(file: string, key: string, json: boolean): Promise<boolean> {
  const bundle = await readFile(file, 'utf8');
  const result = verifyBundle(bundle, { logKey: key });
  if (json) {
    out(JSON.stringify(result.ok
      ? { ok: true, period: result.period, pseudonym: result.pseudonym, amountFen: result.amountMinor.toString(), logIndex: result.logIndex, checkpointSize: result.checkpoint.size }
      : result));
  } else if (result.ok) {
    out(`ok    your bill for ${result.period}: ${result.pseudonym} was charged ${result.amountMinor} fen`);
    out(`ok    it is in the period's charge commitment, which is entry ${result.logIndex} of the log`);
    out(`ok    the log's checkpoint (${result.checkpoint.origin}, ${result.checkpoint.size} entries) is signed by the key you gave`);
  } else {
    out(`FAIL  ${result.reason}`);
  }
  return result.ok;
}

async function verifyWholeLog(o: VerifyOptions): Promise<boolean> {
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
    const result = await verifyLog(source, { key, state });
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
    .option('--json', 'print the report as JSON')
    .action(async (o: VerifyOptions) => {
      let ok: boolean;
      if (o.myBill) ok = await verifyMyBill(o.myBill, await keyArgument(o.key), Boolean(o.json));
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
