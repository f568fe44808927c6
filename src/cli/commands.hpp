#pragma once
// Registration of the `bfr` subcommands. Each adder wires a subcommand to its handler; the
// handler stores its exit status for main().

#include <CLI/CLI.hpp>

namespace bfr::cli {

const char* version();
void add_sim_commands(CLI::App& app);
void add_bench_commands(CLI::App& app);
void add_hil_commands(CLI::App& app);
void add_clinic_commands(CLI::App& app);
void add_plan_command(CLI::App& app);
void add_person_commands(CLI::App& app);
void add_session_commands(CLI::App& app);
void add_device_sim_command(CLI::App& app);
void add_history_commands(CLI::App& app);
void add_serve_command(CLI::App& app);
void add_clinic_account_commands(CLI::App& app);

// The database every subcommand uses: --db URL (any position), else $BFR_DB, else the per-user
// default (store::default_store_url).
void add_database_option(CLI::App& app);
const std::string& database_url();

// Exit status of the subcommand that ran: 0 success, 1 a failed check (calibration target,
// benchmark target), 2 bad input.
int exit_code();
void set_exit_code(int code);

inline constexpr int kExitFailedCheck = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInterrupted = 130;  // 128 + SIGINT, as shells report it

}  // namespace bfr::cli
