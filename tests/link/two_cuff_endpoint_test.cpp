// The device's end of the link with two cuffs (protocol version 3, issue 14): the host asks what
// the device drives, each command acts on the cuff it names, telemetry comes at 100 Hz per cuff,
// and events say which cuff they are about. Two simulated thighs on one shared pump behind it.

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "link/device_endpoint.hpp"
#include "link/received.hpp"
#include "rig/core_strategy.hpp"
#include "sim/two_limb_plant.hpp"

namespace bfr::link {
namespace {

struct Capture final : ByteSink {
  void write(std::span<const std::uint8_t> b) override { bytes.insert(bytes.end(), b.begin(), b.end()); }
  std::vector<std::uint8_t> bytes;
};

sim::TwoLimbSpec two_thighs() {
  sim::TwoLimbSpec s;
  s.pumps = sim::PumpLayout::shared;
  for (auto& side : s.sides) {
    side.person.circulation = {units::mmHg(125.0), units::mmHg(78.0), units::per_minute(70.0), sim::Rhythm::sinus};
    side.limb = sim::LimbKind::thigh;
    side.cuff.width = units::cm(11.5);
    side.posture = sim::Posture::seated;
    side.seed = 5;
  }
  s.sides[sim::kRight].person.thigh_circumference = units::cm(60.0);
  return s;
}

class TwoCuffBench {
 public:
  explicit TwoCuffBench(sim::TwoLimbSpec spec = two_thighs())
      : plant_(std::move(spec)), endpoint_(EndpointConfig{.kind = DeviceKind::simulated}) {}

  void host_sends(const Message& m) {
    std::array<std::uint8_t, kMaxFrame> buf{};
    const auto n = encode({seq_++, m}, buf);
    endpoint_.receive(std::span<const std::uint8_t>(buf.data(), n), out_);
  }
  void run(double seconds) {
    const auto steps = static_cast<int>(seconds * 1000.0);
    for (int i = 0; i < steps; ++i) {
      if (i % 100 == 0) host_sends(Heartbeat{});
      const auto r = plant_.step(actuators_);
      const auto outputs = endpoint_.step(plant_.now(), {rig::to_core(r[0]), rig::to_core(r[1])}, out_);
      for (std::size_t c = 0; c < 2; ++c) actuators_[c] = rig::to_plant(outputs[c].actuators);
    }
    decoder_.feed(out_.bytes, [&](const Frame& f) { received.push_back(f.message); });
    out_.bytes.clear();
  }
  template <class T>
  std::vector<T> all() const {
    return testing::messages_of<T>(received);
  }
  [[nodiscard]] std::vector<Telemetry> telemetry_of(std::uint8_t channel) const {
    auto t = all<Telemetry>();
    std::erase_if(t, [&](const Telemetry& x) { return x.channel != channel; });
    return t;
  }
  [[nodiscard]] double true_cuff_mmHg(std::size_t side) const { return plant_.truth(side).cuff.mmHg(); }
  std::vector<Message> received;

 private:
  sim::TwoLimbPlant plant_;
  TwoCuffEndpoint endpoint_;
  std::array<sim::ActuatorCommand, 2> actuators_{};
  Capture out_;
  Decoder decoder_;
  std::uint8_t seq_ = 1;
};

TEST(TwoCuffEndpoint, SaysItDrivesTwoCuffsOnASharedPump) {
  TwoCuffBench b;
  b.host_sends(DeviceInfoRequest{});
  b.run(0.01);
  const auto info = b.all<DeviceInfo>();
  ASSERT_EQ(info.size(), 1U);
  EXPECT_EQ(info[0].channels, 2);
  EXPECT_EQ(info[0].pumps, PumpLayoutCode::shared);
}

TEST(TwoCuffEndpoint, SendsTelemetryAt100HzForEachCuff) {
  TwoCuffBench b;
  b.run(1.0);
  EXPECT_NEAR(static_cast<double>(b.telemetry_of(0).size()), 100.0, 1.0);
  EXPECT_NEAR(static_cast<double>(b.telemetry_of(1).size()), 100.0, 1.0);
}

TEST(TwoCuffEndpoint, EachCommandActsOnTheCuffItNames) {
  TwoCuffBench b;
  b.host_sends(Command{CommandCode::set_lop, 1800, 0, 0});
  b.host_sends(Command{CommandCode::set_lop, 2000, 0, 1});
  b.host_sends(Command{CommandCode::set_target, 500, 0, 1});
  b.host_sends(Command{CommandCode::start, 0, 0, 1});  // the right cuff only
  b.run(12.0);
  ASSERT_EQ(b.all<Ack>().size(), 4U);
  for (const auto& a : b.all<Ack>()) EXPECT_EQ(a.result, AckResult::accepted);
  const auto left = b.telemetry_of(0).back();
  const auto right = b.telemetry_of(1).back();
  EXPECT_EQ(left.lop_dmmHg, 1800);
  EXPECT_EQ(right.lop_dmmHg, 2000);
  EXPECT_EQ(right.target_dpct, 500);
  EXPECT_EQ(left.phase, static_cast<std::uint8_t>(core::PhaseId::idle));
  EXPECT_EQ(right.phase, static_cast<std::uint8_t>(core::PhaseId::resting));
  EXPECT_NEAR(b.true_cuff_mmHg(1), 100.0, 5.0) << "50 % of a 200 mmHg LOP";
  EXPECT_LT(b.true_cuff_mmHg(0), 5.0) << "the left cuff was never started";
  bool right_moved_only_right = true;
  for (const auto& e : b.all<Event>())
    if (e.kind == EventKind::phase_changed && e.code == static_cast<std::uint8_t>(core::PhaseId::inflating))
      right_moved_only_right = right_moved_only_right && e.channel == 1;
  EXPECT_TRUE(right_moved_only_right);
}

TEST(TwoCuffEndpoint, AFaultOnOneCuffEmptiesBothAndItsEventNamesThatCuff) {
  auto spec = two_thighs();
  sim::FaultSpec leak;
  leak.kind = sim::FaultKind::large_leak;
  leak.at = units::at_seconds(14.0);
  spec.sides[sim::kRight].faults.push_back(leak);
  TwoCuffBench b(spec);
  for (std::uint8_t c = 0; c < 2; ++c) {
    b.host_sends(Command{CommandCode::set_lop, 1900, 0, c});
    b.host_sends(Command{CommandCode::set_target, 600, 0, c});
    b.host_sends(Command{CommandCode::start, 0, 0, c});
  }
  b.run(25.0);
  std::vector<Event> faults = b.all<Event>();
  std::erase_if(faults, [](const Event& e) { return e.kind != EventKind::fault; });
  ASSERT_FALSE(faults.empty());
  EXPECT_EQ(faults.front().channel, 1) << "the leaking cuff raises it";
  // While holding, a large leak is found as a cuff that cannot be held (docs/safety.md, 5 s).
  EXPECT_EQ(faults.front().code, static_cast<std::uint8_t>(core::FaultId::under_pressure));
  EXPECT_LT(faults.front().time_ms, 14000U + 6000U);
  EXPECT_LT(b.true_cuff_mmHg(0), 20.0) << "the other cuff empties too (docs/safety.md, \"Two cuffs\")";
  EXPECT_LT(b.true_cuff_mmHg(1), 20.0);
  EXPECT_EQ(b.telemetry_of(0).back().phase, static_cast<std::uint8_t>(core::PhaseId::fault));

  // One acknowledgement, to either cuff, clears the device.
  b.host_sends(Command{CommandCode::acknowledge, 0, 0, 0});
  b.run(0.1);
  EXPECT_NE(b.telemetry_of(0).back().phase, static_cast<std::uint8_t>(core::PhaseId::fault));
  EXPECT_NE(b.telemetry_of(1).back().phase, static_cast<std::uint8_t>(core::PhaseId::fault));
}

}  // namespace
}  // namespace bfr::link
