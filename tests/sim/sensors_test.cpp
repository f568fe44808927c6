#include "sim/sensors.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

namespace bfr::sim {
namespace {

using units::mmHg;

struct Readings {
  int count = 0;
  double mean = 0.0;
  double sd = 0.0;
  double last = 0.0;
};

// Reads for `seconds` more; time carries on across calls for the same sensor.
Readings read(PressureSensor& sensor, double truth, double seconds, const SensorFaults& faults = {}) {
  static std::map<const PressureSensor*, int> clock_ms;
  int& now = clock_ms[&sensor];
  Readings r;
  double sum = 0, sum2 = 0;
  for (int i = 1; i <= static_cast<int>(seconds * 1000); ++i) {
    if (auto p = sensor.sample(units::at_seconds(++now * 1e-3), mmHg(truth), faults)) {
      ++r.count;
      sum += p->mmHg();
      sum2 += p->mmHg() * p->mmHg();
      r.last = p->mmHg();
    }
  }
  r.mean = sum / r.count;
  r.sd = std::sqrt(sum2 / r.count - r.mean * r.mean);
  return r;
}

TEST(PressureSensor, ReportsAtItsSampleRate) {
  PressureSensor s({}, Random(1));
  EXPECT_NEAR(read(s, 150.0, 2.0).count, 1000, 1);  // 500 Hz for 2 s
}

TEST(PressureSensor, ReadsTruthWithItsGainOffsetAndNoise) {
  PressureSensorSpec spec;
  PressureSensor s(spec, Random(2));
  const auto r = read(s, 150.0, 20.0);
  EXPECT_NEAR(r.mean, 150.0 * (1.0 + spec.gain_error) + spec.offset.mmHg(), 0.05);
  EXPECT_NEAR(r.sd, spec.noise.mmHg(), 0.05);
}

TEST(PressureSensor, QuantisesToItsResolution) {
  PressureSensorSpec spec;
  spec.noise = mmHg(0.0);
  PressureSensor s(spec, Random(3));
  const double v = read(s, 123.456, 0.01).last;
  EXPECT_NEAR(std::remainder(v, spec.resolution.mmHg()), 0.0, 1e-9);
}

TEST(PressureSensor, StuckHoldsDisconnectedReadsTheRailDriftAccumulates) {
  PressureSensorSpec spec;
  PressureSensor s(spec, Random(4));
  const double before = read(s, 100.0, 0.1).last;
  EXPECT_DOUBLE_EQ(read(s, 250.0, 0.5, {.stuck = true}).last, before);
  EXPECT_DOUBLE_EQ(read(s, 250.0, 0.1, {.disconnected = true}).last, spec.range_min.mmHg());
  EXPECT_NEAR(read(s, 100.0, 0.5, {.drift_mmHg = 30.0}).mean, 100.0 * 1.005 + 0.5 + 30.0, 0.2);
}

TEST(PressureSensor, DrawnSensorsStayWithinTheManometerToleranceAndDiffer) {
  // ISO 81060-1: +-3 mmHg over the range. Over many drawn parts the whole +-2 mmHg offset range is
  // used, no part reads more than 3 mmHg off anywhere from 0 to 300 mmHg, and no two are alike.
  Random rng(42);
  double worst = 0.0, lowest_offset = 0.0, highest_offset = 0.0;
  std::map<double, int> offsets;
  for (int i = 0; i < 2000; ++i) {
    const auto s = draw_pressure_sensor({}, rng);
    for (double p : {0.0, 150.0, 300.0}) worst = std::max(worst, std::abs(p * s.gain_error + s.offset.mmHg()));
    lowest_offset = std::min(lowest_offset, s.offset.mmHg());
    highest_offset = std::max(highest_offset, s.offset.mmHg());
    ++offsets[s.offset.mmHg()];
  }
  EXPECT_LE(worst, 3.0);
  EXPECT_GT(worst, 2.5);
  EXPECT_LT(lowest_offset, -1.9);
  EXPECT_GT(highest_offset, 1.9);
  EXPECT_EQ(offsets.size(), 2000u);
}

TEST(PulseSensor, FollowsDistalFlowAndIsAbsentWhenNotFitted) {
  PulseSensor none({}, Random(5));
  EXPECT_FALSE(none.step(units::at_seconds(0.01), units::milliseconds(1.0), 1.0, false));
  PulseSensorSpec spec;
  spec.fitted = true;
  spec.noise = 0.0;
  PulseSensor ppg(spec, Random(6));
  std::optional<double> last;
  for (int i = 1; i <= 1000; ++i)
    if (auto v = ppg.step(units::at_seconds(i * 1e-3), units::milliseconds(1.0), 0.3, false)) last = v;
  ASSERT_TRUE(last);
  EXPECT_NEAR(*last, 0.3, 1e-3);
}

}  // namespace
}  // namespace bfr::sim
