// The HTTP core on its own (server/http/): real sockets against a real server with small limits,
// so that deadlines, limits and event streams show in a test's time.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "server/http/http_server.hpp"
#include "server/http/message.hpp"
#include "server/http/path_pattern.hpp"

namespace bfr::server::http {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(PathPattern, NamedPartsMatchOneWholeSegment) {
  const auto p = match_path("/api/athletes/{id}/plans", "/api/athletes/42/plans");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->size(), 1U);
  EXPECT_EQ((*p)[0].first, "id");
  EXPECT_EQ((*p)[0].second, "42");
  EXPECT_FALSE(match_path("/api/athletes/{id}/plans", "/api/athletes//plans")) << "a part is never empty";
  EXPECT_FALSE(match_path("/api/athletes/{id}/plans", "/api/athletes/4/2/plans")) << "a part never spans a '/'";
  EXPECT_FALSE(match_path("/api/athletes/{id}", "/api/athletes/42/")) << "a trailing slash is another path";
  const auto r = match_path("/api/sessions/{id}/report.{format}", "/api/sessions/7/report.pdf");
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[1].second, "pdf");
  EXPECT_FALSE(match_path("/api/sessions/{id}/report.{format}", "/api/sessions/7/report."));
  EXPECT_FALSE(match_path("/api/sessions/{id}/report.{format}", "/api/sessions/7/export.csv"));
}

TEST(Request, QueryParametersArePercentDecoded) {
  Request r;
  r.query = "after=12&name=Ada%20L+B&empty=&bad=%zz";
  EXPECT_EQ(r.query_param("after"), "12");
  EXPECT_EQ(r.query_param("name"), "Ada L B");
  EXPECT_EQ(r.query_param("empty"), "");
  EXPECT_FALSE(r.query_param("bad")) << "a malformed escape is no value";
  EXPECT_FALSE(r.query_param("missing"));
}

// A raw TCP client: what a browser, a slow client or an attacker sends, byte by byte.
class RawClient {
 public:
  explicit RawClient(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_port = htons(static_cast<std::uint16_t>(port));
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<const sockaddr*>(&at), sizeof at) == 0;
  }
  ~RawClient() { ::close(fd_); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  [[nodiscard]] bool connected() const { return connected_; }
  bool send(const std::string& bytes) { return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()); }
  // Everything that arrives until the server closes, or `limit` passes.
  std::string read_until_closed(std::chrono::milliseconds limit) {
    std::string out;
    const auto until = Clock::now() + limit;
    while (Clock::now() < until) {
      pollfd p{fd_, POLLIN, 0};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
      if (::poll(&p, 1, static_cast<int>(std::max<long>(left, 0))) <= 0) break;
      char buf[4096];
      const auto n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }
  [[nodiscard]] bool closed() const { return closed_; }

 private:
  int fd_;
  bool connected_ = false;
  bool closed_ = false;
};

// A server that answers every request with its path, and /events with a few frames.
class HttpServerTest : public ::testing::Test {
 protected:
  struct Frames final : EventSource {
    int left;
    explicit Frames(int n) : left(n) {}
    std::string next_frames() override {
      if (left == 0) return {};
      return "data: " + std::to_string(left--) + "\n\n";
    }
    [[nodiscard]] bool finished() const override { return left == 0; }
  };

  void start(ServerLimits limits) {
    limits.every_answer = {{"X-Test", "yes"}};
    server_ = std::make_unique<HttpServer>(limits, [this](Request req, Reply reply) {
      ++handled_;
      Response r;
      if (req.path == "/events") {
        r.events = std::make_shared<Frames>(5);
      } else {
        r.content_type = "text/plain";
        r.body = req.path + " " + std::to_string(req.body.size());
      }
      reply(std::move(r));
    });
    port_ = server_->bind("127.0.0.1", 0);
    thread_ = std::thread([this] { server_->run(); });
  }
  void TearDown() override {
    if (!server_) return;
    server_->stop();
    thread_.join();
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(5, 0);
    return c;
  }

  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> handled_{0};
};

TEST_F(HttpServerTest, AnswersWithTheHeadersEveryAnswerCarries) {
  start({});
  const auto r = client().Post("/x", "abc", "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "/x 3");
  EXPECT_EQ(r->get_header_value("X-Test"), "yes");
  const auto put = client().Put("/x", "abc", "text/plain");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 405) << "only GET, POST and DELETE reach a handler";
}

// Slowloris: a client that sends a header line now and then holds nothing for long.
TEST_F(HttpServerTest, AClientSlowToSendItsHeadersIsDroppedAtTheDeadline) {
  ServerLimits limits;
  limits.header_deadline = 300ms;
  start(limits);
  RawClient slow(port_);
  ASSERT_TRUE(slow.connected());
  const auto t0 = Clock::now();
  ASSERT_TRUE(slow.send("GET /x HTTP/1.1\r\nHost: a\r\n"));
  for (int i = 0; i < 10 && !slow.closed(); ++i) {
    slow.send("X-Drip: " + std::to_string(i) + "\r\n");
    slow.read_until_closed(100ms);
  }
  EXPECT_TRUE(slow.closed()) << "still open after a second of dripping headers";
  EXPECT_LT(Clock::now() - t0, 900ms);
  EXPECT_EQ(handled_.load(), 0);
}

TEST_F(HttpServerTest, HeldConnectionsLeaveTheServerAnswering) {
  start({});  // the clinic's limits: 10 s for the headers
  std::vector<std::unique_ptr<RawClient>> held;
  for (int i = 0; i < 60; ++i) {  // under the 64 an address may hold
    held.push_back(std::make_unique<RawClient>(port_));
    ASSERT_TRUE(held.back()->send("GET /x HTTP/1.1\r\nX-Slow: "));
  }
  const auto t0 = Clock::now();
  auto c = client();
  const auto r = c.Get("/quick");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "/quick 0");
  EXPECT_LT(Clock::now() - t0, 1s);
}

TEST_F(HttpServerTest, OneAddressHoldsOnlySoManyConnections) {
  ServerLimits limits;
  limits.connections_per_address = 3;
  start(limits);
  std::vector<std::unique_ptr<RawClient>> held;
  for (int i = 0; i < 3; ++i) held.push_back(std::make_unique<RawClient>(port_));
  std::this_thread::sleep_for(100ms);  // accepted and counted
  RawClient fourth(port_);
  const auto answer = fourth.read_until_closed(2s);
  EXPECT_NE(answer.find("503"), std::string::npos) << answer;
  EXPECT_TRUE(fourth.closed());
  held.clear();
  std::this_thread::sleep_for(100ms);
  const auto r = client().Get("/after");
  ASSERT_TRUE(r) << "the count goes down as connections close";
  EXPECT_EQ(r->status, 200);
}

TEST_F(HttpServerTest, AChunkedBodyOverTheLimitIsRefused) {
  ServerLimits limits;
  limits.max_body_bytes = 1000;
  start(limits);
  RawClient c(port_);
  std::string req = "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) req += "200\r\n" + std::string(512, 'a') + "\r\n";  // 3 x 512 bytes
  req += "0\r\n\r\n";
  c.send(req);
  const auto answer = c.read_until_closed(2s);
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0U) << answer;
  EXPECT_EQ(handled_.load(), 0);
  // Under the limit, chunked is fine.
  RawClient ok(port_);
  ok.send("POST /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n" + std::string(16, 'b') + "\r\n0\r\n\r\n");
  EXPECT_NE(ok.read_until_closed(2s).find("/x 16"), std::string::npos);
}

TEST_F(HttpServerTest, HeadersOverTheLimitAreRefused) {
  ServerLimits limits;
  limits.max_header_bytes = 2048;
  start(limits);
  RawClient c(port_);
  c.send("GET /x HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(4096, 'h') + "\r\n\r\n");
  const auto answer = c.read_until_closed(2s);
  EXPECT_EQ(answer.rfind("HTTP/1.1 431", 0), 0U) << answer;
  EXPECT_EQ(handled_.load(), 0);
}

// Watchers are timers, not threads: many watch at once and each receives every frame.
TEST_F(HttpServerTest, EveryWatcherReceivesEveryEvent) {
  ServerLimits limits;
  limits.event_period = 20ms;
  limits.connections_per_address = 200;
  start(limits);
  constexpr int kWatchers = 100;
  std::vector<std::unique_ptr<RawClient>> watchers;
  for (int i = 0; i < kWatchers; ++i) {
    watchers.push_back(std::make_unique<RawClient>(port_));
    watchers.back()->send("GET /events HTTP/1.1\r\nHost: a\r\n\r\n");
  }
  int complete = 0;
  for (auto& w : watchers) {
    const auto got = w->read_until_closed(5s);
    bool all = got.find("text/event-stream") != std::string::npos;
    for (int n = 5; n >= 1; --n) all = all && got.find("data: " + std::to_string(n) + "\n\n") != std::string::npos;
    all = all && got.find("\r\n0\r\n\r\n") != std::string::npos;  // the stream's last chunk
    complete += all ? 1 : 0;
  }
  EXPECT_EQ(complete, kWatchers);
}

TEST_F(HttpServerTest, StopEndsRunEvenWithConnectionsOpen) {
  start({});
  RawClient held(port_);
  held.send("GET /x HTTP/1.1\r\n");
  const auto t0 = Clock::now();
  server_->stop();
  thread_.join();
  server_.reset();
  EXPECT_LT(Clock::now() - t0, 2s);
}

}  // namespace
}  // namespace bfr::server::http
