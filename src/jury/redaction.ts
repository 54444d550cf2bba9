/**
 * What a juror sees, and the scanner that proves they see no more.
 *
 * Jurors judge the facts of a case, not the person: they get the anonymized case (a masked name
 * like 张**, the age at diagnosis, the province, the disease, the payout and the timeline counted
 * in days from joining), the investigation summary and the redacted documents the investigator
 * marked for them. Never the name, ID number, phone or address: a juror who knows who the
 * claimant is can be lobbied, and a claimant's illness is nobody else's business.
 *
 * The view builder works by construction (it copies only the allowed fields) and then checks
 * its own output with findPersonalData, so a free-text field that mentions the claimant cannot
 * slip through: known strings are masked, and anything still looking like an ID number or a
 * phone number makes it refuse (PERSONAL_DATA) until the investigator redacts it.
 */
import type { Cause, Severity } from '../domain/claim-rules.ts';
import { HuzhuError } from '../domain/errors.ts';
import { maskName } from '../domain/name-masks.ts';
import { ageOn, daysBetween, type LocalDate } from '../domain/local-date.ts';
import { formatYuan, type Fen } from '../domain/money.ts';
import type { ReportDocument } from '../investigation/four-eyes.ts';
import type { JuryCaseOpening } from '../challenges/challenge-rules.ts';

export interface ClaimantPersonalData {
  name: string;
  idNumber: string;
  phone: string;
  address: string;
}

export interface FullClaimRecord {
  caseId: string;
  claimId: string;
  claimant: ClaimantPersonalData & { birthDate: LocalDate; province: string };
  joinedOn: LocalDate;
  waitingEndsOn: LocalDate;
  diagnosedOn: LocalDate;
  disease: string;
  severity: Severity;
  cause: Cause;
  payoutFen: Fen;
  dispute: {
    kind: JuryCaseOpening['kind'];
    /** The operator's written reason for the decision under appeal. */
    decisionReason: string;
    /** The challenge's reason, for a dismissed challenge under appeal. */
    challengeReason: string | null;
  };
  investigation: { summary: string; documents: readonly ReportDocument[] } | null;
}

export interface JurorCaseView {
  caseId: string;
  claimant: { maskedName: string; ageAtDiagnosis: number; province: string };
  disease: string;
  severity: Severity;
  cause: Cause;
  /** Month only: the exact date adds little to the judgement and much to re-identification. */
  diagnosedMonth: string;
  daysFromJoinToDiagnosis: number;
  /** Negative when diagnosed within the waiting period (possible only for an accident). */
  daysFromWaitingEndToDiagnosis: number;
  /** Yuan, as a decimal string (JSON has no bigint). */
  payoutYuan: string;
  dispute: { kind: JuryCaseOpening['kind']; decisionReason: string; challengeReason: string | null };
  investigationSummary: string | null;
  documents: { id: string; title: string; redactedHash: string }[];
}

const MASKS: Record<Exclude<PersonalDataKind, 'name'>, string> = {
  'id-number': '[身份证号已隐去]',
  phone: '[电话已隐去]',
  address: '[地址已隐去]',
};

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern for a number however it is spaced or hyphenated ("138 0013-8000"). */
function looseDigits(value: string): RegExp | null {
  const chars = value.replace(/[\s\-+()]/g, '');
  if (chars.length < 6) return null;
  return new RegExp(chars.split('').map(escapeRegExp).join('[\\s-]?'), 'gi');
}

/** Masks the claimant's own name, ID number, phone and address wherever a free text repeats them. */
export function maskKnownPersonalData(text: string, p: ClaimantPersonalData): string {
  let out = text;
  const id = looseDigits(p.idNumber);
  if (id) out = out.replace(id, MASKS['id-number']);
  const phone = looseDigits(p.phone.replace(/^\+?86/, ''));
  if (phone) out = out.replace(phone, MASKS.phone);
  if (p.address.trim().length >= 2) out = out.split(p.address.trim()).join(MASKS.address);
  if ([...p.name.trim()].length >= 2) out = out.split(p.name.trim()).join(maskName(p.name));
  return out;
}

/** Builds the juror-facing view; throws PERSONAL_DATA if a free text still holds personal data. */
export function jurorView(r: FullClaimRecord): JurorCaseView {
  const clean = (text: string) => maskKnownPersonalData(text, r.claimant);
  const view: JurorCaseView = {
    caseId: r.caseId,
    claimant: { maskedName: maskName(r.claimant.name), ageAtDiagnosis: ageOn(r.claimant.birthDate, r.diagnosedOn), province: r.claimant.province },
    disease: clean(r.disease),
    severity: r.severity,
    cause: r.cause,
    diagnosedMonth: r.diagnosedOn.slice(0, 7),
    daysFromJoinToDiagnosis: daysBetween(r.joinedOn, r.diagnosedOn),
    daysFromWaitingEndToDiagnosis: daysBetween(r.waitingEndsOn, r.diagnosedOn),
    payoutYuan: formatYuan(r.payoutFen, 'plain'),
    dispute: {
      kind: r.dispute.kind,
      decisionReason: clean(r.dispute.decisionReason),
      challengeReason: r.dispute.challengeReason === null ? null : clean(r.dispute.challengeReason),
    },
    investigationSummary: r.investigation === null ? null : clean(r.investigation.summary),
    documents: (r.investigation?.documents ?? [])
      .filter((d) => d.forJurors && d.redactedHash !== null && d.redactedHash !== '')
      .map((d) => ({ id: d.id, title: clean(d.title), redactedHash: d.redactedHash! })),
  };
  const hits = findPersonalData(view, r.claimant);
  if (hits.length > 0) {
    // The message names where, never what: an error must not carry the data it refuses.
    throw new HuzhuError('PERSONAL_DATA', `the juror view of case ${r.caseId} still holds personal data at ${hits.map((h) => `${h.path} (${h.kind})`).join(', ')}`, {
      details: { hits },
    });
  }
  return view;
}

// ---- The scanner ----------------------------------------------------------------------------

export type PersonalDataKind = 'id-number' | 'phone' | 'name' | 'address';

export interface PersonalDataHit {
  /** Where in the JSON: "investigationSummary", "documents.0.title", "<key>" for an object key. */
  path: string;
  kind: PersonalDataKind;
}

/** 18-digit resident ID (region, birth date 18xx-20xx, sequence, check 0-9/X) and the old 15-digit form, optionally spaced. */
const ID_18 = /(?<!\d)[1-9]\d{5}[\s-]?(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[\s-]?\d{3}[\dXx](?![\dXx])/;
const ID_15 = /(?<!\d)[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?!\d)/;
/** Mainland mobile numbers (1[3-9]x xxxx xxxx, optionally +86) and landlines written with an area code (010-12345678, (0571)87654321). */
const MOBILE = /(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)/;
const LANDLINE = /(?<!\d)(?:\(0\d{2,3}\)|0\d{2,3}-)\s?\d{7,8}(?!\d)/;
/** A whole value that is a hash or hex id (40+ hex digits) is skipped: its digit runs are not phone numbers. */
const HEX_ID = /^[0-9a-f]{40,}$/i;

function scanText(text: string, path: string, known: Partial<ClaimantPersonalData>, hits: PersonalDataHit[]): void {
  if (HEX_ID.test(text)) return;
  const squeezed = text.replace(/[\s\-+()]/g, '').toLowerCase();
  const idKnown = known.idNumber?.replace(/[\s-]/g, '').toLowerCase();
  const phoneKnown = known.phone?.replace(/[\s\-+()]/g, '').replace(/^86(?=1\d{10}$)/, '');
  if (ID_18.test(text) || ID_15.test(text) || (idKnown !== undefined && idKnown.length >= 6 && squeezed.includes(idKnown))) {
    hits.push({ path, kind: 'id-number' });
  }
  if (MOBILE.test(text) || LANDLINE.test(text) || (phoneKnown !== undefined && phoneKnown.length >= 6 && squeezed.includes(phoneKnown))) {
    hits.push({ path, kind: 'phone' });
  }
  const name = known.name?.trim();
  if (name !== undefined && [...name].length >= 2 && text.includes(name)) hits.push({ path, kind: 'name' });
  const address = known.address?.trim();
  if (address !== undefined && address.length >= 2 && text.includes(address)) hits.push({ path, kind: 'address' });
}

/**
 * Every place in a JSON-like value (strings, numbers, object keys) that holds an ID number or a
 * phone number by pattern, or the given person's exact name, ID number, phone or address.
 * Used by the view builder on its own output and by tests on every juror-facing response.
 */
export function findPersonalData(value: unknown, known: Partial<ClaimantPersonalData> = {}): PersonalDataHit[] {
  const hits: PersonalDataHit[] = [];
  const seen = new Set<object>();
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') scanText(v, path, known, hits);
    else if (typeof v === 'number' || typeof v === 'bigint') scanText(String(v), path, known, hits);
    else if (v !== null && typeof v === 'object') {
      if (seen.has(v)) return;
      seen.add(v);
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, path === '' ? String(i) : `${path}.${i}`));
      else {
        for (const [k, x] of Object.entries(v)) {
          const p = path === '' ? k : `${path}.${k}`;
          scanText(k, `<key ${p}>`, known, hits);
          walk(x, p);
        }
      }
    }
  };
  walk(value, '');
  return hits;
}
