#pragma once
// The clinic server: an HTTP JSON API over the store and the clinical engine, with accounts,
// roles and clinic isolation (docs/server.md). Every request is authenticated by an HttpOnly,
// SameSite=Strict session cookie; every change also needs the CSRF token the sign-in returned,
// and is written to the audit log. A clinic never sees another clinic's records: an object of
// another clinic answers 404, exactly as one that does not exist.

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "link/device_connection.hpp"
#include "server/http/http_server.hpp"

namespace bfr::server {

// Where this build put the web app: the build tree's web/ (OPENBFR_WEB_ROOT), unless $BFR_WEB_ROOT says.
std::filesystem::path default_web_root();

struct ServerOptions {
  std::string database_url;
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  std::size_t max_body_bytes = 256 * 1024;
  // The cuff live sessions use: link::kVirtualCuff ("sim": a virtual cuff for each session) or a
  // serial port's path.
  std::string device = link::kVirtualCuff;
  // How live sessions open it. The virtual cuff needs rig::open_device (the command line and the
  // tests give it); this default opens serial ports only, and says so for the virtual cuff.
  link::DeviceOpener open_device = link::open_serial_device;
  std::filesystem::path web_root = default_web_root();  // the built web app (web/, copied by CMake)
  // How long a finished live session stays visible (a watcher arriving late still sees its
  // outcome) before the server forgets it: a server running for months keeps only recent ones.
  std::chrono::seconds keep_finished_sessions = std::chrono::minutes(10);
  // Connections one address may hold (http::ServerLimits); `bfr bench serve` raises it, since all
  // its watchers come from one address.
  std::size_t connections_per_address = 64;
  // TLS (`bfr serve --tls-cert --tls-key`): cookies are then Secure and answers carry HSTS.
  std::optional<http::TlsFiles> tls{};
  // A reverse proxy in front (docs/server.md): a request from this address is taken to come from
  // the last address of its X-Forwarded-For, and over TLS if its X-Forwarded-Proto says https.
  // It is exempt from connections_per_address. Empty: no proxy is trusted.
  std::string trusted_proxy{};
  // SIGINT and SIGTERM stop run() (`bfr serve`).
  bool stop_on_signals = false;
};

// The first administrator, made on the first start of an empty database.
struct FirstAdmin {
  std::string email, password;
};

class ClinicServer {
 public:
  explicit ClinicServer(ServerOptions options);
  ~ClinicServer();
  ClinicServer(const ClinicServer&) = delete;
  ClinicServer& operator=(const ClinicServer&) = delete;

  // Makes the first clinic administrator if there are no accounts; returns the credentials to
  // show once.
  std::optional<FirstAdmin> ensure_first_admin();
  // Binds the port (throws std::runtime_error if it cannot); returns the port bound.
  int bind();
  // Whether the web app was found at options.web_root (without it only the API is served).
  [[nodiscard]] bool has_web_app() const;
  // Serves until stop().
  void run();
  // From another thread: stops run() and returns once it has returned (or if it never ran).
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bfr::server
