#pragma once
// A short protocol session any device must get through (the virtual cuff, in process or on the
// emulated firmware): hello says simulated, the device info one cuff; a given LOP of 180 mmHg, 50 %, start; the cuff rests
// at about 90 mmHg with every command acknowledged; deflate brings it back to idle.

#include <gtest/gtest.h>

#include <chrono>

#include "core/phases.hpp"
#include "link/host_link.hpp"

namespace bfr::link::testing {

// Services the link until `done` or the timeout; returns whether `done` happened.
template <class Pred>
bool service_until(HostLink& host, Pred done, std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    host.service(std::chrono::milliseconds(5));
    if (done()) return true;
  }
  return false;
}

inline bool in_phase(const HostLink& host, core::PhaseId phase, std::uint8_t channel = 0) {
  return host.latest(channel) && host.latest(channel)->phase == static_cast<std::uint8_t>(phase);
}

// `patience`: wall time allowed for each stage (the emulated firmware runs below real time).
inline void exercise_the_link(Transport& host_end, std::chrono::milliseconds patience = std::chrono::seconds(10)) {
  HostLink host(host_end);
  const auto hello = host.connect(patience);
  EXPECT_EQ(hello.kind, DeviceKind::simulated);
  EXPECT_EQ(host.device_info().channels, 1) << "one cuff";
  host.send({CommandCode::set_lop, 1800, 0});
  host.send({CommandCode::set_target, 500, 0});
  host.send({CommandCode::start, 0, 0});
  ASSERT_TRUE(service_until(host, [&] { return in_phase(host, core::PhaseId::resting); }, patience));
  EXPECT_TRUE(host.all_acknowledged());
  EXPECT_NEAR(host.latest()->pressure_dmmHg / 10.0, 90.0, 6.0);
  host.send({CommandCode::deflate, 0, 0});
  EXPECT_TRUE(service_until(host, [&] { return in_phase(host, core::PhaseId::idle); }, patience));
  EXPECT_EQ(host.decoder_stats().rejected_of(Reject::bad_crc), 0U);
}

// Two cuffs (protocol version 3): the device says it drives two on one pump; each thigh gets its
// LOP (180 and 200 mmHg) and 50 %, both start and rest at about 90 and 100 mmHg; a bilateral set
// runs on both legs to its third repetition; deflating both brings both back to idle.
inline void exercise_two_cuffs(Transport& host_end, std::chrono::milliseconds patience = std::chrono::seconds(10)) {
  HostLink host(host_end);
  host.connect(patience);
  ASSERT_EQ(host.device_info().channels, 2);
  EXPECT_EQ(host.device_info().pumps, PumpLayoutCode::shared);
  const auto both_in = [&](core::PhaseId p) { return in_phase(host, p, 0) && in_phase(host, p, 1); };
  for (std::uint8_t c = 0; c < 2; ++c) {
    host.send({CommandCode::set_lop, static_cast<std::uint16_t>(c == 0 ? 1800 : 2000), 0, c});
    host.send({CommandCode::set_target, 500, 0, c});
    host.send({CommandCode::start, 0, 0, c});
  }
  ASSERT_TRUE(service_until(host, [&] { return both_in(core::PhaseId::resting); }, patience));
  EXPECT_NEAR(host.latest(0)->pressure_dmmHg / 10.0, 90.0, 6.0);
  EXPECT_NEAR(host.latest(1)->pressure_dmmHg / 10.0, 100.0, 6.0);
  for (std::uint8_t c = 0; c < 2; ++c) host.send({CommandCode::start_set, 8, 2000, c});
  ASSERT_TRUE(service_until(host, [&] { return host.latest(0)->rep >= 3 && host.latest(1)->rep >= 3; }, patience));
  EXPECT_TRUE(both_in(core::PhaseId::holding));
  for (std::uint8_t c = 0; c < 2; ++c) host.send({CommandCode::deflate, 0, 0, c});
  EXPECT_TRUE(service_until(host, [&] { return both_in(core::PhaseId::idle); }, patience));
  EXPECT_TRUE(host.all_acknowledged());
  EXPECT_EQ(host.decoder_stats().rejected_of(Reject::bad_crc), 0U);
}

}  // namespace bfr::link::testing
