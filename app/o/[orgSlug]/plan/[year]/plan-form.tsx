"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { decomposeRevenue } from "@/lib/engine/revenue";
import { formatDecimal, isPlainDecimal, parseDecimal, ZERO } from "@/lib/engine/decimal";
import { savePlan } from "./actions";
import type { PlanFormInput } from "./plan-schema";

interface Props {
  orgSlug: string;
  fiscalYear: number;
  currency: string;
  initialValues: PlanFormInput;
  owners: { membershipId: string; name: string }[];
  /** May change the goal, its split and the customer value (admins). */
  canEditGoal: boolean;
  /** May change the marketing funnel and its KPI (admins and the marketing branch owner). */
  canEditFunnel: boolean;
}

type StageInput = PlanFormInput["stages"][number];

function toDecimalOrZero(text: string) {
  const cleaned = text.replace(/[\s$_]/g, "").replace(/,(?=\d{3}(\D|$))/g, "");
  return isPlainDecimal(cleaned) ? parseDecimal(cleaned) : ZERO;
}

function stageKeyFrom(name: string, takenKeys: Set<string>): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 30) || "stage";
  let key = base;
  for (let suffix = 2; takenKeys.has(key); suffix += 1) key = `${base}-${suffix}`;
  return key;
}

export function PlanForm({ orgSlug, fiscalYear, currency, initialValues, owners, canEditGoal, canEditFunnel }: Props) {
  const canEdit = canEditGoal || canEditFunnel;
  const router = useRouter();
  const [values, setValues] = useState<PlanFormInput>(initialValues);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const money = useMemo(() => new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 2 }), [currency]);

  // The remainder updates while the user types, with the engine's own arithmetic.
  const revenue = decomposeRevenue({
    revenueGoal: toDecimalOrZero(values.revenueGoal),
    contractedRevenue: toDecimalOrZero(values.contractedRevenue),
    expansionRevenue: toDecimalOrZero(values.expansionRevenue),
    newRevenueBySource: { sales: toDecimalOrZero(values.newRevenueSales), marketing: toDecimalOrZero(values.newRevenueMarketing) },
    averageCustomerValue: toDecimalOrZero(values.averageCustomerValue),
    customerRevenueHistory: null,
    averageExpansionValue: null,
  });
  const unallocated = revenue.newCustomerRevenue.sub(toDecimalOrZero(values.newRevenueSales)).sub(toDecimalOrZero(values.newRevenueMarketing));
  const weightSum = values.kpi.weightsPercent.reduce((sum, weight) => sum.add(toDecimalOrZero(weight)), ZERO);

  function set<K extends keyof PlanFormInput>(key: K, value: PlanFormInput[K]) {
    setValues((current) => ({ ...current, [key]: value }));
  }
  function setStage(index: number, patch: Partial<StageInput>) {
    setValues((current) => ({
      ...current,
      stages: current.stages.map((stage, position) => (position === index ? { ...stage, ...patch } : stage)),
    }));
  }
  function addStage(index: number) {
    setValues((current) => {
      const taken = new Set(current.stages.map((stage) => stage.key));
      const stages = [...current.stages];
      stages.splice(index, 0, { key: stageKeyFrom("stage", taken), name: "", lastYear: "", plannedRatePercent: "" });
      return { ...current, stages };
    });
  }
  function removeStage(index: number) {
    setValues((current) => ({ ...current, stages: current.stages.filter((_, position) => position !== index) }));
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setMessage(null);
    startTransition(async () => {
      const result = await savePlan(orgSlug, { fiscalYear, values });
      if (result.ok) {
        setErrors({});
        setMessage({ tone: "success", text: "Plan saved. Every derived number was recomputed." });
        router.refresh();
      } else {
        // Field paths arrive as "values.stages.2.lastYear"; the form uses them without the prefix.
        const fieldErrors: Record<string, string> = {};
        for (const [path, text] of Object.entries(result.fieldErrors)) fieldErrors[path.replace(/^values\./, "")] = text;
        setErrors(fieldErrors);
        setMessage({ tone: "error", text: result.message });
        // The form is long: bring the first field with a message into view.
        requestAnimationFrame(() => {
          const first = document.querySelector<HTMLElement>('form[aria-label="Plan"] [aria-invalid="true"], form[aria-label="Plan"] [role="alert"]');
          first?.scrollIntoView({ behavior: "smooth", block: "center" });
          if (first instanceof HTMLInputElement) first.focus({ preventScroll: true });
        });
      }
    });
  }

  const moneyField = (key: "revenueGoal" | "contractedRevenue" | "expansionRevenue" | "newRevenueSales" | "newRevenueMarketing" | "averageCustomerValue", label: string, hint?: string) => (
    <NumberField label={label} name={key} value={values[key]} onChange={(value) => set(key, value)} error={errors[key]} hint={hint} suffix={currency} />
  );

  return (
    <form onSubmit={submit} className="space-y-8" noValidate aria-label="Plan">
      <div className="space-y-8">
        {!canEdit ? (
          <p className="rounded-md bg-gray-100 px-3 py-2 text-sm text-gray-700">
            You can read this plan; your role cannot change it.
          </p>
        ) : !canEditGoal ? (
          <p className="rounded-md bg-gray-100 px-3 py-2 text-sm text-gray-700">
            You can change the marketing funnel and its KPI. Only an admin can change the revenue goal and its split.
          </p>
        ) : null}

        <fieldset disabled={!canEditGoal || pending}>
        <section className="rounded-lg border bg-white p-5 shadow-sm">
          <h2 className="text-lg font-semibold">Goal, revenue branches and customer value</h2>
          <div className="mt-4 grid gap-4 sm:grid-cols-2">
            {moneyField("revenueGoal", "Revenue goal for the year")}
            {moneyField("contractedRevenue", "Contracted revenue (existing customers)")}
            {moneyField("expansionRevenue", "Expansion revenue (existing customers)")}
            <div className="rounded-md bg-gray-50 px-3 py-2 text-sm">
              <div className="text-gray-600">New-customer revenue</div>
              <div className="text-lg font-semibold" data-testid="new-customer-revenue">
                {money.format(Number(formatDecimal(revenue.newCustomerRevenue)))}
              </div>
            </div>
            {moneyField("newRevenueSales", "New revenue sourced by sales")}
            {moneyField("newRevenueMarketing", "New revenue sourced by marketing")}
          </div>
          <p className={`mt-2 text-sm ${revenue.newCustomerRevenue.equals(0) ? "text-gray-500" : unallocated.equals(0) ? "text-emerald-700" : "text-amber-700"}`} data-testid="revenue-remainder">
            {revenue.newCustomerRevenue.equals(0) && unallocated.equals(0)
              ? "Enter the goal and its parts; the new-customer revenue to split between sales and marketing appears here."
              : unallocated.equals(0)
              ? "Sales and marketing add up to the new-customer revenue."
              : unallocated.compare(0) > 0
                ? `${money.format(Number(formatDecimal(unallocated)))} of new-customer revenue is not yet allocated to sales or marketing.`
                : `Sales and marketing overshoot the new-customer revenue by ${money.format(Number(formatDecimal(unallocated.neg())))}.`}
          </p>
          <div className="mt-4 grid gap-4 sm:grid-cols-3">
            {moneyField("averageCustomerValue", "Average customer value (12 months)")}
            <NumberField label="New customers last year: marketing" name="lastYearCustomersMarketing" value={values.lastYearCustomersMarketing} onChange={(value) => set("lastYearCustomersMarketing", value)} error={errors.lastYearCustomersMarketing} />
            <NumberField label="New customers last year: sales" name="lastYearCustomersSales" value={values.lastYearCustomersSales} onChange={(value) => set("lastYearCustomersSales", value)} error={errors.lastYearCustomersSales} />
          </div>
          <div className="mt-4 grid gap-4 sm:grid-cols-3">
            <NumberField
              label="Historical year-over-year growth"
              name="historicalGrowthPercent"
              value={values.historicalGrowthPercent}
              onChange={(value) => set("historicalGrowthPercent", value)}
              error={errors.historicalGrowthPercent}
              hint="Used to judge whether each stage's growth is within reach. Leave blank if unknown."
              suffix="%"
            />
          </div>
        </section>

        </fieldset>

        <fieldset disabled={!canEditFunnel || pending} className="space-y-8">
        <section className="rounded-lg border bg-white p-5 shadow-sm">
          <h2 className="text-lg font-semibold">Marketing funnel</h2>
          <p className="mt-1 text-sm text-gray-600">
            Stages from top to bottom, ending with customers. Last year&apos;s volumes give the conversion rates; a planned rate replaces last year&apos;s.
          </p>
          {errors.stages ? <p role="alert" className="mt-2 text-sm text-red-600">{errors.stages}</p> : null}
          <table className="mt-4 w-full text-sm">
            <thead className="text-left text-gray-600">
              <tr>
                <th className="pb-2 font-medium">Stage</th>
                <th className="pb-2 font-medium">Last year&apos;s volume</th>
                <th className="pb-2 font-medium">Planned rate to next stage</th>
                <th className="pb-2" />
              </tr>
            </thead>
            <tbody>
              {values.stages.map((stage, index) => {
                const isLast = index === values.stages.length - 1;
                return (
                  <tr key={stage.key} className="align-top">
                    <td className="py-1 pr-3">
                      <TextInput label={`Stage ${index + 1} name`} name={`stages.${index}.name`} value={stage.name} onChange={(name) => setStage(index, { name })} error={errors[`stages.${index}.name`] ?? errors[`stages.${index}.key`]}  hideLabel />
                    </td>
                    <td className="py-1 pr-3">
                      <TextInput label={`${stage.name || `Stage ${index + 1}`} last year`} name={`stages.${index}.lastYear`} value={stage.lastYear} onChange={(lastYear) => setStage(index, { lastYear })} error={errors[`stages.${index}.lastYear`]} inputMode="numeric"  hideLabel />
                    </td>
                    <td className="py-1 pr-3">
                      {isLast ? (
                        <span className="text-gray-400">—</span>
                      ) : (
                        <TextInput label={`${stage.name || `Stage ${index + 1}`} planned rate`} name={`stages.${index}.plannedRatePercent`} value={stage.plannedRatePercent} onChange={(plannedRatePercent) => setStage(index, { plannedRatePercent })} error={errors[`stages.${index}.plannedRatePercent`]} placeholder="last year's" suffix="%" inputMode="decimal"  hideLabel />
                      )}
                    </td>
                    <td className="whitespace-nowrap py-1 text-right">
                      {canEditFunnel ? (
                        <>
                      <button type="button" onClick={() => addStage(index + (isLast ? 0 : 1))} className="px-1 text-blue-600 hover:underline" aria-label={`Add a stage after ${stage.name || `stage ${index + 1}`}`}>
                        + stage
                      </button>
                      {values.stages.length > 2 ? (
                        <button type="button" onClick={() => removeStage(index)} className="px-1 text-gray-500 hover:text-red-600" aria-label={`Remove ${stage.name || `stage ${index + 1}`}`}>
                          remove
                        </button>
                      ) : null}
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>

        <section className="rounded-lg border bg-white p-5 shadow-sm">
          <h2 className="text-lg font-semibold">KPI and its quarter weights</h2>
          <div className="mt-4 grid gap-4 sm:grid-cols-3">
            <TextInput label="KPI name" name="kpi.name" value={values.kpi.name} onChange={(name) => set("kpi", { ...values.kpi, name })} error={errors["kpi.name"]} />
            <label className="block text-sm">
              <span className="font-medium text-gray-700">Annual target from stage</span>
              <select name="kpi.stageKey" value={values.kpi.stageKey} onChange={(event) => set("kpi", { ...values.kpi, stageKey: event.target.value })} className="mt-1 block w-full rounded-md border border-gray-300 px-3 py-2">
                <option value="">Choose a stage</option>
                {values.stages.map((stage) => (
                  <option key={stage.key} value={stage.key}>
                    {stage.name || stage.key}
                  </option>
                ))}
              </select>
              {errors["kpi.stageKey"] ? <span role="alert" className="mt-1 block text-xs text-red-600">{errors["kpi.stageKey"]}</span> : null}
            </label>
            <label className="block text-sm">
              <span className="font-medium text-gray-700">Owner (enters the weekly actual)</span>
              <select name="kpi.ownerMembershipId" value={values.kpi.ownerMembershipId} onChange={(event) => set("kpi", { ...values.kpi, ownerMembershipId: event.target.value })} className="mt-1 block w-full rounded-md border border-gray-300 px-3 py-2">
                {values.kpi.ownerMembershipId === "" ? <option value="">No owner yet</option> : null}
                {owners.map((owner) => (
                  <option key={owner.membershipId} value={owner.membershipId}>
                    {owner.name}
                  </option>
                ))}
              </select>
              {errors["kpi.ownerMembershipId"] ? <span role="alert" className="mt-1 block text-xs text-red-600">{errors["kpi.ownerMembershipId"]}</span> : null}
            </label>
          </div>
          <fieldset className="mt-4">
            <legend className="text-sm font-medium text-gray-700">Quarter weights (seasonality), adding up to 100 %</legend>
            <div className="mt-1 grid grid-cols-4 gap-3">
              {values.kpi.weightsPercent.map((weight, quarter) => (
                <TextInput
                  key={quarter}
                  label={`Q${quarter + 1} weight`}
                  name={`kpi.weightsPercent.${quarter}`}
                  value={weight}
                  onChange={(text) => {
                    const weightsPercent = [...values.kpi.weightsPercent] as PlanFormInput["kpi"]["weightsPercent"];
                    weightsPercent[quarter] = text;
                    set("kpi", { ...values.kpi, weightsPercent });
                  }}
                  error={errors[`kpi.weightsPercent.${quarter}`]}
                  suffix="%"
                  inputMode="decimal"
                />
              ))}
            </div>
            <p className={`mt-1 text-xs ${weightSum.equals(100) ? "text-gray-500" : "text-amber-700"}`}>Sum: {formatDecimal(weightSum)} %</p>
            {errors["kpi.weightsPercent"] ? <p role="alert" className="mt-1 text-sm text-red-600">{errors["kpi.weightsPercent"]}</p> : null}
          </fieldset>
        </section>
        </fieldset>
      </div>

      {message ? (
        <p role={message.tone === "error" ? "alert" : "status"} className={`rounded-md px-3 py-2 text-sm ${message.tone === "error" ? "bg-red-50 text-red-700" : "bg-emerald-50 text-emerald-800"}`}>
          {message.text}
        </p>
      ) : null}
      {errors._form ? <p role="alert" className="text-sm text-red-600">{errors._form}</p> : null}
      {canEdit ? (
        <div className="space-y-2">
          <p className="text-xs text-gray-600">
            Changed targets apply from the current week; weeks that are over keep the targets they were judged against.
          </p>
          <button type="submit" disabled={pending} className="rounded-md bg-blue-600 px-5 py-2 font-medium text-white hover:bg-blue-700 disabled:opacity-60">
            {pending ? "Saving…" : "Save plan"}
          </button>
        </div>
      ) : null}
    </form>
  );
}

interface InputProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  suffix?: string;
  placeholder?: string;
  inputMode?: "numeric" | "decimal" | "text";
  /** Keeps the label for screen readers only, in table cells whose column header already says it. */
  hideLabel?: boolean;
}

function TextInput({ label, name, value, onChange, error, hint, suffix, placeholder, inputMode, hideLabel }: InputProps) {
  const inputId = `plan-${name.replace(/\./g, "-")}`;
  const noteId = `${inputId}-note`;
  const note = error ?? hint;
  return (
    <div className="text-sm">
      <label htmlFor={inputId} className={hideLabel ? "sr-only" : "font-medium text-gray-700"}>
        {label}
      </label>
      <span className={`${hideLabel ? "" : "mt-1 "}flex items-center gap-1`}>
        <input
          id={inputId}
          name={name}
          value={value}
          placeholder={placeholder}
          inputMode={inputMode}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={note ? noteId : undefined}
          className={`block w-full rounded-md border px-3 py-2 disabled:bg-gray-50 disabled:text-gray-600 ${error ? "border-red-500" : "border-gray-300"}`}
        />
        {suffix ? <span className="text-xs text-gray-500">{suffix}</span> : null}
      </span>
      {note ? (
        <span id={noteId} role={error ? "alert" : undefined} className={`mt-1 block text-xs ${error ? "text-red-600" : "text-gray-500"}`}>
          {note}
        </span>
      ) : null}
    </div>
  );
}

function NumberField(props: InputProps) {
  return <TextInput inputMode="decimal" {...props} />;
}
