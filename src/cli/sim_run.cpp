// `bfr sim run FILE`: one scenario, a summary, optionally the trace as CSV.

#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/sim_text.hpp"
#include "rig/summary_json.hpp"
#include "rig/trace_csv.hpp"
#include "sim/scenario.hpp"

namespace bfr::cli {

namespace {
struct SimRunOptions {
  std::string file;
  std::string trace;
  std::string controller;
  bool json = false;
};

void run(const SimRunOptions& o) {
  try {
    auto scenario = sim::load_scenario(o.file);
    if (!o.controller.empty()) {
      // Same scenario, another strategy: keep its target if it names one.
      sim::ControllerChoice choice;
      if (const auto* c = std::get_if<sim::ControllerChoice>(&scenario.actuation)) choice = *c;
      choice.name = o.controller;
      scenario.actuation = choice;
    }
    std::ofstream trace_file;
    std::optional<rig::TraceCsvWriter> writer;
    if (!o.trace.empty()) {
      trace_file.open(o.trace);
      if (!trace_file) {
        fmt::print(stderr, "bfr sim run: cannot write the trace to {}\n", o.trace);
        set_exit_code(kExitBadInput);
        return;
      }
      writer.emplace(trace_file);
    }
    const auto summary = rig::run_scenario(scenario, [&](const rig::TraceRow& row) {
      if (writer) writer->write(row);
    });
    if (o.json) std::cout << rig::to_json(summary).dump(2) << "\n";
    else print_run_summary(summary, o.trace);
  } catch (const sim::ScenarioError& e) {
    fmt::print(stderr, "bfr sim run: {}\n", e.what());
    set_exit_code(kExitBadInput);
  }
}
}  // namespace

void add_sim_run(CLI::App& sim) {
  auto opts = std::make_shared<SimRunOptions>();
  auto* cmd = sim.add_subcommand("run", "Run one scenario file on the virtual cuff and summarise it");
  cmd->add_option("FILE", opts->file, "Scenario JSON (docs/scenario-format.md)")->required();
  cmd->add_option("--out", opts->trace, "Write the trace (measured and true columns) as CSV to this file");
  cmd->add_option("--controller", opts->controller, "Drive the cuff with this strategy instead of the scenario's")
      ->check(CLI::IsMember({"ours", "passive", "deadband"}));
  cmd->add_flag("--json", opts->json, "Print the summary as JSON");
  cmd->callback([opts] { run(*opts); });
}

}  // namespace bfr::cli
