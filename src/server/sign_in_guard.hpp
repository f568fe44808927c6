#pragma once
// Who may try a password now, decided before any hash is computed (issue 17).
//
// A try is counted as a failure when it is let in, and forgiven when its password proves right,
// so that 90 tries at once cannot all reach the 0.1 s argon2 hash while the count lags behind.
// - Per account and address pair: at most kFailuresPerPair failures in a window; then the pair
//   waits, and each lock-out of the same pair doubles the wait (back-off), up to kLongestLockout.
//   Another address (the owner at the front desk) is not locked by it.
// - Per account, from pairs that have never signed in: at most kFailuresPerAccount in a window,
//   whatever the number of addresses. A pair that has signed in before keeps its own budget:
//   an attacker cannot lock the owner out of the computer they use.
// - Per address, over every account: at most kFailuresPerAddress in a window (a spray over many
//   e-mail addresses); a success does not reset it.
// An administrator can unlock an account (every pair and its account count).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>

namespace bfr::server {

class SignInGuard {
 public:
  using Clock = std::chrono::steady_clock;
  struct Policy {
    // NIST SP 800-63B section 5.2.2 allows at most 100 consecutive failures per account; OWASP's
    // Authentication Cheat Sheet suggests a few per account with growing lock-outs. Five in 15
    // minutes is what this server has always allowed.
    int failures_per_pair = 5;
    int failures_per_account = 5;
    int failures_per_address = 20;
    Clock::duration window = std::chrono::minutes(15);
    Clock::duration longest_lockout = std::chrono::hours(4);
    std::size_t most_entries = 100'000;  // memory bound: the oldest are forgotten beyond it
  };

  // A try let in: counted as a failure until `succeeded`.
  struct Ticket {
    std::string account, address;
    bool counted_on_account = false;
  };
  // A try turned away: how long until it would be let in, and whether this is the first refusal
  // of this lock-out (the one worth an audit line).
  struct Refusal {
    Clock::duration wait;
    bool lockout_began;
  };

  SignInGuard() : SignInGuard(Policy{}) {}
  explicit SignInGuard(Policy p) : policy_(p) {}

  // Lets the try in (a Ticket) or not (a Refusal). Thread safe.
  [[nodiscard]] std::pair<std::optional<Ticket>, Refusal> begin(const std::string& account, const std::string& address,
                                                               Clock::time_point now = Clock::now());
  void succeeded(const Ticket& t);
  // The account an e-mail address names in a clinic (one address may have an account in each).
  [[nodiscard]] static std::string account_of(std::int64_t clinic, const std::string& email) {
    return std::to_string(clinic) + " " + email;
  }
  // An administrator's unlock: the account's pairs and count start again.
  void unlock(const std::string& account);
  // What it holds now (pairs, accounts and addresses): never above Policy::most_entries.
  [[nodiscard]] std::size_t entries();

 private:
  struct Count {
    int failures = 0;
    Clock::time_point since{};
    void age(Clock::time_point now, Clock::duration window);
  };
  struct Pair {
    Count count;
    int lockouts = 0;  // in a row, without a success between: each doubles the wait
    Clock::time_point locked_until{};
    bool refused_since_lock = false;
    bool signed_in_before = false;
    Clock::time_point last_seen{};
  };
  void forget_oldest(Clock::time_point now);

  Policy policy_;
  std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, Pair> pairs_;  // (account, address)
  std::map<std::string, Count> accounts_, addresses_;
};

}  // namespace bfr::server
