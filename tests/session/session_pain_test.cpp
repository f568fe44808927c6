// The pain trend's figures on a real SQLite store: the highest score of a session and whether it
// broke the plan's rule (the progress report and the clinic app both read them).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "report/session_pain.hpp"
#include "store/store.hpp"

namespace bfr::report {
namespace {

// Two exercises under a tendon program's rule: up to 3/10 during exercise.
constexpr const char* kPlan = R"({"pain_rule": {"name": "tendon", "site": "the tendon", "during_max": 3, "text": "Up to 3/10."},
  "exercises": [{"id": "leg_press", "name": "Leg press", "posture": "seated", "reps": [30, 15], "rest_s": 30, "pct_lop": 60},
                {"id": "knee_extension", "name": "Knee extension", "posture": "seated", "reps": [30, 15], "rest_s": 30, "pct_lop": 60}]})";

class SessionPainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() / ("openbfr-pain-" + std::to_string(::getpid()) + ".sqlite");
    std::filesystem::remove(path_);
    store_ = store::open_store(path_.string());
    person_ = store_->add_person({0, "Pat Tendon", 1990, "female", ""});
    plan_ = store_->add_plan({0, person_, "", "patellar_tendinopathy", "1", kPlan});
  }
  void TearDown() override {
    store_.reset();
    for (const auto* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  store::Session session_with(std::initializer_list<store::PainScore> scores, bool with_plan = true) {
    store::Session s;
    s.person_id = person_;
    if (with_plan) s.plan_id = plan_;
    s.id = store_->begin_session(s);
    for (const auto& p : scores) store_->add_pain(s.id, p);
    return s;
  }
  std::filesystem::path path_;
  std::unique_ptr<store::Store> store_;
  store::Id person_ = 0, plan_ = 0;
};

TEST_F(SessionPainTest, TheHighestScoreAndTheRuleOfItsPlan) {
  const auto p = session_pain(*store_, session_with({{"leg_press", 1, ""}, {"knee_extension", 3, ""}}));
  ASSERT_TRUE(p.highest);
  EXPECT_EQ(*p.highest, 3);
  ASSERT_TRUE(p.rule);
  EXPECT_EQ(p.rule->during_max, 3);
  EXPECT_FALSE(p.above_rule) << "3/10 is within up to 3/10";
}

TEST_F(SessionPainTest, OneScoreAboveTheRuleMarksTheSession) {
  const auto p = session_pain(*store_, session_with({{"leg_press", 4, ""}, {"knee_extension", 0, ""}}));
  EXPECT_EQ(p.highest.value_or(-1), 4);
  EXPECT_TRUE(p.above_rule);
}

TEST_F(SessionPainTest, NoScoreAskedIsNoFigureNotZero) {
  const auto p = session_pain(*store_, session_with({}));
  EXPECT_FALSE(p.highest) << "a session that ended before the pain question has no pain figure";
  EXPECT_FALSE(p.above_rule);
}

TEST_F(SessionPainTest, WithoutAPlanTheScoreStandsUnjudged) {
  const auto p = session_pain(*store_, session_with({{"leg_press", 6, ""}}, false));
  EXPECT_EQ(p.highest.value_or(-1), 6);
  EXPECT_FALSE(p.rule);
  EXPECT_FALSE(p.above_rule) << "no rule to be above";
}

}  // namespace
}  // namespace bfr::report
