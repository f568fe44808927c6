#include "sim/exercise.hpp"

#include <gtest/gtest.h>

#include <set>
#include <utility>

namespace bfr::sim {
namespace {

ExerciseSpec standard() {
  ExerciseSpec e;
  e.start = units::at_seconds(10.0);
  return e;  // 30-15-15-15, 30 s rest, 1 s up and 1 s down
}

TEST(Exercise, ScheduleLastsRepsTimesTempoPlusRests) {
  const Exercise ex(standard());
  EXPECT_DOUBLE_EQ(ex.end().seconds(), 10.0 + 75 * 2.0 + 3 * 30.0);
}

TEST(Exercise, CountsEveryRepetitionOfEverySet) {
  const Exercise ex(standard());
  std::set<std::pair<int, int>> reps;
  for (double t = 0.0; t < 300.0; t += 0.01) {
    const auto s = ex.at(units::at_seconds(t));
    if (s.phase == ExercisePhase::repetition) reps.insert({s.set, s.rep});
  }
  EXPECT_EQ(reps.size(), 75u);
}

TEST(Exercise, ActivationPeaksAtTheTurnOfEachRepAndRestsAtZero) {
  const Exercise ex(standard());
  EXPECT_EQ(ex.at(units::at_seconds(5.0)).phase, ExercisePhase::before);
  EXPECT_NEAR(ex.at(units::at_seconds(11.0)).activation, 1.0, 1e-9);   // top of the first rep
  EXPECT_NEAR(ex.at(units::at_seconds(10.0)).activation, 0.0, 1e-9);
  const auto rest = ex.at(units::at_seconds(10.0 + 60.0 + 5.0));
  EXPECT_EQ(rest.phase, ExercisePhase::rest);
  EXPECT_EQ(rest.set, 0);
  EXPECT_DOUBLE_EQ(rest.activation, 0.0);
  EXPECT_EQ(ex.at(units::at_seconds(400.0)).phase, ExercisePhase::done);
}

}  // namespace
}  // namespace bfr::sim
