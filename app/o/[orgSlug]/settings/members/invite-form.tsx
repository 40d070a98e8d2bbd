"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Field } from "@/components/field";
import type { Role } from "@/lib/auth/permissions";
import { inviteMember, type InviteOutcome } from "./actions";
import { BranchChoice, formatInstant, Notice, RoleChoice } from "./member-fields";

const MAIL_NOTES: Record<InviteOutcome["mail"], (email: string) => string> = {
  sent: (email) => `We also emailed the link to ${email}.`,
  not_configured: () => "This server sends no email (SMTP_URL is not set), so send the link yourself.",
  failed: (email) => `Emailing the link to ${email} failed, so send it yourself.`,
};

export function InviteForm({ orgSlug, roles, timeZone }: { orgSlug: string; roles: Role[]; timeZone: string }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>(roles.includes("contributor") ? "contributor" : (roles[roles.length - 1] ?? "contributor"));
  const [branch, setBranch] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<InviteOutcome | null>(null);
  const [copied, setCopied] = useState(false);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setOutcome(null);
    setCopied(false);
    startTransition(async () => {
      const result = await inviteMember(orgSlug, { email, role, branch: role === "branch_owner" ? branch : "" });
      if (result.ok) {
        setErrors({});
        setError(null);
        setEmail("");
        setOutcome(result.data);
        router.refresh();
      } else {
        setErrors(result.fieldErrors);
        setError(result.message);
      }
    });
  }

  async function copy(link: string) {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      setError("Copying failed because the browser did not allow it. Select the link and copy it by hand.");
    }
  }

  return (
    <div className="space-y-4">
      <form onSubmit={submit} className="grid max-w-3xl items-start gap-4 rounded-lg border bg-white p-4 shadow-sm sm:grid-cols-[2fr_1fr_1fr_auto]" noValidate>
        <Field label="Email address" name="email" type="email" autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} error={errors.email} required />
        <RoleChoice id="invite-role" label="Role" roles={roles} value={role} onChange={(value) => setRole(value as Role)} error={errors.role} disabled={pending} />
        {role === "branch_owner" ? (
          <BranchChoice id="invite-branch" label="Branch" value={branch} onChange={setBranch} error={errors.branch} disabled={pending} />
        ) : (
          <div />
        )}
        <button type="submit" disabled={pending} className="mt-6 rounded-md bg-blue-600 px-4 py-2 font-medium text-white hover:bg-blue-700 disabled:opacity-60">
          {pending ? "Inviting…" : "Invite"}
        </button>
      </form>
      {error ? <Notice notice={{ tone: "error", text: error }} /> : null}
      {outcome ? (
        <div role="status" className="max-w-3xl space-y-2 rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm text-emerald-900">
          <p className="font-medium">
            Invitation for {outcome.email} created. Copy the link now: it is shown only this once, works once, and expires on{" "}
            {formatInstant(outcome.expiresAt, timeZone)}.
          </p>
          <div className="flex gap-2">
            <label htmlFor="invitation-link" className="sr-only">Invitation link</label>
            <input id="invitation-link" readOnly value={outcome.link} onFocus={(event) => event.target.select()} className="block w-full rounded-md border border-gray-300 bg-white px-3 py-2 font-mono text-xs" />
            <button type="button" onClick={() => void copy(outcome.link)} className="rounded-md border bg-white px-3 py-2 hover:bg-gray-50">
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
          <p>{MAIL_NOTES[outcome.mail](outcome.email)}</p>
          {outcome.replaced > 0 ? <p>It replaces the earlier open invitation for this address, whose link no longer works.</p> : null}
        </div>
      ) : null}
    </div>
  );
}
