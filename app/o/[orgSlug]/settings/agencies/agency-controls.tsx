"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Field } from "@/components/field";
import { inviteAgency, revokeAgency } from "./actions";

/** Asks an agency, named by its slug, for access; the typed slug stays in place after an error. */
export function InviteAgencyForm({ orgSlug }: { orgSlug: string }) {
  const router = useRouter();
  const [agencySlug, setAgencySlug] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      const result = await inviteAgency(orgSlug, { agencySlug });
      if (result.ok) {
        setAgencySlug("");
        setError(null);
        setSuccess(`${result.data.agencyName} was asked for access. It can work in your organization once one of its admins accepts.`);
        router.refresh();
      } else {
        setSuccess(null);
        setError(result.fieldErrors.agencySlug ?? result.message);
      }
    });
  }

  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      <div className="flex flex-wrap items-start gap-3">
        <Field
          label="Agency slug"
          name="agencySlug"
          value={agencySlug}
          onChange={(event) => setAgencySlug(event.target.value)}
          error={error ?? undefined}
          hint="The last part of the agency's Backsolve address, such as northwind-marketing in /a/northwind-marketing."
          autoComplete="off"
          className="min-w-[18rem] flex-1"
        />
        <button type="submit" disabled={pending} className="mt-6 rounded-md bg-blue-600 px-4 py-2 font-medium text-white hover:bg-blue-700 disabled:opacity-60">
          {pending ? "Sending…" : "Invite agency"}
        </button>
      </div>
      {success ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {success}
        </p>
      ) : null}
    </form>
  );
}

/** Withdraws a pending request or ends an agency's access at once. */
export function RevokeButton({ orgSlug, linkId, agencyName, status }: { orgSlug: string; linkId: string; agencyName: string; status: "pending" | "active" }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const label = status === "pending" ? "Withdraw request" : "Revoke access";

  function revoke() {
    const question =
      status === "pending"
        ? `Withdraw the request to ${agencyName}?`
        : `Revoke ${agencyName}'s access? Its people lose access to this organization immediately.`;
    if (!window.confirm(question)) return;
    startTransition(async () => {
      const result = await revokeAgency(orgSlug, { linkId });
      if (result.ok) {
        setError(null);
        router.refresh();
      } else {
        setError(result.message);
      }
    });
  }

  return (
    <div className="text-right">
      <button type="button" disabled={pending} onClick={revoke} className="rounded-md border border-red-300 px-3 py-1 text-sm text-red-700 hover:bg-red-50 disabled:opacity-60">
        {pending ? "Working…" : label}
      </button>
      {error ? (
        <p role="alert" className="mt-1 text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
