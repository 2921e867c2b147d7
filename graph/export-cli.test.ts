import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Graph from 'graphology';
import * as gexf from 'graphology-gexf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAI, ZHOU, fixtureArticles } from '../queries/fixtures.ts';
import { collectSubgraph, outputPaths, parseExportArgs } from './export-cli.ts';
import { exportSubgraph } from './export.ts';
import { openStore } from './index.ts';
import type { GraphStore } from './store.ts';

describe('export command line', () => {
  it('parses a query export and an entity export', () => {
    expect(
      parseExportArgs(['--query', 'officials_in_region', '--param', 'region=株洲', '--format', 'gexf']),
    ).toMatchObject({
      query: 'officials_in_region',
      params: { region: '株洲' },
      format: 'gexf',
      out: null,
    });
    expect(parseExportArgs(['--entity', LAI, '--hops=2', '--format=csv', '--out', 'x.csv'])).toMatchObject({
      entity: LAI,
      hops: 2,
      format: 'csv',
      out: 'x.csv',
    });
  });

  it.each([
    [['--format', 'gexf']],
    [['--query', 'q', '--entity', 'e', '--format', 'gexf']],
    [['--entity', 'e', '--hops', 'two', '--format', 'gexf']],
    [['--entity', 'e', '--hops', '9', '--format', 'gexf']],
    [['--entity', 'e', '--format', 'pdf']],
    [['--entity', 'e']],
    [['--query', 'q', '--param', 'novalue', '--format', 'json']],
    [['--query', 'q', '--hops', '2', '--format', 'json']],
  ])('refuses %j with a usage error', (argv) => {
    expect(() => parseExportArgs(argv)).toThrow(
      expect.objectContaining({ name: 'ExportUsageError', code: 'USAGE' }),
    );
  });

  it('names the CSV files after --out', () => {
    const files = [{ name: 'nodes.csv' }, { name: 'edges.csv' }];
    expect(outputPaths('out/g.csv', files)).toEqual(['out/g.nodes.csv', 'out/g.edges.csv']);
    expect(outputPaths('out', files)).toEqual([join('out', 'nodes.csv'), join('out', 'edges.csv')]);
    expect(outputPaths('g.gexf', [{ name: 'graph.gexf' }])).toEqual(['g.gexf']);
  });
});

describe('exporting from a real Kùzu store', () => {
  let store: GraphStore;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zt-export-'));
    store = await openStore({ db: join(dir, 'graph.kuzu') });
    await store.writeArticles(fixtureArticles());
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a query result becomes the subgraph between the nodes of its rows, with evidence and provenance', async () => {
    const args = parseExportArgs([
      '--query',
      'officials_in_region',
      '--param',
      'region=株洲',
      '--format',
      'gexf',
    ]);
    const { sub, provenance } = await collectSubgraph(store, args, '2024-06-01T00:00:00.000Z');
    expect(provenance).toEqual({
      query: 'officials_in_region',
      params: { region: '株洲', limit: 500 },
      createdAt: '2024-06-01T00:00:00.000Z',
    });
    const ids = sub.nodes.map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining([LAI, ZHOU, 'post:区长@region:430212', 'region:430212']));
    expect(ids).not.toContain('region:430200'); // not in any row
    const holds = sub.edges.filter((e) => e.type === 'HOLDS' && e.source === LAI);
    expect(holds).toHaveLength(3);
    expect(holds.every((e) => e.evidence !== null && e.evidence.sentence.includes('赖晓智'))).toBe(true);

    const [file] = exportSubgraph(sub, 'gexf', provenance).files;
    const parsed = gexf.parse(Graph, file!.content);
    expect(parsed.order).toBe(sub.nodes.length);
    expect(parsed.size).toBe(sub.edges.length);
    expect(parsed.getAttribute('description')).toContain('"region":"株洲"');
  });

  it('an entity export is its neighbourhood', async () => {
    const args = parseExportArgs(['--entity', LAI, '--hops', '1', '--format', 'json']);
    const { sub, provenance } = await collectSubgraph(store, args, '2024-06-01T00:00:00.000Z');
    expect(provenance).toMatchObject({ entity: LAI, hops: 1 });
    expect(sub.nodes.map((n) => n.id)).toEqual(expect.arrayContaining([LAI, 'slogan:四敢', 'article:a1']));
    const json = JSON.parse(exportSubgraph(sub, 'json', provenance).files[0]!.content) as {
      attributes: Record<string, unknown>;
      nodes: unknown[];
    };
    expect(json.attributes['entity']).toBe(LAI);
    expect(json.nodes).toHaveLength(sub.nodes.length);
  });

  it('a bad parameter is a QueryParamError before the store is asked', async () => {
    const args = parseExportArgs([
      '--query',
      'neighbourhood',
      '--param',
      `entity=${LAI}`,
      '--param',
      'hops=9',
      '--format',
      'gexf',
    ]);
    await expect(collectSubgraph(store, args, 'now')).rejects.toMatchObject({
      name: 'QueryParamError',
      param: 'hops',
    });
  });
});
