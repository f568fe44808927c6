// The firmware on its target: the Cortex-M4 image on QEMU's mps2-an386, in the loop with the
// simulated plant, gives the same actuator command as the same code built for this machine, tick
// for tick (floating point, alignment and stack on the target behave as on the host), and a fault
// in the loop empties the cuff as the device promises (docs/safety.md).

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "hil/emulated_firmware.hpp"
#include "hil/hil_run.hpp"
#include "sim/scenario.hpp"

namespace bfr::hil {
namespace {

sim::Scenario scenario(const char* name) { return sim::load_scenario(std::string(OPENBFR_EXAMPLES_DIR) + "/" + name); }

struct Both {
  HilRun in_process;
  HilRun emulated;
  double highest_true_cuff_last_2_s = 0.0;  // emulated run, mmHg
};

Both run_both(const sim::Scenario& s) {
  Both b;
  InProcessFirmware reference;
  b.in_process = run_in_loop(s, reference);
  EmulatorOptions options;
  options.image = built_firmware_image();
  EmulatedFirmware target(options);
  const double last_2_s = s.duration.seconds() - 2.0;
  b.emulated = run_in_loop(s, target, [&](const rig::TraceRow& row) {
    if (row.time.seconds() >= last_2_s) b.highest_true_cuff_last_2_s = std::max(b.highest_true_cuff_last_2_s, row.truth.cuff.mmHg());
  });
  return b;
}

void expect_identical_commands(const HilRun& a, const HilRun& b) {
  ASSERT_FALSE(b.stopped.has_value()) << "the firmware stopped itself: " << link::plant::to_string(*b.stopped) << " after "
                                      << b.commands.size() << " ticks";
  ASSERT_EQ(a.commands.size(), b.commands.size());
  for (std::size_t i = 0; i < a.commands.size(); ++i) {
    const auto& x = a.commands[i];
    const auto& y = b.commands[i];
    ASSERT_TRUE(x.same_command(y)) << "tick " << i << ": in-process pump " << x.pump_duty << " vent " << x.vent_opening
                                   << " inflate " << x.inflate_valve_open << " dump " << x.dump_valve_powered << " bytes "
                                   << x.device_bytes << "; emulated pump " << y.pump_duty << " vent " << y.vent_opening
                                   << " inflate " << y.inflate_valve_open << " dump " << y.dump_valve_powered << " bytes "
                                   << y.device_bytes;
  }
}

TEST(FirmwareInTheLoop, MeasuresLopRunsASetAndDeflatesOnALeakExactlyAsInProcess) {
  const auto s = scenario("hil-lop-set-leak.json");
  const auto b = run_both(s);
  expect_identical_commands(b.in_process, b.emulated);
  // The emulated run is the image on the target, not the host's code: it timed its own steps.
  std::uint32_t timed = 0;
  for (const auto& c : b.emulated.commands) timed += c.step_clocks > 0 ? 1U : 0U;
  EXPECT_GT(timed, b.emulated.commands.size() / 2);
  for (const auto& c : b.in_process.commands) ASSERT_EQ(c.step_clocks, 0U);

  const auto& r = *b.emulated.summary.report;
  ASSERT_TRUE(r.measured_lop.has_value()) << r.lop_failure;
  EXPECT_NEAR(r.measured_lop->mmHg(), b.emulated.summary.true_lop.mmHg(), 0.10 * b.emulated.summary.true_lop.mmHg());
  EXPECT_EQ(r.fault, "under_pressure");  // the leak: docs/safety.md's response to a large leak while regulating
  ASSERT_TRUE(r.fault_at.has_value());
  EXPECT_GT(r.fault_at->seconds(), 38.0);  // not before the leak opened
  // Deflated: the last command is the safe one (pump off, inflate shut, vent and dump open).
  const auto& last = b.emulated.commands.back();
  EXPECT_EQ(last.pump_duty, 0.0F);
  EXPECT_FALSE(last.inflate_valve_open);
  EXPECT_FALSE(last.dump_valve_powered);
  EXPECT_EQ(r.final_phase, "fault");
  EXPECT_LT(b.highest_true_cuff_last_2_s, 20.0);  // the cuff itself is empty, not only the command
}

TEST(FirmwareInTheLoop, ALooseSensorLatchesTheSameFaultOnTheTarget) {
  const auto s = scenario("hil-sensor-disconnect.json");
  const auto b = run_both(s);
  expect_identical_commands(b.in_process, b.emulated);
  const auto& r = *b.emulated.summary.report;
  EXPECT_EQ(r.fault, "sensor_out_of_range");
  ASSERT_TRUE(r.fault_at.has_value());
  EXPECT_LT(r.fault_at->seconds() - 9.0, 0.1);
  EXPECT_FALSE(b.emulated.commands.back().dump_valve_powered);
}

TEST(FirmwareInTheLoop, AScenarioTheFirmwareCannotRunIsRefusedWithTheReason) {
  auto s = scenario("hil-sensor-disconnect.json");
  s.plant.step = units::milliseconds(0.5);
  InProcessFirmware reference;
  try {
    run_in_loop(s, reference);
    FAIL() << "a 0.5 ms physics step was accepted";
  } catch (const sim::ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("physics_step_ms"), std::string::npos) << e.what();
  }
}

TEST(FirmwareInTheLoop, AMissingImageIsReportedWithWhereItWasLookedFor) {
  EmulatorOptions options;
  options.image = "/nonexistent/openbfr_firmware.elf";
  try {
    EmulatedFirmware target(options);
    FAIL() << "no error for a missing image";
  } catch (const HilError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/openbfr_firmware.elf"), std::string::npos) << e.what();
  }
}

TEST(FirmwareInTheLoop, AnEmulatorThatCannotStartIsReportedWithTheFix) {
  EmulatorOptions options;
  options.image = built_firmware_image();
  options.qemu = "/nonexistent/qemu-system-arm";
  try {
    EmulatedFirmware target(options);
    FAIL() << "no error for a missing emulator";
  } catch (const HilError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot start /nonexistent/qemu-system-arm: No such file"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("scripts/bootstrap installs qemu-system-arm"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace bfr::hil
