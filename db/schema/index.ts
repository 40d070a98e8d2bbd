export * from "./tenancy";
export * from "./plans";
export * from "./scorecard";
export * from "./audit";
