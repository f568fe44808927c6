#pragma once
// The device's end of the link: decodes the host's frames into controller commands and the
// heartbeat, steps the device (controller + supervisor), and reports telemetry at 100 Hz plus
// events (phase changes, LOP results, faults, alarms). No heap, so the firmware can run it; the
// virtual device runs exactly this code.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "core/device.hpp"
#include "link/byte_sink.hpp"
#include "link/frame.hpp"
#include "link/pulse_meter.hpp"

namespace bfr::link {

struct EndpointConfig {
  DeviceKind kind = DeviceKind::hardware;
  units::Duration telemetry_period = units::milliseconds(10.0);  // 100 Hz (issue 6)
  core::ControllerConfig controller{};
};

class DeviceEndpoint {
 public:
  explicit DeviceEndpoint(EndpointConfig config = {}) : config_(config), device_(config.controller) {}

  // Bytes from the host, as they arrive. Replies (hello, acks) go to `out` at once.
  void receive(std::span<const std::uint8_t> bytes, ByteSink& out);
  // One control step with this step's sensor samples (the command comes from the link).
  // Telemetry and events go to `out`.
  core::Outputs step(units::Instant now, core::Inputs sensors, ByteSink& out);

  // The link command applied in the last step, if any (the virtual athlete follows it).
  [[nodiscard]] const std::optional<Command>& applied() const { return applied_; }
  [[nodiscard]] const DecoderStats& decoder_stats() const { return decoder_.stats(); }
  [[nodiscard]] const core::Device& device() const { return device_; }

  static constexpr std::uint16_t kFirmwareVersion = 0x0100;  // 1.0

 private:
  void on_frame(const Frame& f, ByteSink& out);
  void send(const Message& m, ByteSink& out, std::uint8_t version = kProtocolVersion);
  void report_changes(units::Instant now, const core::Status& s, ByteSink& out);
  [[nodiscard]] Telemetry telemetry(units::Instant now, const core::Status& s) const;

  static constexpr std::size_t kQueue = 8;
  EndpointConfig config_;
  core::Device device_;
  Decoder decoder_;
  std::array<Command, kQueue> queue_{};
  std::size_t queued_ = 0;
  bool heard_ = false;
  std::optional<std::uint8_t> last_command_seq_;
  std::optional<Command> applied_;
  std::uint8_t seq_ = 0;
  long long next_telemetry_ms_ = 0;
  PulseMeter pulse_;
  core::Status previous_{};
  bool first_step_ = true;
  // The metronome of the current set, for the repetition count.
  units::Instant set_started_{};
  std::uint16_t set_reps_ = 0, rep_ms_ = 0;
};

// The controller command a link command asks for; empty if the command's value is out of range.
std::optional<core::HostCommand> to_core(const Command& c);

}  // namespace bfr::link
