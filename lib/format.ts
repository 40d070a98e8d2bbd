/**
 * Display formatting for exact decimal strings. The engine's strings are
 * exact; these functions only change how they look, never feed a calculation.
 */

const countFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function formatCount(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return countFormat.format(Number(value));
}

export function formatMoney(value: string | null | undefined, currency: string): string {
  if (value === null || value === undefined) return "—";
  return new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 2 }).format(Number(value));
}

/** "0.064" → "6.4 %" */
export function formatPercent(fraction: string | null | undefined, digits = 4): string {
  if (fraction === null || fraction === undefined) return "—";
  const percent = Number(fraction) * 100;
  return `${new Intl.NumberFormat("en-US", { maximumFractionDigits: digits }).format(percent)} %`;
}
