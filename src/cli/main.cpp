// bfr: the OpenBFR command line. Each subcommand is a few lines that call the layers below.

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <exception>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "OpenBFR: an open blood-flow-restriction training system.\n"
      "Not medical advice. Results from the virtual cuff are simulated, not measured on a person."};
  app.set_version_flag("--version", std::string("bfr ") + bfr::cli::version());
  app.require_subcommand(1);
  bfr::cli::add_database_option(app);  // first: subcommands inherit its fallthrough
  bfr::cli::add_sim_commands(app);
  bfr::cli::add_bench_commands(app);
  bfr::cli::add_hil_commands(app);
  bfr::cli::add_clinic_commands(app);
  bfr::cli::add_plan_command(app);
  bfr::cli::add_person_commands(app);
  bfr::cli::add_session_commands(app);
  bfr::cli::add_device_sim_command(app);
  bfr::cli::add_history_commands(app);
  bfr::cli::add_serve_command(app);
  bfr::cli::add_clinic_account_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every mistake on the command line is bad input (2).
    return app.exit(e) == 0 ? 0 : bfr::cli::kExitBadInput;
  }
  return bfr::cli::exit_code();
}
