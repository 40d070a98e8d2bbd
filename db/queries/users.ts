import { eq } from "drizzle-orm";
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

// Both run before any organization is chosen, through SECURITY DEFINER functions.
export { emailIsTaken, findUserForSignIn } from "./access";

export async function insertUser(
  db: Executor,
  values: { id?: string; email: string; name: string; passwordHash: string },
): Promise<PublicUser> {
  const [row] = await db.insert(users).values(values).returning(publicColumns);
  if (!row) throw new Error("Inserting the user returned no row");
  return row;
}
