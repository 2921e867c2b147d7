/** Where an enterprise's name starts: at the region that opens it, not at an ordinary word before it. */
import { describe, expect, it } from 'vitest';
import { extractArticle } from './index.ts';
import { textArticle } from './testing.ts';

const enterprises = (text: string): string[] => extractArticle(textArticle(text)).eval.enterprise;

describe('the start of an enterprise name', () => {
  it('an ordinary word before the region is no part of the name (领办/桃源县某某合作社)', () => {
    const e = enterprises(
      '湖南省桃源县漳江镇。村党支部书记王德明带领党员流转土地,领办桃源县海丰果蔬专业合作社,带动200多户增收。',
    );
    expect(e).toContain('桃源县海丰果蔬专业合作社');
    expect(e.filter((x) => x.startsWith('领办'))).toEqual([]);
  });

  it('a brand before the region stays (比亚迪长沙分公司, 北汽株洲分公司)', () => {
    const e = enterprises('湖南省株洲市。北汽株洲分公司和比亚迪长沙分公司今年相继投产。');
    expect(e).toEqual(expect.arrayContaining(['北汽株洲分公司', '比亚迪长沙分公司']));
  });
});
