// The plant link's codec (docs/protocol.md, "Plant link"): exact round trips of every message,
// only the samples a tick has on the wire, and a decoder that rejects damage and finds the next
// frame.

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "link/crc16.hpp"
#include "link/plant_link.hpp"

namespace bfr::link::plant {
namespace {

std::vector<std::uint8_t> frame_of(const Message& m) {
  std::array<std::uint8_t, kMaxFrame> buf{};
  const auto n = encode(m, buf);
  return {buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n)};
}

std::vector<Message> decode_all(const std::vector<std::uint8_t>& bytes, Decoder& d) {
  std::vector<Message> out;
  for (const auto b : bytes)
    if (auto m = d.feed(b)) out.push_back(*m);
  return out;
}

TEST(PlantLink, EveryMessageComesBackExactly) {
  SensorTick full{123456, 65000, 187.25F, 186.5F, 0.125F};
  SensorTick cuff_only{7, 3, 42.0F, std::nullopt, std::nullopt};
  ActuatorTick command{0xBEEF, 513, 0.875F, 0.25F, true, true, 175};
  // A two-cuff image's second cuff (a flag bit says which).
  SensorTick second_cuff{7, 3, 42.0F, 41.0F, std::nullopt, 1};
  ActuatorTick second_command{0xBEEF, 513, 0.5F, 0.0F, false, true, 175, 1};
  for (const Message& m : std::vector<Message>{full, cuff_only, command, second_cuff, second_command, SafeStop{StopReason::abort},
                                               SafeStop{StopReason::watchdog}}) {
    Decoder d;
    const auto got = decode_all(frame_of(m), d);
    ASSERT_EQ(got.size(), 1U);
    EXPECT_EQ(got[0], m);
  }
}

TEST(PlantLink, ATickCarriesOnlyTheSamplesItHas) {
  const auto cuff_only = frame_of(SensorTick{1, 0, 100.0F, std::nullopt, std::nullopt});
  const auto all_three = frame_of(SensorTick{1, 0, 100.0F, 99.0F, 0.5F});
  EXPECT_EQ(cuff_only.size(), 6U + 7U + 4U);
  EXPECT_EQ(all_three.size(), cuff_only.size() + 8U);
}

TEST(PlantLink, ADamagedFrameIsRejectedAndTheNextOneStillDecodes) {
  auto bytes = frame_of(ActuatorTick{1, 2, 0.5F, 0.0F, true, false, 0});
  bytes[6] ^= 0x10;  // one bit of the payload
  const auto good = frame_of(ActuatorTick{2, 3, 0.0F, 1.0F, false, false, 0});
  bytes.insert(bytes.begin(), {0x00, 0xC3, 0x11});  // noise, including a false sync byte
  bytes.insert(bytes.end(), good.begin(), good.end());
  Decoder d;
  const auto got = decode_all(bytes, d);
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(std::get<ActuatorTick>(got[0]).tick, 2U);
  EXPECT_EQ(d.stats().rejected, 1U);
  EXPECT_GE(d.stats().noise_bytes, 2U);
}

TEST(PlantLink, ALengthThatDisagreesWithTheFlagsIsRejected) {
  // Flags say three samples, the payload holds one: a mangled frame, not a tick.
  auto bytes = frame_of(SensorTick{1, 0, 100.0F, std::nullopt, std::nullopt});
  bytes[4 + 6] = 0x07;
  const auto length = bytes[3];
  const auto crc = crc16_ccitt(std::span<const std::uint8_t>(bytes.data() + 2, length + 2U));  // a valid CRC
  bytes[4 + length] = static_cast<std::uint8_t>(crc & 0xFF);
  bytes[5 + length] = static_cast<std::uint8_t>(crc >> 8);
  Decoder d;
  EXPECT_TRUE(decode_all(bytes, d).empty());
  EXPECT_EQ(d.stats().rejected, 1U);
}

}  // namespace
}  // namespace bfr::link::plant
