#include "store/sql_store.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <string_view>
#include <tuple>

#include "store/erasure.hpp"
#include "store/migrations.hpp"
#include "store/postgres_database.hpp"
#include "store/sample_blocks.hpp"
#include "store/sqlite_database.hpp"

namespace bfr::store {

namespace {

using sql::Database;
using sql::Row;
using sql::Rows;
using sql::Transaction;
using sql::values;

constexpr const char* kBlockColumns = "SELECT t_first, t_last, n, data FROM sample_blocks WHERE session_id = ?1 ";

class SqlBlockTable final : public SampleBlockTable {
 public:
  explicit SqlBlockTable(Database& db) : db_(db) {}
  std::optional<SampleBlock> block_for(Id session, std::int64_t t) override {
    if (auto b = first(db_.query(std::string(kBlockColumns) + "AND t_first <= ?2 ORDER BY t_first DESC LIMIT 1", values(session, t))))
      return b;
    return first(db_.query(std::string(kBlockColumns) + "ORDER BY t_first LIMIT 1", values(session)));
  }
  std::optional<SampleBlock> last_block(Id session) override {
    return first(db_.query(std::string(kBlockColumns) + "ORDER BY t_first DESC LIMIT 1", values(session)));
  }
  std::optional<std::int64_t> next_block_start(Id session, std::int64_t t_first) override {
    return db_.query("SELECT min(t_first) FROM sample_blocks WHERE session_id = ?1 AND t_first > ?2", values(session, t_first))
        .optional_integer(0, 0);
  }
  std::vector<SampleBlock> blocks_after(Id session, std::int64_t t) override {
    const auto r = db_.query(std::string(kBlockColumns) + "AND t_last > ?2 ORDER BY t_first", values(session, t));
    std::vector<SampleBlock> out;
    for (int i = 0; i < r.size(); ++i) out.push_back(at(Row(r, i)));
    return out;
  }
  void insert(Id session, const SampleBlock& b) override {
    db_.execute("INSERT INTO sample_blocks (session_id, t_first, t_last, n, data) VALUES (?1, ?2, ?3, ?4, ?5)",
                values(session, b.t_first, b.t_last, b.count, std::span<const std::uint8_t>(b.data)));
  }
  void replace(Id session, std::int64_t t_first, const SampleBlock& b) override {
    db_.execute("UPDATE sample_blocks SET t_first = ?3, t_last = ?4, n = ?5, data = ?6 WHERE session_id = ?1 AND t_first = ?2",
                values(session, t_first, b.t_first, b.t_last, b.count, std::span<const std::uint8_t>(b.data)));
  }

 private:
  static SampleBlock at(const Row& r) { return {r.integer(0), r.integer(1), r.integer(2), r.bytes(3)}; }
  static std::optional<SampleBlock> first(const Rows& r) { return r.empty() ? std::nullopt : std::optional(at(Row(r, 0))); }
  Database& db_;
};

// Migration 4: every session's rows become blocks, then the rows table goes.
void move_sample_rows_into_blocks(Database& db) {
  SqlBlockTable blocks(db);
  const auto sessions = db.query("SELECT DISTINCT session_id FROM samples ORDER BY session_id");
  for (int s = 0; s < sessions.size(); ++s) {
    const auto session = sessions.integer(s, 0);
    const auto r = db.query("SELECT t_ms, pressure_mmHg, setpoint_mmHg, target_pct, phase, set_no, rep, pulse_mmHg, off_target, fault "
                            "FROM samples WHERE session_id = ?1 ORDER BY t_ms",
                            values(session));
    std::vector<Sample> rows;
    rows.reserve(static_cast<std::size_t>(r.size()));
    for (int i = 0; i < r.size(); ++i) {
      const Row x(r, i);
      rows.push_back({x.integer(0), x.real(1), x.optional_real(2), x.real(3), static_cast<int>(x.integer(4)),
                      static_cast<int>(x.integer(5)), static_cast<int>(x.integer(6)), x.real(7), x.flag(8),
                      static_cast<int>(x.integer(9))});
    }
    write_samples(blocks, session, rows);
  }
  db.script("DROP TABLE samples");
}

// Every migration this database lacks, in one transaction: all or none.
void migrate(Database& db) {
  Transaction t(db);
  db.lock_schema();
  db.script("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
  const auto have = db.query("SELECT coalesce(max(version), 0) FROM schema_migrations").integer(0, 0);
  if (have > kSchemaVersion)
    throw StoreError("the database has schema version " + std::to_string(have) + ", newer than this bfr knows (" +
                     std::to_string(kSchemaVersion) + "): use a newer bfr");
  for (const auto& m : kMigrations) {
    if (m.version <= have) continue;
    db.script(std::string(db.dialect() == sql::Dialect::sqlite ? m.sqlite : m.postgres));
    if (m.version == kSampleBlocksVersion) move_sample_rows_into_blocks(db);
    db.execute("INSERT INTO schema_migrations VALUES (?1, ?2, ?3)", values(m.version, std::string(m.description), now_utc()));
    db.schema_version_is(m.version);
  }
  t.commit();
}

Person person_at(const Row& r) {
  return {r.integer(0), r.text(1),
          r.is_null(2) ? std::nullopt : std::optional<int>(static_cast<int>(r.integer(2))), r.optional_text(3), r.text(4),
          r.integer(5)};
}
constexpr const char* kPersonColumns = "SELECT id, name, birth_year, sex, created_at, clinic_id FROM people ";

User user_at(const Row& r) {
  return {r.integer(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.optional_integer(5), r.text(6), r.text(7)};
}
constexpr const char* kUserColumns = "SELECT id, clinic_id, email, name, role, person_id, password_hash, created_at FROM users ";

Session session_at(const Row& r) {
  Session s;
  s.id = r.integer(0);
  s.person_id = r.integer(1);
  s.plan_id = r.optional_integer(2);
  s.started_at = r.text(3);
  s.ended_at = r.optional_text(4);
  s.device = r.text(5);
  s.simulated = r.flag(6);
  s.outcome = r.text(7);
  s.lop_mmHg = r.optional_real(8);
  s.summary_json = r.text(9);
  return s;
}
constexpr const char* kSessionFields = "id, person_id, plan_id, started_at, ended_at, device, simulated, outcome, lop_mmHg, summary_json";
const std::string kSessionColumns = std::string("SELECT ") + kSessionFields + " FROM sessions ";

Plan plan_at(const Row& r) { return {r.integer(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.text(5)}; }
constexpr const char* kPlanFields = "id, person_id, created_at, program, phase, plan_json";
const std::string kPlanColumns = std::string("SELECT ") + kPlanFields + " FROM plans ";

Screening screening_at(const Row& r) { return {r.integer(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.text(5)}; }
constexpr const char* kScreeningFields = "id, person_id, taken_at, verdict, answers_json, result_json";

LopMeasurement lop_at(const Row& r) {
  return {r.integer(0), r.integer(1), r.optional_integer(2), r.text(3), r.text(4), r.real(5),
          r.real(6),    r.text(7),    r.optional_real(8),    r.flag(9),  r.text(10)};
}
constexpr const char* kLopFields = "id, person_id, session_id, measured_at, limb, cuff_width_cm, lop_mmHg, method, quality, simulated, posture";

PainScore pain_at(const Row& r) { return {r.text(0), static_cast<int>(r.integer(1)), r.text(2)}; }

// Several kinds of record in one query: a UNION ALL whose rows hold the kind's number, a key to
// order by within the kind, and then every kind's columns side by side, NULL but the row's own.
// PostgreSQL settles a UNION's column types branch by branch, so each NULL carries its type.
struct UnionPart {
  const char* order_key;
  const char* fields;
  const char* types;  // one letter per field: i BIGINT, r DOUBLE PRECISION, t TEXT
  const char* from;
  [[nodiscard]] int count() const { return static_cast<int>(std::string_view(types).size()); }
};

std::string union_of(std::span<const UnionPart> parts) {
  std::string sql;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    sql += (k ? " UNION ALL SELECT " : "SELECT ") + std::to_string(k) + ", " + parts[k].order_key;
    for (std::size_t j = 0; j < parts.size(); ++j) {
      if (j == k) {
        sql += std::string(", ") + parts[j].fields;
        continue;
      }
      for (const char type : std::string_view(parts[j].types))
        sql += type == 'i' ? ", CAST(NULL AS BIGINT)" : type == 'r' ? ", CAST(NULL AS DOUBLE PRECISION)" : ", CAST(NULL AS TEXT)";
    }
    sql += std::string(" FROM ") + parts[k].from;
  }
  return sql + " ORDER BY 1, 2";
}

// The athlete page's five kinds, in one query: see person_records.
enum PersonPart { kScreeningPart, kLopPart, kPlanPart, kSessionPart, kPainPart, kPersonParts };
constexpr std::array<UnionPart, kPersonParts> kPersonRecordParts{{
    {"id", kScreeningFields, "iitttt", "screenings WHERE person_id = ?1"},
    {"id", kLopFields, "iiittrrtrit", "lop_measurements WHERE person_id = ?1"},
    {"id", kPlanFields, "iitttt", "plans WHERE person_id = ?1"},
    {"id", kSessionFields, "iiitttitrt", "sessions WHERE person_id = ?1"},
    {"p.id", "p.session_id, p.exercise, p.score, p.recorded_at", "itit",
     "pain_scores p JOIN sessions s ON s.id = p.session_id WHERE s.person_id = ?1"},
}};

template <class T, class Read>
std::vector<T> all(const Rows& r, Read read) {
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i) out.push_back(read(Row(r, i)));
  return out;
}
template <class T, class Read>
std::optional<T> one(const Rows& r, Read read) {
  return r.empty() ? std::nullopt : std::optional<T>(read(Row(r, 0)));
}

std::string or_now(const std::string& t) { return t.empty() ? now_utc() : t; }

// The Store over any Database: every query, row mapper and domain rule once.
class SqlStore final : public Store {
 public:
  explicit SqlStore(std::unique_ptr<Database> db) : db_(std::move(db)), blocks_(*db_) { migrate(*db_); }

  int schema_version() override { return static_cast<int>(db_->query("SELECT max(version) FROM schema_migrations").integer(0, 0)); }

  Id add_clinic(const std::string& name) override {
    return db_->insert("INSERT INTO clinics (name, created_at) VALUES (?1, ?2)", values(name, now_utc()));
  }
  std::optional<Clinic> clinic(Id id) override {
    return one<Clinic>(db_->query("SELECT id, name, created_at FROM clinics WHERE id = ?1", values(id)),
                       [](const Row& r) { return Clinic{r.integer(0), r.text(1), r.text(2)}; });
  }
  std::int64_t clinic_count() override { return db_->query("SELECT count(*) FROM clinics").integer(0, 0); }

  Id add_user(const User& u) override {
    if (user_by_email(u.clinic_id, u.email)) throw StoreError("an account with the e-mail address '" + u.email + "' exists in this clinic");
    return db_->insert("INSERT INTO users (clinic_id, email, name, role, person_id, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                       values(u.clinic_id, normalised_email(u.email), u.name, u.role, u.person_id, u.password_hash, or_now(u.created_at)));
  }
  std::optional<User> user(Id id) override { return one<User>(db_->query(std::string(kUserColumns) + "WHERE id = ?1", values(id)), user_at); }
  std::optional<User> user_by_email(Id clinic, const std::string& email) override {
    return one<User>(db_->query(std::string(kUserColumns) + "WHERE clinic_id = ?1 AND email = ?2", values(clinic, normalised_email(email))),
                     user_at);
  }
  std::vector<User> users(Id clinic) override {
    return all<User>(db_->query(std::string(kUserColumns) + "WHERE clinic_id = ?1 ORDER BY id", values(clinic)), user_at);
  }
  void add_auth_session(const AuthSession& a) override {
    db_->execute("INSERT INTO auth_sessions VALUES (?1, ?2, ?3, ?4, ?5)",
                 values(a.token_hash, a.user_id, a.csrf_token, or_now(a.created_at), a.expires_at));
  }
  std::optional<SignedIn> signed_in(const std::string& token_hash) override {
    // The user's columns first (user_at), then the sign-in's.
    return one<SignedIn>(
        db_->query("SELECT u.id, u.clinic_id, u.email, u.name, u.role, u.person_id, u.password_hash, u.created_at, "
                   "a.token_hash, a.csrf_token, a.created_at, a.expires_at FROM auth_sessions a JOIN users u ON u.id = a.user_id "
                   "WHERE a.token_hash = ?1",
                   values(token_hash)),
        [](const Row& r) { return SignedIn{{r.text(8), r.integer(0), r.text(9), r.text(10), r.text(11)}, user_at(r)}; });
  }
  void delete_auth_session(const std::string& token_hash) override {
    db_->execute("DELETE FROM auth_sessions WHERE token_hash = ?1", values(token_hash));
  }
  void set_password_hash(Id user, const std::string& hash, const std::string& keep) override {
    Transaction t(*db_);
    db_->execute("UPDATE users SET password_hash = ?1 WHERE id = ?2", values(hash, user));
    db_->execute("DELETE FROM auth_sessions WHERE user_id = ?1 AND token_hash <> ?2", values(user, keep));
    t.commit();
  }
  std::int64_t delete_expired_sign_ins(const std::string& now_iso) override {
    return db_->execute("DELETE FROM auth_sessions WHERE expires_at < ?1", values(now_iso));
  }
  void add_audit(const AuditEntry& e) override {
    db_->execute("INSERT INTO audit_log (clinic_id, user_id, at, action, object, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                 values(e.clinic_id, e.user_id, or_now(e.at), e.action, e.object, e.detail));
  }
  std::vector<AuditEntry> audit_page(Id clinic, Id before, std::int64_t limit) override {
    auto out = all<AuditEntry>(
        db_->query("SELECT id, clinic_id, user_id, at, action, object, detail FROM audit_log WHERE clinic_id = ?1 AND id < ?2 "
                   "ORDER BY id DESC LIMIT ?3",
                   values(clinic, before, limit)),
        [](const Row& r) {
          return AuditEntry{r.integer(0), r.integer(1), r.optional_integer(2), r.text(3), r.text(4), r.text(5), r.text(6)};
        });
    std::reverse(out.begin(), out.end());  // oldest first
    return out;
  }

  Id add_person(const Person& p) override {
    if (p.name.empty()) throw StoreError("a person needs a name");
    return db_->insert("INSERT INTO people (name, birth_year, sex, created_at, clinic_id) VALUES (?1, ?2, ?3, ?4, ?5)",
                       values(p.name, p.birth_year, p.sex, or_now(p.created_at), p.clinic_id));
  }
  bool erase_person(Id id) override {
    Transaction t(*db_);
    if (db_->query("SELECT count(*) FROM people WHERE id = ?1", values(id)).integer(0, 0) == 0) return false;
    for (const auto statement : kErasePerson) db_->execute(std::string(statement), values(id));
    t.commit();
    return true;
  }
  std::optional<Person> person(Id id) override {
    return one<Person>(db_->query(std::string(kPersonColumns) + "WHERE id = ?1", values(id)), person_at);
  }
  std::vector<Person> people(std::optional<Id> clinic) override {
    return all<Person>(
        db_->query(std::string(kPersonColumns) + "WHERE CAST(?1 AS BIGINT) IS NULL OR clinic_id = CAST(?1 AS BIGINT) ORDER BY id", values(clinic)),
        person_at);
  }
  std::vector<Person> people_page(Id clinic, const std::string& name_part, const std::string& after_name, Id after_id,
                                  std::int64_t limit) override {
    return all<Person>(db_->query(std::string(kPersonColumns) + "WHERE clinic_id = ?1 AND " + std::string(db_->position_function()) +
                                      "(lower(name), lower(?2)) > 0 AND (lower(name), id) > (lower(?3), ?4) ORDER BY lower(name), id LIMIT ?5",
                                  values(clinic, name_part, after_name, after_id, limit)),
                       person_at);
  }

  Id add_screening(const Screening& s) override {
    return db_->insert("INSERT INTO screenings (person_id, taken_at, verdict, answers_json, result_json) VALUES (?1, ?2, ?3, ?4, ?5)",
                       values(s.person_id, or_now(s.taken_at), s.verdict, s.answers_json, s.result_json));
  }
  std::vector<Screening> screenings(Id person) override {
    return all<Screening>(db_->query(std::string("SELECT ") + kScreeningFields + " FROM screenings WHERE person_id = ?1 ORDER BY id", values(person)),
                          screening_at);
  }

  Id add_lop(const LopMeasurement& m) override {
    return db_->insert("INSERT INTO lop_measurements (person_id, session_id, measured_at, limb, cuff_width_cm, lop_mmHg, method, quality, "
                       "simulated, posture) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                       values(m.person_id, m.session_id, or_now(m.measured_at), m.limb, m.cuff_width_cm, m.lop_mmHg, m.method, m.quality,
                              m.simulated, m.posture));
  }
  std::vector<LopMeasurement> lop_measurements(Id person) override {
    return all<LopMeasurement>(db_->query(std::string("SELECT ") + kLopFields + " FROM lop_measurements WHERE person_id = ?1 ORDER BY id", values(person)),
                               lop_at);
  }

  Id add_plan(const Plan& p) override {
    return db_->insert("INSERT INTO plans (person_id, created_at, program, phase, plan_json) VALUES (?1, ?2, ?3, ?4, ?5)",
                       values(p.person_id, or_now(p.created_at), p.program, p.phase, p.plan_json));
  }
  std::optional<Plan> plan(Id id) override { return one<Plan>(db_->query(std::string(kPlanColumns) + "WHERE id = ?1", values(id)), plan_at); }
  std::vector<Plan> plans(Id person) override {
    return all<Plan>(db_->query(std::string(kPlanColumns) + "WHERE person_id = ?1 ORDER BY id", values(person)), plan_at);
  }

  Id begin_session(const Session& s) override {
    return db_->insert("INSERT INTO sessions (person_id, plan_id, started_at, device, simulated, outcome, lop_mmHg, summary_json) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, 'running', ?6, ?7)",
                       values(s.person_id, s.plan_id, or_now(s.started_at), s.device, s.simulated, s.lop_mmHg, s.summary_json));
  }
  void end_session_at(Id session, const std::string& outcome, const std::string& summary_json, const std::string& ended_at) override {
    db_->execute("UPDATE sessions SET ended_at = ?1, outcome = ?2, summary_json = ?3 WHERE id = ?4", values(ended_at, outcome, summary_json, session));
  }
  std::vector<Session> running_sessions() override {
    return all<Session>(db_->query(std::string(kSessionColumns) + "WHERE outcome = 'running' ORDER BY id"), session_at);
  }
  std::optional<std::pair<std::int64_t, std::int64_t>> sample_span(Id session) override {
    const auto r = db_->query("SELECT min(t_first), max(t_last) FROM sample_blocks WHERE session_id = ?1", values(session));
    if (r.empty() || r.is_null(0, 0)) return std::nullopt;
    return std::pair{r.integer(0, 0), r.integer(0, 1)};
  }
  void set_session_lop(Id session, double lop_mmHg) override {
    db_->execute("UPDATE sessions SET lop_mmHg = ?1 WHERE id = ?2", values(lop_mmHg, session));
  }
  std::optional<Session> session(Id id) override {
    return one<Session>(db_->query(std::string(kSessionColumns) + "WHERE id = ?1", values(id)), session_at);
  }
  std::vector<Session> sessions_page(std::optional<Id> person, std::optional<SessionCursor> before, std::int64_t limit) override {
    const std::optional<std::string> before_at = before ? std::optional(before->started_at) : std::nullopt;
    const Id before_id = before ? before->id : 0;
    return all<Session>(db_->query(std::string(kSessionColumns) +
                                       "WHERE (CAST(?1 AS BIGINT) IS NULL OR person_id = CAST(?1 AS BIGINT)) "
                                       "AND (CAST(?2 AS TEXT) IS NULL OR started_at < CAST(?2 AS TEXT) "
                                       "OR (started_at = CAST(?2 AS TEXT) AND id < CAST(?3 AS BIGINT))) "
                                       "ORDER BY started_at DESC, id DESC LIMIT ?4",
                                   values(person, before_at, before_id, limit)),
                        session_at);
  }

  void add_samples(Id session, std::span<const Sample> samples) override {
    if (samples.empty()) return;
    Transaction t(*db_);
    write_samples(blocks_, session, samples);
    t.commit();
  }
  std::vector<Sample> samples_after(Id session, std::int64_t after_t_ms) override { return read_samples_after(blocks_, session, after_t_ms); }
  void add_event(Id session, const SessionEvent& e) override {
    db_->execute("INSERT INTO events (session_id, t_ms, kind, code, value, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                 values(session, e.t_ms, e.kind, e.code, e.value, e.text));
  }
  std::vector<SessionEvent> events(Id session) override {
    return all<SessionEvent>(
        db_->query("SELECT t_ms, kind, code, value, text FROM events WHERE session_id = ?1 ORDER BY t_ms, id", values(session)),
        [](const Row& r) { return SessionEvent{r.integer(0), r.text(1), static_cast<int>(r.integer(2)), r.real(3), r.text(4)}; });
  }
  void add_pain(Id session, const PainScore& p) override {
    if (p.score < 0 || p.score > 10) throw StoreError("a pain score is 0 to 10, not " + std::to_string(p.score));
    db_->execute("INSERT INTO pain_scores (session_id, exercise, score, recorded_at) VALUES (?1, ?2, ?3, ?4)",
                 values(session, p.exercise, p.score, or_now(p.recorded_at)));
  }
  std::vector<PainScore> pain_scores(Id session) override {
    return all<PainScore>(db_->query("SELECT exercise, score, recorded_at FROM pain_scores WHERE session_id = ?1 ORDER BY id", values(session)),
                          pain_at);
  }
  PersonRecords person_records(Id person) override {
    static const std::string sql = union_of(kPersonRecordParts);
    const auto r = db_->query(sql, values(person));
    std::array<int, kPersonParts> first{};  // where each kind's columns begin: after the kind and the order key
    for (int k = 0, at = 2; k < kPersonParts; at += kPersonRecordParts[static_cast<std::size_t>(k)].count(), ++k) first[static_cast<std::size_t>(k)] = at;
    PersonRecords out;
    for (int i = 0; i < r.size(); ++i) {
      const auto kind = static_cast<std::size_t>(r.integer(i, 0));
      const Row row(r, i, first.at(kind));
      switch (static_cast<PersonPart>(kind)) {
        case kScreeningPart: out.screenings.push_back(screening_at(row)); break;
        case kLopPart: out.lop_measurements.push_back(lop_at(row)); break;
        case kPlanPart: out.plans.push_back(plan_at(row)); break;
        case kSessionPart: out.sessions.push_back(session_at(row)); break;
        case kPainPart: out.pain_scores[row.integer(0)].push_back(pain_at(row.from(1))); break;
        case kPersonParts: break;
      }
    }
    // Newest first, as sessions() lists them.
    std::sort(out.sessions.begin(), out.sessions.end(),
              [](const Session& a, const Session& b) { return std::tie(a.started_at, a.id) > std::tie(b.started_at, b.id); });
    return out;
  }

 private:
  std::unique_ptr<Database> db_;
  SqlBlockTable blocks_;
};

}  // namespace

std::unique_ptr<Store> open_sqlite_store(const std::string& path) { return std::make_unique<SqlStore>(sql::open_sqlite_database(path)); }
std::unique_ptr<Store> open_postgres_store(const std::string& url) { return std::make_unique<SqlStore>(sql::open_postgres_database(url)); }

}  // namespace bfr::store
