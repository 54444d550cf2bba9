import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HuzhuError } from './errors.ts';
import { pinyin } from 'pinyin-pro';
import { assertNoPersonalData, isChineseIdNumber, latinSpellings, personalDataIn, type KnownPerson, type Speller } from './personal-data.ts';

/** The speller the service hands in (services/personal-data-check.ts), here from pinyin-pro directly. */
const spell: Speller = (han, surname) => pinyin(han, { toneType: 'none', type: 'array', v: true, surname }).map((s) => s.toLowerCase());

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const withCheck = (first17: string) => first17 + '10X98765432'[[...first17].reduce((s, d, i) => s + Number(d) * ID_WEIGHTS[i]!, 0) % 11];

const claimant: KnownPerson = { name: '陈晓东', idNumber: '110101198001015030', phone: '+86 136 0000 0007', address: '北京市朝阳区建国路88号' };
const spouse: KnownPerson = { name: '刘强', idNumber: withCheck('31010119820304123'), phone: '13700000001', email: 'liu.qiang@example.com' };
const known = [claimant, spouse];

/** Full-width form of ASCII letters and digits (what an IME produces). */
const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
/** Inserts a separator (space, hyphen, dot, ideographic space) between some characters. */
const spaced = (s: string, seps: readonly string[]) => [...s].map((c, i) => c + (seps[i % seps.length] ?? '')).join('');
const separators = fc.array(fc.constantFrom('', '', ' ', '-', '.', '\u3000'), { minLength: 1, maxLength: 6 });
const caseOf = fc.constantFrom((s: string) => s, (s: string) => s.toUpperCase(), (s: string) => s[0]!.toUpperCase() + s.slice(1));
const context = fc.constantFrom('the hospital confirmed %s.', '%s', '据调查 %s 住院', 'contact: %s; records fine');

describe('the personal-data check', () => {
  it('reproduces the issue: the decision reason and the juror summary that went through', () => {
    expect(personalDataIn('刘强 (ID 110101198001015030, phone 13700000001…)', known, spell).sort()).toEqual(['id-number', 'name', 'phone']);
    for (const leak of ['陈 晓东', 'Chen Xiaodong', '电话 １３６０００００００７', '身份证 １１０１０１１９８００１０１５０３０', '住 北京市 朝阳区 建国路 88 号', '配偶 刘强']) {
      expect(personalDataIn(leak, known, spell), leak).not.toEqual([]);
    }
  });

  it('passes ordinary case text: dates, times, amounts, claim refs, hashes', () => {
    for (const ok of [
      'Diagnosis confirmed by pathology on 2020-09-01 at 13:45; payout 300,000 yuan.',
      '病理报告证实确诊，首次就诊 2019-12-13，入会 2019-01-15。', 'claim C-2024-000123 follows the recommendation',
      `document ${'ab12'.repeat(16)} is the redacted copy`, 'The hospital record predates the accident claimed.',
    ]) expect(personalDataIn(ok, known, spell), ok).toEqual([]);
  });

  it('finds any ID number with a valid check character and any mobile number, on record or not', () => {
    expect(isChineseIdNumber('110101198001015030')).toBe(true);
    expect(isChineseIdNumber('110101198001015031')).toBe(false);
    expect(personalDataIn('ID 44030419900101002X')).toEqual(isChineseIdNumber('44030419900101002X') ? ['id-number'] : []);
    expect(personalDataIn(`ID ${withCheck('44030419900101002')}`)).toEqual(['id-number']);
    expect(personalDataIn('call 159 1234 5678 or 0086-15912345678')).toEqual(['phone']);
    expect(personalDataIn('write to someone@example.org')).toEqual(['email']);
  });

  it('refuses with PERSONAL_DATA naming the field and the kind, never the data', () => {
    try {
      assertNoPersonalData({ summary: 'fine', reason: 'Chen Xiaodong called from 13700000001' }, known, spell);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HuzhuError);
      expect(e).toMatchObject({ code: 'PERSONAL_DATA', field: 'reason' });
      expect((e as Error).message).not.toMatch(/13700000001|chen|xiaodong/i);
    }
    expect(() => assertNoPersonalData({ reason: 'records fine', summary: null }, known)).not.toThrow();
  });

  it('spells a name on record in pinyin, either order, ü as u, v or yu', () => {
    expect(latinSpellings('陈晓东', spell)).toEqual(expect.arrayContaining(['chenxiaodong', 'xiaodongchen']));
    expect(latinSpellings('吕布', spell)).toEqual(expect.arrayContaining(['lvbu', 'lubu', 'lyubu']));
    expect(latinSpellings('单雄信', spell)).toContain('shanxiongxin'); // the surname reading, not dan
  });

  it('catches a name on record in any spacing, case and script (property)', () => {
    const names = fc.constantFrom('陈晓东', '刘强', '欧阳娜娜', '张伟');
    fc.assert(fc.property(names, separators, caseOf, fc.boolean(), context, (name, seps, cased, latin, ctx) => {
      const spelled = latin ? cased(latinSpellings(name, spell)[0]!) : name;
      const text = ctx.replace('%s', spaced(spelled, seps));
      const wrote = latin ? fullWidthMaybe(text, seps.length % 2 === 0) : text;
      return personalDataIn(wrote, [{ name }], spell).includes('name');
    }));
  });

  it('catches an ID number or phone on record however it is spaced or widened (property)', () => {
    fc.assert(fc.property(fc.constantFrom(claimant, spouse), fc.constantFrom('idNumber', 'phone') as fc.Arbitrary<'idNumber' | 'phone'>, separators, fc.boolean(), context,
      (person, what, seps, wide, ctx) => {
        const value = what === 'phone' ? person.phone!.replace(/^\+86\s*/, '').replace(/\s/g, '') : person.idNumber!;
        const text = ctx.replace('%s', spaced(wide ? fullWidth(value) : value, seps));
        return personalDataIn(text, known, spell).includes(what === 'phone' ? 'phone' : 'id-number');
      }));
  });

  it('finds generic IDs and mobiles in any spacing (property)', () => {
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
    const id = fc.tuple(fc.integer({ min: 110000, max: 659999 }), fc.integer({ min: 1930, max: 2020 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), digits(3))
      .map(([r, y, m, d, s]) => withCheck(`${r}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${s}`));
    const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9)).map(([b, rest]) => `1${b}${rest}`);
    fc.assert(fc.property(fc.oneof(id.map((v) => ['id-number', v] as const), mobile.map((v) => ['phone', v] as const)), separators, fc.boolean(), ([kind, v], seps, wide) =>
      personalDataIn(`see ${spaced(wide ? fullWidth(v) : v, seps)} here`).includes(kind)));
  });
});

function fullWidthMaybe(text: string, wide: boolean): string {
  return wide ? fullWidth(text) : text;
}

