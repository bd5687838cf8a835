/**
 * Versioned schema migrations, applied in order inside one transaction each;
 * `PRAGMA user_version` records the last one applied. Never edit a released
 * migration: add the next one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: runs, endpoints, the targets of each run, probes, catalogues, transitions.
  `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    state TEXT NOT NULL CHECK (state IN ('running', 'finished', 'interrupted')),
    inputs TEXT NOT NULL,
    options TEXT NOT NULL,
    target_count INTEGER NOT NULL,
    mcp_health_version TEXT NOT NULL
  );
  CREATE TABLE endpoints (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    host TEXT NOT NULL,
    name TEXT,
    first_seen_at TEXT NOT NULL,
    last_status TEXT,
    last_probed_at TEXT
  );
  CREATE TABLE run_targets (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    endpoint_id INTEGER NOT NULL REFERENCES endpoints (id),
    PRIMARY KEY (run_id, endpoint_id)
  ) WITHOUT ROWID;
  CREATE TABLE catalogues (
    hash TEXT PRIMARY KEY,
    tool_count INTEGER NOT NULL,
    tools TEXT NOT NULL,
    first_seen_at TEXT NOT NULL
  );
  CREATE TABLE probes (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs (id),
    endpoint_id INTEGER NOT NULL REFERENCES endpoints (id),
    started_at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('healthy', 'degraded', 'dead')),
    auth_required INTEGER NOT NULL DEFAULT 0,
    reason_codes TEXT NOT NULL,
    reasons TEXT NOT NULL,
    era TEXT,
    protocol_version TEXT,
    transport TEXT,
    server_name TEXT,
    server_version TEXT,
    tool_count INTEGER,
    catalogue_hash TEXT REFERENCES catalogues (hash),
    handshake_ms INTEGER,
    failure_code TEXT,
    failure_detail TEXT,
    tls_valid_to TEXT,
    inferred INTEGER NOT NULL DEFAULT 0,
    steps TEXT NOT NULL,
    UNIQUE (run_id, endpoint_id)
  );
  CREATE INDEX probes_by_endpoint ON probes (endpoint_id, started_at);
  CREATE TABLE transitions (
    id INTEGER PRIMARY KEY,
    endpoint_id INTEGER NOT NULL REFERENCES endpoints (id),
    run_id INTEGER NOT NULL REFERENCES runs (id),
    at TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    reason_codes TEXT NOT NULL
  );
  CREATE INDEX transitions_by_endpoint ON transitions (endpoint_id, at);
  CREATE INDEX transitions_by_run ON transitions (run_id);
  `,
];
