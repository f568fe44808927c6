#pragma once
// Sign-ins this server has ended (signing out, a password changed or reset), so that an event
// stream opened under one stops with it (issue 17: a live stream kept flowing after its user's
// password was reset). A request checks the database; a stream, which lasts, asks this.

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "store/records.hpp"

namespace bfr::server {

class EndedSignIns {
 public:
  using Clock = std::chrono::steady_clock;
  // Remembered this long: longer than a sign-in lasts, after which it has ended anyway.
  explicit EndedSignIns(Clock::duration remember = std::chrono::hours(13)) : remember_(remember) {}

  void signed_out(const std::string& token_hash, Clock::time_point now = Clock::now());
  // Every sign-in of the user but `keep` (a token hash; empty: none is kept).
  void all_of(store::Id user, const std::string& keep, Clock::time_point now = Clock::now());
  // Whether a stream opened at `opened` under this sign-in must stop.
  [[nodiscard]] bool ended(store::Id user, const std::string& token_hash, Clock::time_point opened);

 private:
  struct AllOf {
    Clock::time_point at;
    std::string keep;
  };
  void forget_old(Clock::time_point now);

  Clock::duration remember_;
  std::mutex mutex_;
  std::map<std::string, Clock::time_point> tokens_;
  std::map<store::Id, AllOf> users_;
};

}  // namespace bfr::server
