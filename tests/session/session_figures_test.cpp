// A session's figures: kept in an ended session's summary and read from there, computed from the
// samples for a running session or one that ended before figures were kept (a real SQLite store).

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "session/session_metrics.hpp"
#include "store/store.hpp"

namespace bfr::session {
namespace {

class SessionFigures : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("openbfr_figures_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = store::open_store((dir_ / "f.sqlite").string());
    store::Session s;
    s.person_id = db_->add_person({0, "F", std::nullopt, std::nullopt, ""});
    id_ = db_->begin_session(s);
    std::vector<store::Sample> samples;
    for (int i = 0; i < 300; ++i) {
      store::Sample x;
      x.t_ms = i * 10;
      x.phase = 3;  // holding
      x.setpoint_mmHg = 120.0;
      x.pressure_mmHg = i < 100 ? 150.0 : 121.0;  // out of band for the first second
      samples.push_back(x);
    }
    db_->add_samples(id_, samples);
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> db_;
  store::Id id_ = 0;
};

TEST_F(SessionFigures, ARunningSessionsFiguresComeFromItsSamples) {
  const auto s = *db_->session(id_);
  EXPECT_FALSE(kept_figures(s));
  const auto m = session_figures(*db_, s);
  EXPECT_DOUBLE_EQ(m.duration_s, 2.99);
  ASSERT_TRUE(m.in_band_pct);
  EXPECT_NEAR(*m.in_band_pct, 100.0 * 1.99 / 2.99, 1e-9);
}

TEST_F(SessionFigures, AnEndedSessionsFiguresComeFromItsSummary) {
  auto m = session_metrics(db_->samples(id_));
  m.sets = 7;  // so that the test can tell where they came from
  db_->end_session(id_, "completed", nlohmann::json{{"figures", figures_json(m)}}.dump());
  const auto back = session_figures(*db_, *db_->session(id_));
  EXPECT_EQ(back.sets, 7);
  EXPECT_DOUBLE_EQ(back.duration_s, m.duration_s);
  EXPECT_EQ(back.in_band_pct, m.in_band_pct);
}

TEST_F(SessionFigures, AnEndedSessionWithoutThemOrWithOthersComputesThem) {
  db_->end_session(id_, "completed", R"({"figures": {"sets": "many"}})");
  EXPECT_FALSE(kept_figures(*db_->session(id_)));
  EXPECT_DOUBLE_EQ(session_figures(*db_, *db_->session(id_)).duration_s, 2.99);
  db_->end_session(id_, "completed", "not json");
  EXPECT_DOUBLE_EQ(session_figures(*db_, *db_->session(id_)).duration_s, 2.99);
}

}  // namespace
}  // namespace bfr::session
