#pragma once
// The clinic server: an HTTP JSON API over the store and the clinical engine, with accounts,
// roles and clinic isolation (docs/server.md). Every request is authenticated by an HttpOnly,
// SameSite=Strict session cookie; every change also needs the CSRF token the sign-in returned,
// and is written to the audit log. A clinic never sees another clinic's records: an object of
// another clinic answers 404, exactly as one that does not exist.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace bfr::server {

struct ServerOptions {
  std::string database_url;
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  std::size_t max_body_bytes = 256 * 1024;
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
  // Serves until stop().
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bfr::server
