#pragma once
// Where a hardware-in-the-loop run's firmware runs: in this process (the reference) or on the
// emulated Cortex-M4. Both take, per control tick, the host's protocol bytes and the plant's
// sensor samples, and give the tick's actuator command and the bytes the firmware sent back.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/actuators.hpp"
#include "core/inputs.hpp"
#include "firmware/control_loop.hpp"

namespace bfr::hil {

// The plant line's view of a control step: the tick (whole milliseconds of `now`) and a cuff's samples.
link::plant::SensorTick sensor_tick(units::Instant now, const core::Inputs& samples, std::uint8_t channel = 0);
// The actuator command a tick's answer carries.
core::Actuators actuators_of(const link::plant::ActuatorTick& command);

// The emulator could not be started, stopped answering, or sent something malformed.
class HilError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TickResult {
  std::array<link::plant::ActuatorTick, link::kMostChannels> commands{};  // a command per cuff
  [[nodiscard]] const link::plant::ActuatorTick& command() const { return commands[0]; }
  std::vector<std::uint8_t> device_bytes;  // protocol bytes the firmware sent this tick
  std::optional<link::plant::StopReason> stopped;  // the firmware stopped itself (SafeStop): outputs safe
};

class FirmwarePort {
 public:
  virtual ~FirmwarePort() = default;
  // How many cuffs the firmware drives.
  [[nodiscard]] virtual std::size_t cuffs() const { return 1; }
  // One tick: `host_bytes` reach the firmware before the tick's samples, a set per cuff.
  virtual TickResult tick(std::span<const std::uint8_t> host_bytes, std::span<const link::plant::SensorTick> sensors) = 0;
  [[nodiscard]] virtual std::string name() const = 0;
};

// The firmware's control loop in this process: the same code as the image's, built for the host.
class InProcessFirmware final : public FirmwarePort {
 public:
  // On a simulated plant, as the emulated board (its hello says so).
  InProcessFirmware() : loop_(link::EndpointConfig{.kind = link::DeviceKind::simulated}) {}
  TickResult tick(std::span<const std::uint8_t> host_bytes, std::span<const link::plant::SensorTick> sensors) override;
  [[nodiscard]] std::string name() const override { return "in-process"; }

 private:
  firmware::ControlLoop loop_;
};

}  // namespace bfr::hil
