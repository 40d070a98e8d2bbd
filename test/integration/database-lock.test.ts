import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseLockedError, openDatabase, type DatabaseHandle } from "@/db/connect";

const run = promisify(execFile);

// The lock only concerns the embedded database; PostgreSQL has its own.
describe("embedded database lock", () => {
  let folder: string;
  let dataDir: string;
  let holder: DatabaseHandle;

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "backsolve-lock-"));
    dataDir = path.join(folder, "pglite");
    holder = await openDatabase({ kind: "pglite", dataDir });
  });

  afterAll(async () => {
    await holder?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it("a second open is rejected while held", async () => {
    await expect(openDatabase({ kind: "pglite", dataDir })).rejects.toBeInstanceOf(DatabaseLockedError);
  });

  it.each(["db:seed", "db:migrate"])("npm run %s refuses and says why", async (script) => {
    const environment = { ...process.env, PGLITE_DATA_DIR: dataDir, DATABASE_URL: "" };
    const failure = await run("npm", ["run", "--silent", script], { env: environment }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(`The embedded database at ${dataDir} is in use by another process`);
  });

  it("opens again once released", async () => {
    await holder.close();
    holder = await openDatabase({ kind: "pglite", dataDir });
    expect(holder.config.kind).toBe("pglite");
  });
});
