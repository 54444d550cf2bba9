/**
 * The public log as the browser reads it: the verifier key, the signed checkpoint and every entry
 * (c2sp.org/tlog-tiles entry bundles), each entry appended to an in-memory Merkle tree so that its
 * root can be compared with the signed one. Trusts nothing the server says until checked.
 */
import { decodeEntryBundle, decodeLogEntry, entryBundlePath, InMemoryMerkleTree, TILE_WIDTH, type LogEntry } from './core';

export interface FetchedLog {
  key: string;
  checkpointText: string;
  entries: LogEntry[];
  tree: InMemoryMerkleTree;
}

async function get(path: string): Promise<Response> {
  const res = await fetch(`/log/${path}`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`/log/${path}: HTTP ${res.status}`);
  return res;
}

/** The size line of a checkpoint (the second line), to know how many entries to fetch before checking. */
function claimedSize(checkpointText: string): number {
  const size = Number(checkpointText.split('\n')[1]);
  if (!Number.isSafeInteger(size) || size < 0) throw new Error('the checkpoint has no size line');
  return size;
}

export async function fetchLog(): Promise<FetchedLog> {
  const [key, checkpointText] = await Promise.all([get('key').then((r) => r.text()), get('checkpoint').then((r) => r.text())]);
  const size = claimedSize(checkpointText);
  const tree = new InMemoryMerkleTree();
  const entries: LogEntry[] = [];
  for (let start = 0; start < size; start += TILE_WIDTH) {
    const width = Math.min(TILE_WIDTH, size - start);
    const bundle = decodeEntryBundle(new Uint8Array(await (await get(entryBundlePath(start / TILE_WIDTH, width))).arrayBuffer()));
    for (const bytes of bundle.slice(0, width)) {
      tree.append(bytes);
      entries.push(decodeLogEntry(bytes));
    }
  }
  return { key: key.trim(), checkpointText, entries, tree };
}
