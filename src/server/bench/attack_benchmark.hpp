#pragma once
// The clinic server attacked while it runs live sessions (issue 17's target): slow connections
// that drip a header line every few seconds and reconnect when dropped, watchers on every live
// stream, and a flood of wrong sign-ins for unknown e-mail addresses (each costs a password hash)
// from many addresses at once. Meanwhile a signed-in clinician asks `GET /api/me` every 50 ms,
// and at the end every session is stopped, each stop timed. The server runs as its own process
// (`bfr serve`), so that its memory is its own; the attackers come from many loopback addresses
// (127.0.x.y), as a botnet would, so that the per-address bounds do not simply refuse them.

#include <functional>
#include <map>
#include <string>

namespace bfr::server::bench {

struct AttackOptions {
  std::string bfr;  // the bfr executable that serves
  double seconds = 20.0;
  int slow = 1000;      // slow connections
  int sessions = 50;    // live sessions on the virtual cuff, in real time
  int watchers = 500;   // spread over the sessions
  int flooders = 16;    // threads sending wrong sign-ins as fast as they are answered
  std::function<void(const std::string&)> progress;
};

struct Latency {
  long count = 0, failed = 0;
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
};

struct AttackResult {
  Latency me, stop;
  int slow_open_lowest = 0;        // slow connections open, the lowest of the samples once all were up
  long slow_dropped = 0;           // dropped by the server (its header deadline) and opened again
  int watchers_open = 0, watchers_complete = 0;
  std::map<int, long> sign_in_answers;  // status: count (401 hashed, 429 limited, 503 hash queue full)
  long server_peak_rss_kb = 0;     // VmHWM of the server process
  std::map<std::string, int> session_outcomes;  // outcome: count

  [[nodiscard]] bool target_met() const;
};

// Issue 17's targets.
inline constexpr double kAttackTargetP99Ms = 100.0;
inline constexpr long kAttackTargetRssKb = 300 * 1024;

AttackResult run_attack_benchmark(const AttackOptions& options);

}  // namespace bfr::server::bench
