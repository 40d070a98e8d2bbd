import Fraction from "fraction.js";

/**
 * An exact rational number. Every amount, rate, weight and KPI value in the
 * engine is one of these, so that 10,000 × 7 % is exactly 700 and a rounding
 * step only ever rounds the exact value.
 */
export type Decimal = Fraction;

const PLAIN_DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)$/;

/** Digits kept after the point when a value does not terminate. */
export const OUTPUT_SCALE = 12;

export class InvalidDecimalError extends Error {
  constructor(readonly input: string) {
    super(`"${input}" is not a plain decimal number; write it like 1250 or 0.064`);
    this.name = "InvalidDecimalError";
  }
}

export function isPlainDecimal(text: string): boolean {
  return PLAIN_DECIMAL.test(text);
}

/**
 * Parses a plain decimal string ("0.064", "1000000", "-3.5") exactly. Exponents,
 * thousands separators and percent signs are rejected so that a typo never
 * turns into a different number.
 */
export function parseDecimal(text: string): Decimal {
  const trimmed = text.trim();
  if (!PLAIN_DECIMAL.test(trimmed)) throw new InvalidDecimalError(text);
  return new Fraction(trimmed);
}

/**
 * Reads a JSON number as the shortest decimal that prints it, so 0.1 is
 * exactly one tenth rather than the nearest binary double.
 */
export function decimalFromNumber(value: number): Decimal {
  if (!Number.isFinite(value)) throw new InvalidDecimalError(String(value));
  return parseDecimal(numberToPlainString(value));
}

function numberToPlainString(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // Expand exponent notation (1e21, 5e-7) without going through float arithmetic.
  const [mantissa = "", exponentText = "0"] = text.toLowerCase().split("e");
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith("-");
  const unsigned = negative ? mantissa.slice(1) : mantissa;
  const [whole = "", fraction = ""] = unsigned.split(".");
  const digits = whole + fraction;
  const pointAt = whole.length + exponent;
  let plain: string;
  if (pointAt <= 0) plain = "0." + "0".repeat(-pointAt) + digits;
  else if (pointAt >= digits.length) plain = digits + "0".repeat(pointAt - digits.length);
  else plain = digits.slice(0, pointAt) + "." + digits.slice(pointAt);
  return (negative ? "-" : "") + plain;
}

export function decimal(value: string | number | bigint | Decimal): Decimal {
  if (value instanceof Fraction) return value;
  if (typeof value === "string") return parseDecimal(value);
  if (typeof value === "bigint") return new Fraction(value);
  if (Number.isInteger(value)) return new Fraction(value);
  return decimalFromNumber(value);
}

export const ZERO: Decimal = new Fraction(0);
export const ONE: Decimal = new Fraction(1);

/**
 * Formats an exact value in the canonical output form: no exponent, no
 * trailing zeros, no point for whole numbers. A value that does not
 * terminate is rounded half-even to 12 decimal places first.
 */
export function formatDecimal(value: Decimal): string {
  const negative = value.s < 0n && value.n !== 0n;
  const numerator = value.n;
  const denominator = value.d;
  const scale = 10n ** BigInt(OUTPUT_SCALE);

  const scaled = numerator * scale;
  let quotient = scaled / denominator;
  const remainder = scaled % denominator;
  const twice = remainder * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) {
    quotient += 1n;
  }

  const whole = quotient / scale;
  let fraction = (quotient % scale).toString().padStart(OUTPUT_SCALE, "0");
  fraction = fraction.replace(/0+$/, "");
  const body = fraction ? `${whole}.${fraction}` : `${whole}`;
  return negative && body !== "0" ? `-${body}` : body;
}

export function ceilDecimal(value: Decimal): Decimal {
  return value.ceil();
}

/** Rounds up to a whole number and returns it as a JS integer. */
export function ceilToInteger(value: Decimal): number {
  const rounded = value.ceil();
  const asBigInt = rounded.s * rounded.n;
  return Number(asBigInt);
}

/** Rounds up to whole cents, for currency targets. */
export function ceilToCents(value: Decimal): Decimal {
  return value.ceil(2);
}

export function maxDecimal(a: Decimal, b: Decimal): Decimal {
  return a.compare(b) >= 0 ? a : b;
}

export function minDecimal(a: Decimal, b: Decimal): Decimal {
  return a.compare(b) <= 0 ? a : b;
}

export function sumDecimals(values: readonly Decimal[]): Decimal {
  return values.reduce((total, value) => total.add(value), ZERO);
}
