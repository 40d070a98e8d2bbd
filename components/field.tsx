import type { InputHTMLAttributes } from "react";

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  error?: string;
  hint?: string;
}

/** A labelled text input with its validation message underneath. */
export function Field({ label, name, error, hint, className, ...input }: FieldProps) {
  const errorId = `${name}-error`;
  return (
    <label className={`block text-sm ${className ?? ""}`}>
      <span className="font-medium text-gray-700">{label}</span>
      <input
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className={`mt-1 block w-full rounded-md border px-3 py-2 shadow-sm focus:outline-none focus:ring-2 ${
          error ? "border-red-500 focus:ring-red-300" : "border-gray-300 focus:ring-blue-300"
        }`}
        {...input}
      />
      {hint && !error ? <span className="mt-1 block text-xs text-gray-500">{hint}</span> : null}
      {error ? (
        <span id={errorId} role="alert" className="mt-1 block text-xs text-red-600">
          {error}
        </span>
      ) : null}
    </label>
  );
}
