import { describe, expect, it } from "vitest";
import {
  InvalidDecimalError,
  ceilToCents,
  ceilToInteger,
  decimal,
  decimalFromNumber,
  formatDecimal,
  isPlainDecimal,
  maxDecimal,
  minDecimal,
  parseDecimal,
  sumDecimals,
} from "./decimal";

describe("decimal arithmetic", () => {
  it.each([
    ["10000 × 7 %", () => parseDecimal("10000").mul(parseDecimal("0.07")), "700"],
    ["7 / 7 %", () => parseDecimal("7").div(parseDecimal("0.07")), "100"],
    ["0.1 + 0.2", () => decimal(0.1).add(decimal(0.2)), "0.3"],
  ])("%s is exact", (_name, compute, expected) => {
    expect(formatDecimal(compute())).toBe(expected);
  });

  it.each([
    ["100", "0.064", 1563],
    ["16000", "0.064", 250000],
    ["3", "0.333333333333333333", 10],
  ])("ceil(%s / %s) is %i", (numerator, rate, expected) => {
    expect(ceilToInteger(parseDecimal(numerator).div(parseDecimal(rate)))).toBe(expected);
  });

  it("dividing by an exact third gives 9, not 10", () => {
    // A rate of 1/3 from last year's volumes (1,000 → 333.33…) stays a fraction.
    expect(ceilToInteger(decimal(3).div(decimal(1).div(3)))).toBe(9);
  });

  it("ceilToCents rounds up to the cent", () => {
    expect(formatDecimal(ceilToCents(parseDecimal("10.001")))).toBe("10.01");
    expect(formatDecimal(ceilToCents(parseDecimal("10.01")))).toBe("10.01");
  });

  it("min, max and sum", () => {
    expect(formatDecimal(maxDecimal(decimal(2), decimal(3)))).toBe("3");
    expect(formatDecimal(minDecimal(decimal(2), decimal(3)))).toBe("2");
    expect(formatDecimal(sumDecimals([decimal("0.1"), decimal("0.2"), decimal("0.3")]))).toBe("0.6");
    expect(formatDecimal(sumDecimals([]))).toBe("0");
  });
});

describe("parseDecimal", () => {
  it.each(["0.064", "1000000", "-3.5", ".5", "5.", " 12 "])("accepts %j", (text) => {
    expect(() => parseDecimal(text)).not.toThrow();
  });

  it.each(["1e3", "1,000", "6.4%", "abc", "", "--1", "0x10"])("rejects %j naming it", (text) => {
    expect(() => parseDecimal(text)).toThrow(InvalidDecimalError);
    expect(() => parseDecimal(text)).toThrow(`"${text}" is not a plain decimal number`);
  });

  it("isPlainDecimal matches parseDecimal", () => {
    expect(isPlainDecimal("12.50")).toBe(true);
    expect(isPlainDecimal("12,50")).toBe(false);
  });
});

describe("decimalFromNumber", () => {
  it.each([
    [0.1, "0.1"],
    [1e21, "1000000000000000000000"],
    [5e-7, "0.0000005"],
    [-2.5e-7, "-0.00000025"],
    [1.5e22, "15000000000000000000000"],
    [1.234e1, "12.34"],
  ])("reads %d as %s", (value, expected) => {
    expect(formatDecimal(decimalFromNumber(value))).toBe(expected);
  });

  it("rejects non-finite numbers", () => {
    expect(() => decimalFromNumber(Number.NaN)).toThrow(InvalidDecimalError);
    expect(() => decimalFromNumber(Number.POSITIVE_INFINITY)).toThrow(InvalidDecimalError);
  });

  it("decimal() takes every input kind", () => {
    expect(formatDecimal(decimal(7n))).toBe("7");
    expect(formatDecimal(decimal(3))).toBe("3");
    expect(formatDecimal(decimal("0.20"))).toBe("0.2");
    const value = parseDecimal("1.5");
    expect(decimal(value)).toBe(value);
  });
});

describe("formatDecimal", () => {
  it.each([
    [decimal(2).div(3), "0.666666666667"],
    [decimal(-1).div(3), "-0.333333333333"],
    [decimal(1).div(8).div(10 ** 12), "0"],
    // Half-even: exactly half at the 12th place rounds to the even digit.
    [parseDecimal("0.0000000000005"), "0"],
    [parseDecimal("0.0000000000015"), "0.000000000002"],
    [parseDecimal("1992.50"), "1992.5"],
    [parseDecimal("-0"), "0"],
  ])("formats %s as %s", (value, expected) => {
    expect(formatDecimal(value)).toBe(expected);
  });
});
