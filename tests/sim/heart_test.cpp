#include "sim/heart.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace bfr::sim {
namespace {

struct BeatStats {
  double mean_pressure;
  double max_pressure;
  double min_pressure;
  std::vector<double> intervals;
};

BeatStats simulate(Rhythm rhythm, double seconds) {
  Heart heart({units::mmHg(120.0), units::mmHg(80.0), units::per_minute(60.0), rhythm}, Random(3));
  BeatStats s{0.0, 0.0, 1e9, {}};
  const int steps = static_cast<int>(seconds * 1000.0);
  int last_beat = heart.beats();
  double last_t = 0.0;
  for (int i = 0; i < steps; ++i) {
    const double p = heart.step(units::milliseconds(1.0)).mmHg();
    s.mean_pressure += p / steps;
    s.max_pressure = std::max(s.max_pressure, p);
    s.min_pressure = std::min(s.min_pressure, p);
    if (heart.beats() != last_beat) {
      const double t = (i + 1) * 1e-3;
      if (last_beat > 1) s.intervals.push_back(t - last_t);
      last_t = t;
      last_beat = heart.beats();
    }
  }
  return s;
}

double coefficient_of_variation(const std::vector<double>& x) {
  double m = 0, v = 0;
  for (double a : x) m += a / static_cast<double>(x.size());
  for (double a : x) v += (a - m) * (a - m) / static_cast<double>(x.size() - 1);
  return std::sqrt(v) / m;
}

TEST(Heart, MeanPressureIsDiastolicPlusAThirdOfPulsePressure) {
  const auto s = simulate(Rhythm::sinus, 120.0);
  const double map = 80.0 + Heart::contour_mean() * 40.0;
  EXPECT_NEAR(Heart::contour_mean(), 1.0 / 3.0, 0.05);  // the textbook brachial rule
  EXPECT_NEAR(s.mean_pressure, map, 1.5);
}

TEST(Heart, PressureSpansDiastolicToSystolic) {
  const auto s = simulate(Rhythm::sinus, 60.0);
  EXPECT_NEAR(s.max_pressure, 120.0, 10.0);
  EXPECT_NEAR(s.min_pressure, 80.0, 6.0);
}

TEST(Heart, BeatsArriveAtTheHeartRate) {
  const auto s = simulate(Rhythm::sinus, 120.0);
  EXPECT_NEAR(static_cast<double>(s.intervals.size()), 118.0, 4.0);
}

TEST(Heart, AtrialFibrillationIsFarMoreIrregularThanSinusRhythm) {
  const double sinus = coefficient_of_variation(simulate(Rhythm::sinus, 200.0).intervals);
  const double af = coefficient_of_variation(simulate(Rhythm::atrial_fibrillation, 200.0).intervals);
  EXPECT_LT(sinus, 0.08);
  EXPECT_GT(af, 0.15);
  EXPECT_GT(af, 3.0 * sinus);
}

TEST(Heart, ContourStartsAndEndsAtDiastoleAndPeaksAtOne) {
  EXPECT_DOUBLE_EQ(Heart::contour(0.0), 0.0);
  EXPECT_NEAR(Heart::contour(1.0), 0.0, 1e-9);
  EXPECT_NEAR(Heart::contour(0.12), 1.0, 1e-3);
}

}  // namespace
}  // namespace bfr::sim
