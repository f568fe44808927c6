#pragma once
// Registration of the `bfr` subcommands. Each adder wires a subcommand to its handler; the
// handler stores its exit status for main().

#include <CLI/CLI.hpp>

namespace bfr::cli {

const char* version();
void add_sim_commands(CLI::App& app);
void add_bench_commands(CLI::App& app);
void add_clinic_commands(CLI::App& app);
void add_plan_command(CLI::App& app);

// Exit status of the subcommand that ran: 0 success, 1 a failed check (calibration target,
// benchmark target), 2 bad input.
int exit_code();
void set_exit_code(int code);

inline constexpr int kExitFailedCheck = 1;
inline constexpr int kExitBadInput = 2;

}  // namespace bfr::cli
