import { describe, expect, it } from "vitest";
import { compareResults } from "./compare";

describe("compareResults", () => {
  it("returns nothing for equal outputs", () => {
    expect(compareResults({ a: [1, { b: "2" }] }, { a: [1, { b: "2" }] })).toEqual([]);
  });

  it("names the path of a changed leaf", () => {
    const a = { funnels: { "marketing-master": { neededVolumes: { traffic: 250000 } } } };
    const b = { funnels: { "marketing-master": { neededVolumes: { traffic: 227273 } } } };
    expect(compareResults(a, b)).toEqual([
      { path: 'funnels["marketing-master"].neededVolumes.traffic', a: 250000, b: 227273 },
    ]);
  });

  it("compares arrays element by element", () => {
    expect(compareResults({ list: [1, 2] }, { list: [1, 3, 4] })).toEqual([
      { path: "list[1]", a: 2, b: 3 },
      { path: "list[2]", a: null, b: 4 },
    ]);
  });

  it("reports keys only one side has", () => {
    expect(compareResults({ x: 1 }, { y: 2 })).toEqual([
      { path: "x", a: 1, b: null },
      { path: "y", a: null, b: 2 },
    ]);
  });

  it("reports null against an object", () => {
    expect(compareResults({ band: null }, { band: { low: "1", high: "2" } })).toEqual([
      { path: "band", a: null, b: { low: "1", high: "2" } },
    ]);
  });

  it("quotes transition keys", () => {
    expect(compareResults({ rates: { "a->b": "0.1" } }, { rates: { "a->b": "0.2" } })[0]?.path).toBe('rates["a->b"]');
  });
});
