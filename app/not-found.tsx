import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg px-6 py-24 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-3 text-gray-600">
        This page does not exist, or your account does not have access to it. If a colleague sent you this link,
        ask them to invite you to their organization.
      </p>
      <Link href="/" className="mt-6 inline-block text-blue-600 hover:underline">
        Go to your organizations
      </Link>
    </main>
  );
}
