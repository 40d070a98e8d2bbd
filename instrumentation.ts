/**
 * Opens the database when the server starts rather than on the first
 * request, so the embedded database's folder is locked from the start and a
 * seed or migration run alongside it is refused.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDb } = await import("./db");
  await getDb();
}
