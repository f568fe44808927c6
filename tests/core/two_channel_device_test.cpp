// Two channels, one device: the shared pump's slots (literal time, after PX4's failsafe tests) and
// the rule that a fault on either channel empties both cuffs.

#include "core/two_channel_device.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>

namespace bfr::core {
namespace {

using units::at_seconds;
using units::mmHg;

Actuators pumping(float duty) { return Actuators{duty, true, 0.0F, true}; }

struct ShareCount {
  int open[2] = {0, 0};
  int both_open = 0;
  float duty = 0.0F;
};

// Steps the share for `seconds` at 1 kHz and counts each channel's open-valve steps.
ShareCount run_share(PumpShare& share, const std::array<Actuators, 2>& wanted, double seconds, double& t) {
  ShareCount c;
  const double end = t + seconds;
  while (t < end) {
    t += 0.001;
    const auto out = share.share(at_seconds(t), wanted);
    c.open[0] += out[0].inflate_valve_open;
    c.open[1] += out[1].inflate_valve_open;
    c.both_open += out[0].inflate_valve_open && out[1].inflate_valve_open;
    c.duty = out[0].pump_duty;
    EXPECT_EQ(out[0].pump_duty, out[1].pump_duty);
  }
  return c;
}

TEST(PumpShare, AChannelAloneHasThePumpAtItsOwnDuty) {
  PumpShare share;
  double t = 0.0;
  const auto c = run_share(share, {pumping(0.4F), Actuators::seal()}, 1.0, t);
  EXPECT_EQ(c.open[0], 1000);
  EXPECT_EQ(c.open[1], 0);
  EXPECT_FLOAT_EQ(c.duty, 0.4F);
}

TEST(PumpShare, TwoChannelsTakeTurnsInSlotsAndEachGetsTheAirItsDutyAskedFor) {
  PumpShare share;
  double t = 0.0;
  // 0.6 and 0.2: the pump runs at 0.8 and the valves are open 3:1, so each channel receives on
  // average 0.8 x 3/4 = 0.6 and 0.8 x 1/4 = 0.2 of full flow.
  const auto c = run_share(share, {pumping(0.6F), pumping(0.2F)}, 2.0, t);
  EXPECT_FLOAT_EQ(c.duty, 0.8F);
  EXPECT_EQ(c.both_open, 0);
  EXPECT_NEAR(c.open[0] / 2000.0, 0.75, 0.02);
  EXPECT_NEAR(c.open[1] / 2000.0, 0.25, 0.02);
}

TEST(PumpShare, AFlatOutPumpIsSharedInProportion) {
  PumpShare share;
  double t = 0.0;
  const auto c = run_share(share, {pumping(1.0F), pumping(0.5F)}, 3.0, t);
  EXPECT_FLOAT_EQ(c.duty, 1.0F);
  EXPECT_NEAR(c.open[0] / 3000.0, 2.0 / 3.0, 0.02);
  EXPECT_NEAR(c.open[1] / 3000.0, 1.0 / 3.0, 0.02);
}

TEST(PumpShare, AValveHoldsItsSlotForTheSlotsLength) {
  PumpShare share;
  double t = 0.0;
  int switches = 0;
  bool last = false;
  while (t < 1.0) {
    t += 0.001;
    const bool open0 = share.share(at_seconds(t), {pumping(0.5F), pumping(0.5F)})[0].inflate_valve_open;
    if (t > 0.0015 && open0 != last) ++switches;
    last = open0;
  }
  // Equal shares alternate every slot: 1 s / 20 ms = 50 slots, 49 changes at most.
  EXPECT_LE(switches, static_cast<int>(1.0 / kPumpSlot.seconds()));
  EXPECT_GE(switches, static_cast<int>(1.0 / kPumpSlot.seconds()) - 2);
}

TEST(PumpShare, NobodyWantingAirShutsBothInflateValvesAndStopsThePump) {
  PumpShare share;
  Actuators valve_open_no_pump{0.0F, true, 0.0F, true};
  const auto out = share.share(at_seconds(0.1), {valve_open_no_pump, Actuators::deflate()});
  EXPECT_FALSE(out[0].inflate_valve_open);
  EXPECT_FALSE(out[1].inflate_valve_open);
  EXPECT_EQ(out[0].pump_duty, 0.0F);
  EXPECT_EQ(out[1].vent_opening, 1.0F);  // vents and dumps pass unchanged
  EXPECT_FALSE(out[1].dump_valve_powered);
}

// Steps both channels with the cuffs at the given pressures (and their cuff-line sensors alike).
std::array<Outputs, 2> step_both(TwoChannelDevice& d, double t, double p0, double p1,
                                 std::array<HostCommand, 2> commands = {command::None{}, command::None{}}) {
  std::array<Inputs, 2> in{};
  const double p[2] = {p0, p1};
  for (std::size_t c = 0; c < 2; ++c) {
    in[c].cuff_pressure = mmHg(p[c]);
    in[c].cuff_line_pressure = mmHg(p[c]);
    in[c].host_heartbeat = true;
    in[c].command = commands[c];
  }
  return d.step(at_seconds(t), in);
}

TEST(TwoChannelDevice, AFaultOnOneChannelEmptiesBothCuffsOnTheSameStep) {
  for (const auto pumps : {PumpLayout::shared, PumpLayout::one_per_channel}) {
    TwoChannelDevice d(pumps);
    // Over the hard cap on the right channel only: the second sample over it trips.
    step_both(d, 0.001, 0.0, 320.0);
    EXPECT_FALSE(d.faulted_channel());
    const auto out = step_both(d, 0.002, 0.0, 321.0);
    EXPECT_EQ(d.faulted_channel(), std::optional<std::size_t>(1));
    EXPECT_EQ(out[1].status.fault, FaultId::over_pressure);
    for (const auto& o : out) {
      EXPECT_EQ(o.actuators.pump_duty, 0.0F);
      EXPECT_FALSE(o.actuators.inflate_valve_open);
      EXPECT_FALSE(o.actuators.dump_valve_powered);
      EXPECT_EQ(o.actuators.vent_opening, 1.0F);
    }
    // From the next step the healthy channel's controller is in Fault too, and says whose it is
    // by its own fault staying clear.
    const auto next = step_both(d, 0.003, 0.0, 0.0);
    EXPECT_EQ(next[0].status.phase, PhaseId::fault);
    EXPECT_EQ(next[0].status.fault, FaultId::none);
    EXPECT_EQ(next[1].status.fault, FaultId::over_pressure);
  }
}

TEST(TwoChannelDevice, OneAcknowledgementOnceBothCuffsAreEmptyClearsTheDevice) {
  TwoChannelDevice d(PumpLayout::shared);
  step_both(d, 0.001, 0.0, 320.0);
  step_both(d, 0.002, 0.0, 321.0);
  ASSERT_TRUE(d.faulted_channel());
  double t = 0.002;
  for (int i = 0; i < 100; ++i) step_both(d, t += 0.001, 2.0, 2.0);
  // Acknowledged on the left, where nothing went wrong: the right's latch clears too, and the
  // right's own command in that step (its prescription) is not lost.
  step_both(d, t += 0.001, 2.0, 2.0, {command::Acknowledge{}, command::SetTarget{units::percent(60.0)}});
  EXPECT_FALSE(d.faulted_channel());
  const auto out = step_both(d, t += 0.001, 2.0, 2.0);
  EXPECT_EQ(out[0].status.phase, PhaseId::idle);
  EXPECT_EQ(out[1].status.phase, PhaseId::idle);
  EXPECT_DOUBLE_EQ(out[1].status.target.percent(), 60.0);
  EXPECT_DOUBLE_EQ(out[0].status.target.percent(), 0.0);
}

TEST(TwoChannelDevice, WithASharedPumpOnlyOneInflateValveIsEverOpen) {
  TwoChannelDevice d(PumpLayout::shared);
  double t = 0.0;
  std::array<HostCommand, 2> setup[] = {{command::SetTarget{units::percent(50.0)}, command::SetTarget{units::percent(50.0)}},
                                        {command::SetLop{mmHg(200.0)}, command::SetLop{mmHg(160.0)}},
                                        {command::Start{}, command::Start{}}};
  for (const auto& c : setup) step_both(d, t += 0.001, 0.0, 0.0, c);
  int both = 0, left = 0, right = 0;
  for (int i = 0; i < 2000; ++i) {
    // Both cuffs filling, well under their setpoints (100 and 80 mmHg): both ask for air.
    const double p = 30.0 + 0.02 * i + 0.115 * (i % 3);
    const auto out = step_both(d, t += 0.001, p, p);
    both += out[0].actuators.inflate_valve_open && out[1].actuators.inflate_valve_open;
    left += out[0].actuators.inflate_valve_open;
    right += out[1].actuators.inflate_valve_open;
    EXPECT_EQ(out[0].status.phase, PhaseId::inflating);
  }
  EXPECT_EQ(both, 0);
  EXPECT_GT(left, 500);
  EXPECT_GT(right, 500);
}

}  // namespace
}  // namespace bfr::core
