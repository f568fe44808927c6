#pragma once
// Load on the clinic server, as a clinic's day looks at its busiest: API requests at a fixed
// rate (open loop: latency counts from when a request was due, so a slow server cannot hide its
// queue) while live sessions stream to watchers. Runs the real server in this process on the
// database given.

#include <functional>
#include <string>
#include <vector>

namespace bfr::server {

struct LoadOptions {
  std::string database_url;  // empty: a temporary SQLite file
  double seconds = 10.0;
  double rate = 500.0;       // requests a second
  int streams = 50;          // live sessions
  int watchers = 0;          // watchers on their event streams, spread over them (0: one a session)
  std::function<void(const std::string&)> progress;
};

struct LoadResult {
  std::string backend;
  // What a commit waits for, as the database says: PostgreSQL's fsync and synchronous_commit
  // (the test server runs with both off; a clinic group with both on), or SQLite's setting.
  std::string durability;
  long requests = 0, errors = 0;
  double achieved_rate = 0;
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
  int streams_open = 0;
  long stream_frames = 0;
  int watchers = 0;
  // Watchers that saw their session end and received every message of it (each frame carries
  // the messages since the last; the last frame's id is the session's count of messages).
  int watchers_complete = 0;
  std::vector<double> p99_by_second_ms;  // each second of load on its own: shows when the tail happens
};

inline constexpr double kTargetP99Ms = 10.0;  // issue 7

LoadResult run_load_benchmark(const LoadOptions& options);

}  // namespace bfr::server
