#pragma once
// The device's end of the link: decodes the host's frames into controller commands and the
// heartbeat, steps the device (controller + supervisor per cuff), and reports telemetry at 100 Hz
// per cuff plus events (phase changes, LOP results, faults, alarms). No heap, so the firmware can
// run it; the virtual device runs exactly this code.
//
// One endpoint for both builds (docs/protocol.md, "Channels"): `DeviceEndpoint` drives one cuff
// (core::Device), `TwoCuffEndpoint` two (core::TwoChannelDevice, one pump or two). Each command
// names its cuff; each telemetry frame and event says which cuff it is about.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "core/device.hpp"
#include "core/two_channel_device.hpp"
#include "link/byte_sink.hpp"
#include "link/frame.hpp"
#include "link/pulse_meter.hpp"

namespace bfr::link {

struct EndpointConfig {
  DeviceKind kind = DeviceKind::hardware;
  units::Duration telemetry_period = units::milliseconds(10.0);  // 100 Hz per cuff (issue 6)
  core::ControllerConfig controller{};
  core::PumpLayout pumps = core::PumpLayout::shared;  // two cuffs only
};

// One cuff: core::Device in the shape of a device with channels.
class OneCuffHardware {
 public:
  static constexpr std::size_t kChannels = 1;
  explicit OneCuffHardware(const EndpointConfig& c) : device_(c.controller) {}
  std::array<core::Outputs, 1> step(units::Instant now, const std::array<core::Inputs, 1>& in) {
    return {device_.step(now, in[0])};
  }
  [[nodiscard]] const core::Device& channel(std::size_t) const { return device_; }
  [[nodiscard]] static PumpLayoutCode pumps() { return PumpLayoutCode::one_per_channel; }

 private:
  core::Device device_;
};

// Two cuffs: core::TwoChannelDevice, its pump layout from the configuration.
class TwoCuffHardware {
 public:
  static constexpr std::size_t kChannels = core::kChannels;
  explicit TwoCuffHardware(const EndpointConfig& c) : device_(c.pumps, c.controller) {}
  std::array<core::Outputs, kChannels> step(units::Instant now, const std::array<core::Inputs, kChannels>& in) {
    return device_.step(now, in);
  }
  [[nodiscard]] const core::Device& channel(std::size_t i) const { return device_.channel(i); }
  [[nodiscard]] PumpLayoutCode pumps() const { return static_cast<PumpLayoutCode>(device_.pumps()); }

 private:
  core::TwoChannelDevice device_;
};

template <typename Hardware>
class BasicDeviceEndpoint {
 public:
  static constexpr std::size_t kChannels = Hardware::kChannels;
  using Samples = std::array<core::Inputs, kChannels>;
  using Results = std::array<core::Outputs, kChannels>;

  explicit BasicDeviceEndpoint(EndpointConfig config = {}) : config_(config), hardware_(config) {}

  // Bytes from the host, as they arrive. Replies (hello, device info, acks) go to `out` at once.
  void receive(std::span<const std::uint8_t> bytes, ByteSink& out);
  // One control step with this step's sensor samples, a set per cuff (the commands come from the
  // link). Telemetry and events go to `out`.
  Results step(units::Instant now, Samples sensors, ByteSink& out);
  core::Outputs step(units::Instant now, const core::Inputs& sensors, ByteSink& out)
    requires(kChannels == 1)
  {
    return step(now, Samples{sensors}, out)[0];
  }

  // The link command applied in the last step, if any (the virtual athlete follows it); its
  // channel says which cuff.
  [[nodiscard]] const std::optional<Command>& applied() const { return applied_; }
  [[nodiscard]] const DecoderStats& decoder_stats() const { return decoder_.stats(); }
  [[nodiscard]] const core::Device& device(std::size_t channel = 0) const { return hardware_.channel(channel); }
  [[nodiscard]] DeviceInfo info() const { return {static_cast<std::uint8_t>(kChannels), hardware_.pumps()}; }

  static constexpr std::uint16_t kFirmwareVersion = 0x0200;  // 2.0: protocol 3, channels

 private:
  // What the endpoint remembers about one cuff between steps.
  struct Cuff {
    PulseMeter pulse;
    core::Status previous{};
    bool reported = false;  // the first step's phase has been reported
    // The metronome of the current set, for the repetition count.
    units::Instant set_started{};
    std::uint16_t set_reps = 0, rep_ms = 0;
  };

  void on_frame(const Frame& f, ByteSink& out);
  void send(const Message& m, ByteSink& out, std::uint8_t version = kProtocolVersion);
  void report_changes(std::uint8_t channel, units::Instant now, const core::Status& s, ByteSink& out);
  [[nodiscard]] Telemetry telemetry(std::uint8_t channel, units::Instant now, const core::Status& s) const;

  static constexpr std::size_t kQueue = 8;
  EndpointConfig config_;
  Hardware hardware_;
  Decoder decoder_;
  std::array<Command, kQueue> queue_{};
  std::size_t queued_ = 0;
  bool heard_ = false;
  std::optional<std::uint8_t> last_command_seq_;
  std::optional<Command> applied_;
  std::uint8_t seq_ = 0;
  long long next_telemetry_ms_ = 0;
  std::array<Cuff, kChannels> cuffs_{};
};

using DeviceEndpoint = BasicDeviceEndpoint<OneCuffHardware>;
using TwoCuffEndpoint = BasicDeviceEndpoint<TwoCuffHardware>;
extern template class BasicDeviceEndpoint<OneCuffHardware>;
extern template class BasicDeviceEndpoint<TwoCuffHardware>;

// The controller command a link command asks for; empty if the command's value is out of range.
std::optional<core::HostCommand> to_core(const Command& c);

}  // namespace bfr::link
