// The sign-in guard and the audit tally on their own, on a clock the test moves.

#include "server/sign_in_guard.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "server/audit_tally.hpp"

namespace bfr::server {
namespace {

using namespace std::chrono_literals;
using Clock = SignInGuard::Clock;
const Clock::time_point t0 = Clock::time_point{} + 1000h;

// Tries one wrong password: true if it was let in (and so hashed).
bool wrong(SignInGuard& g, const std::string& account, const std::string& address, Clock::time_point at) {
  return g.begin(account, address, at).first.has_value();
}

TEST(SignInGuard, FiveWrongPasswordsFromOneAddressThenItWaitsTheWindow) {
  SignInGuard g;
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(wrong(g, "kim@x", "10.0.0.9", t0 + i * 1s));
  const auto [ticket, refusal] = g.begin("kim@x", "10.0.0.9", t0 + 10s);
  EXPECT_FALSE(ticket);
  EXPECT_TRUE(refusal.lockout_began);
  EXPECT_EQ(refusal.wait, 15min - 10s) << "until the window that began with the first failure ends";
  EXPECT_FALSE(g.begin("kim@x", "10.0.0.9", t0 + 20s).second.lockout_began) << "one audit line a lock-out";
  EXPECT_TRUE(wrong(g, "kim@x", "10.0.0.9", t0 + 15min));
}

TEST(SignInGuard, EachLockOutOfTheSamePairWaitsTwiceAsLong) {
  SignInGuard g;
  auto at = t0;
  std::vector<Clock::duration> waits;
  for (int round = 0; round < 6; ++round) {
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(wrong(g, "kim@x", "10.0.0.9", at)) << round;
    const auto r = g.begin("kim@x", "10.0.0.9", at);
    ASSERT_FALSE(r.first);
    waits.push_back(r.second.wait);
    at += r.second.wait;
  }
  EXPECT_EQ(waits, (std::vector<Clock::duration>{15min, 30min, 60min, 120min, 240min, 240min})) << "doubling, up to 4 hours";
}

TEST(SignInGuard, AnAttackerElsewhereDoesNotLockTheOwnerOutOfTheirOwnComputer) {
  SignInGuard g;
  const auto owner = g.begin("kim@x", "192.168.1.20", t0).first;
  ASSERT_TRUE(owner);
  g.succeeded(*owner);
  int hashed = 0;
  for (int a = 0; a < 50; ++a) hashed += wrong(g, "kim@x", "203.0.113." + std::to_string(a), t0 + 1min);
  EXPECT_EQ(hashed, 5) << "at most five hashes for the account from addresses that never signed in";
  EXPECT_TRUE(g.begin("kim@x", "192.168.1.20", t0 + 2min).first) << "the owner's computer keeps its own budget";
  EXPECT_FALSE(g.begin("kim@x", "198.51.100.7", t0 + 2min).first) << "a new address waits";
  g.unlock("kim@x");
  EXPECT_TRUE(g.begin("kim@x", "198.51.100.7", t0 + 3min).first) << "until an administrator unlocks the account";
}

TEST(SignInGuard, ASuccessForgivesItsOwnTryButNotTheAddresssSprayOfOtherAccounts) {
  SignInGuard g;
  for (int i = 0; i < 19; ++i) ASSERT_TRUE(wrong(g, "victim" + std::to_string(i) + "@x", "10.0.0.9", t0));
  const auto own = g.begin("me@x", "10.0.0.9", t0);  // the attacker's own account
  ASSERT_TRUE(own.first);
  g.succeeded(*own.first);
  EXPECT_TRUE(wrong(g, "victim19@x", "10.0.0.9", t0)) << "the 20th failure of the address";
  EXPECT_FALSE(wrong(g, "victim20@x", "10.0.0.9", t0)) << "signing in to one's own account does not reset the address";
  EXPECT_TRUE(wrong(g, "victim20@x", "10.0.0.10", t0)) << "another address is not affected";
}

TEST(SignInGuard, ManyTriesAtOnceAreCountedBeforeAnyIsHashed) {
  SignInGuard g;
  std::atomic<int> let_in{0};
  std::vector<std::thread> tries;
  for (int i = 0; i < 90; ++i)
    tries.emplace_back([&] {
      if (g.begin("kim@x", "10.0.0.9", t0).first) ++let_in;  // a ticket never succeeded: a wrong password
    });
  for (auto& t : tries) t.join();
  EXPECT_EQ(let_in.load(), 5);
}

TEST(SignInGuard, AFloodFromFreshAddressesStaysWithinItsMemoryBound) {
  SignInGuard::Policy p;
  p.most_entries = 1000;
  SignInGuard g(p);
  const auto owner = g.begin("kim@x", "192.168.1.20", t0).first;
  g.succeeded(*owner);
  for (int a = 0; a < 20'000; ++a) {
    (void)g.begin("x" + std::to_string(a) + "@x", std::to_string(a), t0 + 1s);
    ASSERT_LE(g.entries(), p.most_entries) << a;
  }
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(wrong(g, "kim@x", "192.168.1.20", t0 + 2s));
  EXPECT_TRUE(g.begin("kim@x", "192.168.1.20", t0 + 2s).first) << "the owner's pair was kept through the flood";
}

TEST(AuditTally, AnAddressGetsALineAtOnceThenOneAWindowWithTheCount) {
  AuditTally u(1, 15min);
  EXPECT_EQ(u.happened("10.0.0.9", t0), 1);
  for (int i = 0; i < 99; ++i) EXPECT_FALSE(u.happened("10.0.0.9", t0 + 1min));
  EXPECT_EQ(u.happened("10.0.0.9", t0 + 15min), 100);
  EXPECT_EQ(u.happened("10.0.0.10", t0 + 15min), 1);
}

TEST(AuditTally, TheFirstLinesOfAWindowAreEachWrittenThenSummedUp) {
  AuditTally u(3, 1min);
  std::vector<std::optional<int>> lines;
  for (int i = 0; i < 10; ++i) lines.push_back(u.happened("user/7", t0 + i * 1s));
  EXPECT_EQ(lines, (std::vector<std::optional<int>>{1, 1, 1, {}, {}, {}, {}, {}, {}, {}}));
  EXPECT_EQ(u.happened("user/7", t0 + 61s), 8) << "the seven held back and this one";
  EXPECT_EQ(u.happened("user/7", t0 + 62s), 1);
}

}  // namespace
}  // namespace bfr::server
