/** Interface strings: Chinese by default, English on switch. */
import type { NodeLabel, RelType } from './api-types.ts';
import type { Lang } from './state.ts';

const zh = {
  title: '政途 · 地方政治知识图谱',
  search: '搜索人物、地区、企业…（简/繁/拼音）',
  legend: '实体类型',
  layoutStart: '布局',
  layoutStop: '停止布局',
  layoutRunning: '布局计算中…',
  queries: '保存的查询',
  run: '运行',
  graphTab: '图',
  tableTab: '表',
  noRows: '没有结果',
  export: '导出',
  exportScope: '导出范围',
  scopeScreen: '当前画面',
  scopeQuery: '最近查询结果',
  type: '类型',
  aliases: '别名',
  attributes: '属性',
  posts: '任职',
  evidence: '证据',
  expand: '展开邻居',
  close: '关闭',
  article: '文章',
  outlet: '来源',
  date: '日期',
  place: '地点',
  relation: '关系',
  loading: '加载中…',
  error: '出错了',
  nodes: '节点',
  edges: '边',
  backend: '数据库',
  noEvidence: '无证据（参考数据）',
  clearQuery: '清除查询',
  rows: '行',
};
type Dict = typeof zh;

const en: Dict = {
  title: 'Zhengtu · local politics knowledge graph',
  search: 'Search people, places, companies… (简/繁/pinyin)',
  legend: 'Entity types',
  layoutStart: 'Layout',
  layoutStop: 'Stop layout',
  layoutRunning: 'Layout running…',
  queries: 'Saved queries',
  run: 'Run',
  graphTab: 'Graph',
  tableTab: 'Table',
  noRows: 'No results',
  export: 'Export',
  exportScope: 'Export',
  scopeScreen: 'what is on screen',
  scopeQuery: 'last query result',
  type: 'Type',
  aliases: 'Aliases',
  attributes: 'Attributes',
  posts: 'Posts held',
  evidence: 'Evidence',
  expand: 'Expand neighbours',
  close: 'Close',
  article: 'Article',
  outlet: 'Outlet',
  date: 'Date',
  place: 'Place',
  relation: 'Relation',
  loading: 'Loading…',
  error: 'Error',
  nodes: 'nodes',
  edges: 'edges',
  backend: 'Database',
  noEvidence: 'No evidence (reference data)',
  clearQuery: 'Clear query',
  rows: 'rows',
};

export type MessageKey = keyof Dict;
const DICTS: Record<Lang, Dict> = { zh, en };

export function t(lang: Lang, key: MessageKey): string {
  return DICTS[lang][key];
}

const KIND_NAMES: Record<NodeLabel, [string, string]> = {
  Official: ['官员', 'Official'],
  Person: ['人物', 'Person'],
  Post: ['职务', 'Post'],
  Region: ['地区', 'Region'],
  Enterprise: ['企业', 'Enterprise'],
  Project: ['项目', 'Project'],
  Slogan: ['口号', 'Slogan'],
  Article: ['文章', 'Article'],
  Outlet: ['媒体', 'Outlet'],
};
export function kindName(lang: Lang, kind: NodeLabel): string {
  return KIND_NAMES[kind][lang === 'zh' ? 0 : 1];
}

const REL_NAMES: Record<RelType, [string, string]> = {
  HOLDS: ['担任', 'holds'],
  POST_IN: ['职务所在', 'post in'],
  PART_OF: ['隶属', 'part of'],
  WORKS_AT: ['任职于', 'works at'],
  LOCATED_IN: ['位于', 'located in'],
  INVOLVED_WITH: ['涉及', 'involved with'],
  PROMOTES: ['提出/倡导', 'promotes'],
  HAS_PART: ['包含', 'has part'],
  USED_IN: ['用于', 'used in'],
  MENTIONS: ['提及', 'mentions'],
  WROTE: ['撰写', 'wrote'],
  PUBLISHED_BY: ['发布于', 'published by'],
};
export function relName(lang: Lang, rel: RelType): string {
  return REL_NAMES[rel][lang === 'zh' ? 0 : 1];
}

/** A saved query's title and description in the interface language (both come from its .cypher header). */
export function queryTitle(lang: Lang, q: { title: string; titleZh: string }): string {
  return lang === 'zh' ? q.titleZh || q.title : q.title;
}
export function queryDescription(lang: Lang, q: { description: string; descriptionZh: string }): string {
  return lang === 'zh' ? q.descriptionZh || q.description : q.description;
}
/** A parameter's description in the interface language. */
export function paramDescription(lang: Lang, p: { description: string; descriptionZh?: string }): string {
  return lang === 'zh' ? p.descriptionZh || p.description : p.description;
}

/** Chinese headers for the result columns of the saved queries; a column not listed keeps its name. */
const COLUMN_NAMES_ZH: Record<string, string> = {
  name: '名称',
  names: '名称',
  post: '职务',
  title: '职务',
  region: '地区',
  level: '级别',
  code: '代码',
  depth: '深度',
  parent_id: '上级',
  articles: '文章数',
  article: '文章',
  date: '日期',
  first_seen: '首见',
  last_seen: '末见',
  official: '官员',
  a_name: '官员甲',
  b_name: '官员乙',
  enterprise: '企业',
  promoter: '倡导者',
  slogan: '口号',
  other_slogan: '相关口号',
  source: '起点',
  source_kind: '起点类型',
  target: '终点',
  target_kind: '终点类型',
  relation: '关系',
  relations: '关系',
  relationships: '关系数',
  neighbours: '邻居数',
  verb: '动词',
  sentence: '原句',
  start: '起始位置',
  end: '结束位置',
  kind: '类型',
  aliases: '别名',
  distance: '距离',
  hops: '步数',
  text: '文字',
  id: 'id',
};
export function columnName(lang: Lang, key: string): string {
  return lang === 'zh' ? (COLUMN_NAMES_ZH[key] ?? key) : key;
}
