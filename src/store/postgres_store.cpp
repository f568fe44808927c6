#include "store/postgres_store.hpp"

#include <algorithm>

#include "store/erasure.hpp"
#include "store/migrations.hpp"
#include "store/pg_db.hpp"
#include "store/sample_blocks.hpp"

namespace bfr::store {

namespace {

using pg::param;

// Any number: pg_advisory_xact_lock serialises two processes migrating the same database.
constexpr std::int64_t kMigrationLock = 0x0B5F;
constexpr const char* kBlockColumns = "SELECT t_first, t_last, n, data FROM sample_blocks WHERE session_id = $1 ";
// Blocks come back binary: a chart's 57 blocks as bytes, not as hex text twice their size
// (docs/sessions.md: the chart's p99 on PostgreSQL).
constexpr auto kBinary = pg::Format::binary;

class PostgresBlockTable final : public SampleBlockTable {
 public:
  explicit PostgresBlockTable(pg::Connection& db) : db_(db) {}
  std::optional<SampleBlock> block_for(Id session, std::int64_t t) override {
    if (auto b = first(db_.exec(std::string(kBlockColumns) + "AND t_first <= $2 ORDER BY t_first DESC LIMIT 1", {param(session), param(t)}, kBinary)))
      return b;
    return first(db_.exec(std::string(kBlockColumns) + "ORDER BY t_first LIMIT 1", {param(session)}, kBinary));
  }
  std::optional<SampleBlock> last_block(Id session) override {
    return first(db_.exec(std::string(kBlockColumns) + "ORDER BY t_first DESC LIMIT 1", {param(session)}, kBinary));
  }
  std::optional<std::int64_t> next_block_start(Id session, std::int64_t t_first) override {
    return db_.exec("SELECT min(t_first) FROM sample_blocks WHERE session_id = $1 AND t_first > $2", {param(session), param(t_first)})
        .optional_integer(0, 0);
  }
  std::vector<SampleBlock> blocks_after(Id session, std::int64_t t) override {
    const auto r = db_.exec(std::string(kBlockColumns) + "AND t_last > $2 ORDER BY t_first", {param(session), param(t)}, kBinary);
    std::vector<SampleBlock> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(at(r, i));
    return out;
  }
  void insert(Id session, const SampleBlock& b) override {
    db_.exec("INSERT INTO sample_blocks (session_id, t_first, t_last, n, data) VALUES ($1, $2, $3, $4, $5)",
             {param(session), param(b.t_first), param(b.t_last), param(b.count), param(std::span<const std::uint8_t>(b.data))});
  }
  void replace(Id session, std::int64_t t_first, const SampleBlock& b) override {
    db_.exec("UPDATE sample_blocks SET t_first = $3, t_last = $4, n = $5, data = $6 WHERE session_id = $1 AND t_first = $2",
             {param(session), param(t_first), param(b.t_first), param(b.t_last), param(b.count), param(std::span<const std::uint8_t>(b.data))});
  }

 private:
  static SampleBlock at(const pg::Result& r, int i) { return {r.integer(i, 0), r.integer(i, 1), r.integer(i, 2), r.bytes(i, 3)}; }
  static std::optional<SampleBlock> first(const pg::Result& r) { return r.rows() == 0 ? std::nullopt : std::optional(at(r, 0)); }
  pg::Connection& db_;
};

// Migration 4: every session's rows become blocks, then the rows table goes.
void move_sample_rows_into_blocks(pg::Connection& db) {
  PostgresBlockTable blocks(db);
  const auto sessions = db.exec("SELECT DISTINCT session_id FROM samples ORDER BY session_id");
  for (int s = 0; s < sessions.rows(); ++s) {
    const auto session = sessions.integer(s, 0);
    const auto r = db.exec("SELECT t_ms, pressure_mmHg, setpoint_mmHg, target_pct, phase, set_no, rep, pulse_mmHg, off_target, fault "
                           "FROM samples WHERE session_id = $1 ORDER BY t_ms",
                           {param(session)});
    std::vector<Sample> rows;
    rows.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i)
      rows.push_back({r.integer(i, 0), r.real(i, 1), r.optional_real(i, 2), r.real(i, 3), static_cast<int>(r.integer(i, 4)),
                      static_cast<int>(r.integer(i, 5)), static_cast<int>(r.integer(i, 6)), r.real(i, 7), r.integer(i, 8) != 0,
                      static_cast<int>(r.integer(i, 9))});
    write_samples(blocks, session, rows);
  }
  db.exec("DROP TABLE samples");
}

void migrate(pg::Connection& db) {
  pg::Transaction t(db);
  db.exec("SELECT pg_advisory_xact_lock($1)", {param(kMigrationLock)});
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
  const auto have = db.exec("SELECT coalesce(max(version), 0) FROM schema_migrations").integer(0, 0);
  if (have > kSchemaVersion)
    throw StoreError("the database has schema version " + std::to_string(have) + ", newer than this bfr knows (" +
                     std::to_string(kSchemaVersion) + "): use a newer bfr");
  for (const auto& m : kMigrations) {
    if (m.version <= have) continue;
    db.exec(std::string(m.postgres));
    if (m.version == kSampleBlocksVersion) move_sample_rows_into_blocks(db);
    db.exec("INSERT INTO schema_migrations VALUES ($1, $2, $3)", {param(m.version), param(std::string(m.description)), param(now_utc())});
  }
  t.commit();
}

Person person_at(const pg::Result& r, int i) {
  return {r.integer(i, 0), r.text(i, 1),
          r.is_null(i, 2) ? std::nullopt : std::optional<int>(static_cast<int>(r.integer(i, 2))), r.optional_text(i, 3), r.text(i, 4),
          r.integer(i, 5)};
}
constexpr const char* kPersonColumns = "SELECT id, name, birth_year, sex, created_at, clinic_id FROM people ";

User user_at(const pg::Result& r, int i) {
  return {r.integer(i, 0), r.integer(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.optional_integer(i, 5), r.text(i, 6), r.text(i, 7)};
}
constexpr const char* kUserColumns = "SELECT id, clinic_id, email, name, role, person_id, password_hash, created_at FROM users ";

Session session_at(const pg::Result& r, int i) {
  Session s;
  s.id = r.integer(i, 0);
  s.person_id = r.integer(i, 1);
  s.plan_id = r.optional_integer(i, 2);
  s.started_at = r.text(i, 3);
  s.ended_at = r.optional_text(i, 4);
  s.device = r.text(i, 5);
  s.simulated = r.integer(i, 6) != 0;
  s.outcome = r.text(i, 7);
  s.lop_mmHg = r.optional_real(i, 8);
  s.summary_json = r.text(i, 9);
  return s;
}
constexpr const char* kSessionColumns =
    "SELECT id, person_id, plan_id, started_at, ended_at, device, simulated, outcome, lop_mmHg, summary_json FROM sessions ";

std::string or_now(const std::string& t) { return t.empty() ? now_utc() : t; }

class PostgresStore final : public Store {
 public:
  explicit PostgresStore(const std::string& url) : db_(url) { migrate(db_); }

  int schema_version() override {
    return static_cast<int>(db_.exec("SELECT max(version) FROM schema_migrations").integer(0, 0));
  }

  Id add_clinic(const std::string& name) override {
    return db_.exec("INSERT INTO clinics (name, created_at) VALUES ($1, $2) RETURNING id", {param(name), param(now_utc())}).integer(0, 0);
  }
  std::optional<Clinic> clinic(Id id) override {
    const auto r = db_.exec("SELECT id, name, created_at FROM clinics WHERE id = $1", {param(id)});
    if (r.rows() == 0) return std::nullopt;
    return Clinic{r.integer(0, 0), r.text(0, 1), r.text(0, 2)};
  }
  std::int64_t clinic_count() override { return db_.exec("SELECT count(*) FROM clinics").integer(0, 0); }

  Id add_user(const User& u) override {
    if (user_by_email(u.clinic_id, u.email)) throw StoreError("an account with the e-mail address '" + u.email + "' exists in this clinic");
    return db_.exec("INSERT INTO users (clinic_id, email, name, role, person_id, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                    "RETURNING id",
                    {param(u.clinic_id), param(normalised_email(u.email)), param(u.name), param(u.role), param(u.person_id),
                     param(u.password_hash), param(or_now(u.created_at))})
        .integer(0, 0);
  }
  std::optional<User> user(Id id) override {
    const auto r = db_.exec(std::string(kUserColumns) + "WHERE id = $1", {param(id)});
    if (r.rows() == 0) return std::nullopt;
    return user_at(r, 0);
  }
  std::optional<User> user_by_email(Id clinic, const std::string& email) override {
    const auto r = db_.exec(std::string(kUserColumns) + "WHERE clinic_id = $1 AND email = $2", {param(clinic), param(normalised_email(email))});
    if (r.rows() == 0) return std::nullopt;
    return user_at(r, 0);
  }
  std::vector<User> users(Id clinic) override {
    const auto r = db_.exec(std::string(kUserColumns) + "WHERE clinic_id = $1 ORDER BY id", {param(clinic)});
    std::vector<User> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(user_at(r, i));
    return out;
  }
  void add_auth_session(const AuthSession& a) override {
    db_.exec("INSERT INTO auth_sessions VALUES ($1, $2, $3, $4, $5)",
             {param(a.token_hash), param(a.user_id), param(a.csrf_token), param(or_now(a.created_at)), param(a.expires_at)});
  }
  std::optional<SignedIn> signed_in(const std::string& token_hash) override {
    const auto r = db_.exec(
        "SELECT u.id, u.clinic_id, u.email, u.name, u.role, u.person_id, u.password_hash, u.created_at, "
        "a.token_hash, a.csrf_token, a.created_at, a.expires_at FROM auth_sessions a JOIN users u ON u.id = a.user_id WHERE a.token_hash = $1",
        {param(token_hash)});
    if (r.rows() == 0) return std::nullopt;
    return SignedIn{{r.text(0, 8), r.integer(0, 0), r.text(0, 9), r.text(0, 10), r.text(0, 11)}, user_at(r, 0)};
  }
  void delete_auth_session(const std::string& token_hash) override {
    db_.exec("DELETE FROM auth_sessions WHERE token_hash = $1", {param(token_hash)});
  }
  void set_password_hash(Id user, const std::string& hash, const std::string& keep) override {
    pg::Transaction t(db_);
    db_.exec("UPDATE users SET password_hash = $1 WHERE id = $2", {param(hash), param(user)});
    db_.exec("DELETE FROM auth_sessions WHERE user_id = $1 AND token_hash <> $2", {param(user), param(keep)});
    t.commit();
  }
  std::int64_t delete_expired_sign_ins(const std::string& now_iso) override {
    return db_.exec("DELETE FROM auth_sessions WHERE expires_at < $1 RETURNING 1", {param(now_iso)}).rows();
  }
  void add_audit(const AuditEntry& e) override {
    db_.exec("INSERT INTO audit_log (clinic_id, user_id, at, action, object, detail) VALUES ($1, $2, $3, $4, $5, $6)",
             {param(e.clinic_id), param(e.user_id), param(or_now(e.at)), param(e.action), param(e.object), param(e.detail)});
  }
  std::vector<AuditEntry> audit_page(Id clinic, Id before, std::int64_t limit) override {
    const auto r = db_.exec(
        "SELECT id, clinic_id, user_id, at, action, object, detail FROM audit_log WHERE clinic_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
        {param(clinic), param(before), param(limit)});
    std::vector<AuditEntry> out;
    for (int i = r.rows() - 1; i >= 0; --i)
      out.push_back({r.integer(i, 0), r.integer(i, 1), r.optional_integer(i, 2), r.text(i, 3), r.text(i, 4), r.text(i, 5), r.text(i, 6)});
    return out;
  }

  Id add_person(const Person& p) override {
    if (p.name.empty()) throw StoreError("a person needs a name");
    return db_.exec("INSERT INTO people (name, birth_year, sex, created_at, clinic_id) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    {param(p.name), param(p.birth_year), param(p.sex), param(or_now(p.created_at)), param(p.clinic_id)})
        .integer(0, 0);
  }
  bool erase_person(Id id) override {
    pg::Transaction t(db_);
    if (db_.exec("SELECT count(*) FROM people WHERE id = $1", {param(id)}).integer(0, 0) == 0) return false;
    for (const auto sql : kErasePerson) db_.exec(std::string(sql), {param(id)});
    t.commit();
    return true;
  }
  std::optional<Person> person(Id id) override {
    const auto r = db_.exec(std::string(kPersonColumns) + "WHERE id = $1", {param(id)});
    if (r.rows() == 0) return std::nullopt;
    return person_at(r, 0);
  }
  std::vector<Person> people(std::optional<Id> clinic) override {
    const auto r = db_.exec(std::string(kPersonColumns) + "WHERE $1::bigint IS NULL OR clinic_id = $1::bigint ORDER BY id", {param(clinic)});
    std::vector<Person> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(person_at(r, i));
    return out;
  }
  std::vector<Person> people_page(Id clinic, const std::string& name_part, const std::string& after_name, Id after_id,
                                  std::int64_t limit) override {
    const auto r = db_.exec(std::string(kPersonColumns) +
                                "WHERE clinic_id = $1 AND strpos(lower(name), lower($2)) > 0 AND (lower(name), id) > (lower($3), $4) "
                                "ORDER BY lower(name), id LIMIT $5",
                            {param(clinic), param(name_part), param(after_name), param(after_id), param(limit)});
    std::vector<Person> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(person_at(r, i));
    return out;
  }

  Id add_screening(const Screening& s) override {
    return db_.exec("INSERT INTO screenings (person_id, taken_at, verdict, answers_json, result_json) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    {param(s.person_id), param(or_now(s.taken_at)), param(s.verdict), param(s.answers_json), param(s.result_json)})
        .integer(0, 0);
  }
  std::vector<Screening> screenings(Id person) override {
    const auto r = db_.exec("SELECT id, person_id, taken_at, verdict, answers_json, result_json FROM screenings WHERE person_id = $1 ORDER BY id",
                            {param(person)});
    std::vector<Screening> out;
    for (int i = 0; i < r.rows(); ++i)
      out.push_back({r.integer(i, 0), r.integer(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.text(i, 5)});
    return out;
  }

  Id add_lop(const LopMeasurement& m) override {
    return db_.exec("INSERT INTO lop_measurements (person_id, session_id, measured_at, limb, cuff_width_cm, lop_mmHg, method, quality, simulated, "
                    "posture) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                    {param(m.person_id), param(m.session_id), param(or_now(m.measured_at)), param(m.limb), param(m.cuff_width_cm),
                     param(m.lop_mmHg), param(m.method), param(m.quality), param(m.simulated), param(m.posture)})
        .integer(0, 0);
  }
  std::vector<LopMeasurement> lop_measurements(Id person) override {
    const auto r = db_.exec("SELECT id, person_id, session_id, measured_at, limb, cuff_width_cm, lop_mmHg, method, quality, simulated, "
                            "posture FROM lop_measurements WHERE person_id = $1 ORDER BY id",
                            {param(person)});
    std::vector<LopMeasurement> out;
    for (int i = 0; i < r.rows(); ++i)
      out.push_back({r.integer(i, 0), r.integer(i, 1), r.optional_integer(i, 2), r.text(i, 3), r.text(i, 4), r.real(i, 5), r.real(i, 6),
                     r.text(i, 7), r.optional_real(i, 8), r.integer(i, 9) != 0, r.text(i, 10)});
    return out;
  }

  Id add_plan(const Plan& p) override {
    return db_.exec("INSERT INTO plans (person_id, created_at, program, phase, plan_json) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    {param(p.person_id), param(or_now(p.created_at)), param(p.program), param(p.phase), param(p.plan_json)})
        .integer(0, 0);
  }
  std::optional<Plan> plan(Id id) override {
    const auto r = db_.exec("SELECT id, person_id, created_at, program, phase, plan_json FROM plans WHERE id = $1", {param(id)});
    if (r.rows() == 0) return std::nullopt;
    return Plan{r.integer(0, 0), r.integer(0, 1), r.text(0, 2), r.text(0, 3), r.text(0, 4), r.text(0, 5)};
  }
  std::vector<Plan> plans(Id person) override {
    const auto r = db_.exec("SELECT id, person_id, created_at, program, phase, plan_json FROM plans WHERE person_id = $1 ORDER BY id",
                            {param(person)});
    std::vector<Plan> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back({r.integer(i, 0), r.integer(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.text(i, 5)});
    return out;
  }

  Id begin_session(const Session& s) override {
    return db_.exec("INSERT INTO sessions (person_id, plan_id, started_at, device, simulated, outcome, lop_mmHg, summary_json) "
                    "VALUES ($1, $2, $3, $4, $5, 'running', $6, $7) RETURNING id",
                    {param(s.person_id), param(s.plan_id), param(or_now(s.started_at)), param(s.device), param(s.simulated),
                     param(s.lop_mmHg), param(s.summary_json)})
        .integer(0, 0);
  }
  void end_session_at(Id session, const std::string& outcome, const std::string& summary_json, const std::string& ended_at) override {
    db_.exec("UPDATE sessions SET ended_at = $1, outcome = $2, summary_json = $3 WHERE id = $4",
             {param(ended_at), param(outcome), param(summary_json), param(session)});
  }
  std::vector<Session> running_sessions() override {
    const auto r = db_.exec(std::string(kSessionColumns) + "WHERE outcome = 'running' ORDER BY id", {});
    std::vector<Session> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(session_at(r, i));
    return out;
  }
  std::optional<std::pair<std::int64_t, std::int64_t>> sample_span(Id session) override {
    const auto r = db_.exec("SELECT min(t_first), max(t_last) FROM sample_blocks WHERE session_id = $1", {param(session)});
    if (r.rows() == 0 || r.is_null(0, 0)) return std::nullopt;
    return std::pair{r.integer(0, 0), r.integer(0, 1)};
  }
  void set_session_lop(Id session, double lop_mmHg) override {
    db_.exec("UPDATE sessions SET lop_mmHg = $1 WHERE id = $2", {param(lop_mmHg), param(session)});
  }
  std::optional<Session> session(Id id) override {
    const auto r = db_.exec(std::string(kSessionColumns) + "WHERE id = $1", {param(id)});
    if (r.rows() == 0) return std::nullopt;
    return session_at(r, 0);
  }
  std::vector<Session> sessions(std::optional<Id> person) override {
    const auto r = db_.exec(std::string(kSessionColumns) + "WHERE $1::bigint IS NULL OR person_id = $1::bigint ORDER BY started_at DESC, id DESC",
                            {param(person)});
    std::vector<Session> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(session_at(r, i));
    return out;
  }

  void add_samples(Id session, std::span<const Sample> samples) override {
    if (samples.empty()) return;
    pg::Transaction t(db_);
    write_samples(blocks_, session, samples);
    t.commit();
  }
  std::vector<Sample> samples_after(Id session, std::int64_t after_t_ms) override {
    return read_samples_after(blocks_, session, after_t_ms);
  }
  void add_event(Id session, const SessionEvent& e) override {
    db_.exec("INSERT INTO events (session_id, t_ms, kind, code, value, text) VALUES ($1, $2, $3, $4, $5, $6)",
             {param(session), param(e.t_ms), param(e.kind), param(e.code), param(e.value), param(e.text)});
  }
  std::vector<SessionEvent> events(Id session) override {
    const auto r = db_.exec("SELECT t_ms, kind, code, value, text FROM events WHERE session_id = $1 ORDER BY t_ms, id", {param(session)});
    std::vector<SessionEvent> out;
    for (int i = 0; i < r.rows(); ++i)
      out.push_back({r.integer(i, 0), r.text(i, 1), static_cast<int>(r.integer(i, 2)), r.real(i, 3), r.text(i, 4)});
    return out;
  }
  void add_pain(Id session, const PainScore& p) override {
    if (p.score < 0 || p.score > 10) throw StoreError("a pain score is 0 to 10, not " + std::to_string(p.score));
    db_.exec("INSERT INTO pain_scores (session_id, exercise, score, recorded_at) VALUES ($1, $2, $3, $4)",
             {param(session), param(p.exercise), param(p.score), param(or_now(p.recorded_at))});
  }
  std::vector<PainScore> pain_scores(Id session) override {
    const auto r = db_.exec("SELECT exercise, score, recorded_at FROM pain_scores WHERE session_id = $1 ORDER BY id", {param(session)});
    std::vector<PainScore> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), static_cast<int>(r.integer(i, 1)), r.text(i, 2)});
    return out;
  }
  std::map<Id, std::vector<PainScore>> pain_scores_of_person(Id person) override {
    const auto r = db_.exec(
        "SELECT p.session_id, p.exercise, p.score, p.recorded_at FROM pain_scores p JOIN sessions s ON s.id = p.session_id "
        "WHERE s.person_id = $1 ORDER BY p.id",
        {param(person)});
    std::map<Id, std::vector<PainScore>> out;
    for (int i = 0; i < r.rows(); ++i) out[r.integer(i, 0)].push_back({r.text(i, 1), static_cast<int>(r.integer(i, 2)), r.text(i, 3)});
    return out;
  }

 private:
  pg::Connection db_;
  PostgresBlockTable blocks_{db_};
};

}  // namespace

std::unique_ptr<Store> open_postgres_store(const std::string& url) { return std::make_unique<PostgresStore>(url); }

}  // namespace bfr::store
