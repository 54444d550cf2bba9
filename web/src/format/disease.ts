/** The server names a disease in both languages, "English (中文)": show the reader's half. */
export function diseaseIn(name: string, language: string): string {
  const m = /^(.*) \(([^()]*)\)$/.exec(name);
  if (!m) return name;
  return language === 'en' ? m[1]! : m[2]!;
}
