import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEGREE_COLUMNS } from './common.ts';
import { expectExactDegrees, storeContract } from './contract.ts';
import { isStoreError } from './errors.ts';
import { NODE_LABELS } from '../ingest/model.ts';
import { REGIONS, REGION_EDGES, article1, article2 } from './fixtures/articles.ts';
import { KuzuStore } from './kuzu.ts';
import { openStore } from './index.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-kuzu-'));
let n = 0;
const nextPath = (): string => path.join(dir, `t${n++}.kuzu`);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

storeContract('kuzu', async () => {
  const s = await KuzuStore.open({ db: nextPath(), handleSignals: false });
  await s.init();
  return s;
});

// The same contract through the bulk path (COPY FROM (UNWIND ...)) that large batches take.
storeContract('kuzu, bulk COPY path', async () => {
  const s = await KuzuStore.open({ db: nextPath(), handleSignals: false, bulkMinRows: 1 });
  await s.init();
  return s;
});

describe('graph/kuzu specifics', () => {
  it('openStore opens Kùzu at the given path when NEO4J_URI is not passed', async () => {
    const db = nextPath();
    const s = await openStore({ db, uri: '' });
    expect(s.backend).toBe('kuzu');
    await s.writeArticles([article1()]);
    await s.close();
    const again = await openStore({ db, uri: '' });
    expect((await again.counts()).edges['HOLDS']).toBe(1);
    await again.close();
  });

  it('refuses operations after close with UNAVAILABLE', async () => {
    const s = await KuzuStore.open({ db: nextPath(), handleSignals: false });
    await s.close();
    await s.close();
    const e = await s.counts().catch((x: unknown) => x);
    expect(isStoreError(e, 'UNAVAILABLE')).toBe(true);
  });

  it('moves a broken write-ahead log aside and keeps the checkpointed data', async () => {
    const db = nextPath();
    const s = await KuzuStore.open({ db, handleSignals: false });
    await s.init();
    await s.writeArticles([article1()]);
    await s.close();
    fs.writeFileSync(
      `${db}.wal`,
      Buffer.from('this is not a kuzu wal file, it is garbage left by a crash'.repeat(100)),
    );
    const again = await KuzuStore.open({ db, handleSignals: false });
    await again.init();
    expect((await again.counts()).edges['HOLDS']).toBe(1);
    await again.close();
    // Kùzu either ignores the garbage itself or we moved it aside: either way the database opens.
    expect(fs.existsSync(`${db}.wal`) && fs.readFileSync(`${db}.wal`).toString().includes('garbage')).toBe(
      false,
    );
  });

  it('init() adds and computes the degrees of a database written before them, and any left NULL', async () => {
    const db = nextPath();
    const s = await KuzuStore.open({ db, handleSignals: false });
    await s.writeReference(REGIONS, REGION_EDGES);
    await s.writeArticles([article1(), article2()]);
    // Statements through the store's own connection (a second kuzu.Database on the same file in this
    // process, even opened after the first was closed, has crashed the next open: exit 139).
    const raw = async (statements: string[]): Promise<void> => {
      for (const q of statements) await (s as unknown as { run(q: string): Promise<unknown> }).run(q);
    };
    // The schema of an older database: no degree columns.
    await raw(NODE_LABELS.flatMap((l) => DEGREE_COLUMNS.map((c) => `ALTER TABLE ${l} DROP ${c}`)));
    await s.close();
    const old = await KuzuStore.open({ db, handleSignals: false });
    await old.init();
    await expectExactDegrees(old, 'migrated');
    // Nodes left without degrees (a migration or bulk load cut short).
    await (old as unknown as { run(q: string): Promise<unknown> }).run(
      'MATCH (n:Official) SET n.degree = NULL',
    );
    await (old as unknown as { run(q: string): Promise<unknown> }).run(
      'MATCH (n:Region) SET n.entityNeighbours = NULL',
    );
    await old.close();
    const killed = await KuzuStore.open({ db, handleSignals: false });
    await killed.init();
    await expectExactDegrees(killed, 'NULLs computed');
    await killed.close();
  });

  it('runs Kùzu paths and recursive patterns into plain rows', async () => {
    const s = await KuzuStore.open({ db: nextPath(), handleSignals: false });
    await s.init();
    await s.writeArticles([article1()]);
    const rows = await s.query(
      'MATCH p = (o:Official)-[:HOLDS]->(:Post)-[:POST_IN]->(r:Region) WHERE r.code = $code RETURN p',
      { code: '430212' },
    );
    expect(rows).toHaveLength(1);
    const p = rows[0]!['p'] as {
      _nodes: { _id: string }[];
      _rels: { _type: string; _source: string; _target: string }[];
    };
    expect(p._nodes.map((x) => x._id)).toEqual([
      'official:赖晓智@430000',
      'post:区长@region:430212',
      'region:430212',
    ]);
    expect(p._rels.map((x) => `${x._source}-${x._type}->${x._target}`)).toEqual([
      'official:赖晓智@430000-HOLDS->post:区长@region:430212',
      'post:区长@region:430212-POST_IN->region:430212',
    ]);
    await s.close();
  });
});
