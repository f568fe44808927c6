// The session's outlook against sums done by hand from the plan: 2 s repetitions, the default
// stage times (LOP 40 s, inflate 10 s, deflate 3 s, refill 60 s).
#include "session/session_outlook.hpp"

#include <gtest/gtest.h>

namespace bfr::session {
namespace {

std::vector<clinic::PlannedExercise> plan(const std::string& second_posture) {
  clinic::PlannedExercise a;
  a.name = "Knee extension";
  a.posture = "seated";
  a.reps = {30, 15, 15, 15};  // 60 + 30 + 30 + 30 s
  a.rest_s = 30;
  a.pct_lop = 60;
  clinic::PlannedExercise b;
  b.name = "Calf raise";
  b.posture = second_posture;
  b.reps = {10, 10};  // 20 + 20 s
  b.rest_s = 60;
  b.pct_lop = 50;
  return {a, b};
}

constexpr double kRepS = 2.0;
// Knee extension whole: LOP 40 + inflate 10 + sets 150 + rests 90 + deflate 3.
constexpr double kFirstWhole = 293.0;
// Calf raise after it in the same posture: refill 60 + inflate 10 + sets 40 + rest 60 + deflate 3.
constexpr double kSecondSamePosture = 173.0;

TEST(SessionOutlook, BeforeTheCuffGoesOnTheWholePlanIsLeft) {
  const auto xs = plan("seated");
  const auto o = outlook(xs, kRepS, {0, 0, Step::day_check, 0.0, {}});
  EXPECT_DOUBLE_EQ(o.seconds_left, kFirstWhole + kSecondSamePosture);
  EXPECT_EQ(o.next, "Next: measuring LOP for Knee extension");
}

TEST(SessionOutlook, ANewPostureAddsItsOwnLopMeasurement) {
  const auto xs = plan("standing");
  EXPECT_DOUBLE_EQ(outlook(xs, kRepS, {0, 0, Step::day_check, 0.0, {}}).seconds_left, kFirstWhole + kSecondSamePosture + 40.0);
}

TEST(SessionOutlook, DuringASetTheRestComesNextAndTheRemainingSetsCount) {
  const auto xs = plan("seated");
  const auto o = outlook(xs, kRepS, {0, 2, Step::set, 10.0, {"seated"}});
  // 10 s of set 2, rest 30, set 3 30, rest 30, set 4 30, deflate 3.
  EXPECT_DOUBLE_EQ(o.seconds_left, 10.0 + 123.0 + kSecondSamePosture);
  EXPECT_EQ(o.next, "Next: rest 30 s, cuff on");
}

TEST(SessionOutlook, DuringARestTheNextSetIsNamedWithItsRepetitions) {
  const auto xs = plan("seated");
  EXPECT_EQ(outlook(xs, kRepS, {0, 1, Step::rest, 5.0, {"seated"}}).next, "Next: set 2 of 4, 15 repetitions");
}

TEST(SessionOutlook, TheLastSetLeadsToThePainQuestionAndTheNextExercise) {
  const auto xs = plan("seated");
  const auto o = outlook(xs, kRepS, {0, 4, Step::set, 30.0, {"seated"}});
  EXPECT_EQ(o.next, "Next: pain question, then cuff off 1 min before Calf raise");
  EXPECT_DOUBLE_EQ(o.seconds_left, 30.0 + 3.0 + kSecondSamePosture);
}

TEST(SessionOutlook, PausedSaysTheSetStartsAgainAndCountsItWhole) {
  const auto xs = plan("seated");
  const auto o = outlook(xs, kRepS, {1, 2, Step::paused, 0.0, {"seated"}});
  EXPECT_EQ(o.next, "Resume inflates the cuff and starts set 2 again");
  EXPECT_DOUBLE_EQ(o.seconds_left, 10.0 + 20.0 + 3.0);  // inflate, set 2, deflate
}

TEST(SessionOutlook, TheLastPainQuestionEndsTheSessionAndTheEndHasNoNext) {
  const auto xs = plan("seated");
  const auto o = outlook(xs, kRepS, {1, 2, Step::pain, 0.0, {"seated"}});
  EXPECT_EQ(o.next, "Next: the session ends");
  EXPECT_DOUBLE_EQ(o.seconds_left, 0.0);
  EXPECT_TRUE(outlook(xs, kRepS, {1, 2, Step::ended, 0.0, {"seated"}}).next.empty());
}

// Issue 14: an aerobic hold after the exercises, standing: its own LOP, inflation, 10 min of
// walking and deflation, after the refill.
std::vector<clinic::PlannedAerobic> walking() {
  clinic::PlannedAerobic a;
  a.name = "Walking";
  a.posture = "standing";
  a.minutes = 10;
  a.pct_lop = 50;
  return {a};
}
// Refill 60 + LOP standing 40 + inflate 10 + hold 600 + deflate 3.
constexpr double kWalkAfter = 713.0;

TEST(SessionOutlook, AnAerobicHoldCountsItsMinutesAfterTheExercises) {
  const auto xs = plan("seated");
  const auto walk = walking();
  EXPECT_DOUBLE_EQ(outlook(xs, kRepS, {0, 0, Step::day_check, 0.0, {}}, {}, walk).seconds_left,
                   kFirstWhole + kSecondSamePosture + kWalkAfter);
  const auto last_pain = outlook(xs, kRepS, {1, 2, Step::pain, 0.0, {"seated"}}, {}, walk);
  EXPECT_EQ(last_pain.next, "Next: cuff off 1 min before Walking");
  EXPECT_DOUBLE_EQ(last_pain.seconds_left, kWalkAfter);
  const auto walking_now = outlook(xs, kRepS, {2, 0, Step::hold, 200.0, {"seated", "standing"}}, {}, walk);
  EXPECT_DOUBLE_EQ(walking_now.seconds_left, 200.0 + 3.0);
  EXPECT_EQ(walking_now.next, "Next: effort and pain questions, then the session ends");
}

}  // namespace
}  // namespace bfr::session
