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
#include "hil/step_clocks.hpp"
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

// Step cost on the target, from the firmware's own SysTick (hil/step_clocks.hpp).
nlohmann::json step_figures(const hil::HilRun& run) {
  hil::StepClocks clocks;
  for (const auto& c : run.commands) clocks.add(c.step_clocks);
  if (clocks.steps() == 0) return nullptr;
  return {{"ticks", clocks.steps()},
          {"instructions_median", clocks.instructions_at(0.5)},
          {"instructions_p99", clocks.instructions_at(0.99)},
          {"instructions_max", clocks.instructions_at(1.0)}};
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
