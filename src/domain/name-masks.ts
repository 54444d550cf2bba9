/**
 * How much of a person's name anyone but staff sees: the first character and always two stars
 * (张三 -> 张**, 张三丰 -> 张**, 欧阳娜娜 -> 欧**, Li Wei -> L**). One rule for the public notice
 * and for jurors. Xiang Hu Bao's notices showed a star per character (张*, 张**), but then the
 * mask tells the name's length, one more clue to who a claimant is (issue 11: 孙* vs 赵**).
 */
export function maskName(name: string): string {
  const first = [...name.trim()][0];
  return first === undefined ? '**' : `${first}**`;
}
