#include "server/sign_in_guard.hpp"

#include <algorithm>

namespace bfr::server {

void SignInGuard::Count::age(Clock::time_point now, Clock::duration window) {
  if (failures > 0 && now - since >= window) *this = {};
}

std::pair<std::optional<SignInGuard::Ticket>, SignInGuard::Refusal> SignInGuard::begin(const std::string& account, const std::string& address,
                                                                                        Clock::time_point now) {
  std::lock_guard lock(mutex_);
  forget_oldest(now);
  auto& pair = pairs_[{account, address}];
  auto& by_account = accounts_[account];
  auto& by_address = addresses_[address];
  pair.last_seen = now;
  pair.count.age(now, policy_.window);
  by_account.age(now, policy_.window);
  by_address.age(now, policy_.window);

  const auto refusal = [&](Clock::time_point until) {
    const bool began = !pair.refused_since_lock;
    pair.refused_since_lock = true;
    return Refusal{std::max(until - now, Clock::duration::zero()), began};
  };
  if (now < pair.locked_until) return {std::nullopt, refusal(pair.locked_until)};
  if (pair.count.failures >= policy_.failures_per_pair) {
    // Locked until the window ends; a pair locked out again waits twice as long each time.
    ++pair.lockouts;
    const Clock::duration doubled = policy_.window * (Clock::rep{1} << std::min(pair.lockouts - 1, 20));
    const auto wait = std::min(doubled, policy_.longest_lockout);
    pair.locked_until = pair.count.since + wait;
    pair.count = {};
    if (now < pair.locked_until) return {std::nullopt, refusal(pair.locked_until)};
  }
  if (by_address.failures >= policy_.failures_per_address) return {std::nullopt, refusal(by_address.since + policy_.window)};
  const bool on_account = !pair.signed_in_before;
  if (on_account && by_account.failures >= policy_.failures_per_account) return {std::nullopt, refusal(by_account.since + policy_.window)};

  for (auto* c : {&pair.count, &by_address, on_account ? &by_account : nullptr}) {
    if (!c) continue;
    if (c->failures++ == 0) c->since = now;
  }
  pair.refused_since_lock = false;
  return {Ticket{account, address, on_account}, Refusal{}};
}

void SignInGuard::succeeded(const Ticket& t) {
  std::lock_guard lock(mutex_);
  auto& pair = pairs_[{t.account, t.address}];
  pair.count = {};
  pair.lockouts = 0;
  pair.locked_until = {};
  pair.signed_in_before = true;
  // Only this try is forgiven on the account and the address: their other failures stand.
  if (const auto a = addresses_.find(t.address); a != addresses_.end() && a->second.failures > 0) --a->second.failures;
  if (const auto a = accounts_.find(t.account); t.counted_on_account && a != accounts_.end() && a->second.failures > 0) --a->second.failures;
}

void SignInGuard::unlock(const std::string& account) {
  std::lock_guard lock(mutex_);
  std::erase_if(pairs_, [&](const auto& p) { return p.first.first == account && !p.second.signed_in_before; });
  for (auto& [key, pair] : pairs_)
    if (key.first == account) pair.count = {}, pair.lockouts = 0, pair.locked_until = {};
  accounts_.erase(account);
}

std::size_t SignInGuard::entries() {
  std::lock_guard lock(mutex_);
  return pairs_.size() + accounts_.size() + addresses_.size();
}

void SignInGuard::forget_oldest(Clock::time_point now) {
  constexpr std::size_t kNewPerTry = 3;  // a pair, an account and an address
  if (pairs_.size() + accounts_.size() + addresses_.size() + kNewPerTry <= policy_.most_entries) return;
  // A pair keeps what it knows while it could still matter: locked, or failing in its window.
  std::erase_if(pairs_, [&](const auto& p) { return now >= p.second.locked_until && now - p.second.last_seen >= policy_.window; });
  const auto stale = [&](const auto& c) { return now - c.second.since >= policy_.window; };
  std::erase_if(accounts_, stale);
  std::erase_if(addresses_, stale);
  // Still over half full (a flood from fresh addresses): keep what guards the owners (pairs that
  // signed in) and the counts at their limit; forget the rest. At least half is then free, so this
  // runs at most once in most_entries / 2 tries.
  const auto total = [&] { return pairs_.size() + accounts_.size() + addresses_.size(); };
  if (total() >= policy_.most_entries / 2) {
    std::erase_if(pairs_, [](const auto& p) { return !p.second.signed_in_before; });
    std::erase_if(accounts_, [&](const auto& c) { return c.second.failures < policy_.failures_per_account; });
    std::erase_if(addresses_, [&](const auto& c) { return c.second.failures < policy_.failures_per_address; });
  }
  if (total() >= policy_.most_entries / 2) pairs_.clear(), accounts_.clear(), addresses_.clear();
}

}  // namespace bfr::server
