// The device's end of the link, driven by frames as a host would send them, with the real
// simulated cuff behind it (the virtual device's own loop, stepped here without a clock).

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "link/device_endpoint.hpp"
#include "link/received.hpp"
#include "rig/virtual_device.hpp"
#include "rig/core_strategy.hpp"

namespace bfr::link {
namespace {

struct Capture final : ByteSink {
  void write(std::span<const std::uint8_t> b) override { bytes.insert(bytes.end(), b.begin(), b.end()); }
  std::vector<std::uint8_t> bytes;
};

// Host frames in, the device and plant stepped at 1 ms, everything the device said decoded.
class Bench {
 public:
  Bench() : plant_(rig::virtual_athlete(3)), endpoint_(EndpointConfig{.kind = DeviceKind::simulated}) {}

  void host_sends(std::uint8_t seq, const Message& m, std::uint8_t version = kProtocolVersion) {
    std::array<std::uint8_t, kMaxFrame> buf{};
    const auto n = encode({seq, m, version}, buf);
    endpoint_.receive(std::span<const std::uint8_t>(buf.data(), n), out_);
  }
  // Steps for `seconds`, with a host heartbeat every `heartbeat_ms` (0: none).
  void run(double seconds, int heartbeat_ms = 100) {
    const auto steps = static_cast<int>(seconds * 1000.0);
    for (int i = 0; i < steps; ++i) {
      if (heartbeat_ms > 0 && i % heartbeat_ms == 0) host_sends(0, Heartbeat{});
      const auto r = plant_.step(actuators_);
      core::Inputs in;
      in.cuff_pressure = r.cuff_pressure;
      in.cuff_line_pressure = r.cuff_line_pressure;
      actuators_ = rig::to_plant(endpoint_.step(plant_.now(), in, out_).actuators);
    }
    decoder_.feed(out_.bytes, [&](const Frame& f) {
      received.push_back(f.message);
      versions.push_back(f.version);
    });
    out_.bytes.clear();
  }
  template <class T>
  std::vector<T> all() const {
    return testing::messages_of<T>(received);
  }
  // The newest of a kind; throws if there is none (the test then fails with the message).
  template <class T>
  T newest() const {
    for (auto it = received.rbegin(); it != received.rend(); ++it)
      if (const auto* x = std::get_if<T>(&*it)) return *x;
    throw std::runtime_error("the device sent no message of this kind");
  }
  [[nodiscard]] double true_cuff_mmHg() const { return plant_.truth().cuff.mmHg(); }
  std::vector<Message> received;
  std::vector<std::uint8_t> versions;  // each received message's frame version

 private:
  sim::Plant plant_;
  DeviceEndpoint endpoint_;
  sim::ActuatorCommand actuators_{};
  Capture out_;
  Decoder decoder_;
};

TEST(DeviceEndpoint, AnswersHelloAsASimulatedDevice) {
  Bench b;
  b.host_sends(0, Hello{});
  b.run(0.01);
  const auto replies = b.all<HelloReply>();
  ASSERT_EQ(replies.size(), 1U);
  EXPECT_EQ(replies[0].kind, DeviceKind::simulated);
  EXPECT_EQ(replies[0].telemetry_hz, 100);
}

TEST(DeviceEndpoint, SaysItDrivesOneCuffAndRefusesACommandForASecond) {
  Bench b;
  b.host_sends(0, DeviceInfoRequest{});
  b.host_sends(1, Command{CommandCode::set_lop, 1800, 0, 1});
  b.host_sends(2, Command{CommandCode::set_lop, 1800, 0, 0});
  b.run(0.05);
  const auto info = b.all<DeviceInfo>();
  ASSERT_EQ(info.size(), 1U);
  EXPECT_EQ(info[0].channels, 1);
  EXPECT_EQ(info[0].pumps, PumpLayoutCode::one_per_channel);
  const auto acks = b.all<Ack>();
  ASSERT_EQ(acks.size(), 2U);
  EXPECT_EQ(acks[0].result, AckResult::refused) << "this device has no second cuff";
  EXPECT_EQ(acks[1].result, AckResult::accepted);
  for (const auto& t : b.all<Telemetry>()) EXPECT_EQ(t.channel, 0);
  EXPECT_EQ(b.newest<Telemetry>().lop_dmmHg, 1800);
}

TEST(DeviceEndpoint, AnswersAHostOfAnotherVersionInItsFramingAndHearsNothingElseFromIt) {
  Bench b;
  b.host_sends(0, Hello{}, 1);
  b.host_sends(1, Command{CommandCode::set_lop, 1800, 0}, 1);
  b.run(0.01, 0);
  ASSERT_FALSE(b.received.empty());
  const auto reply = std::get_if<HelloReply>(&b.received.front());
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(b.versions.front(), 1) << "framed so that a version-1 host can read it";
  EXPECT_EQ(reply->protocol_version, kProtocolVersion) << "and say which version this device speaks";
  EXPECT_TRUE(b.all<Ack>().empty()) << "a command of another version is never taken";
  EXPECT_EQ(b.newest<Telemetry>().lop_dmmHg, kNoValue);
}

TEST(DeviceEndpoint, StartTakesAPlannedHoldUpToTheLongestPrescribed) {
  Bench b;
  b.host_sends(1, Command{CommandCode::start, 1200, 0});  // 20 min: the longest aerobic hold
  b.host_sends(2, Command{CommandCode::start, 1201, 0});
  b.run(0.01);
  const auto acks = b.all<Ack>();
  ASSERT_EQ(acks.size(), 2U);
  EXPECT_EQ(acks[0].result, AckResult::accepted);
  EXPECT_EQ(acks[1].result, AckResult::refused);
  const auto hold = to_core(Command{CommandCode::start, 900, 0});
  ASSERT_TRUE(hold.has_value());
  EXPECT_DOUBLE_EQ(std::get<core::command::Start>(*hold).planned_hold.seconds(), 900.0);
}

TEST(DeviceEndpoint, SendsTelemetryAt100Hz) {
  Bench b;
  b.run(2.0);
  const auto t = b.all<Telemetry>();
  EXPECT_NEAR(static_cast<double>(t.size()), 200.0, 1.0);
  ASSERT_GE(t.size(), 2U);
  EXPECT_EQ(t[t.size() - 1].time_ms - t[t.size() - 2].time_ms, 10U);
}

TEST(DeviceEndpoint, AcknowledgesCommandsAppliesThemOnceAndRefusesOutOfRange) {
  Bench b;
  b.host_sends(1, Command{CommandCode::set_lop, 1800, 0});
  b.host_sends(2, Command{CommandCode::set_target, 900, 0});  // 90 %: above the highest prescription
  b.host_sends(3, Command{CommandCode::set_target, 600, 0});
  b.host_sends(4, Command{CommandCode::start, 0, 0});
  b.host_sends(4, Command{CommandCode::start, 0, 0});  // a re-send: acknowledged again only
  b.run(8.0);
  const auto acks = b.all<Ack>();
  ASSERT_EQ(acks.size(), 5U);
  EXPECT_EQ(acks[0].result, AckResult::accepted);
  EXPECT_EQ(acks[1].result, AckResult::refused);
  EXPECT_EQ(acks[4].command_seq, 4);
  const auto last = b.newest<Telemetry>();
  EXPECT_EQ(last.target_dpct, 600);
  EXPECT_EQ(last.lop_dmmHg, 1800);
  EXPECT_EQ(static_cast<core::PhaseId>(last.phase), core::PhaseId::resting);
  EXPECT_NEAR(last.pressure_dmmHg / 10.0, 108.0, 5.0);  // 60 % of 180 mmHg
  EXPECT_GT(last.pulse_cmmHg, 0);
}

TEST(DeviceEndpoint, DeflatesWithin2sWhenTheHostFallsSilent) {
  Bench b;
  b.host_sends(1, Command{CommandCode::set_lop, 1800, 0});
  b.host_sends(2, Command{CommandCode::set_target, 600, 0});
  b.host_sends(3, Command{CommandCode::start, 0, 0});
  b.run(8.0);
  ASSERT_GT(b.true_cuff_mmHg(), 100.0);
  b.received.clear();
  b.run(2.0, /*heartbeat_ms=*/0);  // the host is gone
  EXPECT_LT(b.true_cuff_mmHg(), 20.0);
  bool told = false;
  for (const auto& e : b.all<Event>())
    told |= e.kind == EventKind::deflated && e.code == static_cast<std::uint8_t>(core::DeflateReason::host_silent);
  EXPECT_TRUE(told);
}

TEST(DeviceEndpoint, ReportsTheMeasuredLopAsAnEvent) {
  Bench b;
  b.host_sends(1, Command{CommandCode::measure_lop, 0, 0});
  b.run(90.0);
  const auto events = b.all<Event>();
  std::optional<Event> lop;
  for (const auto& e : events)
    if (e.kind == EventKind::lop_measured) lop = e;
  ASSERT_TRUE(lop.has_value());
  EXPECT_GT(lop->value, 1000);  // deci-mmHg: above 100 mmHg for a thigh
  EXPECT_EQ(b.newest<Telemetry>().lop_dmmHg, lop->value);
}

}  // namespace
}  // namespace bfr::link
