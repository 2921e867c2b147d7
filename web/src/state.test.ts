import { describe, expect, it } from 'vitest';
import {
  cellText,
  columnsOf,
  formValues,
  initialState,
  reduce,
  stateFromSearch,
  stateToSearch,
  tableColumns,
} from './state.ts';

describe('state transitions', () => {
  it('selecting an entity clears the selected edge, and an edge clears the entity', () => {
    const s1 = reduce(
      { ...initialState, edge: 'e1' },
      { type: 'selectEntity', id: 'official:赖晓智@430000' },
    );
    expect(s1).toMatchObject({ entity: 'official:赖晓智@430000', edge: null });
    const s2 = reduce(s1, { type: 'selectEdge', id: 'e2' });
    expect(s2).toMatchObject({ entity: null, edge: 'e2' });
  });

  it('toggling a type twice restores it, and the hidden list keeps the legend order', () => {
    let s = reduce(initialState, { type: 'toggleKind', kind: 'Region' });
    s = reduce(s, { type: 'toggleKind', kind: 'Official' });
    expect(s.hiddenKinds).toEqual(['Official', 'Region']);
    s = reduce(s, { type: 'toggleKind', kind: 'Region' });
    expect(s.hiddenKinds).toEqual(['Official']);
  });

  it('choosing a query replaces its parameters; setting one keeps the others', () => {
    let s = reduce(initialState, {
      type: 'chooseQuery',
      name: 'officials-in-region',
      params: { region: '株洲市', limit: '20' },
    });
    s = reduce(s, { type: 'setParam', name: 'region', value: '娄底市' });
    expect(s.params).toEqual({ region: '娄底市', limit: '20' });
    s = reduce(s, { type: 'chooseQuery', name: 'region-hierarchy', params: {} });
    expect(s).toMatchObject({ query: 'region-hierarchy', params: {} });
  });
});

describe('state in the URL', () => {
  it('round-trips query, parameters, entity, language, script, tab and hidden types', () => {
    const s = {
      ...initialState,
      query: 'officials-in-region',
      params: { region: '株洲市', limit: '20' },
      entity: 'official:赖晓智@430000',
      lang: 'en' as const,
      script: 'trad' as const,
      tab: 'table' as const,
      hiddenKinds: ['Article' as const, 'Outlet' as const],
    };
    const search = stateToSearch(s);
    expect(search).toContain('q=officials-in-region');
    expect(search).toContain('p.region=');
    expect(stateFromSearch(search)).toEqual(s);
  });

  it('the default state is an empty query string, and junk values fall back to defaults', () => {
    expect(stateToSearch(initialState)).toBe('');
    expect(stateFromSearch('?lang=fr&script=x&tab=pie&hide=Nope,Region&p.region=x')).toEqual({
      ...initialState,
      hiddenKinds: ['Region'],
    });
  });
});

describe('result table helpers', () => {
  it('columns are the union of row keys in first-seen order', () => {
    expect(
      columnsOf([
        { a: 1, b: 2 },
        { c: 3, a: 4 },
      ]),
    ).toEqual(['a', 'b', 'c']);
  });
  it('cells print names of nodes, lists joined and nulls empty', () => {
    expect(cellText({ id: 'x', name: '赖晓智' })).toBe('赖晓智');
    expect(cellText(['区长', '副书记'])).toBe('区长、副书记');
    expect(cellText(null)).toBe('');
    expect(cellText(3)).toBe('3');
  });
  it('form values come from defaults, overridden by the URL', () => {
    const params = [
      { name: 'region', default: '株洲市', example: '株洲市' },
      { name: 'limit', default: 50, example: 10 },
      { name: 'name', example: '赖晓智' },
    ];
    expect(formValues(params, { limit: '5' })).toEqual({ region: '株洲市', limit: '5', name: '' });
  });
});

describe('tableColumns', () => {
  it('folds id columns into their readable sibling, which links to the entity', () => {
    expect(
      tableColumns(['id', 'name', 'post', 'post_id', 'region', 'region_id', 'level', 'article_id']),
    ).toEqual([
      { key: 'name', linkTo: 'id' },
      { key: 'post', linkTo: 'post_id' },
      { key: 'region', linkTo: 'region_id' },
      { key: 'level', linkTo: null },
      { key: 'article_id', linkTo: null },
    ]);
  });
});
