/** The side panel: an entity's type, aliases, attributes, posts and evidence; or an edge's evidence. */
import type { EdgeDetails, EntityDetails, EvidenceItem, NodeLabel } from './api-types.ts';
import { KIND_COLOURS, type Script } from './display.ts';
import { h } from './dom.ts';
import { kindName, relName, t } from './i18n.ts';
import { highlightParts } from './search.ts';
import type { Lang } from './state.ts';

export interface PanelContext {
  lang: Lang;
  script: Script;
  /** A node's name in the current script. */
  name: (id: string, fallback: string) => string;
  onSelect: (id: string) => void;
  onExpand: (id: string) => void;
  onClose: () => void;
}

function kindBadge(lang: Lang, kind: NodeLabel | null): HTMLElement {
  return h(
    'span',
    { class: 'badge', style: `background:${kind ? KIND_COLOURS[kind] : '#999'}` },
    kind ? kindName(lang, kind) : '?',
  );
}

function sentence(ev: EvidenceItem, script: Script): HTMLElement {
  return h(
    'blockquote',
    { class: 'sentence' },
    highlightParts(script === 'trad' ? ev.sentenceTrad : ev.sentence, ev.mentions).map((p) =>
      p.hit ? h('mark', {}, p.text) : p.text,
    ),
  );
}

function source(ctx: PanelContext, ev: EvidenceItem): HTMLElement {
  const bits = [ev.articleTitle ?? ev.articleId, ev.outlet, ev.date].filter((x): x is string => !!x);
  return h(
    'div',
    { class: 'source', title: `${t(ctx.lang, 'article')}: ${ev.articleId}` },
    '— ',
    bits.join(' · '),
  );
}

function evidenceBlock(ctx: PanelContext, ev: EvidenceItem): HTMLElement {
  const other = h(
    'a',
    {
      href: '#',
      class: 'entity-link',
      onclick: (e: Event) => (e.preventDefault(), ctx.onSelect(ev.otherId)),
    },
    ctx.script === 'trad' ? ev.otherNameTrad : ev.otherName,
  );
  const rel = relName(ctx.lang, ev.type);
  return h(
    'li',
    { class: 'evidence', 'data-type': ev.type },
    h('div', { class: 'rel' }, ev.direction === 'out' ? [rel, ' → ', other] : [other, ' → ', rel]),
    sentence(ev, ctx.script),
    source(ctx, ev),
  );
}

export function renderEntity(ctx: PanelContext, d: EntityDetails): HTMLElement {
  const { lang } = ctx;
  const attrs = Object.entries(d.node.props).filter(([, v]) => v !== null && v !== '');
  const posts = d.posts.length
    ? h(
        'section',
        { class: 'posts' },
        h('h3', {}, t(lang, 'posts')),
        h(
          'ul',
          {},
          d.posts.map((p) =>
            h(
              'li',
              { class: 'post' },
              h('strong', {}, ctx.script === 'trad' ? p.titleTrad : p.title),
              p.regionId
                ? [
                    ' · ',
                    h(
                      'a',
                      { href: '#', onclick: (e: Event) => (e.preventDefault(), ctx.onSelect(p.regionId!)) },
                      (ctx.script === 'trad' ? p.regionNameTrad : p.regionName) ?? p.regionId,
                    ),
                  ]
                : null,
              p.date ? h('span', { class: 'date' }, ` · ${p.date}`) : null,
              p.evidence ? [sentence(p.evidence, ctx.script), source(ctx, p.evidence)] : null,
            ),
          ),
        ),
      )
    : null;
  return h(
    'div',
    { class: 'panel-body', 'data-entity': d.node.id },
    h(
      'header',
      {},
      h('h2', { class: 'entity-name' }, ctx.script === 'trad' ? d.trad : d.node.name),
      kindBadge(lang, d.node.label),
      h('button', { class: 'close', title: t(lang, 'close'), onclick: () => ctx.onClose() }, '×'),
    ),
    h('div', { class: 'subtitle' }, ctx.script === 'trad' ? d.node.name : d.trad),
    d.aliases.length
      ? h(
          'section',
          {},
          h('h3', {}, t(lang, 'aliases')),
          h(
            'div',
            { class: 'aliases' },
            d.aliases.map((a) =>
              h('span', { class: 'alias' }, a.simp === a.trad ? a.simp : `${a.simp} / ${a.trad}`),
            ),
          ),
        )
      : null,
    attrs.length
      ? h(
          'section',
          {},
          h('h3', {}, t(lang, 'attributes')),
          h(
            'dl',
            { class: 'attrs' },
            attrs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))]),
          ),
        )
      : null,
    posts,
    h(
      'button',
      { class: 'expand', onclick: () => ctx.onExpand(d.node.id) },
      `${t(lang, 'expand')} (${d.degree})`,
    ),
    h(
      'section',
      { class: 'evidence-list' },
      h('h3', {}, `${t(lang, 'evidence')} (${d.evidence.length})`),
      h(
        'ul',
        {},
        d.evidence.map((ev) => evidenceBlock(ctx, ev)),
      ),
    ),
  );
}

export function renderEdge(ctx: PanelContext, d: EdgeDetails): HTMLElement {
  const { lang } = ctx;
  const end = (n: EdgeDetails['source'], id: string): HTMLElement =>
    h(
      'a',
      { href: '#', class: 'entity-link', onclick: (e: Event) => (e.preventDefault(), ctx.onSelect(id)) },
      ctx.name(id, n?.name ?? id),
    );
  return h(
    'div',
    { class: 'panel-body', 'data-edge': d.edge.id },
    h(
      'header',
      {},
      h('h2', {}, relName(lang, d.edge.type)),
      h('button', { class: 'close', title: t(lang, 'close'), onclick: () => ctx.onClose() }, '×'),
    ),
    h('div', { class: 'rel' }, end(d.source, d.edge.source), ' → ', end(d.target, d.edge.target)),
    Object.keys(d.edge.props).length
      ? h(
          'dl',
          { class: 'attrs' },
          Object.entries(d.edge.props).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))]),
        )
      : null,
    d.evidence
      ? h(
          'section',
          {},
          h('h3', {}, t(lang, 'evidence')),
          sentence(d.evidence, ctx.script),
          source(ctx, d.evidence),
        )
      : h('p', { class: 'muted' }, t(lang, 'noEvidence')),
  );
}
