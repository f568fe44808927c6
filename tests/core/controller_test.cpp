// The controller driven with synthetic time and readings, step by step (after RespiraWorks'
// controller_test): each step's inputs and the phase and command it must produce.

#include "core/controller.hpp"

#include <gtest/gtest.h>

namespace bfr::core {
namespace {

using units::at_seconds;
using units::mmHg;

class ControllerTest : public ::testing::Test {
 protected:
  // Steps every millisecond from the current time to `until`, feeding `pressure` each step.
  Outputs run_until(double until_s, double pressure, HostCommand first = command::None{}, bool heartbeat = true) {
    Outputs out;
    bool sent = false;
    while (t_ < until_s - 1e-9) {
      t_ += 0.001;
      Inputs in;
      in.cuff_pressure = mmHg(pressure);
      in.host_heartbeat = heartbeat;
      if (!sent) in.command = first, sent = true;
      out = c_.step(at_seconds(t_), in, latched_);
    }
    return out;
  }
  Outputs send(HostCommand cmd, double pressure = 0.0) { return run_until(t_ + 0.001, pressure, cmd); }
  // LOP 200 mmHg, the given target, started, and held at `pressure` until 1 s.
  void start_session(double target_pct, double pressure) {
    send(command::SetLop{mmHg(200.0)});
    send(command::SetTarget{units::percent(target_pct)});
    send(command::Start{});
    run_until(1.0, pressure);
  }

  Controller c_{};
  double t_ = 0.0;
  FaultId latched_ = FaultId::none;
};

TEST_F(ControllerTest, IdleIsTheSafeStateWithTheDumpValveOpen) {
  const auto out = run_until(1.0, 0.0);
  EXPECT_EQ(out.status.phase, PhaseId::idle);
  EXPECT_EQ(out.actuators.pump_duty, 0.0F);
  EXPECT_FALSE(out.actuators.dump_valve_powered);
  EXPECT_FALSE(out.status.setpoint);
}

TEST_F(ControllerTest, StartNeedsAnLopAndATarget) {
  send(command::Start{});
  EXPECT_EQ(run_until(0.1, 0.0).status.phase, PhaseId::idle);
  send(command::SetTarget{units::percent(60.0)});
  send(command::Start{});
  EXPECT_EQ(run_until(0.2, 0.0).status.phase, PhaseId::idle);  // still no LOP
}

TEST_F(ControllerTest, InflatesToTheTargetThenRestsAndHolds) {
  send(command::SetLop{mmHg(200.0)});
  send(command::SetTarget{units::percent(80.0)});
  auto out = send(command::Start{}, 0.0);
  EXPECT_EQ(out.status.phase, PhaseId::inflating);
  out = run_until(0.5, 50.0);
  EXPECT_GT(out.actuators.pump_duty, 0.9F);  // far below 160: full pump
  EXPECT_TRUE(out.actuators.inflate_valve_open);
  EXPECT_TRUE(out.actuators.dump_valve_powered);
  ASSERT_TRUE(out.status.setpoint);
  EXPECT_DOUBLE_EQ(out.status.setpoint->mmHg(), 160.0);
  out = run_until(1.0, 159.0);
  EXPECT_EQ(out.status.phase, PhaseId::resting);
  out = send(command::StartSet{}, 160.0);
  EXPECT_EQ(out.status.phase, PhaseId::holding);
  EXPECT_EQ(out.status.sets_started, 1);
  out = run_until(2.2, 185.0);  // a contraction pushes the pressure up: vent, no pump
  EXPECT_EQ(out.actuators.pump_duty, 0.0F);
  EXPECT_GT(out.actuators.vent_opening, 0.0F);
  EXPECT_TRUE(out.status.off_target_alarm);  // 25 mmHg off for 1 s
  out = send(command::Rest{}, 160.0);
  EXPECT_EQ(out.status.phase, PhaseId::resting);
}

TEST_F(ControllerTest, PrescriptionsAreCappedAt80PercentOfLop) {
  send(command::SetLop{mmHg(200.0)});
  send(command::SetTarget{units::percent(120.0)});
  const auto out = send(command::Start{}, 0.0);
  ASSERT_TRUE(out.status.setpoint);
  EXPECT_DOUBLE_EQ(out.status.setpoint->mmHg(), 160.0);
}

TEST_F(ControllerTest, PauseDeflatesAndResumeReinflates) {
  start_session(50.0, 100.0);
  auto out = send(command::Pause{}, 100.0);
  EXPECT_EQ(out.status.phase, PhaseId::deflating);
  EXPECT_FALSE(out.actuators.dump_valve_powered);
  out = run_until(3.0, 0.0);
  EXPECT_EQ(out.status.phase, PhaseId::paused);
  out = send(command::Resume{}, 0.0);
  EXPECT_EQ(out.status.phase, PhaseId::inflating);
}

TEST_F(ControllerTest, HostSilenceDeflates) {
  start_session(50.0, 100.0);
  auto out = run_until(1.9, 100.0, command::None{}, false);
  EXPECT_NE(out.status.phase, PhaseId::deflating);  // 0.9 s of silence: still fine
  out = run_until(2.2, 100.0, command::None{}, false);
  EXPECT_EQ(out.status.phase, PhaseId::deflating);
  EXPECT_EQ(out.status.deflate_reason, DeflateReason::host_silent);
}

// A controller with a 5 s exercise limit, stepped every millisecond with a heartbeat.
struct LimitRun {
  Controller c{ControllerConfig{.restriction_limit = units::seconds(5.0)}};
  double t = 0.0;
  Outputs out;
  void step(HostCommand cmd, double pressure) {
    t += 0.001;
    Inputs in;
    in.cuff_pressure = mmHg(pressure);
    in.host_heartbeat = true;
    in.command = cmd;
    out = c.step(at_seconds(t), in, FaultId::none);
  }
  void run(double until, double pressure) {
    while (t < until) step(command::None{}, pressure);
  }
  void start(HostCommand start_command) {
    step(command::SetLop{mmHg(200.0)}, 0);
    step(command::SetTarget{units::percent(50.0)}, 0);
    step(start_command, 0);
  }
};

TEST(ControllerLimits, CumulativeRestrictionDeflatesAtTheLimit) {
  LimitRun r;
  r.start(command::Start{});
  r.run(4.9, 100.0);
  EXPECT_NE(r.out.status.phase, PhaseId::deflating);
  r.run(5.2, 100.0);
  EXPECT_EQ(r.out.status.phase, PhaseId::deflating);
  EXPECT_EQ(r.out.status.deflate_reason, DeflateReason::restriction_limit);
}

TEST(ControllerLimits, APlannedHoldRaisesTheLimitForThatInflationOnly) {
  LimitRun r;
  r.start(command::Start{units::seconds(30.0)});  // a 30 s hold: 30 s plus the grace minute
  r.run(30.0, 100.0);
  EXPECT_EQ(r.out.status.phase, PhaseId::resting);
  r.step(command::StartSet{}, 100.0);
  r.run(89.9, 100.0);
  EXPECT_EQ(r.out.status.phase, PhaseId::holding);
  r.run(90.2, 100.0);
  EXPECT_EQ(r.out.status.deflate_reason, DeflateReason::restriction_limit);
  r.run(92.0, 0.0);
  ASSERT_EQ(r.out.status.phase, PhaseId::idle);
  // The next inflation, started without a plan, has the exercise limit again.
  r.step(command::Start{}, 0);
  const double started = r.t;
  r.run(started + 4.9, 100.0);
  EXPECT_NE(r.out.status.phase, PhaseId::deflating);
  r.run(started + 5.2, 100.0);
  EXPECT_EQ(r.out.status.phase, PhaseId::deflating);
}

TEST_F(ControllerTest, ALatchedFaultDeflatesAndHoldsTheFaultPhase) {
  start_session(50.0, 100.0);
  latched_ = FaultId::leak;
  auto out = run_until(1.5, 100.0, command::Start{});
  EXPECT_EQ(out.status.phase, PhaseId::fault);
  EXPECT_FALSE(out.actuators.dump_valve_powered);
  EXPECT_EQ(out.actuators.vent_opening, 1.0F);
  latched_ = FaultId::none;  // acknowledged at the device
  out = run_until(1.6, 0.0);
  EXPECT_EQ(out.status.phase, PhaseId::idle);
}

TEST_F(ControllerTest, StopEndsTheSessionEmpty) {
  start_session(50.0, 100.0);
  send(command::Stop{}, 100.0);
  const auto out = run_until(2.5, 0.0);
  EXPECT_EQ(out.status.phase, PhaseId::idle);
  EXPECT_EQ(out.status.deflate_reason, DeflateReason::operator_stop);
}

}  // namespace
}  // namespace bfr::core
