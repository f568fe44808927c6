#include "cli/commands.hpp"

namespace bfr::cli {

void add_sim_run(CLI::App& sim);
void add_sim_calibrate(CLI::App& sim);

void add_sim_commands(CLI::App& app) {
  auto* sim = app.add_subcommand("sim", "The physics simulator: the virtual cuff, limb and person");
  sim->require_subcommand(1);
  add_sim_run(*sim);
  add_sim_calibrate(*sim);
}

}  // namespace bfr::cli
