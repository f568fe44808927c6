#include "cli/commands.hpp"

namespace bfr::cli {

namespace {
int g_exit_code = 0;
}

const char* version() { return "0.1.0"; }
int exit_code() { return g_exit_code; }
void set_exit_code(int code) { g_exit_code = code; }

}  // namespace bfr::cli
