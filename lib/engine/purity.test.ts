import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The engine takes "today" as a parameter and reads nothing from outside, so
// the same plan computes the same result on any machine at any time.
const FORBIDDEN: [pattern: RegExp, reason: string][] = [
  [/\bDate\.now\s*\(/, "reads the clock"],
  [/\bnew Date\s*\(/, "reads the clock or parses dates in local time"],
  [/\bTemporal\.Now\b/, "reads the clock"],
  [/\bprocess\./, "reads the environment"],
  [/from\s+["'](node:)?(fs|path|os|child_process|http|https|net)["']/, "does I/O"],
  [/\bMath\.random\s*\(/, "is not deterministic"],
];

const engineDir = path.join(process.cwd(), "lib", "engine");
const sources = fs.readdirSync(engineDir).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"));

describe("engine purity", () => {
  it("has source files to check", () => {
    expect(sources.length).toBeGreaterThan(5);
  });

  it.each(sources)("%s does no I/O and reads no clock", (file) => {
    const text = fs.readFileSync(path.join(engineDir, file), "utf8");
    for (const [pattern, reason] of FORBIDDEN) {
      expect({ file, reason, found: pattern.test(text) }).toEqual({ file, reason, found: false });
    }
  });
});
