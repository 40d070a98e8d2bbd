"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Field } from "@/components/field";
import { acceptRequest, assignMember, createClient, declineRequest, unassignMember } from "./actions";

function Message({ tone, text }: { tone: "error" | "success"; text: string }) {
  return (
    <p role={tone === "error" ? "alert" : "status"} className={`rounded-md px-3 py-2 text-sm ${tone === "error" ? "bg-red-50 text-red-700" : "bg-emerald-50 text-emerald-800"}`}>
      {text}
    </p>
  );
}

/** Creates a client company under the agency; the typed name stays in place after an error. */
export function CreateClientForm({ agencySlug }: { agencySlug: string }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; slug: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      const result = await createClient(agencySlug, { name });
      if (result.ok) {
        setCreated({ name: name.trim(), slug: result.data.slug });
        setName("");
        setError(null);
        router.refresh();
      } else {
        setCreated(null);
        setError(result.fieldErrors.name ?? result.message);
      }
    });
  }

  return (
    <form onSubmit={submit} className="flex flex-wrap items-start gap-3" noValidate>
      <Field
        label="Client company name"
        name="name"
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={error ?? undefined}
        hint="The client gets default settings and your agency's time zone."
        className="min-w-[18rem] flex-1"
      />
      <button type="submit" disabled={pending} className="mt-6 rounded-md bg-blue-600 px-4 py-2 font-medium text-white hover:bg-blue-700 disabled:opacity-60">
        {pending ? "Creating…" : "Create client"}
      </button>
      {created ? (
        <div className="w-full">
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            {created.name} was created.{" "}
            <Link href={`/o/${created.slug}/plan`} className="font-medium underline">
              Plan its year
            </Link>
          </p>
        </div>
      ) : null}
    </form>
  );
}

/** Accept and decline buttons for one company's request. */
export function RequestButtons({ agencySlug, linkId, companyName }: { agencySlug: string; linkId: string; companyName: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function answer(accept: boolean) {
    if (!accept && !window.confirm(`Decline ${companyName}'s request? The company can ask again later.`)) return;
    startTransition(async () => {
      const result = accept ? await acceptRequest(agencySlug, { linkId }) : await declineRequest(agencySlug, { linkId });
      if (result.ok) {
        setError(null);
        router.refresh();
      } else {
        setError(result.message);
      }
    });
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <button type="button" disabled={pending} onClick={() => answer(true)} className="rounded-md bg-blue-600 px-3 py-1 text-sm font-medium text-white hover:bg-blue-700 disabled:opacity-60">
        Accept
      </button>
      <button type="button" disabled={pending} onClick={() => answer(false)} className="rounded-md border px-3 py-1 text-sm hover:bg-gray-50 disabled:opacity-60">
        Decline
      </button>
      {error ? <Message tone="error" text={error} /> : null}
    </div>
  );
}

export interface MemberOption {
  membershipId: string;
  name: string;
}

/** Assigns one more agency member to a client. */
export function AssignForm({ agencySlug, clientOrganizationId, clientName, options }: { agencySlug: string; clientOrganizationId: string; clientName: string; options: MemberOption[] }) {
  const router = useRouter();
  const [membershipId, setMembershipId] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  if (options.length === 0) return <p className="text-xs text-gray-500">Every agency member already works on this client.</p>;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      const result = await assignMember(agencySlug, { membershipId, clientOrganizationId });
      if (result.ok) {
        setMembershipId("");
        setError(null);
        router.refresh();
      } else {
        setError(result.fieldErrors.membershipId ?? result.message);
      }
    });
  }

  const selectId = `assign-${clientOrganizationId}`;
  return (
    <form onSubmit={submit} className="flex flex-wrap items-center gap-2 text-sm" noValidate>
      <label htmlFor={selectId} className="sr-only">
        Agency member to assign to {clientName}
      </label>
      <select
        id={selectId}
        value={membershipId}
        onChange={(event) => setMembershipId(event.target.value)}
        aria-invalid={error ? true : undefined}
        className="rounded-md border border-gray-300 px-2 py-1"
      >
        <option value="">Choose a member…</option>
        {options.map((option) => (
          <option key={option.membershipId} value={option.membershipId}>
            {option.name}
          </option>
        ))}
      </select>
      <button type="submit" disabled={pending} className="rounded-md border px-3 py-1 hover:bg-gray-50 disabled:opacity-60">
        Assign
      </button>
      {error ? (
        <span role="alert" className="w-full text-xs text-red-600">
          {error}
        </span>
      ) : null}
    </form>
  );
}

/** Removes one member from a client; the member loses access to it at once. */
export function RemoveAssignmentButton({ agencySlug, assignmentId, memberName, clientName }: { agencySlug: string; assignmentId: string; memberName: string; clientName: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function remove() {
    if (!window.confirm(`Remove ${memberName} from ${clientName}? They lose access to ${clientName} at once.`)) return;
    startTransition(async () => {
      const result = await unassignMember(agencySlug, { assignmentId });
      if (result.ok) {
        setError(null);
        router.refresh();
      } else {
        setError(result.message);
      }
    });
  }

  return (
    <>
      <button type="button" disabled={pending} onClick={remove} aria-label={`Remove ${memberName} from ${clientName}`} className="ml-1 text-gray-500 hover:text-red-700 disabled:opacity-60">
        ×
      </button>
      {error ? (
        <span role="alert" className="ml-2 text-xs text-red-600">
          {error}
        </span>
      ) : null}
    </>
  );
}
