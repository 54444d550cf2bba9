import { describe, expect, it } from 'vitest';
import { maskNameForJurors, maskNameForPublicNotice } from './name-masks.ts';

describe('name masks', () => {
  it('the public notice shows the family name and a star per other character', () => {
    expect(['张三', '张三丰', '欧阳娜娜', 'Li Wei', '张', ''].map(maskNameForPublicNotice)).toEqual(['张*', '张**', '欧***', 'L*****', '张*', '*']);
  });

  it('a juror sees the first character and two stars, whatever the length', () => {
    expect(['张三', '张三丰', '欧阳娜娜', 'Li Wei', ''].map(maskNameForJurors)).toEqual(['张**', '张**', '欧**', 'L**', '**']);
  });
});
