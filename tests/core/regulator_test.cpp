// The regulator at rest (issue 14): between sets it holds the pressure's mean over the pulse, so
// its valves do not chase each heartbeat (on a shared pump, a resting leg doing so took about a
// fifth of the pump's slots from the working one); a real change in the mean is still met.
// Synthetic cuff pressures, no plant.

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "core/regulator.hpp"

namespace bfr::core {
namespace {

constexpr double kSetpoint = 160.0;
constexpr double kPulseAmplitude = 3.0;  // mmHg: a cuff pulse of a few mmHg, as near 80 % LOP
constexpr double kHeartRateHz = 1.2;

RegulatorTuning with_rest_filter() {
  RegulatorTuning t;
  t.rest_filter_time_constant_s = 0.5F;
  return t;
}

// Steps with valve or pump activity over 20 s of a cuff that pulses around `mean(t)`.
template <class Mean>
int active_steps(Effort effort, Mean mean, Actuators* last = nullptr) {
  Regulator r(with_rest_filter());
  int active = 0;
  for (int i = 0; i < 20000; ++i) {
    const double t = i / 1000.0;
    const double p = mean(t) + kPulseAmplitude * std::sin(2.0 * std::numbers::pi * kHeartRateHz * t);
    const auto a = r.step(units::milliseconds(1.0), units::mmHg(p), units::mmHg(kSetpoint), effort);
    if (i >= 2000 && (a.inflate_valve_open || a.vent_opening > 0.0F)) ++active;
    if (last) *last = a;
  }
  return active;
}

TEST(Regulator, AtRestItHoldsTheMeanAndDoesNotChaseThePulse) {
  const auto on_target = [](double) { return kSetpoint; };
  const int working = active_steps(Effort::working, on_target);
  const int resting = active_steps(Effort::resting, on_target);
  EXPECT_GT(working, 9000) << "working, it meets every beat (as a contraction's swing must be met)";
  EXPECT_LT(resting, working / 10) << "at rest the pulse averages out";
}

TEST(Regulator, AtRestItStillRefillsACuffWhoseMeanFalls) {
  // Tissue creep or a slow leak: the mean sinks 8 mmHg over 20 s.
  const auto sinking = [](double t) { return kSetpoint - 0.4 * t; };
  Actuators last;
  EXPECT_GT(active_steps(Effort::resting, sinking, &last), 1000);
  EXPECT_TRUE(last.inflate_valve_open) << "the pump makes up the lost mean";
}

}  // namespace
}  // namespace bfr::core
