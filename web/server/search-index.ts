/** Search keys computed once on the server: traditional form and pinyin of every name. */
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import type { GraphNode, SearchEntry } from '../src/api-types.ts';

const cn2t = OpenCC.Converter({ from: 'cn', to: 't' });
const t2cn = OpenCC.Converter({ from: 't', to: 'cn' });

export function toTraditional(s: string): string {
  return cn2t(s);
}
export function toSimplified(s: string): string {
  return t2cn(s);
}

/** `赖晓智` -> { py: 'laixiaozhi', initials: 'lxz' }; non-Han characters are kept lower-cased. */
export function pinyinKeys(name: string): { py: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'removed', v: true });
  const py = syllables
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  const initials = syllables
    .map((s) => s.charAt(0))
    .join('')
    .toLowerCase();
  return { py, initials };
}

export function searchEntry(node: GraphNode, degree: number): SearchEntry {
  const keys = pinyinKeys(node.name);
  return {
    id: node.id,
    label: node.label,
    name: node.name,
    trad: toTraditional(node.name),
    aliases: node.aliases,
    py: keys.py,
    initials: keys.initials,
    degree,
  };
}
