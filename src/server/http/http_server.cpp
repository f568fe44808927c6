#include "server/http/http_server.hpp"

#include <sys/resource.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <vector>

namespace bfr::server::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bh = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

// A server's own refusal (never a handler's): JSON like every other error of the API.
Response refusal(int status, std::string_view what) {
  Response r;
  r.status = status;
  r.body = std::string(R"({"error":")") + std::string(what) + "\"}";
  return r;
}

std::optional<Method> method_of(bh::verb v) {
  switch (v) {
    case bh::verb::get: return Method::get;
    case bh::verb::post: return Method::post;
    case bh::verb::delete_: return Method::delete_;
    default: return std::nullopt;
  }
}

// What every connection shares: the limits, the handler and the count of connections by address.
struct Shared {
  ServerLimits limits;
  Handle handle;
  std::mutex mutex;
  std::unordered_map<std::string, std::size_t> by_address;
  std::atomic<std::size_t> open{0};

  // Counts a new connection in; false (and not counted) when over a limit.
  bool admit(const std::string& address) {
    std::lock_guard lock(mutex);
    auto& n = by_address[address];
    const bool over_address = n >= limits.connections_per_address && address != limits.unlimited_address;
    if (over_address || open.load() >= limits.max_connections) {
      if (n == 0) by_address.erase(address);
      return false;
    }
    ++n;
    ++open;
    return true;
  }
  void release(const std::string& address) {
    std::lock_guard lock(mutex);
    if (auto it = by_address.find(address); it != by_address.end() && --it->second == 0) by_address.erase(it);
    --open;
  }
};

// Plain TCP (beast::tcp_stream) or TLS over it (beast::ssl_stream<beast::tcp_stream>).
template <class Stream>
constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

template <class Stream>
class Connection : public std::enable_shared_from_this<Connection<Stream>> {
 public:
  template <class... StreamArgs>
  Connection(Shared& shared, std::string address, bool admitted, StreamArgs&&... stream_args)
      : stream_(std::forward<StreamArgs>(stream_args)...), timer_(stream_.get_executor()), shared_(shared), address_(std::move(address)),
        admitted_(admitted) {}
  ~Connection() {
    if (admitted_) shared_.release(address_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void start() {
    if constexpr (kTls<Stream>) {
      // The handshake has the header deadline: a client that opens TLS slowly is dropped as one
      // that sends its headers slowly.
      tcp().expires_after(shared_.limits.header_deadline);
      stream_.async_handshake(net::ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
        if (ec) return self->close();
        self->serve();
      });
    } else {
      serve();
    }
  }

 private:
  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream_); }

  void serve() {
    if (!admitted_) {
      keep_alive_ = false;
      write(refusal(503, "too many connections from this address"));
      return;
    }
    read_request();
  }

  void read_request() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_.limits.max_header_bytes));
    parser_->body_limit(shared_.limits.max_body_bytes);
    tcp().expires_after(shared_.limits.header_deadline);
    bh::async_read_header(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    tcp().expires_after(shared_.limits.body_deadline);
    bh::async_read(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code e, std::size_t) { self->on_body(e); });
  }

  void on_read_error(beast::error_code ec) {
    keep_alive_ = false;
    if (ec == bh::error::body_limit) return write(refusal(413, "the request is too large"));
    if (ec == bh::error::header_limit) return write(refusal(431, "the request's headers are too large"));
    if (ec == bh::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == net::error::eof)
      return close();
    write(refusal(400, "bad request"));
  }

  void on_body(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    tcp().expires_never();  // nothing is read or written while the handler works
    auto& msg = parser_->get();
    keep_alive_ = msg.keep_alive();
    const auto method = method_of(msg.method());
    if (!method) return write(refusal(405, "method not allowed"));
    Request req;
    req.method = *method;
    const std::string_view target = msg.target();
    const auto q = target.find('?');
    const auto path = percent_decoded(target.substr(0, q), false);
    if (!path || path->empty() || path->front() != '/') return write(refusal(400, "bad request"));
    req.path = *path;
    if (q != std::string_view::npos) req.query = std::string(target.substr(q + 1));
    for (const auto& field : msg) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    req.body = std::move(msg.body());
    req.remote_addr = address_;
    req.secure = kTls<Stream>;
    // The answer may come from another thread: it is written on this connection's strand.
    shared_.handle(std::move(req), [self = this->shared_from_this()](Response r) {
      net::post(self->stream_.get_executor(), [self, r = std::move(r)]() mutable { self->write(std::move(r)); });
    });
  }

  template <class Message>
  void add_headers(Message& m, const Response& r) {
    m.set(bh::field::content_type, r.content_type);
    for (const auto& [name, value] : shared_.limits.every_answer) m.set(name, value);
    for (const auto& [name, value] : r.headers) m.set(name, value);
  }

  void write(Response r) {
    if (r.events) return start_events(std::move(r));
    auto msg = std::make_shared<bh::response<bh::string_body>>();
    msg->result(static_cast<unsigned>(r.status));
    add_headers(*msg, r);
    msg->body() = std::move(r.body);
    msg->keep_alive(keep_alive_);
    msg->prepare_payload();
    tcp().expires_after(shared_.limits.write_deadline);
    bh::async_write(stream_, *msg, [self = this->shared_from_this(), msg](beast::error_code ec, std::size_t) {
      if (ec || !self->keep_alive_) return self->close();
      self->read_request();
    });
  }

  // An event stream: the headers, then a chunk whenever the source has frames, until it ends.
  void start_events(Response r) {
    events_ = std::move(r.events);
    auto head = std::make_shared<bh::response<bh::empty_body>>();
    head->result(static_cast<unsigned>(r.status));
    r.content_type = "text/event-stream";
    add_headers(*head, r);
    head->chunked(true);
    head->keep_alive(false);
    auto serializer = std::make_shared<bh::response_serializer<bh::empty_body>>(*head);
    tcp().expires_after(shared_.limits.write_deadline);
    bh::async_write_header(stream_, *serializer, [self = this->shared_from_this(), head, serializer](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->pump_events();
    });
  }

  void pump_events() {
    auto frames = std::make_shared<std::string>(events_->next_frames());
    const bool last = events_->finished();
    if (frames->empty()) {
      if (last) return end_events();
      return wait_for_events();
    }
    tcp().expires_after(shared_.limits.write_deadline);
    net::async_write(stream_, bh::make_chunk(net::buffer(*frames)), [self = this->shared_from_this(), frames, last](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      if (last) return self->end_events();
      self->wait_for_events();
    });
  }

  void wait_for_events() {
    timer_.expires_after(shared_.limits.event_period);
    timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
      if (!ec) self->pump_events();
    });
  }

  void end_events() {
    tcp().expires_after(shared_.limits.write_deadline);
    net::async_write(stream_, bh::make_chunk_last(), [self = this->shared_from_this()](beast::error_code, std::size_t) { self->close(); });
  }

  void close() {
    beast::error_code ignored;
    tcp().socket().shutdown(tcp::socket::shutdown_send, ignored);
    tcp().close();
  }

  Stream stream_;
  net::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<bh::request_parser<bh::string_body>> parser_;
  std::shared_ptr<EventSource> events_;
  Shared& shared_;
  std::string address_;
  bool admitted_;
  bool keep_alive_ = true;
};

}  // namespace

struct HttpServer::Impl {
  Shared shared;  // outlives the connections, which the io_context below owns through its handlers
  std::optional<net::ssl::context> tls;
  net::io_context io;
  tcp::acceptor acceptor{io};
  net::steady_timer accept_retry{io};
  std::optional<net::signal_set> signals;
  std::atomic<bool> stopped{false};

  void accept() {
    acceptor.async_accept(net::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) return;
      if (ec) {  // out of file descriptors, for example: try again shortly rather than spin
        accept_retry.expires_after(std::chrono::milliseconds(50));
        accept_retry.async_wait([this](beast::error_code e) {
          if (!e) accept();
        });
        return;
      }
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);  // small JSON answers: no Nagle delay (40 ms each)
      const auto endpoint = socket.remote_endpoint(ignored);
      auto address = endpoint.address().to_string();
      const bool admitted = shared.admit(address);
      if (tls)
        std::make_shared<Connection<beast::ssl_stream<beast::tcp_stream>>>(shared, std::move(address), admitted, std::move(socket), *tls)->start();
      else
        std::make_shared<Connection<beast::tcp_stream>>(shared, std::move(address), admitted, std::move(socket))->start();
      accept();
    });
  }
};

namespace {

net::ssl::context tls_context(const TlsFiles& files) {
  net::ssl::context ctx(net::ssl::context::tls_server);
  // TLS 1.2 and 1.3 only (BSI TR-02102-2 and Mozilla's "intermediate" configuration).
  ctx.set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 | net::ssl::context::no_sslv3 |
                  net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1 | net::ssl::context::single_dh_use);
  try {
    ctx.use_certificate_chain_file(files.certificate_chain);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot use the TLS certificate " + files.certificate_chain + " (" + e.what() + "): give a PEM certificate chain");
  }
  try {
    ctx.use_private_key_file(files.private_key, net::ssl::context::pem);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot use the TLS key " + files.private_key + " with the certificate " + files.certificate_chain + " (" + e.what() +
                             "): give the certificate's own private key, PEM");
  }
  if (SSL_CTX_check_private_key(ctx.native_handle()) != 1)
    throw std::runtime_error("the TLS key " + files.private_key + " does not belong to the certificate " + files.certificate_chain);
  return ctx;
}

}  // namespace

void raise_open_file_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

HttpServer::HttpServer(ServerLimits limits, Handle handle, std::optional<TlsFiles> tls) : impl_(std::make_unique<Impl>()) {
  if (tls) impl_->tls.emplace(tls_context(*tls));
  raise_open_file_limit();
  impl_->shared.limits = std::move(limits);
  impl_->shared.handle = std::move(handle);
}

HttpServer::~HttpServer() = default;

int HttpServer::bind(const std::string& host, int port) {
  try {
    const tcp::endpoint at(net::ip::make_address(host), static_cast<unsigned short>(port));
    auto& a = impl_->acceptor;
    a.open(at.protocol());
    a.set_option(net::socket_base::reuse_address(true));
    a.bind(at);
    a.listen(net::socket_base::max_listen_connections);
    return a.local_endpoint().port();
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + " (" + e.what() + ")");
  }
}

void HttpServer::run() {
  if (impl_->stopped) return;
  impl_->accept();
  std::vector<std::jthread> more;
  for (std::size_t i = 1; i < impl_->shared.limits.io_threads; ++i) more.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
}

void HttpServer::stop() {
  impl_->stopped = true;
  impl_->io.stop();
}

void HttpServer::stop_on_signals() {
  impl_->signals.emplace(impl_->io, SIGINT, SIGTERM);
  impl_->signals->async_wait([this](beast::error_code ec, int) {
    if (!ec) stop();
  });
}

std::size_t HttpServer::open_connections() const { return impl_->shared.open.load(); }

}  // namespace bfr::server::http
