import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{ingest,graph,queries,web,scripts,bench}/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One Neo4j database is shared by the backend, parity and crash suites: run files one at a time then.
    fileParallelism: !process.env['NEO4J_URI'],
  },
});
