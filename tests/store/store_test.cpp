// The store on both backends, with real databases: a SQLite file, and a real PostgreSQL server
// (ctest starts one: scripts/postgres-test-server). Migrations, every record's round trip,
// batches that land whole or not at all, and clear errors.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include "store/migrations.hpp"
#include "store/pg_db.hpp"
#include "store/sample_blocks.hpp"
#include "store/store.hpp"

namespace bfr::store {
namespace {

// The file where ctest's fixture wrote the PostgreSQL server's URL (to its "postgres" database).
const char* postgres_url_file() { return std::getenv("OPENBFR_TEST_POSTGRES_URL_FILE"); }

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::isalnum(c) ? std::tolower(c) : '_'; });
    name = "openbfr_" + name.substr(0, 40) + "_" + std::to_string(::getpid());
    if (GetParam() == "sqlite") {
      dir_ = std::filesystem::temp_directory_path() / name;
      std::filesystem::remove_all(dir_);
      path_ = (dir_ / "sub" / "clinic.sqlite").string();
      url_ = "sqlite:" + path_;
      return;
    }
    const char* file = postgres_url_file();
    if (!file) GTEST_SKIP() << "no PostgreSQL test server: run through ctest, which starts one";
    std::ifstream(file) >> admin_;
    ASSERT_FALSE(admin_.empty()) << "ctest's PostgreSQL fixture wrote no URL to " << file;
    db_name_ = name;
    pg::Connection(admin_).exec("CREATE DATABASE " + db_name_);
    url_ = admin_.substr(0, admin_.rfind('/') + 1) + db_name_;
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (!db_name_.empty()) pg::Connection(admin_).exec("DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
  }

  // Runs SQL on the database directly (not through the store); returns the first value.
  std::string raw(const std::string& sql) const {
    if (GetParam() == "postgres") {
      const auto r = pg::Connection(url_).exec(sql);
      return r.rows() > 0 && !r.is_null(0, 0) ? r.text(0, 0) : "";
    }
    sqlite3* db = nullptr;
    sqlite3_open(path_.c_str(), &db);
    sqlite3_stmt* st = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  }

  // Runs statements on the database directly; fails the test with the database's message.
  void run_script(const std::string& sql) const {
    if (GetParam() == "postgres") {
      pg::Connection(url_).exec(sql);
      return;
    }
    std::filesystem::create_directories(std::filesystem::path(path_).parent_path());
    sqlite3* db = nullptr;
    sqlite3_open(path_.c_str(), &db);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message;
  }
  // A database as an older bfr left it: the migrations up to `version`.
  void older_schema(int version) const {
    run_script("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
    for (const auto& m : kMigrations) {
      if (m.version > version) break;
      run_script(std::string(GetParam() == "postgres" ? m.postgres : m.sqlite));
      run_script("INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", 'then', '2026-01-01T00:00:00.000Z')");
    }
  }

  std::filesystem::path dir_;
  std::string path_, url_, admin_, db_name_;
};

Sample sample(std::int64_t t) {
  Sample s;
  s.t_ms = t;
  s.pressure_mmHg = 150.0 + static_cast<double>(t % 7) + 0.1;
  s.setpoint_mmHg = 152.0;
  s.target_pct = 80.0;
  s.phase = 3;
  s.set = 1;
  s.rep = 4;
  s.pulse_mmHg = 1.25;
  return s;
}

// A sample as a row of schema 3's samples table, in SQL.
std::string fmt_row(int session, const Sample& s) {
  const auto number = [](double v) {
    std::ostringstream out;
    out.precision(17);
    out << v;
    return out.str();
  };
  return "(" + std::to_string(session) + ", " + std::to_string(s.t_ms) + ", " + number(s.pressure_mmHg) + ", " +
         (s.setpoint_mmHg ? number(*s.setpoint_mmHg) : "NULL") + ", " + number(s.target_pct) + ", " + std::to_string(s.phase) + ", " +
         std::to_string(s.set) + ", " + std::to_string(s.rep) + ", " + number(s.pulse_mmHg) + ", " + (s.off_target ? "1" : "0") + ", " +
         std::to_string(s.fault) + ")";
}

TEST_P(StoreTest, ANewDatabaseGetsEveryMigrationOnce) {
  auto store = open_store(url_);
  EXPECT_EQ(store->schema_version(), kSchemaVersion);
  EXPECT_EQ(raw("SELECT count(*) FROM schema_migrations"), std::to_string(kMigrations.size()));
  store.reset();
  open_store(url_);  // opening again applies nothing twice
  EXPECT_EQ(raw("SELECT count(*) FROM schema_migrations"), std::to_string(kMigrations.size()));
}

TEST_P(StoreTest, EveryRecordComesBackAsStored) {
  Id person = 0, session = 0;
  {
    auto store = open_store(url_);
    person = store->add_person({0, "Ada Runner", 1990, "female", ""});
    store->add_screening({0, person, "", "suitable", R"({"a":1})", R"({"verdict":"suitable"})"});
    const auto plan = store->add_plan({0, person, "", "tibial_bone_stress_injury", "1", R"({"exercises":[]})"});
    Session s;
    s.person_id = person;
    s.plan_id = plan;
    s.device = "virtual cuff";
    s.simulated = true;
    session = store->begin_session(s);
    store->add_lop({0, person, session, "", "thigh", 11.5, 187.5, "device", 0.9, true, "seated"});
    store->set_session_lop(session, 187.5);
    const std::vector<Sample> batch = {sample(10), sample(20), sample(30)};
    store->add_samples(session, batch);
    store->add_event(session, {20, "phase_changed", 3, 0, "holding"});
    store->add_pain(session, {"leg_press", 2, ""});
    store->end_session(session, "completed", R"({"sets":4})");
  }
  auto store = open_store(url_);  // reopened: nothing lived only in memory
  const auto people = store->people();
  ASSERT_EQ(people.size(), 1U);
  EXPECT_EQ(people[0].name, "Ada Runner");
  EXPECT_EQ(people[0].birth_year, 1990);
  EXPECT_EQ(people[0].sex, "female");
  EXPECT_EQ(store->screenings(person).at(0).verdict, "suitable");
  EXPECT_EQ(store->plans(person).at(0).program, "tibial_bone_stress_injury");
  const auto lop = store->lop_measurements(person).at(0);
  EXPECT_DOUBLE_EQ(lop.lop_mmHg, 187.5);
  EXPECT_EQ(lop.session_id, session);
  EXPECT_DOUBLE_EQ(lop.quality.value(), 0.9);
  EXPECT_TRUE(lop.simulated);
  EXPECT_EQ(lop.posture, "seated");
  const auto s = store->session(session).value();
  EXPECT_EQ(s.outcome, "completed");
  EXPECT_TRUE(s.ended_at.has_value());
  EXPECT_EQ(s.lop_mmHg, 187.5);
  EXPECT_EQ(s.summary_json, R"({"sets":4})");
  const auto samples = store->samples(session);
  ASSERT_EQ(samples.size(), 3U);
  EXPECT_DOUBLE_EQ(samples[1].pressure_mmHg, sample(20).pressure_mmHg);  // exact, through text and back
  EXPECT_EQ(samples[1].setpoint_mmHg, 152.0);
  EXPECT_EQ(samples[1].rep, 4);
  EXPECT_EQ(store->events(session).at(0).text, "holding");
  EXPECT_EQ(store->pain_scores(session).at(0).score, 2);
  const auto records = store->person_records(person);  // the athlete page's one query
  ASSERT_EQ(records.pain_scores.size(), 1U);
  EXPECT_EQ(records.pain_scores.at(session).at(0).exercise, "leg_press");
  EXPECT_EQ(records.pain_scores.at(session).at(0).score, 2);
  ASSERT_EQ(records.screenings.size(), 1U);
  EXPECT_EQ(records.screenings[0].verdict, "suitable");
  ASSERT_EQ(records.plans.size(), 1U);
  EXPECT_EQ(records.plans[0].program, "tibial_bone_stress_injury");
  ASSERT_EQ(records.lop_measurements.size(), 1U);
  EXPECT_DOUBLE_EQ(records.lop_measurements[0].lop_mmHg, 187.5);
  EXPECT_EQ(records.lop_measurements[0].session_id, session);
  EXPECT_DOUBLE_EQ(records.lop_measurements[0].quality.value(), 0.9);
  EXPECT_TRUE(records.lop_measurements[0].simulated);
  EXPECT_EQ(records.lop_measurements[0].posture, "seated");
  ASSERT_EQ(records.sessions.size(), 1U);
  EXPECT_EQ(records.sessions[0].summary_json, R"({"sets":4})");
  EXPECT_EQ(records.sessions[0].lop_mmHg, 187.5);
  const auto nobody = store->person_records(person + 1);
  EXPECT_TRUE(nobody.pain_scores.empty() && nobody.sessions.empty() && nobody.plans.empty() && nobody.screenings.empty() &&
              nobody.lop_measurements.empty());
  EXPECT_EQ(store->sessions(person).size(), 1U);
  EXPECT_EQ(store->sessions(std::nullopt).size(), 1U);
  EXPECT_TRUE(store->sessions(person + 1).empty());
  EXPECT_FALSE(store->person(person + 1).has_value());
}

// The athlete page reads a person's records of five kinds in one query: each kind comes back
// whole, in its own order, and nobody else's rows come with it.
TEST_P(StoreTest, APersonsRecordsComeTogetherAndOnlyTheirs) {
  auto store = open_store(url_);
  const auto ada = store->add_person({0, "Ada", std::nullopt, std::nullopt, ""});
  const auto bo = store->add_person({0, "Bo", std::nullopt, std::nullopt, ""});
  const auto session_of = [&](Id person, const std::string& started_at, std::optional<Id> plan) {
    Session s;
    s.person_id = person;
    s.plan_id = plan;
    s.device = "virtual cuff";
    s.started_at = started_at;
    return store->begin_session(s);
  };
  const auto plan1 = store->add_plan({0, ada, "", "acl_reconstruction", "1", "{}"});
  const auto plan2 = store->add_plan({0, ada, "", "acl_reconstruction", "2", "{}"});
  store->add_plan({0, bo, "", "achilles_tendinopathy", "1", "{}"});
  const auto first = session_of(ada, "2026-11-02T09:00:00.000Z", plan1);
  const auto second = session_of(ada, "2026-11-04T09:00:00.000Z", plan2);
  const auto theirs = session_of(bo, "2026-11-03T09:00:00.000Z", std::nullopt);
  store->add_pain(first, {"leg_press", 1, ""});
  store->add_pain(second, {"leg_press", 3, ""});
  store->add_pain(second, {"calf_raise", 0, ""});
  store->add_pain(theirs, {"calf_raise", 9, ""});
  store->add_lop({0, ada, first, "", "thigh", 11.5, 180, "device", std::nullopt, true, "seated"});
  store->add_lop({0, ada, second, "", "thigh", 11.5, 176, "device", 0.8, true, "supine"});
  store->add_lop({0, bo, theirs, "", "arm", 5, 140, "estimate", std::nullopt, false, "seated"});
  store->add_screening({0, bo, "", "not_suitable", "{}", "{}"});

  const auto r = store->person_records(ada);
  ASSERT_EQ(r.sessions.size(), 2U);
  EXPECT_EQ(r.sessions[0].id, second) << "newest first, as sessions() lists them";
  EXPECT_EQ(r.sessions[1].id, first);
  EXPECT_EQ(r.sessions[1].plan_id, plan1);
  ASSERT_EQ(r.plans.size(), 2U);
  EXPECT_EQ(r.plans[0].phase, "1");
  EXPECT_EQ(r.plans[1].phase, "2");
  ASSERT_EQ(r.pain_scores.size(), 2U);
  ASSERT_EQ(r.pain_scores.at(second).size(), 2U);
  EXPECT_EQ(r.pain_scores.at(second)[0].score, 3) << "in the order recorded";
  EXPECT_EQ(r.pain_scores.at(second)[1].exercise, "calf_raise");
  EXPECT_EQ(r.pain_scores.at(first).at(0).score, 1);
  ASSERT_EQ(r.lop_measurements.size(), 2U);
  EXPECT_FALSE(r.lop_measurements[0].quality.has_value());
  EXPECT_EQ(r.lop_measurements[1].posture, "supine");
  EXPECT_TRUE(r.screenings.empty());
  const auto b = store->person_records(bo);
  EXPECT_EQ(b.sessions.size(), 1U);
  EXPECT_EQ(b.plans.size(), 1U);
  EXPECT_EQ(b.screenings.size(), 1U);
  EXPECT_EQ(b.pain_scores.at(theirs).at(0).score, 9);
  EXPECT_FALSE(b.lop_measurements.at(0).simulated);
}

// Sessions come a page at a time, newest first, for one person or everyone; two that started in
// the same millisecond are both listed, each once.
TEST_P(StoreTest, SessionsComeAPageAtATimeNewestFirst) {
  auto store = open_store(url_);
  const auto ada = store->add_person({0, "Ada", std::nullopt, std::nullopt, ""});
  const auto bo = store->add_person({0, "Bo", std::nullopt, std::nullopt, ""});
  const auto begin = [&](Id person, const std::string& at) {
    Session s;
    s.person_id = person;
    s.device = "virtual cuff";
    s.started_at = at;
    return store->begin_session(s);
  };
  const auto a1 = begin(ada, "2026-11-01T09:00:00.000Z");
  const auto b1 = begin(bo, "2026-11-02T09:00:00.000Z");
  const auto a2 = begin(ada, "2026-11-03T09:00:00.000Z");
  const auto a3 = begin(ada, "2026-11-03T09:00:00.000Z");  // the same moment
  const auto a4 = begin(ada, "2026-11-05T09:00:00.000Z");
  const auto ids = [](const std::vector<Session>& v) {
    std::vector<Id> out;
    for (const auto& s : v) out.push_back(s.id);
    return out;
  };
  std::vector<Id> seen;
  std::optional<SessionCursor> before;
  for (int page = 0; page < 10; ++page) {
    const auto p = store->sessions_page(ada, before, 2);
    if (p.empty()) break;
    EXPECT_LE(p.size(), 2U);
    for (const auto id : ids(p)) seen.push_back(id);
    before = SessionCursor{p.back().started_at, p.back().id};
  }
  EXPECT_EQ(seen, (std::vector<Id>{a4, a3, a2, a1}));
  EXPECT_EQ(ids(store->sessions(ada)), seen) << "the whole list is the pages end to end";
  EXPECT_EQ(ids(store->sessions_page(std::nullopt, SessionCursor{"2026-11-03T09:00:00.000Z", a2}, 10)), (std::vector<Id>{b1, a1}));
  EXPECT_EQ(ids(store->sessions_page(bo, std::nullopt, 10)), (std::vector<Id>{b1}));
}

TEST_P(StoreTest, ABatchOfSamplesLandsWholeOrNotAtAll) {
  auto store = open_store(url_);
  const auto person = store->add_person({0, "B", std::nullopt, std::nullopt, ""});
  Session s;
  s.person_id = person;
  s.device = "virtual cuff";
  const auto session = store->begin_session(s);
  const std::vector<Sample> batch = {sample(1), sample(2)};
  EXPECT_THROW(store->add_samples(session + 99, batch), StoreError);  // no such session
  EXPECT_TRUE(store->samples(session + 99).empty());
  store->add_samples(session, batch);
  store->add_samples(session, batch);  // a repeat is ignored, not doubled
  EXPECT_EQ(store->samples(session).size(), 2U);
  std::vector<Sample> big;
  for (int i = 0; i < 1234; ++i) big.push_back(sample(1000 + i));  // more than one statement's worth
  store->add_samples(session, big);
  EXPECT_EQ(store->samples(session).size(), 1236U);
  // A reader that keeps up asks only for what came after its last sample.
  const auto later = store->samples_after(session, 2000);
  ASSERT_EQ(later.size(), 233U);  // 2001 ... 2233
  EXPECT_EQ(later.front().t_ms, 2001);
  EXPECT_EQ(later.back().t_ms, 2233);
  EXPECT_TRUE(store->samples_after(session, 2233).empty());
  // Every column comes back as written, at the device's resolution (deci-mmHg here).
  Sample odd = sample(5000);
  odd.setpoint_mmHg = std::nullopt;
  odd.pressure_mmHg = 123.456789;
  odd.off_target = true;
  odd.fault = 7;
  store->add_samples(session, std::vector<Sample>{odd});
  const auto back = store->samples_after(session, 4999).at(0);
  EXPECT_EQ(back.setpoint_mmHg, std::nullopt);
  EXPECT_DOUBLE_EQ(back.pressure_mmHg, 123.5);
  EXPECT_TRUE(back.off_target);
  EXPECT_EQ(back.fault, 7);
  EXPECT_EQ(back.phase, odd.phase);
  EXPECT_DOUBLE_EQ(back.pulse_mmHg, odd.pulse_mmHg);
}

// Samples live in blocks of kBlockSamples: half-second batches fill the last block, and samples
// that arrive late or twice join the block that covers their time.
TEST_P(StoreTest, BatchesFillBlocksAndLateSamplesJoinTheBlockOfTheirTime) {
  auto store = open_store(url_);
  const auto person = store->add_person({0, "K", std::nullopt, std::nullopt, ""});
  Session s;
  s.person_id = person;
  const auto session = store->begin_session(s);
  std::vector<Sample> all;
  for (int i = 0; i < 1200; ++i)
    if (i % 100 != 37) all.push_back(sample(i * 10));  // every 100th sample is held back
  for (std::size_t i = 0; i < all.size(); i += 50)
    store->add_samples(session, std::span(all).subspan(i, std::min<std::size_t>(50, all.size() - i)));
  EXPECT_EQ(raw("SELECT count(*) FROM sample_blocks"), std::to_string((all.size() + kBlockSamples - 1) / kBlockSamples));
  EXPECT_EQ(raw("SELECT max(n) FROM sample_blocks"), std::to_string(kBlockSamples));
  std::vector<Sample> late;
  for (int i = 37; i < 1200; i += 100) late.push_back(sample(i * 10));
  late.push_back(sample(-10));  // before the first block
  late.push_back(sample(20));   // already there: the stored one stays
  late.back().rep = 99;
  store->add_samples(session, late);
  const auto back = store->samples(session);
  ASSERT_EQ(back.size(), 1201U);
  for (std::size_t i = 0; i < back.size(); ++i) ASSERT_EQ(back[i].t_ms, static_cast<std::int64_t>(i) * 10 - 10);
  EXPECT_EQ(back[3].rep, sample(20).rep);
  EXPECT_EQ(raw("SELECT count(*) FROM sample_blocks"), std::to_string((all.size() + kBlockSamples - 1) / kBlockSamples));
  const auto span = store->sample_span(session);
  ASSERT_TRUE(span);
  EXPECT_EQ(span->first, -10);
  EXPECT_EQ(span->second, 11990);
  EXPECT_EQ(store->samples_after(session, 5005).front().t_ms, 5010);
}

// Samples that all arrive late (newest first) still end in blocks of a bounded length.
TEST_P(StoreTest, SamplesArrivingNewestFirstStillMakeBoundedBlocks) {
  auto store = open_store(url_);
  Session s;
  s.person_id = store->add_person({0, "L", std::nullopt, std::nullopt, ""});
  const auto session = store->begin_session(s);
  const int n = static_cast<int>(3 * kBlockSamples);
  for (int i = n - 1; i >= 0; i -= 10) {
    std::vector<Sample> batch;
    for (int k = i; k > i - 10; --k) batch.push_back(sample(k));
    store->add_samples(session, batch);
  }
  const auto back = store->samples(session);
  ASSERT_EQ(back.size(), static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) ASSERT_EQ(back[static_cast<std::size_t>(i)].t_ms, i);
  EXPECT_LE(std::stoul(raw("SELECT max(n) FROM sample_blocks")), 2 * kBlockSamples);
}

// Sample blocks come back from PostgreSQL in binary (pg_db.hpp): integers of every width and
// sign, and bytes of every value, read as the text results read them.
TEST_P(StoreTest, BinaryResultsReadAsTextResultsDo) {
  if (GetParam() != "postgres") GTEST_SKIP() << "PostgreSQL's result formats";
  pg::Connection db(url_);
  const std::string sql = "SELECT $1::smallint, $2::integer, $3::bigint, $4::bigint, decode($5, 'hex')";
  const std::vector<pg::Param> params = {pg::param(-5), pg::param(-70000), pg::param(std::int64_t{-5'000'000'000}),
                                         pg::param(std::numeric_limits<std::int64_t>::max()), pg::param(std::string("00ff7f805c0a"))};
  const auto text = db.exec(sql, params);
  const auto binary = db.exec(sql, params, pg::Format::binary);
  for (int col = 0; col < 4; ++col) EXPECT_EQ(binary.integer(0, col), text.integer(0, col)) << "column " << col;
  EXPECT_EQ(binary.integer(0, 2), -5'000'000'000);
  EXPECT_EQ(binary.bytes(0, 4), (std::vector<std::uint8_t>{0x00, 0xff, 0x7f, 0x80, 0x5c, 0x0a}));
  EXPECT_EQ(binary.bytes(0, 4), text.bytes(0, 4));
}

// Schema 3 kept a row per sample; opening such a database moves them into blocks, and every
// sample reads back as it was.
TEST_P(StoreTest, AnOlderDatabasesSampleRowsMoveIntoBlocks) {
  const bool pg = GetParam() == "postgres";
  older_schema(kSampleBlocksVersion - 1);
  run_script("INSERT INTO people (name, created_at) VALUES ('Old', '2026-01-01T00:00:00.000Z')");
  run_script("INSERT INTO sessions (person_id, started_at, device, simulated, outcome, summary_json) VALUES "
         "(1, '2026-01-01T00:00:00.000Z', 'virtual cuff', 1, 'completed', '{}'), (1, '2026-01-02T00:00:00.000Z', 'virtual cuff', 1, 'completed', '{}')");
  std::vector<Sample> rows;
  std::string values;
  for (int i = 0; i < 1234; ++i) {
    auto x = sample(i * 10);
    if (i % 9 == 0) x.setpoint_mmHg = std::nullopt;
    x.fault = i == 1000 ? 4 : 0;
    rows.push_back(x);
    values += (i ? "," : "") + fmt_row(1, x);
  }
  run_script("INSERT INTO samples VALUES " + values + ", " + fmt_row(2, sample(0)));
  auto store = open_store(url_);
  EXPECT_EQ(store->schema_version(), kSchemaVersion);
  const auto back = store->samples(1);
  ASSERT_EQ(back.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(back[i].t_ms, rows[i].t_ms);
    EXPECT_DOUBLE_EQ(back[i].pressure_mmHg, rows[i].pressure_mmHg);
    EXPECT_EQ(back[i].setpoint_mmHg, rows[i].setpoint_mmHg);
    EXPECT_EQ(back[i].fault, rows[i].fault);
  }
  EXPECT_EQ(store->samples(2).size(), 1U);
  EXPECT_EQ(raw("SELECT count(*) FROM sample_blocks"), "4");  // 500 + 500 + 234, and session 2's one
  EXPECT_EQ(raw(pg ? "SELECT count(*) FROM information_schema.tables WHERE table_name = 'samples'"
                   : "SELECT count(*) FROM sqlite_master WHERE name = 'samples'"),
            "0");
}

// Erasure (GDPR): everything about one person goes, nobody else's data is touched, and the audit
// log keeps its rows without the details that could name them.
TEST_P(StoreTest, ErasingAPersonRemovesEverythingAboutThemAndNothingElse) {
  auto store = open_store(url_);
  const auto record = [&](const std::string& name) {
    const auto person = store->add_person({0, name, 1990, "female", ""});
    store->add_screening({0, person, "", "suitable", "{}", "{}"});
    const auto plan = store->add_plan({0, person, "", "tibial_bone_stress_injury", "1", "{}"});
    Session s;
    s.person_id = person;
    s.plan_id = plan;
    const auto session = store->begin_session(s);
    store->add_lop({0, person, session, "", "thigh", 11.5, 180.0, "device", 0.9, true, "seated"});
    store->add_samples(session, std::vector<Sample>{sample(10), sample(20)});
    store->add_event(session, {10, "phase_changed", 3, 0, ""});
    store->add_pain(session, {"leg_press", 2, ""});
    store->end_session(session, "completed", "{}");
    const auto user = store->add_user({0, kLocalClinic, name + "@example.org", name, "athlete", person, "hash", ""});
    store->add_auth_session({"token-" + name, user, "csrf", now_utc(), "2999-01-01T00:00:00.000Z"});
    store->add_audit({0, kLocalClinic, user, "", "user.login", "user/" + std::to_string(user), "192.0.2.7"});
    store->add_audit({0, kLocalClinic, std::nullopt, "", "athlete.add", "person/" + std::to_string(person), name});
    return std::pair{person, session};
  };
  const auto [ada, ada_session] = record("Ada");
  const auto [bea, bea_session] = record("Bea");
  EXPECT_TRUE(store->erase_person(ada));
  EXPECT_FALSE(store->person(ada));
  EXPECT_FALSE(store->session(ada_session));
  EXPECT_TRUE(store->samples(ada_session).empty());
  EXPECT_TRUE(store->events(ada_session).empty());
  EXPECT_TRUE(store->pain_scores(ada_session).empty());
  EXPECT_TRUE(store->lop_measurements(ada).empty());
  EXPECT_TRUE(store->plans(ada).empty());
  EXPECT_TRUE(store->screenings(ada).empty());
  EXPECT_FALSE(store->user_by_email(kLocalClinic, "Ada@example.org"));
  EXPECT_FALSE(store->signed_in("token-Ada"));
  for (const auto& table : {"sample_blocks", "events", "pain_scores", "lop_measurements", "sessions", "plans", "screenings", "users", "people"})
    EXPECT_EQ(raw(std::string("SELECT count(*) FROM ") + table), "1") << table << ": only Bea's row is left";
  // The audit log still says what happened, but not to whom.
  const auto audit = store->audit(kLocalClinic);
  ASSERT_EQ(audit.size(), 4U);
  for (const auto& e : audit) {
    EXPECT_EQ(e.detail.find("Ada"), std::string::npos) << e.action;
    EXPECT_EQ(e.detail.find("192.0.2.7") != std::string::npos, e.user_id.has_value()) << "only Bea's login keeps its address";
  }
  EXPECT_EQ(store->samples(bea_session).size(), 2U);
  EXPECT_TRUE(store->signed_in("token-Bea"));
  EXPECT_FALSE(store->erase_person(ada)) << "no such person any more";
  EXPECT_TRUE(store->erase_person(bea));
  EXPECT_EQ(raw("SELECT count(*) FROM sample_blocks"), "0");
}

// What crash recovery reads and writes (server/session_recovery.hpp), the same on both backends.
TEST_P(StoreTest, RunningSessionsTheirSampleSpanAndAnEndAtAGivenTime) {
  auto store = open_store(url_);
  const auto person = store->add_person({0, "R", std::nullopt, std::nullopt, ""});
  Session s;
  s.person_id = person;
  const auto open = store->begin_session(s);
  const auto done = store->begin_session(s);
  store->end_session(done, "completed", "{}");
  EXPECT_FALSE(store->sample_span(open)) << "no samples, no span";
  store->add_samples(open, std::vector<Sample>{sample(5), sample(9), sample(7)});
  const auto span = store->sample_span(open);
  ASSERT_TRUE(span);
  EXPECT_EQ(span->first, sample(5).t_ms);
  EXPECT_EQ(span->second, sample(9).t_ms);
  const auto running = store->running_sessions();
  ASSERT_EQ(running.size(), 1U);
  EXPECT_EQ(running.front().id, open);
  store->end_session_at(open, "interrupted", "{}", "2026-01-02T03:04:05.678Z");
  EXPECT_EQ(store->session(open)->ended_at.value_or(""), "2026-01-02T03:04:05.678Z");
  EXPECT_TRUE(store->running_sessions().empty());
}

TEST_P(StoreTest, BadValuesAreRefusedWithAClearMessage) {
  auto store = open_store(url_);
  EXPECT_THROW(store->add_person({0, "", std::nullopt, std::nullopt, ""}), StoreError);
  try {
    store->add_person({0, "C", std::nullopt, "robot", ""});
    FAIL();
  } catch (const StoreError& e) {
    std::string what = e.what();
    std::transform(what.begin(), what.end(), what.begin(), [](unsigned char c) { return std::tolower(c); });
    EXPECT_NE(what.find("check constraint"), std::string::npos) << e.what();
  }
  EXPECT_THROW(store->add_pain(1, {"leg_press", 11, ""}), StoreError);
  EXPECT_EQ(store->people().size(), 0U);
}

// Migration 3 (issue 13): an LOP stored before postures were recorded keeps its value and has no
// posture, so no plan or session takes it for any posture's LOP; a posture outside the four is refused.
TEST_P(StoreTest, AnLopFromBeforePosturesWereRecordedHasNone) {
  older_schema(2);
  run_script("INSERT INTO people (name, created_at) VALUES ('Ada Runner', '2026-01-01T00:00:00.000Z')");
  run_script("INSERT INTO lop_measurements (person_id, measured_at, limb, cuff_width_cm, lop_mmHg, method, simulated) "
      "VALUES (1, '2026-01-02T03:04:05Z', 'thigh', 11.5, 201.5, 'device', 1)");
  auto store = open_store(url_);
  EXPECT_EQ(store->schema_version(), kSchemaVersion);
  const auto old = store->lop_measurements(1).at(0);
  EXPECT_DOUBLE_EQ(old.lop_mmHg, 201.5);
  EXPECT_EQ(old.posture, "");
  EXPECT_THROW(store->add_lop({0, 1, std::nullopt, "", "thigh", 11.5, 190.0, "device", 0.9, true, "lying"}), StoreError);
  EXPECT_EQ(store->lop_measurements(1).size(), 1U);
}

// Migration 6 (issue 17): accounts, their sign-ins and audit lines come through the change from
// one address per server to one per clinic; the address may then be taken again in another clinic.
TEST_P(StoreTest, AccountsKeepTheirSignInsWhenAddressesBecomeUniquePerClinic) {
  older_schema(5);
  run_script("INSERT INTO clinics (name, created_at) VALUES ('Riverside Physio', '2026-01-01T00:00:00.000Z')");
  run_script("INSERT INTO users (clinic_id, email, name, role, password_hash, created_at) VALUES "
             "(1, 'lee@example.org', 'Lee', 'admin', 'hash-1', '2026-01-01T00:00:00.000Z'), "
             "(2, 'kim@example.org', 'Kim', 'clinician', 'hash-2', '2026-01-01T00:00:00.000Z')");
  run_script("INSERT INTO auth_sessions VALUES ('token-kim', 2, 'csrf', '2026-01-01T00:00:00.000Z', '2099-01-01T00:00:00.000Z')");
  run_script("INSERT INTO audit_log (clinic_id, user_id, at, action, object, detail) VALUES (2, 2, '2026-01-01T00:00:00.000Z', 'user.login', 'user/2', '')");
  auto store = open_store(url_);
  EXPECT_EQ(store->schema_version(), kSchemaVersion);
  EXPECT_EQ(store->signed_in("token-kim").value().user.email, "kim@example.org");
  EXPECT_EQ(store->user_by_email(1, "lee@example.org")->password_hash, "hash-1");
  EXPECT_EQ(store->audit(2).at(0).user_id, 2);
  User lee_there{0, 2, "lee@example.org", "Lee at Riverside", "clinician", std::nullopt, "hash-3", ""};
  const auto id = store->add_user(lee_there);
  EXPECT_GT(id, 2) << "new accounts take ids after the old ones";
  EXPECT_THROW(store->add_user(lee_there), StoreError);
  EXPECT_THROW(store->add_auth_session({"orphan", 99, "csrf", "", "2099-01-01T00:00:00.000Z"}), StoreError)
      << "the foreign keys still hold";
}

TEST_P(StoreTest, ADatabaseFromANewerBfrIsRefusedNotDamaged) {
  open_store(url_);
  raw("INSERT INTO schema_migrations VALUES (999, 'future', 'x')");
  try {
    open_store(url_);
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("newer than this bfr"), std::string::npos) << e.what();
  }
  EXPECT_EQ(raw("SELECT count(*) FROM schema_migrations"), std::to_string(kMigrations.size() + 1));
}

// Issue 18: the athletes list a page at a time, in name order whatever the case, found by part of
// a name; names that tie are ordered by id, so no one is skipped or shown twice across pages.
TEST_P(StoreTest, PeopleComeAPageAtATimeInNameOrderAndAreFoundByPartOfAName) {
  auto store = open_store(url_);
  const auto other = store->add_clinic("Riverside Physio");
  std::map<std::string, std::vector<Id>> ids;
  for (const auto* name : {"bea Stone", "Ada Runner", "Cai Rivers", "ada runner", "Dee Lane", "Ana Runner"})
    ids[name].push_back(store->add_person({0, name, std::nullopt, std::nullopt, ""}));
  Person theirs;
  theirs.name = "Ada Elsewhere";
  theirs.clinic_id = other;
  store->add_person(theirs);

  std::vector<std::string> order;
  std::string after_name;
  Id after_id = 0;
  for (int pages = 0; pages < 10; ++pages) {
    const auto page = store->people_page(kLocalClinic, "", after_name, after_id, 4);
    EXPECT_LE(page.size(), 4U);
    for (const auto& p : page) order.push_back(p.name);
    if (page.size() < 4) break;
    after_name = page.back().name;
    after_id = page.back().id;
  }
  EXPECT_EQ(order, (std::vector<std::string>{"Ada Runner", "ada runner", "Ana Runner", "bea Stone", "Cai Rivers", "Dee Lane"}))
      << "case-blind name order, ties by id, another clinic's never";
  const auto runners = store->people_page(kLocalClinic, "RUNNER", "", 0, 10);
  ASSERT_EQ(runners.size(), 3U);
  EXPECT_EQ(runners[0].id, ids["Ada Runner"][0]);
  EXPECT_EQ(store->people_page(kLocalClinic, "riv", "", 0, 10).at(0).name, "Cai Rivers");
  EXPECT_TRUE(store->people_page(kLocalClinic, "%", "", 0, 10).empty()) << "a name part is text, not a pattern";
  EXPECT_EQ(store->people_page(other, "", "", 0, 10).size(), 1U);
}

TEST_P(StoreTest, ClinicsAccountsSignInsAndTheAuditLog) {
  auto store = open_store(url_);
  EXPECT_EQ(store->clinic(kLocalClinic).value().name, "This machine");
  const auto other = store->add_clinic("Riverside Physio");
  EXPECT_GT(other, kLocalClinic);
  const auto mine = store->add_person({0, "Ada", std::nullopt, std::nullopt, ""});
  Person theirs;
  theirs.name = "Bo";
  theirs.clinic_id = other;
  const auto bo = store->add_person(theirs);
  EXPECT_EQ(store->people(kLocalClinic).size(), 1U);
  EXPECT_EQ(store->people(other).at(0).id, bo);
  EXPECT_EQ(store->people().size(), 2U);
  EXPECT_EQ(store->person(mine)->clinic_id, kLocalClinic);

  User u;
  u.clinic_id = other;
  u.email = "  Kim@Riverside.example ";
  u.name = "Kim";
  u.role = "clinician";
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  const auto kim = store->add_user(u);
  const auto found = store->user_by_email(other, "kim@riverside.EXAMPLE");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, kim);
  EXPECT_EQ(found->email, "kim@riverside.example");
  EXPECT_EQ(found->password_hash, u.password_hash);
  EXPECT_FALSE(store->user_by_email(kLocalClinic, "kim@riverside.example")) << "found only in the clinic that has it";
  EXPECT_THROW(store->add_user(u), StoreError) << "one account per address in a clinic";
  EXPECT_EQ(store->clinic_count(), 2);

  // The same address in another clinic is another account (migration 6): no clinic learns
  // another's addresses from a refusal.
  User kim_here = u;
  kim_here.clinic_id = kLocalClinic;
  kim_here.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$b3RoZXI";
  const auto kim_local = store->add_user(kim_here);
  EXPECT_NE(kim_local, kim);
  EXPECT_EQ(store->user_by_email(kLocalClinic, "KIM@riverside.example")->password_hash, kim_here.password_hash);
  EXPECT_EQ(store->user_by_email(other, "kim@riverside.example")->id, kim);
  User athlete = u;
  athlete.email = "bo@example.org";
  athlete.role = "athlete";
  athlete.person_id = bo;
  store->add_user(athlete);
  EXPECT_EQ(store->users(other).size(), 2U);
  EXPECT_EQ(store->users(kLocalClinic).size(), 1U) << "Kim's account here only";
  athlete.email = "x@example.org";
  athlete.role = "superuser";
  EXPECT_THROW(store->add_user(athlete), StoreError);

  store->add_auth_session({"hash-of-token", kim, "csrf", "", "2099-01-01T00:00:00.000Z"});
  const auto who = store->signed_in("hash-of-token").value();
  EXPECT_EQ(who.session.user_id, kim);
  EXPECT_EQ(who.session.csrf_token, "csrf");
  EXPECT_EQ(who.session.expires_at, "2099-01-01T00:00:00.000Z");
  EXPECT_EQ(who.user.id, kim);
  EXPECT_EQ(who.user.clinic_id, other);
  EXPECT_EQ(who.user.email, store->user(kim).value().email);
  EXPECT_FALSE(store->signed_in("another-hash").has_value());
  store->delete_auth_session("hash-of-token");
  EXPECT_FALSE(store->signed_in("hash-of-token").has_value());
  store->add_auth_session({"expired", kim, "csrf", "", "2026-01-01T00:00:00.000Z"});
  store->add_auth_session({"current", kim, "csrf", "", "2026-06-01T00:00:00.000Z"});
  EXPECT_EQ(store->delete_expired_sign_ins("2026-03-01T00:00:00.000Z"), 1);
  EXPECT_FALSE(store->signed_in("expired").has_value());
  EXPECT_TRUE(store->signed_in("current").has_value());

  store->add_audit({0, other, kim, "", "person.add", "person/2", "Bo"});
  store->add_audit({0, other, std::nullopt, "", "user.login_failed", "user/kim@riverside.example", ""});
  const auto log = store->audit(other);
  ASSERT_EQ(log.size(), 2U);
  EXPECT_EQ(log[0].action, "person.add");
  EXPECT_EQ(log[0].user_id, kim);
  EXPECT_FALSE(log[1].user_id.has_value());
  EXPECT_TRUE(store->audit(kLocalClinic).empty());

  // Pages: the newest first, each oldest first within.
  for (int i = 0; i < 5; ++i) store->add_audit({0, other, kim, "", "page.entry", std::to_string(i), ""});
  const auto all = store->audit(other);
  ASSERT_EQ(all.size(), 7U);
  const auto newest = store->audit_page(other, std::numeric_limits<Id>::max(), 3);
  ASSERT_EQ(newest.size(), 3U);
  EXPECT_EQ(newest.front().id, all[4].id);
  EXPECT_EQ(newest.back().id, all[6].id);
  const auto older = store->audit_page(other, newest.front().id, 3);
  ASSERT_EQ(older.size(), 3U);
  EXPECT_EQ(older.back().id, all[3].id);
  EXPECT_EQ(store->audit_page(other, all[0].id, 3).size(), 0U);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

TEST(SqliteStore, UsesWalAndRecordsTheVersionInTheFile) {
  const auto path = std::filesystem::temp_directory_path() / ("openbfr-wal-" + std::to_string(::getpid()) + ".sqlite");
  open_store(path.string());
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
  sqlite3_finalize(st);
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), kSchemaVersion);
  sqlite3_finalize(st);
  sqlite3_close(db);
  for (const auto* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}

TEST(OpenStore, UnknownUrlsAndUnreachableServersAreClearErrors) {
  EXPECT_THROW(open_store("mysql://nowhere/db"), StoreError);
  try {
    open_store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot connect to the PostgreSQL database"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace bfr::store
