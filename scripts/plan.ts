/**
 * Computes a plan file without a server.
 *
 *   npm run --silent plan -- FILE.json                  the plan output
 *   npm run --silent plan -- A.json --compare B.json    every output value that differs
 *   npm run --silent plan -- FILE.json --week-start DAY the re-bucketing report for another week start
 *
 * A valid run writes one JSON object to stdout and nothing else. Any problem
 * writes {"errors": [{"path", "message"}]} to stderr and exits with status 1.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  PlanValidationError,
  WEEKDAYS,
  compareResults,
  computePlan,
  parsePlanFileText,
  weekStartReport,
  type PlanInput,
  type PlanIssue,
  type PlanResult,
  type Weekday,
} from "../lib/engine";

const USAGE = "usage: npm run --silent plan -- FILE.json [--compare OTHER.json | --week-start DAY]";

class CommandError extends Error {
  constructor(readonly issues: PlanIssue[]) {
    super(issues[0]?.message ?? "failed");
  }
}

interface Arguments {
  file: string;
  compareWith: string | null;
  weekStart: Weekday | null;
}

function parseArguments(args: readonly string[]): Arguments {
  const positional: string[] = [];
  let compareWith: string | null = null;
  let weekStart: Weekday | null = null;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === "--compare" || arg === "--week-start") {
      const value = args[++index];
      if (value === undefined) throw new CommandError([{ path: "", message: `${arg} needs a value; ${USAGE}` }]);
      if (arg === "--compare") compareWith = value;
      else if ((WEEKDAYS as readonly string[]).includes(value.toLowerCase())) weekStart = value.toLowerCase() as Weekday;
      else {
        throw new CommandError([
          { path: "", message: `--week-start "${value}" is not a weekday; use one of ${WEEKDAYS.join(", ")}` },
        ]);
      }
    } else if (arg.startsWith("--")) {
      throw new CommandError([{ path: "", message: `unknown option ${arg}; ${USAGE}` }]);
    } else {
      positional.push(arg);
    }
  }
  const file = positional[0];
  if (positional.length !== 1 || file === undefined) {
    throw new CommandError([{ path: "", message: `expected exactly one plan file; ${USAGE}` }]);
  }
  if (compareWith !== null && weekStart !== null) {
    throw new CommandError([{ path: "", message: `use --compare or --week-start, not both; ${USAGE}` }]);
  }
  return { file, compareWith, weekStart };
}

function readPlan(file: string): PlanInput {
  let text: string;
  try {
    // npm runs scripts in the package root and passes the caller's directory as
    // INIT_CWD, so a relative path means the same file wherever npm was started.
    text = readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), file), "utf8");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CommandError([{ path: "", message: `failed to read ${file} (${reason}); check the file name` }]);
  }
  const parsed = parsePlanFileText(text);
  if (!parsed.ok) throw new CommandError(parsed.issues);
  return parsed.input;
}

function computeFile(file: string): PlanResult {
  const input = readPlan(file);
  try {
    return computePlan(input);
  } catch (error) {
    if (error instanceof PlanValidationError) throw new CommandError(error.issues);
    throw error;
  }
}

/** Prefixes each issue's message with its file, for a comparison of two files. */
function inFile(file: string, run: () => PlanResult): PlanResult | PlanIssue[] {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    return error.issues.map((issue) => ({ path: issue.path, message: `${file}: ${issue.message}` }));
  }
}

function run(args: readonly string[]): unknown {
  const options = parseArguments(args);
  if (options.weekStart !== null) {
    const input = readPlan(options.file);
    computeFile(options.file);
    return weekStartReport(input, options.weekStart);
  }
  if (options.compareWith !== null) {
    const compareWith = options.compareWith;
    const a = inFile(options.file, () => computeFile(options.file));
    const b = inFile(compareWith, () => computeFile(compareWith));
    const issues = [...(Array.isArray(a) ? a : []), ...(Array.isArray(b) ? b : [])];
    if (issues.length > 0) throw new CommandError(issues);
    return { a: options.file, b: compareWith, differences: compareResults(a, b) };
  }
  return computeFile(options.file);
}

try {
  const output = run(process.argv.slice(2));
  process.stdout.write(JSON.stringify(output, null, 2) + "\n");
} catch (error) {
  const issues: PlanIssue[] =
    error instanceof CommandError
      ? error.issues
      : [{ path: "", message: `the plan could not be computed: ${error instanceof Error ? error.message : String(error)}` }];
  process.stderr.write(JSON.stringify({ errors: issues }, null, 2) + "\n");
  process.exitCode = 1;
}
