// The device protocol's framing: every message survives a round trip, bytes may arrive in any
// split, noise is skipped, and every corrupted frame is rejected with its reason counted.

#include <gtest/gtest.h>

#include <random>
#include <string_view>
#include <vector>

#include "link/crc16.hpp"
#include "link/frame.hpp"

namespace bfr::link {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes frame_bytes(const Frame& f) {
  Bytes b(kMaxFrame);
  b.resize(encode(f, b));
  return b;
}

std::vector<Frame> decode_all(Decoder& d, const Bytes& bytes) {
  std::vector<Frame> out;
  d.feed(bytes, [&](const Frame& f) { out.push_back(f); });
  return out;
}

std::vector<Message> every_kind_of_message() {
  Telemetry t;
  t.time_ms = 123456;
  t.pressure_dmmHg = -15;
  t.setpoint_dmmHg = 1520;
  t.lop_dmmHg = 1900;
  t.target_dpct = 800;
  t.phase = 4;
  t.set = 2;
  t.rep = 17;
  t.pulse_cmmHg = 250;
  t.flags = kFlagOffTarget;
  t.fault = 8;
  t.channel = 1;
  return {Hello{}, Heartbeat{}, Command{CommandCode::start_set, 30, 2000, 1}, DeviceInfoRequest{},
          HelloReply{1, DeviceKind::simulated, 0x0100, 100}, Ack{7, AckResult::refused}, t,
          Event{99, EventKind::lop_measured, 92, 1875, 1}, DeviceInfo{2, PumpLayoutCode::shared}};
}

TEST(Crc16, MatchesTheCatalogueCheckValue) {
  constexpr std::string_view text = "123456789";
  const Bytes b(text.begin(), text.end());
  EXPECT_EQ(crc16_ccitt(b), 0x29B1);
}

TEST(Frame, EveryMessageSurvivesARoundTripExactly) {
  std::uint8_t seq = 200;
  for (const auto& m : every_kind_of_message()) {
    Decoder d;
    const auto frames = decode_all(d, frame_bytes({seq, m}));
    ASSERT_EQ(frames.size(), 1U) << "message index " << m.index();
    EXPECT_EQ(frames[0].seq, seq);
    ASSERT_EQ(frames[0].message.index(), m.index());
    if (const auto* t = std::get_if<Telemetry>(&m)) {
      const auto& got = std::get<Telemetry>(frames[0].message);
      EXPECT_EQ(got.time_ms, t->time_ms);
      EXPECT_EQ(got.pressure_dmmHg, t->pressure_dmmHg);
      EXPECT_EQ(got.setpoint_dmmHg, t->setpoint_dmmHg);
      EXPECT_EQ(got.rep, t->rep);
      EXPECT_EQ(got.pulse_cmmHg, t->pulse_cmmHg);
      EXPECT_EQ(got.fault, t->fault);
      EXPECT_EQ(got.channel, t->channel);
    }
    if (const auto* e = std::get_if<Event>(&m)) {
      const auto& got = std::get<Event>(frames[0].message);
      EXPECT_EQ(got.value, e->value);
      EXPECT_EQ(got.channel, e->channel);
    }
    if (const auto* i = std::get_if<DeviceInfo>(&m)) {
      const auto& got = std::get<DeviceInfo>(frames[0].message);
      EXPECT_EQ(got.channels, i->channels);
      EXPECT_EQ(got.pumps, i->pumps);
    }
    if (const auto* c = std::get_if<Command>(&m)) {
      const auto& got = std::get<Command>(frames[0].message);
      EXPECT_EQ(got.code, c->code);
      EXPECT_EQ(got.value, c->value);
      EXPECT_EQ(got.value2, c->value2);
      EXPECT_EQ(got.channel, c->channel);
    }
    ++seq;
  }
}

TEST(Frame, BytesMayArriveOneAtATimeBetweenNoise) {
  Bytes stream = {0x00, 0xB7, 0x13, 0x5A, 0xFF};  // noise, including a lone first sync byte
  std::size_t expected = 0;
  for (const auto& m : every_kind_of_message()) {
    const auto f = frame_bytes({1, m});
    stream.insert(stream.end(), f.begin(), f.end());
    stream.push_back(0x42);
    ++expected;
  }
  Decoder d;
  std::size_t got = 0;
  for (const auto b : stream) d.feed(std::span<const std::uint8_t>(&b, 1), [&](const Frame&) { ++got; });
  EXPECT_EQ(got, expected);
  EXPECT_EQ(d.stats().frames, expected);
  EXPECT_GE(d.stats().rejected_of(Reject::noise), 5U + expected);
}

TEST(Frame, EverySingleBitErrorIsRejectedAndTheNextFrameStillArrives) {
  const auto good = frame_bytes({5, Command{CommandCode::set_target, 800, 0}});
  const auto next = frame_bytes({6, Heartbeat{}});
  for (std::size_t bit = 0; bit < good.size() * 8; ++bit) {
    auto bad = good;
    bad[bit / 8] ^= static_cast<std::uint8_t>(1U << (bit % 8));
    bad.insert(bad.end(), next.begin(), next.end());
    bad.resize(bad.size() + kMaxFrame, 0x00);  // the line goes on (a corrupted length waits for more)
    Decoder d;
    const auto frames = decode_all(d, bad);
    ASSERT_EQ(frames.size(), 1U) << "bit " << bit;
    EXPECT_TRUE(std::holds_alternative<Heartbeat>(frames[0].message)) << "bit " << bit;
  }
}

TEST(Frame, HelloAndItsReplyOfAnotherVersionAreReadSoThatVersionsCanBeNamed) {
  Decoder d;
  const auto hello = decode_all(d, frame_bytes({3, Hello{}, 1}));
  ASSERT_EQ(hello.size(), 1U);
  EXPECT_EQ(hello[0].version, 1);
  const auto reply = decode_all(d, frame_bytes({4, HelloReply{7, DeviceKind::hardware, 0x0700, 50}, 7}));
  ASSERT_EQ(reply.size(), 1U);
  EXPECT_EQ(reply[0].version, 7);
  EXPECT_EQ(std::get<HelloReply>(reply[0].message).protocol_version, 7);
  EXPECT_TRUE(decode_all(d, frame_bytes({5, Command{CommandCode::stop, 0, 0}, 1})).empty());
  EXPECT_EQ(d.stats().rejected_of(Reject::bad_version), 1U);
}

TEST(Frame, EachRejectReasonIsCounted) {
  Decoder d;
  auto wrong_version = frame_bytes({1, Heartbeat{}});
  wrong_version[2] = 9;
  decode_all(d, wrong_version);
  EXPECT_EQ(d.stats().rejected_of(Reject::bad_version), 1U);

  const Bytes too_long = {kSync0, kSync1, kProtocolVersion, 0x02, 0, static_cast<std::uint8_t>(kMaxPayload + 1)};
  decode_all(d, too_long);
  EXPECT_EQ(d.stats().rejected_of(Reject::too_long), 1U);

  auto bad_crc = frame_bytes({1, Heartbeat{}});
  bad_crc.back() ^= 0x01;
  decode_all(d, bad_crc);
  EXPECT_EQ(d.stats().rejected_of(Reject::bad_crc), 1U);

  // A well-formed frame of a type nobody knows, a command whose code is out of range, and one for
  // a third cuff (no device has one).
  const auto with_crc = [](Bytes b) {
    const auto crc = crc16_ccitt(std::span<const std::uint8_t>(b.data() + 2, b.size() - 2));
    b.push_back(static_cast<std::uint8_t>(crc & 0xFF));
    b.push_back(static_cast<std::uint8_t>(crc >> 8));
    return b;
  };
  decode_all(d, with_crc({kSync0, kSync1, kProtocolVersion, 0x55, 0, 0}));
  EXPECT_EQ(d.stats().rejected_of(Reject::unknown_type), 1U);
  decode_all(d, with_crc({kSync0, kSync1, kProtocolVersion, 0x03, 0, 6, 99, 0, 0, 0, 0, 0}));
  decode_all(d, with_crc({kSync0, kSync1, kProtocolVersion, 0x03, 0, 6, 9, 0, 0, 0, 0, 2}));
  decode_all(d, with_crc({kSync0, kSync1, kProtocolVersion, 0x03, 0, 5, 9, 0, 0, 0, 0}));  // no channel: version 2's layout
  EXPECT_EQ(d.stats().rejected_of(Reject::bad_payload), 3U);
  EXPECT_EQ(d.stats().frames, 0U);
}

TEST(Frame, RandomBytesNeverYieldAFrameByAccidentInPractice) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> byte(0, 255);
  Bytes junk(200000);
  for (auto& b : junk) b = static_cast<std::uint8_t>(byte(rng));
  Decoder d;
  const auto frames = decode_all(d, junk);
  // Two sync bytes, a version byte and a 16-bit CRC must all match by chance: about one frame
  // in 2^40 random positions.
  EXPECT_EQ(frames.size(), 0U);
}

}  // namespace
}  // namespace bfr::link
