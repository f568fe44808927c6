// `bfr hil run FILE`: one scenario with the firmware in the loop, on the emulated Cortex-M4 (QEMU
// mps2-an386) or, with --in-process, the same firmware code built for this machine.

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/sim_text.hpp"
#include "hil/emulated_firmware.hpp"
#include "hil/hil_run.hpp"
#include "rig/summary_json.hpp"
#include "sim/scenario.hpp"

namespace bfr::cli {

namespace {
struct HilRunOptions {
  std::string file;
  std::string image;
  bool in_process = false;
  bool json = false;
};

// Step cost on the target, from the firmware's own SysTick (25 MHz); QEMU runs the board with
// -icount shift=0, one instruction per nanosecond, so one clock is 40 instructions.
constexpr double kInstructionsPerClock = 40.0;

nlohmann::json step_figures(const hil::HilRun& run) {
  std::vector<std::uint32_t> clocks;
  for (const auto& c : run.commands) clocks.push_back(c.step_clocks);
  std::sort(clocks.begin(), clocks.end());
  if (clocks.empty()) return nullptr;
  const auto at = [&](double q) { return clocks[static_cast<std::size_t>(q * static_cast<double>(clocks.size() - 1))]; };
  return {{"ticks", clocks.size()},
          {"instructions_median", at(0.5) * kInstructionsPerClock},
          {"instructions_p99", at(0.99) * kInstructionsPerClock},
          {"instructions_max", clocks.back() * kInstructionsPerClock}};
}

void run(const HilRunOptions& o) {
  try {
    const auto scenario = sim::load_scenario(o.file);
    std::unique_ptr<hil::FirmwarePort> port;
    if (o.in_process) {
      port = std::make_unique<hil::InProcessFirmware>();
    } else {
      hil::EmulatorOptions e;
      e.image = o.image.empty() ? hil::built_firmware_image() : std::filesystem::path(o.image);
      fmt::print(stderr, "bfr hil run: starting {} with {}\n", "QEMU mps2-an386", e.image.string());
      port = std::make_unique<hil::EmulatedFirmware>(e);
    }
    const auto run = hil::run_in_loop(scenario, *port);
    if (o.json) {
      auto j = rig::to_json(run.summary);
      j["firmware"] = {{"ran_on", run.firmware}, {"ticks", run.commands.size()}, {"stopped_itself", run.stopped ? link::plant::to_string(*run.stopped) : ""}};
      if (!o.in_process) j["firmware"]["step"] = step_figures(run);
      std::cout << j.dump(2) << "\n";
      return;
    }
    fmt::print("Firmware: {} ({} ticks of 1 ms{})\n", run.firmware, run.commands.size(),
               run.stopped ? fmt::format("; it stopped itself ({}) with every output safe", link::plant::to_string(*run.stopped)) : "");
    if (!o.in_process) {
      const auto f = step_figures(run);
      fmt::print("Control step on the target: median {:.0f}, p99 {:.0f}, max {:.0f} instructions (QEMU -icount, +-40)\n",
                 f["instructions_median"].get<double>(), f["instructions_p99"].get<double>(), f["instructions_max"].get<double>());
    }
    print_run_summary(run.summary, "");
  } catch (const sim::ScenarioError& e) {
    fmt::print(stderr, "bfr hil run: {}\n", e.what());
    set_exit_code(kExitBadInput);
  } catch (const hil::HilError& e) {
    fmt::print(stderr, "bfr hil run: {}\n", e.what());
    set_exit_code(kExitFailedCheck);
  }
}
}  // namespace

void add_hil_commands(CLI::App& app) {
  auto* hil = app.add_subcommand("hil", "Hardware in the loop: the firmware image on an emulated Cortex-M4 against the simulator");
  hil->require_subcommand(1);
  auto opts = std::make_shared<HilRunOptions>();
  auto* cmd = hil->add_subcommand("run", "Run one scenario (controller \"ours\") with the firmware in the loop (simulated)");
  cmd->add_option("FILE", opts->file, "Scenario JSON (docs/scenario-format.md)")->required();
  cmd->add_option("--image", opts->image, "Firmware ELF for QEMU mps2-an386 (default: the one this build made)");
  cmd->add_flag("--in-process", opts->in_process, "Run the same firmware code in this process instead of the emulator");
  cmd->add_flag("--json", opts->json, "Print the summary as JSON");
  cmd->callback([opts] { run(*opts); });
}

}  // namespace bfr::cli
