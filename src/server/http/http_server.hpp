#pragma once
// The clinic's HTTP/1.1 server: an event loop (Boost.Beast on Boost.Asio) on a few threads, so
// that a connection costs memory, not a thread. A client that is slow to send its headers or
// body, or slow to take an answer, is dropped at a deadline; bodies (chunked or not) and headers
// have limits; one address may hold only so many connections. Handlers do not run here: the
// `Handle` given to the server receives each complete request and answers through its `Reply`,
// from whatever thread it chose (clinic_server.cpp runs them on worker lanes). Server-sent
// events are pulled from their EventSource on the loop's timers: a watcher is a timer, not a
// thread.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "server/http/message.hpp"

namespace bfr::server::http {

struct ServerLimits {
  std::size_t max_body_bytes = 256 * 1024;  // also the sum of a chunked body's chunks
  std::size_t max_header_bytes = 16 * 1024;
  // From the start of reading a request (also an idle keep-alive connection) to its last header.
  std::chrono::milliseconds header_deadline = std::chrono::seconds(10);
  std::chrono::milliseconds body_deadline = std::chrono::seconds(30);
  // A reader that takes nothing of an answer or an event for this long is dropped.
  std::chrono::milliseconds write_deadline = std::chrono::seconds(30);
  std::size_t connections_per_address = 64;
  // An address exempt from connections_per_address (a trusted reverse proxy: every request comes
  // from it); empty: none.
  std::string unlimited_address;
  std::size_t max_connections = 4000;
  std::chrono::milliseconds event_period = std::chrono::milliseconds(100);
  std::size_t io_threads = 2;
  Headers every_answer;  // added to every answer, also the server's own refusals
};

// TLS (OpenSSL): the server's certificate chain and its private key, PEM files. TLS 1.2 and newer.
struct TlsFiles {
  std::string certificate_chain;
  std::string private_key;
};

// Called once per answer, from any thread.
using Reply = std::function<void(Response)>;
// Called on an event-loop thread for each complete request: must not block.
using Handle = std::function<void(Request, Reply)>;

// Each connection is a file descriptor: 500 watchers and the API beside them need more than the
// usual soft limit of 1024, so this takes what the hard limit allows (the server does at start;
// so do benchmarks that open that many connections).
void raise_open_file_limit();

class HttpServer {
 public:
  // With `tls`, every connection is TLS (the request's `secure` is set). Throws std::runtime_error
  // when its files cannot be read or do not match.
  HttpServer(ServerLimits limits, Handle handle, std::optional<TlsFiles> tls = std::nullopt);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; returns the port (port 0: any free one). Throws std::runtime_error.
  int bind(const std::string& host, int port);
  // Serves on this thread and io_threads - 1 more until stop() (or a signal, if asked for).
  void run();
  // From any thread, also before run(): run() returns soon after.
  void stop();
  // SIGINT and SIGTERM stop run() (call before run()).
  void stop_on_signals();
  [[nodiscard]] std::size_t open_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bfr::server::http
