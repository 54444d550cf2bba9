import { describe, expect, it } from 'vitest';
import { maskName } from './name-masks.ts';

describe('maskName', () => {
  it('keeps the first character and always two stars, so the length does not show', () => {
    expect(['孙丽', '赵小明', '张三丰', '欧阳娜娜', 'Li Wei', ' 王 ', ''].map(maskName)).toEqual(['孙**', '赵**', '张**', '欧**', 'L**', '王**', '**']);
  });
});
