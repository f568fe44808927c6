// The SQLite store on real database files: migrations, every record's round trip, batches that
// land whole or not at all, and clear errors.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "store/migrations.hpp"
#include "store/store.hpp"

namespace bfr::store {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("openbfr-store-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    path_ = (dir_ / "sub" / "clinic.sqlite").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string scalar(const std::string& sql) const {
    sqlite3* db = nullptr;
    sqlite3_open(path_.c_str(), &db);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  }

  std::filesystem::path dir_;
  std::string path_;
};

Sample sample(std::int64_t t) {
  Sample s;
  s.t_ms = t;
  s.pressure_mmHg = 150.0 + static_cast<double>(t % 7);
  s.setpoint_mmHg = 152.0;
  s.target_pct = 80.0;
  s.phase = 3;
  s.set = 1;
  s.rep = 4;
  s.pulse_mmHg = 1.25;
  return s;
}

TEST_F(SqliteStoreTest, ANewFileGetsTheWholeSchemaInWalMode) {
  auto store = open_store("sqlite:" + path_);
  EXPECT_EQ(store->schema_version(), kSchemaVersion);
  EXPECT_EQ(scalar("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(scalar("PRAGMA user_version"), std::to_string(kSchemaVersion));
  EXPECT_EQ(scalar("SELECT count(*) FROM schema_migrations"), std::to_string(kMigrations.size()));
}

TEST_F(SqliteStoreTest, EveryRecordComesBackAsStored) {
  Id person = 0, session = 0;
  {
    auto store = open_store(path_);
    person = store->add_person({0, "Ada Runner", 1990, "female", ""});
    store->add_screening({0, person, "", "suitable", R"({"a":1})", R"({"verdict":"suitable"})"});
    const auto plan = store->add_plan({0, person, "", "tibial_bone_stress_injury", "1", R"({"exercises":[]})"});
    Session s;
    s.person_id = person;
    s.plan_id = plan;
    s.device = "virtual cuff";
    s.simulated = true;
    session = store->begin_session(s);
    store->add_lop({0, person, session, "", "thigh", 11.5, 187.5, "device", 0.9, true});
    store->set_session_lop(session, 187.5);
    const std::vector<Sample> batch = {sample(10), sample(20), sample(30)};
    store->add_samples(session, batch);
    store->add_event(session, {20, "phase_changed", 3, 0, "holding"});
    store->add_pain(session, {"leg_press", 2, ""});
    store->end_session(session, "completed", R"({"sets":4})");
  }
  auto store = open_store(path_);  // reopened: nothing lived only in memory
  const auto people = store->people();
  ASSERT_EQ(people.size(), 1U);
  EXPECT_EQ(people[0].name, "Ada Runner");
  EXPECT_EQ(people[0].birth_year, 1990);
  EXPECT_EQ(store->screenings(person).at(0).verdict, "suitable");
  EXPECT_EQ(store->plans(person).at(0).program, "tibial_bone_stress_injury");
  const auto lop = store->lop_measurements(person).at(0);
  EXPECT_DOUBLE_EQ(lop.lop_mmHg, 187.5);
  EXPECT_EQ(lop.session_id, session);
  EXPECT_TRUE(lop.simulated);
  const auto s = store->session(session).value();
  EXPECT_EQ(s.outcome, "completed");
  EXPECT_TRUE(s.ended_at.has_value());
  EXPECT_EQ(s.lop_mmHg, 187.5);
  const auto samples = store->samples(session);
  ASSERT_EQ(samples.size(), 3U);
  EXPECT_DOUBLE_EQ(samples[1].pressure_mmHg, sample(20).pressure_mmHg);
  EXPECT_EQ(samples[1].setpoint_mmHg, 152.0);
  EXPECT_EQ(store->events(session).at(0).text, "holding");
  EXPECT_EQ(store->pain_scores(session).at(0).score, 2);
  EXPECT_EQ(store->sessions(person).size(), 1U);
  EXPECT_EQ(store->sessions(std::nullopt).size(), 1U);
  EXPECT_TRUE(store->sessions(person + 1).empty());
}

TEST_F(SqliteStoreTest, ABatchOfSamplesLandsWholeOrNotAtAll) {
  auto store = open_store(path_);
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
}

TEST_F(SqliteStoreTest, BadValuesAreRefusedWithAClearMessage) {
  auto store = open_store(path_);
  EXPECT_THROW(store->add_person({0, "", std::nullopt, std::nullopt, ""}), StoreError);
  try {
    store->add_person({0, "C", std::nullopt, "robot", ""});
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("CHECK constraint failed"), std::string::npos) << e.what();
  }
  EXPECT_THROW(store->add_pain(1, {"leg_press", 11, ""}), StoreError);
  EXPECT_THROW(open_store("postgresql://nowhere/db"), StoreError);
}

TEST_F(SqliteStoreTest, ADatabaseFromANewerBfrIsRefusedNotDamaged) {
  open_store(path_);
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (999, 'future', 'x')", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  try {
    open_store(path_);
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("newer than this bfr"), std::string::npos) << e.what();
  }
  EXPECT_EQ(scalar("SELECT count(*) FROM schema_migrations"), "2");
}

}  // namespace
}  // namespace bfr::store
