#pragma once
// Audit lines for events a client can repeat as fast as it likes (a failed sign-in for an unknown
// e-mail address, a refused or missing record): the first `lines` of a key in a window are
// written one by one; the rest are counted, and the key's first event after the window writes a
// line with the count since, so that a flood does not fill the audit log (issue 17).

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace bfr::server {

class AuditTally {
 public:
  using Clock = std::chrono::steady_clock;
  AuditTally(int lines, Clock::duration window) : lines_(lines), window_(window) {}
  // One more event of `key`: the count to write in a line now (1, or more when it sums up events
  // held back), or nothing while the key is over its lines in this window.
  [[nodiscard]] std::optional<int> happened(const std::string& key, Clock::time_point now = Clock::now());

 private:
  struct Tally {
    int unwritten = 0, written = 0;
    Clock::time_point since{};
  };
  int lines_;
  Clock::duration window_;
  std::mutex mutex_;
  std::map<std::string, Tally> by_key_;
};

}  // namespace bfr::server
