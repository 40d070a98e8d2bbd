import type { InputHTMLAttributes } from "react";

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  error?: string;
  hint?: string;
}

/** Renders a labelled text input with its hint or validation message underneath. */
export function Field({ label, name, error, hint, className, id, ...input }: FieldProps) {
  const inputId = id ?? `field-${name}`;
  const noteId = `${inputId}-note`;
  const note = error ?? hint;
  return (
    <div className={`text-sm ${className ?? ""}`}>
      <label htmlFor={inputId} className="font-medium text-gray-700">
        {label}
      </label>
      <input
        id={inputId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={note ? noteId : undefined}
        className={`mt-1 block w-full rounded-md border px-3 py-2 shadow-sm focus:outline-none focus:ring-2 ${
          error ? "border-red-500 focus:ring-red-300" : "border-gray-300 focus:ring-blue-300"
        }`}
        {...input}
      />
      {note ? (
        <span id={noteId} role={error ? "alert" : undefined} className={`mt-1 block text-xs ${error ? "text-red-600" : "text-gray-500"}`}>
          {note}
        </span>
      ) : null}
    </div>
  );
}
