import { describe, expect, it } from 'vitest';
import { storeContract } from './contract.ts';
import { isStoreError } from './errors.ts';
import { article1 } from './fixtures/articles.ts';
import { Neo4jStore } from './neo4j.ts';

const uri = process.env['NEO4J_URI'];
if (!uri) {
  console.warn(
    '[graph/neo4j.test] NEO4J_URI is not set: skipping the Neo4j contract suite. Run `NEO4J_URI=$(npm run --silent neo4j -- start)` first (CI always does).',
  );
}
const auth = {
  user: process.env['NEO4J_USER'],
  password: process.env['NEO4J_PASSWORD'],
  database: process.env['NEO4J_DATABASE'],
};

describe.skipIf(!uri)('graph/neo4j against a real server (NEO4J_URI)', () => {
  storeContract('neo4j', async () => {
    const s = await Neo4jStore.open({ uri: uri!, ...auth });
    await s.init();
    await s.clear();
    return s;
  });

  it('runs queries in READ access mode: the server itself refuses a write', async () => {
    const s = await Neo4jStore.open({ uri: uri!, ...auth });
    try {
      await s.init();
      await s.clear();
      await s.writeArticles([article1()]);
      // Bypass the static guard to prove the session mode: a write inside a read transaction is refused.
      const session = (s as unknown as { session(mode: 'READ'): import('neo4j-driver').Session }).session(
        'READ',
      );
      const e = await session
        .executeRead((tx) => tx.run("MATCH (n:Official) SET n.name = 'x'"))
        .catch((x: unknown) => x);
      await session.close();
      expect(String(e)).toMatch(/read/i);
      expect((await s.getNode('official:赖晓智@430000'))?.name).toBe('赖晓智');
    } finally {
      await s.close();
    }
  });

  it('reports an unreachable server as UNAVAILABLE', async () => {
    const e = await Neo4jStore.open({ uri: 'bolt://127.0.0.1:1' }).catch((x: unknown) => x);
    expect(isStoreError(e, 'UNAVAILABLE')).toBe(true);
  });
});
