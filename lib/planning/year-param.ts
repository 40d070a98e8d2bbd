/** Reads a fiscal year from a URL segment; null for anything but a whole year from 2000 to 2100. */
export function parseFiscalYearParam(text: string): number | null {
  if (!/^\d{4}$/.test(text)) return null;
  const year = Number(text);
  return year >= 2000 && year <= 2100 ? year : null;
}
