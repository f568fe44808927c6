// The supervisor stepped with literal time (after PX4's failsafe_test): trips, latching,
// acknowledgement, and the rule that its output is never less safe than its input.

#include "core/supervisor.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "sim/random.hpp"

namespace bfr::core {
namespace {

using units::at_seconds;
using units::mmHg;

struct Bench {
  Supervisor sup;
  double t = 0.0;
  Status status{};
  Actuators command = Actuators::seal();
  int steps = 0;
  // The cuff-line sensor is a live transducer too: its reading moves by its noise (one 0.115 mmHg
  // step every other sample) unless a test freezes it.
  bool line_frozen = false;
  HostCommand next_command = command::None{};  // sent with the next step only

  Actuators step(std::optional<double> pressure, std::optional<double> line = std::nullopt, bool heartbeat = true) {
    t += 0.002;
    Inputs in;
    if (pressure) in.cuff_pressure = mmHg(*pressure);
    if (line) in.cuff_line_pressure = mmHg(*line + (line_frozen ? 0.0 : (steps++ % 2) * 0.115));
    in.host_heartbeat = heartbeat;
    in.command = std::exchange(next_command, command::None{});
    if (pressure) status.pressure = mmHg(*pressure);
    return sup.check(at_seconds(t), in, command, status);
  }
  // Noisy readings around p for `seconds`.
  Actuators hold(double p, double seconds, bool with_line = true) {
    Actuators a;
    const double end = t + seconds;
    int i = 0;
    while (t < end) {
      const double noise = (i++ % 3) * 0.115;
      a = step(p + noise, with_line ? std::optional<double>(p - noise) : std::nullopt);
    }
    return a;
  }
};

TEST(Supervisor, PassesASafeCommandThrough) {
  Bench b;
  b.status.phase = PhaseId::resting;
  b.status.setpoint = mmHg(150.0);
  b.status.lop = mmHg(190.0);
  b.command = Actuators{0.4F, true, 0.0F, true};
  const auto a = b.hold(150.0, 2.0);
  EXPECT_EQ(b.sup.latched(), FaultId::none);
  EXPECT_FLOAT_EQ(a.pump_duty, 0.4F);
  EXPECT_TRUE(a.dump_valve_powered);
}

TEST(Supervisor, OverPressureTripsAtOnceLatchesAndNeedsAnEmptyCuffToClear) {
  Bench b;
  b.status.phase = PhaseId::resting;
  b.hold(150.0, 0.5);
  b.step(305.0, 305.0);
  EXPECT_EQ(b.sup.latched(), FaultId::none);  // one sample is not enough
  const auto a = b.step(306.0, 306.0);
  EXPECT_EQ(b.sup.latched(), FaultId::over_pressure);
  EXPECT_EQ(a.vent_opening, 1.0F);
  EXPECT_FALSE(a.dump_valve_powered);
  EXPECT_EQ(a.pump_duty, 0.0F);
  b.hold(150.0, 1.0);  // pressure back to normal: still latched
  EXPECT_EQ(b.sup.latched(), FaultId::over_pressure);
  EXPECT_FALSE(b.sup.acknowledge());  // cuff not empty
  b.status.phase = PhaseId::fault;
  b.hold(3.0, 1.0);
  EXPECT_TRUE(b.sup.acknowledge());
  EXPECT_EQ(b.sup.latched(), FaultId::none);
}

TEST(Supervisor, AStaleSensorTripsAfter50ms) {
  Bench b;
  b.hold(100.0, 0.2);
  for (int i = 0; i < 20; ++i) b.step(std::nullopt);  // 40 ms
  EXPECT_EQ(b.sup.latched(), FaultId::none);
  for (int i = 0; i < 10; ++i) b.step(std::nullopt);  // 60 ms
  EXPECT_EQ(b.sup.latched(), FaultId::sensor_stale);
}

TEST(Supervisor, AStuckSensorTripsAfterHalfASecondOfIdenticalReadings) {
  Bench b;
  b.hold(100.0, 0.2);
  for (int i = 0; i < 240; ++i) b.step(100.0, 100.0);
  EXPECT_EQ(b.sup.latched(), FaultId::none);
  for (int i = 0; i < 20; ++i) b.step(100.0, 100.0);
  EXPECT_EQ(b.sup.latched(), FaultId::sensor_stuck);
}

// The cuff-line sensor is checked for itself like the main one: frozen, or at a rail.
TEST(Supervisor, AFrozenOrRailedCuffLineSensorTrips) {
  Bench frozen;
  frozen.hold(100.0, 0.2);
  frozen.line_frozen = true;
  for (int i = 0; i < 240; ++i) frozen.step(100.0 + (i % 3) * 0.115, 100.0);
  EXPECT_EQ(frozen.sup.latched(), FaultId::none);
  for (int i = 0; i < 20; ++i) frozen.step(100.0 + (i % 3) * 0.115, 100.0);
  EXPECT_EQ(frozen.sup.latched(), FaultId::sensor_stuck);

  Bench railed;
  railed.hold(100.0, 0.2);
  for (int i = 0; i < 3; ++i) railed.step(100.0 + (i % 3) * 0.115, -20.0);
  EXPECT_EQ(railed.sup.latched(), FaultId::sensor_out_of_range);
}

TEST(Supervisor, DisagreeingSensorsTripAfterHalfASecond) {
  Bench b;
  b.hold(120.0, 0.5);
  for (int i = 0; i < 200; ++i) b.step(120.0 + (i % 3) * 0.115, 100.0);  // 0.4 s, 20 mmHg apart
  EXPECT_EQ(b.sup.latched(), FaultId::none);
  for (int i = 0; i < 100; ++i) b.step(120.0 + (i % 3) * 0.115, 100.0);  // the gap shows after the 30 ms filter
  EXPECT_EQ(b.sup.latched(), FaultId::sensor_disagreement);
}

// A kinked hose while regulating: the main sensor, left with the device side alone, swings with
// every pump and vent burst; the cuff-line sensor stays calm. Moving together (a pulse and a
// contraction seen through an open hose) is no fault, whatever the sensors' offsets.
TEST(Supervisor, AMainSensorSwingingAgainstTheCuffLineTripsAsAKink) {
  const auto run = [](double main_swing, double common_swing, double seconds) {
    Bench b;
    b.status.phase = PhaseId::holding;
    b.status.setpoint = mmHg(150.0);
    b.status.lop = mmHg(250.0);
    b.command = Actuators{0.2F, true, 0.0F, true};
    const double end = b.t + seconds;
    while (b.t < end) {
      const double pulse = common_swing * std::sin(2.0 * 3.14159 * 3.0 * b.t);  // 180 /min
      const double burst = main_swing * std::sin(2.0 * 3.14159 * 7.0 * b.t);
      b.step(150.0 + pulse + burst, 152.5 + pulse);  // the line sensor reads 2.5 mmHg higher
    }
    return b.sup.latched();
  };
  EXPECT_EQ(run(0.0, 6.0, 20.0), FaultId::none) << "a strong pulse on both sensors";
  EXPECT_EQ(run(1.5, 6.0, 20.0), FaultId::none) << "a small lag through the hose (SD 1.1)";
  EXPECT_EQ(run(8.0, 2.0, 1.5), FaultId::none) << "not yet: two whole seconds are needed";
  EXPECT_EQ(run(8.0, 2.0, 3.5), FaultId::sensor_disagreement) << "the device side alone (SD 5.7)";
}

TEST(Supervisor, AboveLopWhileRestrictingTrips) {
  Bench b;
  b.status.phase = PhaseId::holding;
  b.status.lop = mmHg(180.0);
  b.status.setpoint = mmHg(144.0);
  b.hold(195.0, 0.4);
  EXPECT_EQ(b.sup.latched(), FaultId::none);
  b.hold(195.0, 0.2);
  EXPECT_EQ(b.sup.latched(), FaultId::above_lop);
}

// The controller's phases as a session goes: idle, then a start taken (inflating), then resting.
void start_restriction(Bench& b, units::Duration planned_hold) {
  b.status.phase = PhaseId::idle;
  b.hold(0.0, 0.1);
  b.next_command = command::Start{planned_hold};
  b.status.phase = PhaseId::inflating;
  b.hold(100.0, 0.1);
  b.status.phase = PhaseId::resting;
}

TEST(Supervisor, TheRestrictionBackstopIsTwelveMinutesForSets) {
  Bench b;
  start_restriction(b, units::Duration{});
  b.hold(100.0, 11.9 * 60.0);
  EXPECT_EQ(b.sup.latched(), FaultId::none);
  b.hold(100.0, 0.2 * 60.0);
  EXPECT_EQ(b.sup.latched(), FaultId::restriction_time);
}

TEST(Supervisor, APlannedHoldRaisesTheBackstopWithinItsCeiling) {
  Bench planned;  // 15 min of walking: limit 16 min, backstop 18
  start_restriction(planned, units::minutes(15.0));
  planned.hold(100.0, 17.9 * 60.0);
  EXPECT_EQ(planned.sup.latched(), FaultId::none);
  planned.hold(100.0, 0.2 * 60.0);
  EXPECT_EQ(planned.sup.latched(), FaultId::restriction_time);

  Bench too_long;  // an hour asked for: 20 min is the longest prescribed hold, backstop 23
  start_restriction(too_long, units::minutes(60.0));
  too_long.hold(100.0, 23.1 * 60.0);
  EXPECT_EQ(too_long.sup.latched(), FaultId::restriction_time);
}

TEST(Supervisor, AStartTheControllerDidNotTakeLeavesTheBackstopAlone) {
  Bench b;
  start_restriction(b, units::Duration{});
  b.hold(100.0, 60.0);
  b.next_command = command::Start{units::minutes(20.0)};  // mid-exercise: the controller ignores it
  b.hold(100.0, 11.1 * 60.0);
  EXPECT_EQ(b.sup.latched(), FaultId::restriction_time);
}

TEST(Supervisor, HostSilenceInASessionTrips) {
  Bench b;
  b.status.phase = PhaseId::resting;
  b.hold(100.0, 0.5);
  for (int i = 0; i < 900; ++i) b.step(100.0 + (i % 2) * 0.2, 100.0, false);  // 1.8 s
  EXPECT_EQ(b.sup.latched(), FaultId::none);
  for (int i = 0; i < 200; ++i) b.step(100.0 + (i % 2) * 0.2, 100.0, false);
  EXPECT_EQ(b.sup.latched(), FaultId::host_silent);
}

TEST(Supervisor, APumpedCuffThatNeverFillsTrips) {
  Bench b;
  b.status.phase = PhaseId::inflating;
  b.command = Actuators{1.0F, true, 0.0F, true};
  b.hold(10.0, 19.0);
  EXPECT_EQ(b.sup.latched(), FaultId::none);
  b.hold(10.0, 1.5);
  EXPECT_EQ(b.sup.latched(), FaultId::cannot_inflate);
}

// The defining rule: whatever comes in, what goes out lets in no more air and keeps in no more
// air than what the controller asked for.
TEST(Supervisor, NeverMakesACommandLessSafe) {
  sim::Random rng(99);
  Supervisor sup;
  double t = 0.0;
  for (int i = 0; i < 200000; ++i) {
    t += 0.001;
    Inputs in;
    if (rng.uniform() < 0.9) in.cuff_pressure = mmHg(rng.uniform(-30.0, 460.0));
    if (rng.uniform() < 0.5) in.cuff_line_pressure = mmHg(rng.uniform(-30.0, 460.0));
    in.host_heartbeat = rng.uniform() < 0.99;
    const Actuators commanded{static_cast<float>(rng.uniform()), rng.uniform() < 0.5, static_cast<float>(rng.uniform()),
                              rng.uniform() < 0.5};
    Status st;
    st.phase = static_cast<PhaseId>(static_cast<int>(rng.uniform() * 8));
    if (rng.uniform() < 0.5) st.setpoint = mmHg(rng.uniform(50.0, 250.0));
    if (rng.uniform() < 0.5) st.lop = mmHg(rng.uniform(80.0, 300.0));
    if (in.cuff_pressure) st.pressure = in.cuff_pressure;
    const auto out = sup.check(at_seconds(t), in, commanded, st);
    ASSERT_TRUE(safer_or_equal(out, commanded)) << "step " << i;
    if (rng.uniform() < 0.001) sup.acknowledge();
  }
}

TEST(Actuators, DeflateIsTheSafestCommandAndTheDefaultIsSafe) {
  const Actuators any{0.7F, true, 0.2F, true};
  EXPECT_TRUE(safer_or_equal(Actuators::deflate(), any));
  EXPECT_FALSE(safer_or_equal(any, Actuators::deflate()));
  const Actuators def{};
  EXPECT_EQ(def.pump_duty, 0.0F);
  EXPECT_FALSE(def.inflate_valve_open);
  EXPECT_FALSE(def.dump_valve_powered);
}

}  // namespace
}  // namespace bfr::core

namespace bfr::core {
namespace {

// The policy table is the whole list of what the supervisor can report: a fault added to
// faults.hpp without a rule that trips it would never be reported.
TEST(SupervisorPolicy, EveryFaultHasARuleThatTripsIt) {
  for (int f = 1; f <= static_cast<int>(FaultId::sensor_disagreement); ++f) {
    const auto fault = static_cast<FaultId>(f);
    const bool covered = std::any_of(kPolicy.begin(), kPolicy.end(), [&](const PolicyLine& l) { return l.fault == fault; });
    EXPECT_TRUE(covered) << to_string(fault);
  }
}

// A rule with a hold trips only once its condition has held that long: the sensors 15 mmHg apart
// with the valves shut trip sensor_disagreement after 0.5 s, not before.
TEST(SupervisorPolicy, ARuleTripsAfterItsHold) {
  Supervisor sup;
  Status status{};
  status.phase = PhaseId::resting;
  const Actuators sealed = Actuators::seal();
  double t = 0.0;
  const auto step = [&](double main, double line) {
    t += 0.002;
    Inputs in;
    in.cuff_pressure = units::mmHg(main + (static_cast<int>(t * 500.0) % 3) * 0.115);
    in.cuff_line_pressure = units::mmHg(line + (static_cast<int>(t * 500.0) % 2) * 0.115);
    in.host_heartbeat = true;
    status.pressure = in.cuff_pressure;
    return sup.check(units::at_seconds(t), in, sealed, status);
  };
  for (int i = 0; i < 500; ++i) step(120.0, 120.0);
  ASSERT_EQ(sup.latched(), FaultId::none);
  const double apart_from = t;
  while (sup.latched() == FaultId::none && t < apart_from + 2.0) step(120.0, 140.0);
  EXPECT_EQ(sup.latched(), FaultId::sensor_disagreement);
  EXPECT_NEAR(t - apart_from, 0.5 + 0.03, 0.05);  // the hold, plus the line filter's 30 ms
}

}  // namespace
}  // namespace bfr::core
