#include "rig/regulation_metrics.hpp"

#include <gtest/gtest.h>

namespace bfr::rig {
namespace {

using units::mmHg;

sim::ExerciseState rep(int set, int r) { return {sim::ExercisePhase::repetition, 0.5, set, r}; }
sim::ExerciseState rest(int set) { return {sim::ExercisePhase::rest, 0.0, set, 0}; }

TEST(RegulationMetrics, CountsTimeInBandAndPerRepetitionExtremes) {
  // LOP 200, target 160 (80 %): band +-16 in exercise, +-8 at rest.
  RegulationMetrics m(mmHg(160.0), mmHg(200.0));
  const auto dt = units::milliseconds(10.0);
  for (int i = 0; i < 50; ++i) m.add(dt, mmHg(170.0), rep(0, 0));   // in band, 85 %
  for (int i = 0; i < 50; ++i) m.add(dt, mmHg(190.0), rep(0, 0));   // out, 95 %
  for (int i = 0; i < 100; ++i) m.add(dt, mmHg(150.0), rep(0, 1));  // in, 75 %
  for (int i = 0; i < 100; ++i) m.add(dt, mmHg(165.0), rest(0));    // in the rest band
  for (int i = 0; i < 100; ++i) m.add(dt, mmHg(205.0), rest(0));    // above LOP
  const auto r = m.result();
  EXPECT_NEAR(r.exercise_in_band, 0.75, 1e-12);
  EXPECT_NEAR(r.rest_in_band, 0.5, 1e-12);
  EXPECT_EQ(r.repetitions, 2);
  EXPECT_NEAR(r.peak_pct_lop, (95.0 + 75.0) / 2, 1e-9);
  EXPECT_NEAR(r.valley_pct_lop, (85.0 + 75.0) / 2, 1e-9);
  EXPECT_NEAR(r.highest_pct_lop, 102.5, 1e-9);
  EXPECT_NEAR(r.seconds_above_lop, 1.0, 1e-9);
}

}  // namespace
}  // namespace bfr::rig
