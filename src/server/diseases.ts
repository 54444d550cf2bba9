/**
 * Disease codes a claim may name, with the names published in announcements. The 2019 Xiang Hu
 * Bao list covered 99 critical illnesses plus malignant tumours; these are the commonest
 * (shared/domain.md: lung, heart attack, colorectal, brain surgery, stomach, breast, cervical,
 * thyroid made 58% of cases), plus a catch-all for the rest of the list.
 */
export const DISEASES = {
  'lung-cancer': 'Lung cancer (肺癌)',
  'heart-attack': 'Acute myocardial infarction (急性心肌梗塞)',
  'colorectal-cancer': 'Colorectal cancer (结直肠癌)',
  'brain-surgery': 'Craniotomy (开颅手术)',
  'stomach-cancer': 'Stomach cancer (胃癌)',
  'breast-cancer': 'Breast cancer (乳腺癌)',
  'cervical-cancer': 'Cervical cancer (宫颈癌)',
  'thyroid-cancer': 'Thyroid cancer (甲状腺癌)',
  'liver-cancer': 'Liver cancer (肝癌)',
  'leukaemia': 'Leukaemia (白血病)',
  'stroke': 'Stroke sequelae (脑中风后遗症)',
  'kidney-failure': 'End-stage kidney failure (终末期肾病)',
  'other-critical': 'Other covered critical illness (其他重大疾病)',
} as const;

export type DiseaseCode = keyof typeof DISEASES;
export const DISEASE_CODES = Object.keys(DISEASES) as [DiseaseCode, ...DiseaseCode[]];
export const diseaseName = (code: string): string => (DISEASES as Record<string, string>)[code] ?? DISEASES['other-critical'];

/** The health declaration (健康告知): every question must be answered, and every answer must be "no". */
export const HEALTH_QUESTIONS = {
  'hospitalised-or-advised': 'In the past 2 years, have you been hospitalised, or advised to be, or to have surgery?',
  'critical-illness-history': 'Have you ever had a malignant tumour or one of the covered critical illnesses?',
  'chronic-organ-disease': 'Do you have chronic disease of the heart, liver, kidney, lungs or brain?',
  'abnormal-results': 'Have you had abnormal test results that were not followed up?',
  'unable-to-work': 'Are you currently unable to work or study normally because of illness?',
} as const;
export const HEALTH_QUESTION_CODES = Object.keys(HEALTH_QUESTIONS);
