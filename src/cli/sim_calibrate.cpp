#include "cli/commands.hpp"
namespace bfr::cli {
void add_sim_calibrate(CLI::App&) {}
}
