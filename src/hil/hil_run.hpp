#pragma once
// A scenario with the firmware in the loop: the simulated plant and the firmware (in this process
// or on the emulated Cortex-M4) stepped in lockstep at 1 kHz, the rig playing the host.

#include <vector>

#include "hil/firmware_port.hpp"
#include "rig/runner.hpp"

namespace bfr::hil {

struct HilRun {
  rig::RunSummary summary;
  std::string firmware;                              // where it ran
  std::vector<link::plant::ActuatorTick> commands;   // every tick's command, in order
  std::optional<link::plant::StopReason> stopped;    // the firmware halted itself (outputs safe)
};

// Throws sim::ScenarioError for a scenario the firmware cannot run (a timeline, a baseline
// strategy, a physics step other than the firmware's 1 ms), HilError if the emulator fails.
HilRun run_in_loop(const sim::Scenario& scenario, FirmwarePort& port, const rig::TraceSink& sink = {});

}  // namespace bfr::hil
