"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Field } from "@/components/field";
import { updateSettings } from "./actions";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

export interface SettingsValues {
  name: string;
  fiscalYearStartMonth: number;
  weekStartsOn: string;
  fiscalYearNaming: string;
  monthPattern: string;
  currency: string;
  timeZone: string;
  meetingWeekday: string;
  meetingTime: string;
}

function Select({ label, name, value, options, error }: { label: string; name: string; value: string; options: [string, string][]; error?: string }) {
  return (
    <label className="block text-sm">
      <span className="font-medium text-gray-700">{label}</span>
      <select name={name} defaultValue={value} className="mt-1 block w-full rounded-md border border-gray-300 px-3 py-2">
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
      {error ? <span role="alert" className="mt-1 block text-xs text-red-600">{error}</span> : null}
    </label>
  );
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function SettingsForm({ orgSlug, values }: { orgSlug: string; values: SettingsValues }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = Object.fromEntries(new FormData(event.currentTarget));
    startTransition(async () => {
      const result = await updateSettings(orgSlug, input);
      if (result.ok) {
        setErrors({});
        setMessage({ tone: "success", text: "Settings saved." });
        router.refresh();
      } else {
        setErrors(result.fieldErrors);
        setMessage({ tone: "error", text: result.message });
      }
    });
  }

  return (
    <form onSubmit={submit} className="grid max-w-2xl gap-4 sm:grid-cols-2" noValidate>
      <Field label="Organization name" name="name" defaultValue={values.name} error={errors.name} className="sm:col-span-2" />
      <Select label="Fiscal year starts in" name="fiscalYearStartMonth" value={String(values.fiscalYearStartMonth)} options={MONTHS.map((month, index) => [String(index + 1), month])} error={errors.fiscalYearStartMonth} />
      <Select label="Weeks start on" name="weekStartsOn" value={values.weekStartsOn} options={WEEKDAYS.map((day) => [day, capitalize(day)])} error={errors.weekStartsOn} />
      <Select label="Fiscal years are named after" name="fiscalYearNaming" value={values.fiscalYearNaming} options={[["end", "The calendar year they end in"], ["start", "The calendar year they start in"]]} error={errors.fiscalYearNaming} />
      <Select label="Weeks per month in a quarter" name="monthPattern" value={values.monthPattern} options={[["4-4-5", "4-4-5"], ["4-5-4", "4-5-4"], ["5-4-4", "5-4-4"]]} error={errors.monthPattern} />
      <Field label="Currency" name="currency" defaultValue={values.currency} error={errors.currency} hint="Three-letter code, such as USD." />
      <Field label="Time zone" name="timeZone" defaultValue={values.timeZone} error={errors.timeZone} hint="Weeks and 'today' follow this zone." />
      <Select label="Weekly meeting day" name="meetingWeekday" value={values.meetingWeekday} options={WEEKDAYS.map((day) => [day, capitalize(day)])} error={errors.meetingWeekday} />
      <Field label="Weekly meeting time" name="meetingTime" defaultValue={values.meetingTime} error={errors.meetingTime} hint="24-hour time, such as 13:00." />
      {message ? (
        <p role={message.tone === "error" ? "alert" : "status"} className={`sm:col-span-2 rounded-md px-3 py-2 text-sm ${message.tone === "error" ? "bg-red-50 text-red-700" : "bg-emerald-50 text-emerald-800"}`}>
          {message.text}
        </p>
      ) : null}
      <div className="sm:col-span-2">
        <button type="submit" disabled={pending} className="rounded-md bg-blue-600 px-5 py-2 font-medium text-white hover:bg-blue-700 disabled:opacity-60">
          {pending ? "Saving…" : "Save settings"}
        </button>
      </div>
    </form>
  );
}
