import { describe, expect, it } from 'vitest';
import { loadQueries } from '../../queries/registry.ts';
import { columnName, paramDescription, queryDescription, queryTitle } from './i18n.ts';

describe('i18n of saved queries', () => {
  const queries = loadQueries();

  it('every saved query reads in Chinese in the Chinese interface and in English in the English one', () => {
    for (const q of queries) {
      expect(queryTitle('zh', q)).toBe(q.titleZh);
      expect(queryTitle('en', q)).toBe(q.title);
      expect(queryDescription('zh', q)).toMatch(/[\u4e00-\u9fff]/);
      for (const p of q.params) expect(paramDescription('zh', p)).toMatch(/[\u4e00-\u9fff]/);
    }
    // A parameter without a Chinese description falls back to its English one.
    expect(paramDescription('zh', { description: 'Rows' })).toBe('Rows');
  });

  it('names the columns of the officials-in-region table in Chinese, unknown columns as they are', () => {
    const cols = ['name', 'post', 'region', 'level', 'articles', 'first_seen', 'last_seen'];
    expect(cols.map((c) => columnName('zh', c))).toEqual([
      '名称',
      '职务',
      '地区',
      '级别',
      '文章数',
      '首见',
      '末见',
    ]);
    expect(columnName('en', 'post')).toBe('post');
    expect(columnName('zh', 'some_new_column')).toBe('some_new_column');
  });
});
