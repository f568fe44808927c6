#include "server/bench/stream_watchers.hpp"

#include <fmt/format.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <limits>

#include "server/bench/bench_client.hpp"

namespace bfr::server::bench {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bh = boost::beast::http;

namespace {

// One stream, read to its end: headers, then the chunks of `id: N\ndata: {...}\n\n` events.
class Watcher : public std::enable_shared_from_this<Watcher> {
 public:
  Watcher(net::io_context& io, std::atomic<int>& opened, std::chrono::steady_clock::duration timeout)
      : stream_(io), opened_(opened), timeout_(timeout) {}

  void start(const net::ip::tcp::endpoint& server, const std::string& cookie, int session) {
    req_ = {bh::verb::get, fmt::format("/api/live/{}/stream", session), 11};
    req_.set(bh::field::host, "127.0.0.1");
    req_.set(bh::field::cookie, cookie);
    parser_.body_limit(std::numeric_limits<std::uint64_t>::max());  // a stream is as long as its session
    parser_.on_chunk_body(on_body_);  // held by reference: a member, alive as long as the parser
    stream_.expires_after(timeout_);  // for the whole stream: a session that never ends fails the watch
    stream_.async_connect(server, [self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->send();
    });
  }

  [[nodiscard]] const StreamTally& tally() const { return tally_; }

 private:
  void send() {
    bh::async_write(stream_, req_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (!ec) self->read_header();
    });
  }
  void read_header() {
    bh::async_read_header(stream_, buffer_, parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      ++self->opened_;
      bh::async_read(self->stream_, self->buffer_, self->parser_, [self](beast::error_code, std::size_t) {});
    });
  }
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  bh::request<bh::empty_body> req_;
  bh::response_parser<bh::empty_body> parser_;
  std::function<std::size_t(std::uint64_t, beast::string_view, beast::error_code&)> on_body_ =
      [this](std::uint64_t, beast::string_view body, beast::error_code&) {
        tally_.feed({body.data(), body.size()});
        return body.size();
      };
  StreamTally tally_;
  std::atomic<int>& opened_;
  std::chrono::steady_clock::duration timeout_;
};

}  // namespace

struct StreamWatchers::Loop {
  net::io_context io;
  std::vector<std::shared_ptr<Watcher>> watchers;
};

StreamWatchers::StreamWatchers(int port, const std::string& cookie, const std::vector<int>& sessions, int count, double timeout_s)
    : loop_(std::make_unique<Loop>()) {
  const net::ip::tcp::endpoint server(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
  const auto timeout = std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(timeout_s));
  for (int w = 0; w < (sessions.empty() ? 0 : count); ++w) {
    auto watcher = std::make_shared<Watcher>(loop_->io, opened_, timeout);
    watcher->start(server, cookie, sessions[static_cast<std::size_t>(w) % sessions.size()]);
    loop_->watchers.push_back(std::move(watcher));
  }
  thread_ = std::thread([this] { loop_->io.run(); });
}

StreamWatchers::~StreamWatchers() {
  if (thread_.joinable()) {
    loop_->io.stop();
    thread_.join();
  }
}

WatchersResult StreamWatchers::wait() {
  if (thread_.joinable()) thread_.join();  // the loop ends when every stream has
  WatchersResult r;
  r.opened = opened_.load();
  for (const auto& w : loop_->watchers) {
    r.frames += w->tally().frames();
    if (w->tally().complete()) ++r.complete;
  }
  return r;
}

}  // namespace bfr::server::bench
