// `bfr serve`: the clinic server on SQLite (default) or PostgreSQL.

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/guarded.hpp"
#include "rig/virtual_cuff.hpp"
#include "server/clinic_server.hpp"

namespace bfr::cli {

namespace {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string web_root = server::default_web_root().string();
  std::string device = link::kVirtualCuff;
  std::string tls_cert, tls_key, trusted_proxy;
  bool insecure_http = false;
};

bool loopback(const std::string& host) { return host.rfind("127.", 0) == 0 || host == "::1" || host == "localhost"; }

// Passwords and session cookies must not cross a network in clear text: another address than
// loopback needs TLS, or the operator's explicit word (a TLS proxy in front, docs/server.md).
void check_transport(const ServeOptions& o) {
  if (o.tls_cert.empty() != o.tls_key.empty()) throw std::invalid_argument("--tls-cert and --tls-key go together: give both, or neither");
  if (!o.tls_cert.empty() || loopback(o.host)) return;
  if (!o.insecure_http)
    throw std::invalid_argument(fmt::format(
        "--host {} would send passwords and session cookies over the network in clear text: give --tls-cert FILE --tls-key FILE, or "
        "--insecure-http if a TLS proxy in front of this server encrypts them (see docs/server.md)",
        o.host));
  fmt::print(stderr, "bfr serve: WARNING: plain HTTP on {}: passwords and session cookies cross the network unencrypted unless a TLS proxy is in front\n",
             o.host);
}

void run_serve(const ServeOptions& o) {
  check_transport(o);
  server::ServerOptions options;
  if (!o.tls_cert.empty()) options.tls = server::http::TlsFiles{o.tls_cert, o.tls_key};
  options.trusted_proxy = o.trusted_proxy;
  options.database_url = database_url();
  options.host = o.host;
  options.port = o.port;
  options.web_root = o.web_root;
  options.device = o.device;
  options.open_device = rig::open_device;
  options.stop_on_signals = true;  // Ctrl-C and SIGTERM end the sessions (cuffs deflate) and the server
  server::ClinicServer srv(options);
  if (!srv.has_web_app())
    fmt::print(stderr, "bfr serve: no web app at {} (build the openbfr_web target, or give --web-root): serving the API only\n", o.web_root);
  if (const auto admin = srv.ensure_first_admin())
    fmt::print("First start: clinic administrator {} with password {} (shown once: change it on the Account page after signing in).\n", admin->email,
               admin->password);
  const int port = srv.bind();
  fmt::print("OpenBFR clinic server on {}://{}:{}/ (database {}). Not medical advice. Ctrl-C to stop.\n", options.tls ? "https" : "http", o.host,
             port, database_url());
  std::fflush(stdout);
  srv.run();
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto o = std::make_shared<ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "The clinic web app and its JSON API (SQLite by default, or --db postgresql://...)");
  cmd->add_option("--port", o->port, "TCP port (0: any free port)")->check(CLI::Range(0, 65535));
  cmd->add_option("--host", o->host, "Address to listen on (default 127.0.0.1; 0.0.0.0 for the clinic network, with TLS)");
  cmd->add_option("--tls-cert", o->tls_cert, "TLS: the server's certificate chain (PEM); cookies become Secure and answers carry HSTS");
  cmd->add_option("--tls-key", o->tls_key, "TLS: the certificate's private key (PEM)");
  cmd->add_flag("--insecure-http", o->insecure_http, "Allow plain HTTP on an address other than loopback (only with a TLS proxy in front)");
  cmd->add_option("--trusted-proxy", o->trusted_proxy,
                  "The address of a reverse proxy in front: its X-Forwarded-For names the client, its X-Forwarded-Proto https marks TLS");
  cmd->add_option("--device", o->device, "The cuff for live sessions: sim (a virtual cuff each, the default) or a serial port (one session at a time)");
  cmd->add_option("--web-root", o->web_root, "The built web app's folder (default: this build's, or $BFR_WEB_ROOT)");
  cmd->callback([o] { guarded("serve", [&] { run_serve(*o); }); });
}

}  // namespace bfr::cli
