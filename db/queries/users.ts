import { eq, sql } from "drizzle-orm";
import type { Executor } from "../connect";
import { users } from "../schema";

export interface PublicUser {
  id: string;
  email: string;
  name: string;
}

const publicColumns = { id: users.id, email: users.email, name: users.name };

export async function findUserById(db: Executor, id: string): Promise<PublicUser | null> {
  const [row] = await db.select(publicColumns).from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function emailIsTaken(db: Executor, email: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`);
  return row !== undefined;
}

/** The only query that reads a password hash: signing in needs it. */
export async function findUserForSignIn(
  db: Executor,
  email: string,
): Promise<(PublicUser & { passwordHash: string }) | null> {
  const [row] = await db
    .select({ ...publicColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`);
  return row ?? null;
}

export async function insertUser(
  db: Executor,
  values: { email: string; name: string; passwordHash: string },
): Promise<PublicUser> {
  const [row] = await db.insert(users).values(values).returning(publicColumns);
  if (!row) throw new Error("Inserting the user returned no row");
  return row;
}
