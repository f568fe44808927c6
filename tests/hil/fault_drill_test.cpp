// The safety net on the target itself: drill images of the firmware (src/firmware/fault_drill.hpp)
// hang, fault or abort while the cuff is held at its target, 8 s in, and each must end in the safe stop:
// the board says why on the plant line, every output goes to its safe state, and the cuff empties
// (docs/safety.md). A hang can only be caught by the watchdog, whose first expiry (50 ms of board
// time) is the NMI. The plant waits for each tick's answer (lockstep), so it does not see those
// 50 ms: on a real board the cuff would hold the last command that long before it opens.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "hil/emulated_firmware.hpp"
#include "hil/hil_run.hpp"
#include "sim/scenario.hpp"

namespace bfr::hil {
namespace {

constexpr double kDrillAtS = 8.0;  // fault_drill.hpp's kAtTick

struct Drilled {
  HilRun run;
  double highest_cuff_before_drill = 0.0;  // true cuff pressure, mmHg
  double highest_cuff_last_2_s = 0.0;
};

Drilled run_drill(const std::string& kind) {
  // A LOP of 160 given, held at 50 %; the scenario's loose sensor comes at 9 s, after the drill.
  const auto s = sim::load_scenario(std::string(OPENBFR_EXAMPLES_DIR) + "/hil-sensor-disconnect.json");
  EmulatorOptions options;
  options.image = std::string(OPENBFR_FIRMWARE_DIR) + "/openbfr_firmware_drill_" + kind + ".elf";
  EmulatedFirmware target(options);
  Drilled d;
  const double last_2_s = s.duration.seconds() - 2.0;
  d.run = run_in_loop(s, target, [&](const rig::TraceRow& row) {
    const double cuff = row.truth.cuff.mmHg();
    if (row.time.seconds() < kDrillAtS) d.highest_cuff_before_drill = std::max(d.highest_cuff_before_drill, cuff);
    if (row.time.seconds() >= last_2_s) d.highest_cuff_last_2_s = std::max(d.highest_cuff_last_2_s, cuff);
  });
  return d;
}

void expect_safe_stop(const Drilled& d, link::plant::StopReason why) {
  ASSERT_TRUE(d.run.stopped.has_value()) << "the drill image ran on without stopping";
  EXPECT_EQ(*d.run.stopped, why) << link::plant::to_string(*d.run.stopped);
  EXPECT_GT(d.highest_cuff_before_drill, 70.0);  // the drill struck a held cuff (80 mmHg target)
  const auto& r = *d.run.summary.report;
  EXPECT_EQ(r.fault, std::string("firmware_stopped: ") + link::plant::to_string(why));
  ASSERT_TRUE(r.fault_at.has_value());
  EXPECT_NEAR(r.fault_at->seconds(), kDrillAtS, 0.002);  // the tick the drill struck
  // The ticks the firmware answered stop at the drill.
  EXPECT_NEAR(static_cast<double>(d.run.commands.size()) / 1000.0, kDrillAtS, 0.01);
  EXPECT_LT(d.highest_cuff_last_2_s, 20.0);  // the cuff is empty
}

TEST(FaultDrillOnTheTarget, AStepThatHangsIsStoppedByTheWatchdog) {
  expect_safe_stop(run_drill("hang"), link::plant::StopReason::watchdog);
}

TEST(FaultDrillOnTheTarget, AHardFaultStopsAtOnce) {
  expect_safe_stop(run_drill("fault"), link::plant::StopReason::hard_fault);
}

TEST(FaultDrillOnTheTarget, AnAbortStopsAtOnce) {
  expect_safe_stop(run_drill("abort"), link::plant::StopReason::abort);
}

}  // namespace
}  // namespace bfr::hil
