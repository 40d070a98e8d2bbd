/**
 * Public exports of the planning engine. The engine is pure: it takes the
 * current date as a parameter and does no I/O, so the web app, the command
 * line and the tests all compute with these same functions.
 */
export * from "./decimal";
export * from "./types";
export * from "./calendar";
export * from "./targets";
export * from "./status";
export * from "./kpi";
export * from "./rebucket";
export * from "./revenue";
export * from "./funnel";
export { parsePlanFile, parsePlanFileText, formatJsonPath, type PlanFileResult } from "./plan-file";
export { computePlan, validatePlan, weekStartReport, type PlanResult, type WeekStartReport } from "./plan";
export { compareResults, type ScenarioDifference } from "./compare";
