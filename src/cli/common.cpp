#include "cli/commands.hpp"
#include "store/store.hpp"

namespace bfr::cli {

namespace {
int g_exit_code = 0;
std::string g_database_url;
}  // namespace

void add_database_option(CLI::App& app) {
  app.add_option("--db", g_database_url, "Database: sqlite:PATH or a file path (default $BFR_DB, else ~/.local/share/openbfr/openbfr.sqlite)")
      ->envname("BFR_DB");
  app.fallthrough();  // so --db may also follow the subcommand
}

const std::string& database_url() {
  if (g_database_url.empty()) g_database_url = store::default_store_url();
  return g_database_url;
}

const char* version() { return "0.1.0"; }
int exit_code() { return g_exit_code; }
void set_exit_code(int code) { g_exit_code = code; }

}  // namespace bfr::cli
