import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export const DEFAULT_DB_PATH = 'data/mcp-health.db';
/** How long a writer waits for another process's lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens (creating if needed) the history database: WAL so readers never block the
 * writer and two scans can share the file, a busy timeout for the moments they
 * contend, foreign keys on, and every pending migration applied.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    // Switching a new file to WAL takes an exclusive lock, and SQLite answers SQLITE_BUSY at
    // once (no busy handler) when another process opening the same new file holds one: two
    // scans started together on a fresh path met exactly that. Retried within the busy timeout.
    whileBusy(() => {
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
    });
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    whileBusy(() => migrate(db));
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

const BUSY_RETRY_MS = 25;

/** Runs `step`, again after a short sleep while it fails with SQLITE_BUSY, for at most BUSY_TIMEOUT_MS. */
function whileBusy(step: () => void): void {
  const giveUpAt = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      step();
      return;
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= giveUpAt) throw err;
      // Opening happens once, before any I/O of the command: a synchronous sleep is fine here.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, BUSY_RETRY_MS);
    }
  }
}

export function migrate(db: Db): void {
  // IMMEDIATE: two processes opening a fresh file at once must not both migrate.
  const apply = db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new Error(`the database is at schema ${version}, newer than this mcp-health knows (${MIGRATIONS.length}); upgrade mcp-health`);
    }
    for (let next = version; next < MIGRATIONS.length; next++) {
      db.exec(MIGRATIONS[next]!);
      db.pragma(`user_version = ${next + 1}`);
    }
  });
  apply.immediate();
}

export type ReadableDb = { ok: true; db: Db } | { ok: false; problem: string };

/** SQLite result codes (better-sqlite3's `err.code`) that mean the file is not a usable history. */
const UNUSABLE: Record<string, string> = {
  SQLITE_NOTADB: 'is not an SQLite database',
  SQLITE_CORRUPT: 'is corrupt',
  SQLITE_CANTOPEN: 'cannot be opened',
  SQLITE_PERM: 'cannot be read (permission denied)',
  SQLITE_READONLY: 'cannot be read (read-only, and its WAL index is missing)',
  SQLITE_IOERR: 'cannot be read (I/O error)',
  SQLITE_BUSY: 'is locked by another process',
};

/**
 * Opens the history for reading only; `problem` completes a sentence that starts with the path
 * ("data/x.db is not an SQLite database"). For reading only (`report`, `history`): never creates, migrates or
 * writes it, so a read-only file works, another process's write lock does not block (WAL
 * readers never wait on the writer), and a stray path is not turned into an empty database.
 * Problems come back as a sentence to show the user.
 */
export function openDatabaseForReading(path: string): ReadableDb {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return { ok: false, problem: 'does not exist (run mcp-health scan first, or give --db)' };
  if (stat.isDirectory()) return { ok: false, problem: 'is a directory, not a database file' };
  let db: Db | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    const version = db.pragma('user_version', { simple: true }) as number;
    const tables = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'runs'").pluck().get() as number;
    let problem: string | null = null;
    if (version === 0 || tables === 0) problem = 'is not an mcp-health history (no schema; an empty file, or another program’s database)';
    else if (version > MIGRATIONS.length) problem = `is at schema ${version}, newer than this mcp-health knows (${MIGRATIONS.length}); upgrade mcp-health`;
    else if (version < MIGRATIONS.length) problem = `is at an older schema (${version} of ${MIGRATIONS.length}); run mcp-health scan on it once to upgrade it`;
    if (problem) {
      db.close();
      return { ok: false, problem };
    }
    db.pragma('query_only = ON');
    return { ok: true, db };
  } catch (err) {
    db?.close();
    const code = (err as { code?: unknown }).code;
    if (typeof code !== 'string') throw err;
    // Extended codes (SQLITE_IOERR_SHORT_READ) read as their primary code.
    const primary = code.split('_').slice(0, 2).join('_');
    return { ok: false, problem: UNUSABLE[code] ?? UNUSABLE[primary] ?? `cannot be read (${code})` };
  }
}
