// `bfr serve`: the clinic server on SQLite (default) or PostgreSQL.

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/guarded.hpp"
#include "server/clinic_server.hpp"

namespace bfr::cli {

namespace {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string web_root = server::default_web_root().string();
  std::string device = link::kVirtualCuff;
};

void run_serve(const ServeOptions& o) {
  server::ServerOptions options;
  options.database_url = database_url();
  options.host = o.host;
  options.port = o.port;
  options.web_root = o.web_root;
  options.device = o.device;
  options.stop_on_signals = true;  // Ctrl-C and SIGTERM end the sessions (cuffs deflate) and the server
  server::ClinicServer srv(options);
  if (!srv.has_web_app())
    fmt::print(stderr, "bfr serve: no web app at {} (build the openbfr_web target, or give --web-root): serving the API only\n", o.web_root);
  if (const auto admin = srv.ensure_first_admin())
    fmt::print("First start: clinic administrator {} with password {} (shown once: change it on the Account page after signing in).\n", admin->email,
               admin->password);
  const int port = srv.bind();
  fmt::print("OpenBFR clinic server on http://{}:{}/ (database {}). Not medical advice. Ctrl-C to stop.\n", o.host, port, database_url());
  std::fflush(stdout);
  srv.run();
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto o = std::make_shared<ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "The clinic web app and its JSON API (SQLite by default, or --db postgresql://...)");
  cmd->add_option("--port", o->port, "TCP port (0: any free port)")->check(CLI::Range(0, 65535));
  cmd->add_option("--host", o->host, "Address to listen on (default 127.0.0.1; 0.0.0.0 for the clinic network)");
  cmd->add_option("--device", o->device, "The cuff for live sessions: sim (a virtual cuff each, the default) or a serial port (one session at a time)");
  cmd->add_option("--web-root", o->web_root, "The built web app's folder (default: this build's, or $BFR_WEB_ROOT)");
  cmd->callback([o] { guarded("serve", [&] { run_serve(*o); }); });
}

}  // namespace bfr::cli
