import { describe, expect, it } from "vitest";
import { parseDecimal as d } from "./decimal";
import { changeBetween, meetsDirection, statusOf, trendFlags, type WeekStatus } from "./status";
import type { Direction } from "./types";

const target = (value: string) => ({ target: d(value), band: null });
const band = (low: string, high: string) => ({ target: null, band: { low: d(low), high: d(high) } });

describe("statusOf with a target", () => {
  it.each<[Direction, string, WeekStatus]>([
    ["at_least", "100", "on_track"],
    ["at_least", "99.99", "off_track"],
    ["above", "100", "off_track"],
    ["above", "100.01", "on_track"],
    ["at_most", "100", "on_track"],
    ["at_most", "100.01", "off_track"],
    ["below", "100", "off_track"],
    ["below", "99.99", "on_track"],
    ["equal", "100", "on_track"],
    ["equal", "100.01", "off_track"],
    ["equal", "99.99", "off_track"],
  ])("%s target 100, actual %s", (direction, actual, expected) => {
    expect(statusOf(d(actual), direction, target("100"), null)).toBe(expected);
  });

  it("blank is not entered", () => {
    expect(statusOf(null, "at_least", target("100"), d("0.1"))).toBe("not_entered");
  });

  it("zero is a real entry", () => {
    expect(statusOf(d("0"), "at_least", target("100"), null)).toBe("off_track");
    expect(statusOf(d("0"), "at_most", target("100"), null)).toBe("on_track");
  });
});

describe("statusOf tolerance", () => {
  it.each<[Direction, string, WeekStatus]>([
    ["at_least", "95", "at_risk"],
    ["at_least", "94.99", "off_track"],
    ["above", "100", "at_risk"],
    ["above", "95", "at_risk"],
    ["above", "94.99", "off_track"],
    ["at_most", "105", "at_risk"],
    ["at_most", "105.01", "off_track"],
    ["below", "100", "at_risk"],
    ["below", "105.01", "off_track"],
    ["equal", "105", "at_risk"],
    ["equal", "95", "at_risk"],
    ["equal", "94.99", "off_track"],
  ])("%s 5%% of 100, actual %s", (direction, actual, expected) => {
    expect(statusOf(d(actual), direction, target("100"), d("0.05"))).toBe(expected);
  });

  it("negative target uses magnitude", () => {
    expect(statusOf(d("-105"), "at_least", target("-100"), d("0.05"))).toBe("at_risk");
    expect(statusOf(d("-105.01"), "at_least", target("-100"), d("0.05"))).toBe("off_track");
  });

  it("target zero has no risk", () => {
    expect(statusOf(d("-0.01"), "at_least", target("0"), d("0.5"))).toBe("off_track");
  });

  it("zero tolerance has no risk", () => {
    expect(statusOf(d("99"), "at_least", target("100"), d("0"))).toBe("off_track");
    expect(statusOf(d("100"), "above", target("100"), d("0"))).toBe("off_track");
  });
});

describe("statusOf with a band", () => {
  it.each<[Direction, string, WeekStatus]>([
    ["between", "10", "on_track"],
    ["between", "20", "on_track"],
    ["between", "9.99", "off_track"],
    ["between", "20.01", "off_track"],
    ["outside", "10", "off_track"],
    ["outside", "20", "off_track"],
    ["outside", "9.99", "on_track"],
    ["outside", "20.01", "on_track"],
  ])("%s 10..20, actual %s", (direction, actual, expected) => {
    expect(statusOf(d(actual), direction, band("10", "20"), null)).toBe(expected);
  });

  it.each<[string, WeekStatus]>([
    ["9", "at_risk"],
    ["8.99", "off_track"],
    ["22", "at_risk"],
    ["22.01", "off_track"],
  ])("between tolerance, actual %s", (actual, expected) => {
    // 10 % of the nearer bound: 1 below 10, 2 above 20.
    expect(statusOf(d(actual), "between", band("10", "20"), d("0.1"))).toBe(expected);
  });

  it.each<[string, WeekStatus]>([
    ["11", "at_risk"],
    ["11.01", "off_track"],
    ["18", "at_risk"],
    ["17.99", "off_track"],
    ["15", "off_track"],
  ])("outside tolerance, actual %s", (actual, expected) => {
    expect(statusOf(d(actual), "outside", band("10", "20"), d("0.1"))).toBe(expected);
  });

  it("outside middle checks both bounds", () => {
    // 15 is 5 from either bound; 50 % of 10 is 5, so the low bound makes it at risk.
    expect(statusOf(d("15"), "outside", band("10", "20"), d("0.5"))).toBe("at_risk");
  });

  it("band bound zero has no risk", () => {
    expect(statusOf(d("-0.01"), "between", band("0", "10"), d("0.5"))).toBe("off_track");
  });

  it("missing band is an error", () => {
    expect(() => statusOf(d("1"), "between", { target: null, band: null }, null)).toThrow(/needs a band/);
  });

  it("missing target is an error", () => {
    expect(() => meetsDirection(d("1"), "at_least", { target: null, band: null })).toThrow(/needs a target/);
  });
});

describe("trendFlags", () => {
  const off = "off_track" as const;
  const on = "on_track" as const;
  const risk = "at_risk" as const;
  const blank = "not_entered" as const;

  it("three off track flags", () => {
    expect(trendFlags([off, off, off])).toEqual([false, false, true]);
  });

  it("blanks are skipped", () => {
    expect(trendFlags([off, blank, off, blank, off, blank])).toEqual([false, false, false, false, true, true]);
  });

  it("on track breaks the run", () => {
    expect(trendFlags([off, off, on, off, off])).toEqual([false, false, false, false, false]);
  });

  it("at risk breaks the run", () => {
    expect(trendFlags([off, off, risk, off])).toEqual([false, false, false, false]);
  });

  it("custom run length", () => {
    expect(trendFlags([off, off], 2)).toEqual([false, true]);
    expect(trendFlags([off], 1)).toEqual([true]);
  });

  it("rejects zero trend weeks", () => {
    expect(() => trendFlags([off], 0)).toThrow(/trend weeks 0/);
  });
});

describe("changeBetween", () => {
  it.each<[Direction, string, string, string]>([
    ["at_least", "5", "6", "improving"],
    ["above", "6", "5", "worsening"],
    ["at_most", "6", "5", "improving"],
    ["below", "5", "6", "worsening"],
    ["equal", "90", "95", "improving"],
    ["equal", "95", "105", "unchanged"],
    ["equal", "100", "110", "worsening"],
  ])("%s from %s to %s", (direction, previous, current, expected) => {
    expect(changeBetween(d(previous), d(current), direction, target("100"))).toBe(expected);
  });

  it.each<[Direction, string, string, string]>([
    ["between", "5", "8", "improving"],
    ["between", "25", "22", "improving"],
    ["between", "12", "18", "unchanged"],
    ["between", "18", "21", "worsening"],
    ["outside", "14", "11", "improving"],
    ["outside", "16", "15", "worsening"],
  ])("%s 10..20 from %s to %s", (direction, previous, current, expected) => {
    expect(changeBetween(d(previous), d(current), direction, band("10", "20"))).toBe(expected);
  });
});
