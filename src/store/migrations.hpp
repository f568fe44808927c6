#pragma once
// The schema, as an ordered list of migrations. A database records each migration it has had
// (table schema_migrations) and its version; opening a store applies the missing ones, each in
// its own transaction. Never edit a released migration: add the next one. Each migration has
// its SQLite text and its PostgreSQL text (keys: INTEGER PRIMARY KEY is SQLite's row id,
// BIGSERIAL in PostgreSQL); both schemas move in step, version by version, and the store tests
// run the same checks against both.

#include <array>
#include <string_view>

namespace bfr::store {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sqlite;
  std::string_view postgres;
};

inline constexpr std::array kMigrations = {
    Migration{1, "people, screenings, LOP measurements, plans, sessions, samples, events, pain scores",
              R"sql(
CREATE TABLE people (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  birth_year INTEGER,
  sex TEXT CHECK (sex IN ('male', 'female')),
  created_at TEXT NOT NULL
);
CREATE TABLE screenings (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  taken_at TEXT NOT NULL,
  verdict TEXT NOT NULL,
  answers_json TEXT NOT NULL,
  result_json TEXT NOT NULL
);
CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  created_at TEXT NOT NULL,
  program TEXT NOT NULL,
  phase TEXT NOT NULL,
  plan_json TEXT NOT NULL
);
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  plan_id INTEGER REFERENCES plans(id),
  started_at TEXT NOT NULL,
  ended_at TEXT,
  device TEXT NOT NULL,
  simulated INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  lop_mmHg DOUBLE PRECISION,
  summary_json TEXT NOT NULL
);
CREATE TABLE lop_measurements (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  session_id INTEGER REFERENCES sessions(id),
  measured_at TEXT NOT NULL,
  limb TEXT NOT NULL,
  cuff_width_cm DOUBLE PRECISION NOT NULL,
  lop_mmHg DOUBLE PRECISION NOT NULL CHECK (lop_mmHg > 0),
  method TEXT NOT NULL,
  quality DOUBLE PRECISION,
  simulated INTEGER NOT NULL
);
CREATE TABLE samples (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  t_ms INTEGER NOT NULL,
  pressure_mmHg DOUBLE PRECISION NOT NULL,
  setpoint_mmHg DOUBLE PRECISION,
  target_pct DOUBLE PRECISION NOT NULL,
  phase INTEGER NOT NULL,
  set_no INTEGER NOT NULL,
  rep INTEGER NOT NULL,
  pulse_mmHg DOUBLE PRECISION NOT NULL,
  off_target INTEGER NOT NULL,
  fault INTEGER NOT NULL,
  PRIMARY KEY (session_id, t_ms)
);
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  t_ms INTEGER NOT NULL,
  kind TEXT NOT NULL,
  code INTEGER NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  text TEXT NOT NULL
);
CREATE TABLE pain_scores (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  exercise TEXT NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
  recorded_at TEXT NOT NULL
);
CREATE INDEX sessions_by_person ON sessions(person_id, started_at);
CREATE INDEX events_by_session ON events(session_id, t_ms);
)sql",
              R"sql(
CREATE TABLE people (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  birth_year INTEGER,
  sex TEXT CHECK (sex IN ('male', 'female')),
  created_at TEXT NOT NULL
);
CREATE TABLE screenings (
  id BIGSERIAL PRIMARY KEY,
  person_id BIGINT NOT NULL REFERENCES people(id),
  taken_at TEXT NOT NULL,
  verdict TEXT NOT NULL,
  answers_json TEXT NOT NULL,
  result_json TEXT NOT NULL
);
CREATE TABLE plans (
  id BIGSERIAL PRIMARY KEY,
  person_id BIGINT NOT NULL REFERENCES people(id),
  created_at TEXT NOT NULL,
  program TEXT NOT NULL,
  phase TEXT NOT NULL,
  plan_json TEXT NOT NULL
);
CREATE TABLE sessions (
  id BIGSERIAL PRIMARY KEY,
  person_id BIGINT NOT NULL REFERENCES people(id),
  plan_id BIGINT REFERENCES plans(id),
  started_at TEXT NOT NULL,
  ended_at TEXT,
  device TEXT NOT NULL,
  simulated INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  lop_mmHg DOUBLE PRECISION,
  summary_json TEXT NOT NULL
);
CREATE TABLE lop_measurements (
  id BIGSERIAL PRIMARY KEY,
  person_id BIGINT NOT NULL REFERENCES people(id),
  session_id BIGINT REFERENCES sessions(id),
  measured_at TEXT NOT NULL,
  limb TEXT NOT NULL,
  cuff_width_cm DOUBLE PRECISION NOT NULL,
  lop_mmHg DOUBLE PRECISION NOT NULL CHECK (lop_mmHg > 0),
  method TEXT NOT NULL,
  quality DOUBLE PRECISION,
  simulated INTEGER NOT NULL
);
CREATE TABLE samples (
  session_id BIGINT NOT NULL REFERENCES sessions(id),
  t_ms BIGINT NOT NULL,
  pressure_mmHg DOUBLE PRECISION NOT NULL,
  setpoint_mmHg DOUBLE PRECISION,
  target_pct DOUBLE PRECISION NOT NULL,
  phase INTEGER NOT NULL,
  set_no INTEGER NOT NULL,
  rep INTEGER NOT NULL,
  pulse_mmHg DOUBLE PRECISION NOT NULL,
  off_target INTEGER NOT NULL,
  fault INTEGER NOT NULL,
  PRIMARY KEY (session_id, t_ms)
);
CREATE TABLE events (
  id BIGSERIAL PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES sessions(id),
  t_ms BIGINT NOT NULL,
  kind TEXT NOT NULL,
  code INTEGER NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  text TEXT NOT NULL
);
CREATE TABLE pain_scores (
  id BIGSERIAL PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES sessions(id),
  exercise TEXT NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
  recorded_at TEXT NOT NULL
);
CREATE INDEX sessions_by_person ON sessions(person_id, started_at);
CREATE INDEX events_by_session ON events(session_id, t_ms);
)sql"},
    Migration{2, "clinics, user accounts, sign-in sessions, audit log; every person belongs to a clinic",
              R"sql(
CREATE TABLE clinics (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at TEXT NOT NULL
);
INSERT INTO clinics (id, name, created_at) VALUES (1, 'This machine', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
ALTER TABLE people ADD COLUMN clinic_id INTEGER NOT NULL DEFAULT 1;
CREATE INDEX people_by_clinic ON people(clinic_id);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics(id),
  email TEXT NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'clinician', 'athlete')),
  person_id INTEGER REFERENCES people(id),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE auth_sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics(id),
  user_id INTEGER REFERENCES users(id),
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX audit_by_clinic ON audit_log(clinic_id, id);
)sql",
              R"sql(
CREATE TABLE clinics (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at TEXT NOT NULL
);
INSERT INTO clinics (id, name, created_at) VALUES (1, 'This machine', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
SELECT setval('clinics_id_seq', 1);
ALTER TABLE people ADD COLUMN clinic_id BIGINT NOT NULL DEFAULT 1 REFERENCES clinics(id);
CREATE INDEX people_by_clinic ON people(clinic_id);
CREATE TABLE users (
  id BIGSERIAL PRIMARY KEY,
  clinic_id BIGINT NOT NULL REFERENCES clinics(id),
  email TEXT NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'clinician', 'athlete')),
  person_id BIGINT REFERENCES people(id),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE auth_sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE TABLE audit_log (
  id BIGSERIAL PRIMARY KEY,
  clinic_id BIGINT NOT NULL REFERENCES clinics(id),
  user_id BIGINT REFERENCES users(id),
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX audit_by_clinic ON audit_log(clinic_id, id);
)sql"},
    Migration{3, "the posture each LOP was measured in (older measurements: none)",
              R"sql(
ALTER TABLE lop_measurements ADD COLUMN posture TEXT NOT NULL DEFAULT ''
  CHECK (posture IN ('', 'supine', 'prone', 'seated', 'standing'));
)sql",
              R"sql(
ALTER TABLE lop_measurements ADD COLUMN posture TEXT NOT NULL DEFAULT ''
  CHECK (posture IN ('', 'supine', 'prone', 'seated', 'standing'));
)sql"},
    Migration{4, "samples in compressed blocks (docs/storage.md); each store moves the rows of older sessions into blocks",
              R"sql(
CREATE TABLE sample_blocks (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  t_first INTEGER NOT NULL,
  t_last INTEGER NOT NULL CHECK (t_last >= t_first),
  n INTEGER NOT NULL CHECK (n > 0),
  data BLOB NOT NULL,
  PRIMARY KEY (session_id, t_first)
);
)sql",
              R"sql(
CREATE TABLE sample_blocks (
  session_id BIGINT NOT NULL REFERENCES sessions(id),
  t_first BIGINT NOT NULL,
  t_last BIGINT NOT NULL CHECK (t_last >= t_first),
  n INTEGER NOT NULL CHECK (n > 0),
  data BYTEA NOT NULL,
  PRIMARY KEY (session_id, t_first)
);
-- Blocks are compressed already: do not try again.
ALTER TABLE sample_blocks ALTER COLUMN data SET STORAGE EXTERNAL;
)sql"},
    // On a year of a busy clinic (bfr bench store --year: 10,950 sessions), each of these was a
    // scan of its whole table; the athlete page, which reads a person's screenings, LOP, plans and
    // each session's pain scores, took 71 ms (p50) against 6 ms on 60 days.
    Migration{5, "indexes for one person's screenings, plans and LOP, and one session's pain scores",
              R"sql(
CREATE INDEX screenings_by_person ON screenings(person_id);
CREATE INDEX plans_by_person ON plans(person_id);
CREATE INDEX lop_by_person ON lop_measurements(person_id);
CREATE INDEX pain_by_session ON pain_scores(session_id);
)sql",
              R"sql(
CREATE INDEX screenings_by_person ON screenings(person_id);
CREATE INDEX plans_by_person ON plans(person_id);
CREATE INDEX lop_by_person ON lop_measurements(person_id);
CREATE INDEX pain_by_session ON pain_scores(session_id);
)sql"},
    // Issue 17: with one address per server, adding an account answered 409 for an address that
    // had an account in another clinic, telling one clinic's administrator about another's people.
    // SQLite cannot drop a column's UNIQUE: the table is rebuilt from a copy. Its sign-ins and audit
    // entries point at the same ids, so the foreign keys hold again by the commit (deferred until then).
    Migration{6, "an e-mail address is unique within its clinic, not on the whole server; sign-in names the clinic",
              R"sql(
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE users_before_v6 AS SELECT id, clinic_id, email, name, role, person_id, password_hash, created_at FROM users;
DROP TABLE users;
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  clinic_id INTEGER NOT NULL REFERENCES clinics(id),
  email TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'clinician', 'athlete')),
  person_id INTEGER REFERENCES people(id),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (clinic_id, email)
);
INSERT INTO users SELECT * FROM users_before_v6;
DROP TABLE users_before_v6;
)sql",
              R"sql(
ALTER TABLE users DROP CONSTRAINT users_email_key;
ALTER TABLE users ADD CONSTRAINT users_email_in_clinic UNIQUE (clinic_id, email);
)sql"},
};

inline constexpr int kSchemaVersion = kMigrations.back().version;
// After this migration's SQL, in its transaction, each store moves every session's rows from
// the old samples table into blocks and drops that table (sql_store.cpp).
inline constexpr int kSampleBlocksVersion = 4;

}  // namespace bfr::store
