#include "store/sqlite_store.hpp"

#include <algorithm>

#include "store/erasure.hpp"
#include "store/migrations.hpp"
#include "store/sample_blocks.hpp"
#include "store/sqlite_db.hpp"

namespace bfr::store {

namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::Transaction;

constexpr const char* kBlockColumns = "SELECT t_first, t_last, n, data FROM sample_blocks WHERE session_id = ?1 ";

class SqliteBlockTable final : public SampleBlockTable {
 public:
  explicit SqliteBlockTable(Connection& db) : db_(db) {}
  std::optional<SampleBlock> block_for(Id session, std::int64_t t) override {
    if (auto b = one((std::string(kBlockColumns) + "AND t_first <= ?2 ORDER BY t_first DESC LIMIT 1").c_str(), session, t)) return b;
    return one((std::string(kBlockColumns) + "ORDER BY t_first LIMIT 1").c_str(), session);
  }
  std::optional<SampleBlock> last_block(Id session) override {
    return one((std::string(kBlockColumns) + "ORDER BY t_first DESC LIMIT 1").c_str(), session);
  }
  std::optional<std::int64_t> next_block_start(Id session, std::int64_t t_first) override {
    auto q = db_.prepare("SELECT min(t_first) FROM sample_blocks WHERE session_id = ? AND t_first > ?");
    q.bind(1, session).bind(2, t_first);
    q.step();
    return q.optional_integer(0);
  }
  std::vector<SampleBlock> blocks_after(Id session, std::int64_t t) override {
    auto q = db_.prepare((std::string(kBlockColumns) + "AND t_last > ?2 ORDER BY t_first").c_str());
    q.bind(1, session).bind(2, t);
    std::vector<SampleBlock> out;
    while (q.step()) out.push_back(read(q));
    return out;
  }
  void insert(Id session, const SampleBlock& b) override {
    db_.prepare("INSERT INTO sample_blocks (session_id, t_first, t_last, n, data) VALUES (?, ?, ?, ?, ?)")
        .bind(1, session).bind(2, b.t_first).bind(3, b.t_last).bind(4, b.count).bind(5, std::span<const std::uint8_t>(b.data)).run();
  }
  void replace(Id session, std::int64_t t_first, const SampleBlock& b) override {
    db_.prepare("UPDATE sample_blocks SET t_first = ?, t_last = ?, n = ?, data = ? WHERE session_id = ? AND t_first = ?")
        .bind(1, b.t_first).bind(2, b.t_last).bind(3, b.count).bind(4, std::span<const std::uint8_t>(b.data)).bind(5, session)
        .bind(6, t_first).run();
  }

 private:
  static SampleBlock read(const Statement& q) { return {q.integer(0), q.integer(1), q.integer(2), q.blob(3)}; }
  template <class... T>
  std::optional<SampleBlock> one(const char* sql, T... values) {
    auto q = db_.prepare(sql);
    int i = 0;
    (q.bind(++i, values), ...);
    if (!q.step()) return std::nullopt;
    return read(q);
  }
  Connection& db_;
};

// Migration 4: every session's rows become blocks, then the rows table goes.
void move_sample_rows_into_blocks(Connection& db) {
  SqliteBlockTable blocks(db);
  std::vector<Id> sessions;
  {
    auto q = db.prepare("SELECT DISTINCT session_id FROM samples ORDER BY session_id");
    while (q.step()) sessions.push_back(q.integer(0));
  }  // finished before the table is dropped
  for (const auto session : sessions) {
    std::vector<Sample> rows;
    auto q = db.prepare("SELECT t_ms, pressure_mmHg, setpoint_mmHg, target_pct, phase, set_no, rep, pulse_mmHg, off_target, fault "
                        "FROM samples WHERE session_id = ? ORDER BY t_ms");
    q.bind(1, session);
    while (q.step())
      rows.push_back({q.integer(0), q.real(1), q.optional_real(2), q.real(3), static_cast<int>(q.integer(4)),
                      static_cast<int>(q.integer(5)), static_cast<int>(q.integer(6)), q.real(7), q.integer(8) != 0,
                      static_cast<int>(q.integer(9))});
    write_samples(blocks, session, rows);
  }
  db.exec("DROP TABLE samples");
}

void migrate(Connection& db) {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
  const auto have = [&] {  // the statement ends here: SQLite drops no table while one is reading
    auto q = db.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
    q.step();
    return q.integer(0);
  }();
  if (have > kSchemaVersion)
    throw StoreError("the database has schema version " + std::to_string(have) + ", newer than this bfr knows (" +
                     std::to_string(kSchemaVersion) + "): use a newer bfr");
  for (const auto& m : kMigrations) {
    if (m.version <= have) continue;
    Transaction t(db);
    db.exec(std::string(m.sqlite));
    if (m.version == kSampleBlocksVersion) move_sample_rows_into_blocks(db);
    db.prepare("INSERT INTO schema_migrations VALUES (?, ?, ?)")
        .bind(1, m.version).bind(2, std::string(m.description)).bind(3, now_utc()).run();
    db.exec("PRAGMA user_version = " + std::to_string(m.version));
    t.commit();
  }
}

Person read_person(const Statement& s) {
  return {s.integer(0), s.text(1), s.is_null(2) ? std::nullopt : std::optional<int>(static_cast<int>(s.integer(2))),
          s.optional_text(3), s.text(4), s.integer(5)};
}
constexpr const char* kPersonColumns = "SELECT id, name, birth_year, sex, created_at, clinic_id FROM people ";

User read_user(const Statement& s) {
  return {s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4), s.optional_integer(5), s.text(6), s.text(7)};
}
constexpr const char* kUserColumns = "SELECT id, clinic_id, email, name, role, person_id, password_hash, created_at FROM users ";
// The user's columns first (read_user), then the sign-in's.
constexpr const char* kSignedInQuery =
    "SELECT u.id, u.clinic_id, u.email, u.name, u.role, u.person_id, u.password_hash, u.created_at, "
    "a.token_hash, a.csrf_token, a.created_at, a.expires_at FROM auth_sessions a JOIN users u ON u.id = a.user_id WHERE a.token_hash = ?";

Session read_session(const Statement& s) {
  Session r;
  r.id = s.integer(0);
  r.person_id = s.integer(1);
  r.plan_id = s.optional_integer(2);
  r.started_at = s.text(3);
  r.ended_at = s.optional_text(4);
  r.device = s.text(5);
  r.simulated = s.integer(6) != 0;
  r.outcome = s.text(7);
  r.lop_mmHg = s.optional_real(8);
  r.summary_json = s.text(9);
  return r;
}
constexpr const char* kSessionColumns =
    "SELECT id, person_id, plan_id, started_at, ended_at, device, simulated, outcome, lop_mmHg, summary_json FROM sessions ";

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(const std::string& path) : db_(path) {
    db_.exec("PRAGMA journal_mode = WAL");
    db_.exec("PRAGMA synchronous = NORMAL");
    db_.exec("PRAGMA foreign_keys = ON");
    migrate(db_);
  }

  int schema_version() override {
    auto q = db_.prepare("SELECT max(version) FROM schema_migrations");
    q.step();
    return static_cast<int>(q.integer(0));
  }

  Id add_clinic(const std::string& name) override {
    db_.prepare("INSERT INTO clinics (name, created_at) VALUES (?, ?)").bind(1, name).bind(2, now_utc()).run();
    return db_.last_id();
  }
  std::optional<Clinic> clinic(Id id) override {
    auto q = db_.prepare("SELECT id, name, created_at FROM clinics WHERE id = ?");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return Clinic{q.integer(0), q.text(1), q.text(2)};
  }
  std::int64_t clinic_count() override {
    auto q = db_.prepare("SELECT count(*) FROM clinics");
    q.step();
    return q.integer(0);
  }

  Id add_user(const User& u) override {
    if (user_by_email(u.clinic_id, u.email)) throw StoreError("an account with the e-mail address '" + u.email + "' exists in this clinic");
    db_.prepare("INSERT INTO users (clinic_id, email, name, role, person_id, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, u.clinic_id).bind(2, normalised_email(u.email)).bind(3, u.name).bind(4, u.role).bind(5, u.person_id)
        .bind(6, u.password_hash).bind(7, u.created_at.empty() ? now_utc() : u.created_at).run();
    return db_.last_id();
  }
  std::optional<User> user(Id id) override {
    auto q = db_.prepare((std::string(kUserColumns) + "WHERE id = ?").c_str());
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return read_user(q);
  }
  std::optional<User> user_by_email(Id clinic, const std::string& email) override {
    auto q = db_.prepare((std::string(kUserColumns) + "WHERE clinic_id = ? AND email = ?").c_str());
    q.bind(1, clinic);
    q.bind(2, normalised_email(email));
    if (!q.step()) return std::nullopt;
    return read_user(q);
  }
  std::vector<User> users(Id clinic) override {
    std::vector<User> out;
    auto q = db_.prepare((std::string(kUserColumns) + "WHERE clinic_id = ? ORDER BY id").c_str());
    q.bind(1, clinic);
    while (q.step()) out.push_back(read_user(q));
    return out;
  }
  void add_auth_session(const AuthSession& a) override {
    db_.prepare("INSERT INTO auth_sessions VALUES (?, ?, ?, ?, ?)")
        .bind(1, a.token_hash).bind(2, a.user_id).bind(3, a.csrf_token).bind(4, a.created_at.empty() ? now_utc() : a.created_at)
        .bind(5, a.expires_at).run();
  }
  std::optional<SignedIn> signed_in(const std::string& token_hash) override {
    auto q = db_.prepare(kSignedInQuery);
    q.bind(1, token_hash);
    if (!q.step()) return std::nullopt;
    return SignedIn{{q.text(8), q.integer(0), q.text(9), q.text(10), q.text(11)}, read_user(q)};
  }
  void delete_auth_session(const std::string& token_hash) override {
    db_.prepare("DELETE FROM auth_sessions WHERE token_hash = ?").bind(1, token_hash).run();
  }
  void set_password_hash(Id user, const std::string& hash, const std::string& keep) override {
    Transaction t(db_);
    db_.prepare("UPDATE users SET password_hash = ? WHERE id = ?").bind(1, hash).bind(2, user).run();
    db_.prepare("DELETE FROM auth_sessions WHERE user_id = ? AND token_hash <> ?").bind(1, user).bind(2, keep).run();
    t.commit();
  }
  std::int64_t delete_expired_sign_ins(const std::string& now_iso) override {
    db_.prepare("DELETE FROM auth_sessions WHERE expires_at < ?").bind(1, now_iso).run();
    return sqlite3_changes64(db_.handle());
  }
  void add_audit(const AuditEntry& e) override {
    db_.prepare("INSERT INTO audit_log (clinic_id, user_id, at, action, object, detail) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, e.clinic_id).bind(2, e.user_id).bind(3, e.at.empty() ? now_utc() : e.at).bind(4, e.action).bind(5, e.object)
        .bind(6, e.detail).run();
  }
  std::vector<AuditEntry> audit_page(Id clinic, Id before, std::int64_t limit) override {
    std::vector<AuditEntry> out;
    auto q = db_.prepare(
        "SELECT id, clinic_id, user_id, at, action, object, detail FROM audit_log WHERE clinic_id = ? AND id < ? ORDER BY id DESC LIMIT ?");
    q.bind(1, clinic).bind(2, before).bind(3, limit);
    while (q.step()) out.push_back({q.integer(0), q.integer(1), q.optional_integer(2), q.text(3), q.text(4), q.text(5), q.text(6)});
    std::reverse(out.begin(), out.end());
    return out;
  }

  Id add_person(const Person& p) override {
    if (p.name.empty()) throw StoreError("a person needs a name");
    db_.prepare("INSERT INTO people (name, birth_year, sex, created_at, clinic_id) VALUES (?, ?, ?, ?, ?)")
        .bind(1, p.name).bind(2, p.birth_year).bind(3, p.sex).bind(4, p.created_at.empty() ? now_utc() : p.created_at)
        .bind(5, p.clinic_id).run();
    return db_.last_id();
  }
  bool erase_person(Id id) override {
    Transaction t(db_);
    auto exists = db_.prepare("SELECT count(*) FROM people WHERE id = ?");
    exists.bind(1, id);
    exists.step();
    if (exists.integer(0) == 0) return false;
    exists.reset();
    for (const auto sql : kErasePerson) db_.prepare(std::string(sql).c_str()).bind(1, id).run();
    t.commit();
    return true;
  }
  std::optional<Person> person(Id id) override {
    auto q = db_.prepare((std::string(kPersonColumns) + "WHERE id = ?").c_str());
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return read_person(q);
  }
  std::vector<Person> people(std::optional<Id> clinic) override {
    std::vector<Person> out;
    auto q = db_.prepare((std::string(kPersonColumns) + "WHERE ?1 IS NULL OR clinic_id = ?1 ORDER BY id").c_str());
    q.bind(1, clinic);
    while (q.step()) out.push_back(read_person(q));
    return out;
  }
  std::vector<Person> people_page(Id clinic, const std::string& name_part, const std::string& after_name, Id after_id,
                                  std::int64_t limit) override {
    std::vector<Person> out;
    auto q = db_.prepare((std::string(kPersonColumns) +
                          "WHERE clinic_id = ? AND instr(lower(name), lower(?)) > 0 AND (lower(name), id) > (lower(?), ?) "
                          "ORDER BY lower(name), id LIMIT ?").c_str());
    q.bind(1, clinic).bind(2, name_part).bind(3, after_name).bind(4, after_id).bind(5, limit);
    while (q.step()) out.push_back(read_person(q));
    return out;
  }

  Id add_screening(const Screening& s) override {
    db_.prepare("INSERT INTO screenings (person_id, taken_at, verdict, answers_json, result_json) VALUES (?, ?, ?, ?, ?)")
        .bind(1, s.person_id).bind(2, s.taken_at.empty() ? now_utc() : s.taken_at).bind(3, s.verdict)
        .bind(4, s.answers_json).bind(5, s.result_json).run();
    return db_.last_id();
  }
  std::vector<Screening> screenings(Id person) override {
    std::vector<Screening> out;
    auto q = db_.prepare("SELECT id, person_id, taken_at, verdict, answers_json, result_json FROM screenings WHERE person_id = ? ORDER BY id");
    q.bind(1, person);
    while (q.step()) out.push_back({q.integer(0), q.integer(1), q.text(2), q.text(3), q.text(4), q.text(5)});
    return out;
  }

  Id add_lop(const LopMeasurement& m) override {
    db_.prepare("INSERT INTO lop_measurements (person_id, session_id, measured_at, limb, cuff_width_cm, lop_mmHg, method, quality, simulated, "
                "posture) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, m.person_id).bind(2, m.session_id).bind(3, m.measured_at.empty() ? now_utc() : m.measured_at)
        .bind(4, m.limb).bind(5, m.cuff_width_cm).bind(6, m.lop_mmHg).bind(7, m.method).bind(8, m.quality)
        .bind(9, m.simulated).bind(10, m.posture).run();
    return db_.last_id();
  }
  std::vector<LopMeasurement> lop_measurements(Id person) override {
    std::vector<LopMeasurement> out;
    auto q = db_.prepare("SELECT id, person_id, session_id, measured_at, limb, cuff_width_cm, lop_mmHg, method, quality, simulated, "
                         "posture FROM lop_measurements WHERE person_id = ? ORDER BY id");
    q.bind(1, person);
    while (q.step())
      out.push_back({q.integer(0), q.integer(1), q.optional_integer(2), q.text(3), q.text(4), q.real(5), q.real(6), q.text(7),
                     q.optional_real(8), q.integer(9) != 0, q.text(10)});
    return out;
  }

  Id add_plan(const Plan& p) override {
    db_.prepare("INSERT INTO plans (person_id, created_at, program, phase, plan_json) VALUES (?, ?, ?, ?, ?)")
        .bind(1, p.person_id).bind(2, p.created_at.empty() ? now_utc() : p.created_at).bind(3, p.program)
        .bind(4, p.phase).bind(5, p.plan_json).run();
    return db_.last_id();
  }
  std::optional<Plan> plan(Id id) override {
    auto q = db_.prepare("SELECT id, person_id, created_at, program, phase, plan_json FROM plans WHERE id = ?");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return Plan{q.integer(0), q.integer(1), q.text(2), q.text(3), q.text(4), q.text(5)};
  }
  std::vector<Plan> plans(Id person) override {
    std::vector<Plan> out;
    auto q = db_.prepare("SELECT id, person_id, created_at, program, phase, plan_json FROM plans WHERE person_id = ? ORDER BY id");
    q.bind(1, person);
    while (q.step()) out.push_back({q.integer(0), q.integer(1), q.text(2), q.text(3), q.text(4), q.text(5)});
    return out;
  }

  Id begin_session(const Session& s) override {
    db_.prepare("INSERT INTO sessions (person_id, plan_id, started_at, device, simulated, outcome, lop_mmHg, summary_json) "
                "VALUES (?, ?, ?, ?, ?, 'running', ?, ?)")
        .bind(1, s.person_id).bind(2, s.plan_id).bind(3, s.started_at.empty() ? now_utc() : s.started_at)
        .bind(4, s.device).bind(5, s.simulated).bind(6, s.lop_mmHg).bind(7, s.summary_json).run();
    return db_.last_id();
  }
  void end_session_at(Id session, const std::string& outcome, const std::string& summary_json, const std::string& ended_at) override {
    db_.prepare("UPDATE sessions SET ended_at = ?, outcome = ?, summary_json = ? WHERE id = ?")
        .bind(1, ended_at).bind(2, outcome).bind(3, summary_json).bind(4, session).run();
  }
  std::vector<Session> running_sessions() override {
    std::vector<Session> out;
    auto q = db_.prepare((std::string(kSessionColumns) + "WHERE outcome = 'running' ORDER BY id").c_str());
    while (q.step()) out.push_back(read_session(q));
    return out;
  }
  std::optional<std::pair<std::int64_t, std::int64_t>> sample_span(Id session) override {
    auto q = db_.prepare("SELECT min(t_first), max(t_last) FROM sample_blocks WHERE session_id = ?");
    q.bind(1, session);
    if (!q.step() || q.is_null(0)) return std::nullopt;
    return std::pair{q.integer(0), q.integer(1)};
  }
  void set_session_lop(Id session, double lop_mmHg) override {
    db_.prepare("UPDATE sessions SET lop_mmHg = ? WHERE id = ?").bind(1, lop_mmHg).bind(2, session).run();
  }
  std::optional<Session> session(Id id) override {
    auto q = db_.prepare((std::string(kSessionColumns) + "WHERE id = ?").c_str());
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return read_session(q);
  }
  std::vector<Session> sessions(std::optional<Id> person) override {
    std::vector<Session> out;
    auto q = db_.prepare((std::string(kSessionColumns) + "WHERE ?1 IS NULL OR person_id = ?1 ORDER BY started_at DESC, id DESC").c_str());
    q.bind(1, person);
    while (q.step()) out.push_back(read_session(q));
    return out;
  }

  void add_samples(Id session, std::span<const Sample> samples) override {
    Transaction t(db_);
    write_samples(blocks_, session, samples);
    t.commit();
  }
  std::vector<Sample> samples_after(Id session, std::int64_t after_t_ms) override {
    return read_samples_after(blocks_, session, after_t_ms);
  }
  void add_event(Id session, const SessionEvent& e) override {
    db_.prepare("INSERT INTO events (session_id, t_ms, kind, code, value, text) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, session).bind(2, e.t_ms).bind(3, e.kind).bind(4, e.code).bind(5, e.value).bind(6, e.text).run();
  }
  std::vector<SessionEvent> events(Id session) override {
    std::vector<SessionEvent> out;
    auto q = db_.prepare("SELECT t_ms, kind, code, value, text FROM events WHERE session_id = ? ORDER BY t_ms, id");
    q.bind(1, session);
    while (q.step()) out.push_back({q.integer(0), q.text(1), static_cast<int>(q.integer(2)), q.real(3), q.text(4)});
    return out;
  }
  void add_pain(Id session, const PainScore& p) override {
    if (p.score < 0 || p.score > 10) throw StoreError("a pain score is 0 to 10, not " + std::to_string(p.score));
    db_.prepare("INSERT INTO pain_scores (session_id, exercise, score, recorded_at) VALUES (?, ?, ?, ?)")
        .bind(1, session).bind(2, p.exercise).bind(3, p.score).bind(4, p.recorded_at.empty() ? now_utc() : p.recorded_at).run();
  }
  std::vector<PainScore> pain_scores(Id session) override {
    std::vector<PainScore> out;
    auto q = db_.prepare("SELECT exercise, score, recorded_at FROM pain_scores WHERE session_id = ? ORDER BY id");
    q.bind(1, session);
    while (q.step()) out.push_back({q.text(0), static_cast<int>(q.integer(1)), q.text(2)});
    return out;
  }
  std::map<Id, std::vector<PainScore>> pain_scores_of_person(Id person) override {
    std::map<Id, std::vector<PainScore>> out;
    auto q = db_.prepare(
        "SELECT p.session_id, p.exercise, p.score, p.recorded_at FROM pain_scores p JOIN sessions s ON s.id = p.session_id "
        "WHERE s.person_id = ? ORDER BY p.id");
    q.bind(1, person);
    while (q.step()) out[q.integer(0)].push_back({q.text(1), static_cast<int>(q.integer(2)), q.text(3)});
    return out;
  }

 private:
  Connection db_;
  SqliteBlockTable blocks_{db_};
};

}  // namespace

std::unique_ptr<Store> open_sqlite_store(const std::string& path) { return std::make_unique<SqliteStore>(path); }

}  // namespace bfr::store
