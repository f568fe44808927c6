#pragma once
// Many watchers of live streams on one event loop (`bfr bench serve --watchers N`). Each is a
// connection that reads its stream to the end and checks it saw every message.
//
// Why not a thread each: with 500 watchers as 500 threads beside the server on two cores, the
// profile (perf, 2026-12-02) was mostly the load generator's own context switches and the
// allocations of its 500 stacks' work, so the benchmark measured its clients as much as the
// server. One loop wakes once for many frames, as a browser on another machine costs the server
// nothing but its own sends.

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace bfr::server::bench {

struct WatchersResult {
  int opened = 0;
  int complete = 0;  // saw the session end and every message of it
  long frames = 0;
};

class StreamWatchers {
 public:
  // Starts `count` watchers on the server at 127.0.0.1:`port`, spread over `sessions` in turn,
  // each giving up after `timeout_s`.
  StreamWatchers(int port, const std::string& cookie, const std::vector<int>& sessions, int count, double timeout_s);
  ~StreamWatchers();
  StreamWatchers(const StreamWatchers&) = delete;
  StreamWatchers& operator=(const StreamWatchers&) = delete;

  // How many have their stream's headers so far.
  [[nodiscard]] int opened() const { return opened_.load(); }
  // Waits until every stream has ended (or timed out).
  WatchersResult wait();

 private:
  struct Loop;
  std::unique_ptr<Loop> loop_;
  std::atomic<int> opened_{0};
  std::thread thread_;
};

}  // namespace bfr::server::bench
