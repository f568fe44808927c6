#include "cli/commands.hpp"
namespace bfr::cli {
void add_bench_commands(CLI::App&) {}
}
