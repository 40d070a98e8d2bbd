import { ROLE_LABELS, type Role } from "@/lib/auth/permissions";
import { formatDecimal, isPlainDecimal, parseDecimal } from "@/lib/engine/decimal";

/**
 * Turns stored audit events into a sentence and a list of changed values for
 * the history page. Pure: the page loads the names it needs (KPIs, plans,
 * members) and passes them in, so an entity renamed since the event shows its
 * current name.
 */

export interface DescribableEvent {
  action: string;
  entityType: string;
  entityId: string | null;
  oldValue: unknown;
  newValue: unknown;
}

export interface DescribeContext {
  currency: string;
  kpiNames: ReadonlyMap<string, string>;
  planYears: ReadonlyMap<string, number>;
  memberNames: ReadonlyMap<string, string>;
}

export interface ValueChange {
  field: string;
  /** "—" when the field had no value before. */
  from: string;
  /** "—" when the field has no value after. */
  to: string;
}

export interface EventDescription {
  sentence: string;
  changes: ValueChange[];
}

const NONE = "—";

type JsonObject = Record<string, unknown>;

function asObject(value: unknown): JsonObject | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : null;
}

/** Groups an exact decimal's integer digits by thousands without rounding it: "1234567.125" → "1,234,567.125". */
export function groupDigits(text: string): string {
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (!match) return text;
  const [, sign = "", whole = "", fraction = ""] = match;
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${fraction}`;
}

function plainNumber(value: unknown): string {
  if (value === null || value === undefined) return NONE;
  const text = String(value);
  return isPlainDecimal(text) ? groupDigits(formatDecimal(parseDecimal(text))) : text;
}

function money(value: unknown, currency: string): string {
  const text = plainNumber(value);
  return text === NONE ? NONE : `${text} ${currency}`;
}

function percent(value: unknown): string {
  if (value === null || value === undefined) return NONE;
  const text = String(value);
  if (!isPlainDecimal(text)) return text;
  return `${groupDigits(formatDecimal(parseDecimal(text).mul(100)))} %`;
}

/** Renders any stored value for the old → new column. */
function anyValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return NONE;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

function pushChange(changes: ValueChange[], field: string, from: string, to: string) {
  if (from !== to) changes.push({ field, from, to });
}

function kpiLabel(entityId: string | null, context: DescribeContext): string {
  return (entityId && context.kpiNames.get(entityId)) || "a deleted KPI";
}

function planLabel(entityId: string | null, context: DescribeContext): string {
  const year = entityId ? context.planYears.get(entityId) : undefined;
  return year === undefined ? "a deleted plan" : `the FY${year} plan`;
}

function memberLabel(membershipId: unknown, context: DescribeContext): string {
  if (typeof membershipId !== "string") return NONE;
  return context.memberNames.get(membershipId) ?? "a former member";
}

function describeActual(event: DescribableEvent, context: DescribeContext): EventDescription {
  const before = asObject(event.oldValue);
  const after = asObject(event.newValue);
  const week = String(after?.weekStart ?? before?.weekStart ?? "an unknown week");
  const kpi = kpiLabel(event.entityId, context);
  const from = plainNumber(before?.value);
  const to = plainNumber(after?.value);
  const changes = [{ field: `${kpi}, week of ${week}`, from, to }];
  if (event.action === "actual.create") {
    return { sentence: `entered ${to} as the actual of ${kpi} for the week of ${week}`, changes };
  }
  if (event.action === "actual.clear") {
    return { sentence: `cleared the actual of ${kpi} for the week of ${week} (it was ${from})`, changes };
  }
  return { sentence: `changed the actual of ${kpi} for the week of ${week} from ${from} to ${to}`, changes };
}

const PLAN_MONEY_FIELDS: [key: string, label: string][] = [
  ["revenueGoal", "Revenue goal"],
  ["contractedRevenue", "Contracted revenue"],
  ["expansionRevenue", "Expansion revenue"],
  ["newRevenueSales", "New revenue from sales"],
  ["newRevenueMarketing", "New revenue from marketing"],
  ["averageCustomerValue", "Average customer value"],
];

const QUARTERS = ["Q1", "Q2", "Q3", "Q4"];

function planChanges(before: JsonObject | null, after: JsonObject | null, context: DescribeContext): ValueChange[] {
  const changes: ValueChange[] = [];
  for (const [key, label] of PLAN_MONEY_FIELDS) {
    pushChange(changes, label, money(before?.[key], context.currency), money(after?.[key], context.currency));
  }

  // Stages are matched by key, so a renamed or re-rated stage shows as a change of that stage.
  const stagesOf = (side: JsonObject | null) =>
    new Map((Array.isArray(side?.stages) ? side.stages : []).map((stage) => asObject(stage)).filter((stage) => stage !== null).map((stage) => [String(stage.key), stage]));
  const beforeStages = stagesOf(before);
  const afterStages = stagesOf(after);
  for (const key of new Set([...beforeStages.keys(), ...afterStages.keys()])) {
    const old = beforeStages.get(key);
    const next = afterStages.get(key);
    const name = String(next?.name ?? old?.name ?? key);
    if (!old || !next) {
      const describeStage = (stage: JsonObject) => `last year ${plainNumber(stage.lastYear)}`;
      pushChange(changes, `Stage ${name}`, old ? describeStage(old) : NONE, next ? describeStage(next) : "removed");
      continue;
    }
    pushChange(changes, `Stage ${key} name`, anyValue(old.name), anyValue(next.name));
    pushChange(changes, `${name} last year`, plainNumber(old.lastYear), plainNumber(next.lastYear));
    pushChange(changes, `${name} planned conversion rate`, percent(old.plannedRate), percent(next.plannedRate));
  }

  const beforeKpi = asObject(before?.kpi);
  const afterKpi = asObject(after?.kpi);
  pushChange(changes, "KPI name", anyValue(beforeKpi?.name), anyValue(afterKpi?.name));
  pushChange(changes, "KPI stage", anyValue(beforeKpi?.stageKey), anyValue(afterKpi?.stageKey));
  const weights = (kpi: JsonObject | null) => (Array.isArray(kpi?.weights) ? kpi.weights : []);
  for (const [index, quarter] of QUARTERS.entries()) {
    pushChange(changes, `KPI ${quarter} weight`, percent(weights(beforeKpi)[index]), percent(weights(afterKpi)[index]));
  }
  pushChange(changes, "KPI owner", memberLabel(beforeKpi?.ownerMembershipId, context), memberLabel(afterKpi?.ownerMembershipId, context));
  return changes;
}

function describePlan(event: DescribableEvent, context: DescribeContext): EventDescription {
  const changes = planChanges(asObject(event.oldValue), asObject(event.newValue), context);
  const plan = planLabel(event.entityId, context);
  if (event.action === "plan.create") return { sentence: `created ${plan}`, changes };
  if (changes.length === 0) return { sentence: `saved ${plan} without changes`, changes };
  const fields = changes.map((change) => change.field.toLowerCase());
  const listed = fields.length <= 3 ? fields.join(", ") : `${fields.slice(0, 3).join(", ")} and ${fields.length - 3} more`;
  return { sentence: `changed ${plan}: ${listed}`, changes };
}

const SETTING_LABELS: Record<string, string> = {
  name: "Name",
  fiscalYearStartMonth: "Fiscal year start month",
  weekStartsOn: "Week starts on",
  fiscalYearNaming: "Fiscal year named by",
  monthPattern: "Month pattern",
  currency: "Currency",
  timeZone: "Time zone",
  meetingWeekday: "Meeting day",
  meetingTime: "Meeting time",
};

/**
 * Lists the differing top-level fields of two stored objects, with readable
 * labels where known. `skipIds` leaves out fields named "...Id", whose UUIDs
 * mean nothing to a reader when the sentence already names the subject.
 */
function objectChanges(before: unknown, after: unknown, labels: Record<string, string> = {}, skipIds = false): ValueChange[] {
  const old = asObject(before);
  const next = asObject(after);
  if (!old && !next) {
    return before === after ? [] : [{ field: "Value", from: anyValue(before), to: anyValue(after) }];
  }
  const changes: ValueChange[] = [];
  for (const key of new Set([...Object.keys(old ?? {}), ...Object.keys(next ?? {})])) {
    if (skipIds && /Id$/.test(key)) continue;
    pushChange(changes, labels[key] ?? key, anyValue(old?.[key]), anyValue(next?.[key]));
  }
  return changes;
}

function describeSettings(event: DescribableEvent): EventDescription {
  const changes = objectChanges(event.oldValue, event.newValue, SETTING_LABELS);
  if (changes.length === 0) return { sentence: "saved the settings without changes", changes };
  return { sentence: `changed the settings: ${changes.map((change) => change.field.toLowerCase()).join(", ")}`, changes };
}

const PAST_TENSE: Record<string, string> = {
  create: "created",
  update: "changed",
  delete: "deleted",
  remove: "removed",
  invite: "invited",
  accept: "accepted",
  revoke: "revoked",
  assign: "assigned",
  unassign: "unassigned",
  clear: "cleared",
};

/** Prefixes "a" or "an" by the first letter, which fits the entity nouns used here. */
function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}

/** Describes an action without its own wording: "membership.update" → "changed a membership". */
function describeGeneric(event: DescribableEvent): EventDescription {
  const [subject = event.entityType, verb = ""] = event.action.split(".");
  const pastTense = PAST_TENSE[verb];
  const noun = subject.replace(/[_-]+/g, " ");
  const entityNoun = event.entityType.replace(/[_-]+/g, " ");
  const sentence = pastTense ? `${pastTense} ${withArticle(noun)}` : `recorded "${event.action}" on ${withArticle(entityNoun)}`;
  return { sentence, changes: objectChanges(event.oldValue, event.newValue) };
}

function roleLabel(role: unknown): string {
  return typeof role === "string" && role in ROLE_LABELS ? ROLE_LABELS[role as Role] : anyValue(role);
}

function textOf(value: unknown, fallback: string): string {
  return typeof value === "string" && value !== "" ? value : fallback;
}

/** Sentences for the member, invitation and agency actions; their changes use the generic field list. */
const SENTENCES: Record<string, (before: JsonObject | null, after: JsonObject | null, event: DescribableEvent, context: DescribeContext) => string> = {
  "member.add": (_before, after) => `joined the organization as ${roleLabel(after?.role)}`,
  "member.role.change": (before, after) =>
    `changed the role of ${textOf(after?.email ?? before?.email, "a member")} from ${roleLabel(before?.role)} to ${roleLabel(after?.role)}`,
  "member.remove": (before) => `removed ${textOf(before?.name ?? before?.email, "a member")} from the organization`,
  "kpi.owner.clear": (before, _after, event, context) =>
    `cleared the owner of ${textOf(before?.name, kpiLabel(event.entityId, context))} because ${textOf(before?.ownerEmail, "the owner")} was removed`,
  "invitation.create": (_before, after) => `invited ${textOf(after?.email, "someone")} as ${roleLabel(after?.role)}`,
  "invitation.revoke": (before) => `revoked the invitation of ${textOf(before?.email, "someone")}`,
  "invitation.accept": (before) => `accepted the invitation sent to ${textOf(before?.email, "them")}`,
  "agency_link.create": (_before, after) => {
    if (after?.createdByAgency === true) return "gave the agency that created this organization access to it";
    const slug = textOf(after?.agencySlug, "");
    return slug ? `invited the agency ${slug} to work on this organization` : "invited an agency to work on this organization";
  },
  "agency_link.revoke": () => "revoked an agency's access",
  "agency_link.accept": () => "accepted the request for agency access",
  "agency_link.decline": () => "declined the request for agency access",
  "demo.seed": () => "loaded the demo plan and weekly actuals",
  "client.create": (_before, after) => `created the client ${textOf(after?.name, "organization")}`,
  "assignment.create": (_before, after, _event, context) => `assigned ${memberLabel(after?.membershipId, context)} to a client`,
  "assignment.delete": (before, _after, _event, context) => `took ${memberLabel(before?.membershipId, context)} off a client`,
};

export function describeEvent(event: DescribableEvent, context: DescribeContext): EventDescription {
  const sentence = SENTENCES[event.action];
  if (sentence) {
    return {
      sentence: sentence(asObject(event.oldValue), asObject(event.newValue), event, context),
      changes: objectChanges(event.oldValue, event.newValue, {}, true),
    };
  }
  if (event.action.startsWith("actual.")) return describeActual(event, context);
  if (event.action.startsWith("plan.")) return describePlan(event, context);
  if (event.action === "settings.update") return describeSettings(event);
  if (event.action === "organization.create") {
    const name = asObject(event.newValue)?.name;
    return { sentence: `created the organization${typeof name === "string" ? ` ${name}` : ""}`, changes: [] };
  }
  return describeGeneric(event);
}

/** Names the actor of an event: the user's name, "deleted user", or a user this organization cannot see. */
export function actorLabel(actorUserId: string | null, actorName: string | null): string {
  if (actorUserId === null) return "deleted user";
  return actorName ?? "someone outside this organization";
}
