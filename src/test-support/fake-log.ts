/**
 * A log server a test controls, for the witness client: it serves whatever tree the test sets
 * (honest growth, a rewritten history, a rollback, a fork), each signed with the log's real key,
 * answers consistency proofs from that tree (or a lie the test sets), and records what witnesses
 * post to /cosignature. Only /checkpoint, /proof/consistency and /cosignature exist.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeLogEntry } from '../transparency/core/canonical-json.ts';
import { signCheckpoint } from '../transparency/core/checkpoint-format.ts';
import { toBase64 } from '../domain/bytes.ts';
import { InMemoryMerkleTree } from '../transparency/core/memory-tree.ts';
import { generateNoteKeys, parseSignerKey } from '../transparency/core/note.ts';

export interface FakeLog {
  /** Base URL, ending in /log. */
  url: string;
  keys: { signerKey: string; verifierKey: string };
  /** Bodies posted to /cosignature. */
  posted: string[];
  /** Serve `tree` at `size` (default all of it) from now on. */
  serve(tree: InMemoryMerkleTree, size?: number): void;
  /** Serve this note verbatim as the checkpoint (e.g. a tampered one); cleared by serve(). */
  serveNote(note: string): void;
  /** Answer consistency proofs with these hashes instead of the truth; undefined for the truth. */
  lieAboutProofs(proof: Uint8Array[] | undefined): void;
  close(): Promise<void>;
}

export function logTree(count: number, tag = 'honest'): InMemoryMerkleTree {
  const t = new InMemoryMerkleTree();
  for (let i = 0; i < count; i++) t.append(encodeLogEntry({ type: 'test', v: 1, i, tag }));
  return t;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeLog(origin = 'fake.example/log'): Promise<FakeLog> {
  const keys = generateNoteKeys(origin);
  const signer = parseSignerKey(keys.signerKey);
  const posted: string[] = [];
  let tree = logTree(0);
  let size = 0;
  let note: string | undefined;
  let lie: Uint8Array[] | undefined;
  const sign = () => signCheckpoint({ origin, size, rootHash: tree.root(size), extensions: [] }, [signer]);

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method === 'GET' && url.pathname === '/log/checkpoint') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(note ?? sign());
      } else if (req.method === 'GET' && url.pathname === '/log/proof/consistency') {
        const from = Number(url.searchParams.get('from'));
        const to = Number(url.searchParams.get('to'));
        if (!(from >= 1 && from <= to && to <= tree.size)) return json(400, { error: { code: 'VALIDATION', message: 'bad range' } });
        json(200, { from, to, proof: (lie ?? tree.consistencyProof(from, to)).map(toBase64) });
      } else if (req.method === 'POST' && url.pathname === '/log/cosignature') {
        const body = await bodyOf(req);
        posted.push(body);
        json(200, { origin, size, rootHash: '', cosignatures: [{ witness: 'posted', keyId: '00000000', cosignedAt: 0, stored: true }] });
      } else {
        json(404, { error: { code: 'NOT_FOUND', message: `no such path ${url.pathname}` } });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/log`,
    keys,
    posted,
    serve(t, s = t.size) {
      tree = t;
      size = s;
      note = undefined;
    },
    serveNote(n) {
      note = n;
    },
    lieAboutProofs(p) {
      lie = p;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
