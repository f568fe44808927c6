#pragma once
// What runs inside the virtual device: the firmware's device endpoint in this process (the
// default), or the firmware image on an emulated Cortex-M4 (hil::EmulatedDeviceFirmware, for
// `bfr device-sim --hil`). The virtual device gives it the host's bytes as they arrive and steps
// it every millisecond of device time with that step's sensor samples.

#include <optional>
#include <span>

#include "core/actuators.hpp"
#include "core/inputs.hpp"
#include "units/units.hpp"
#include "link/byte_sink.hpp"
#include "link/messages.hpp"

namespace bfr::link {

class DeviceFirmware {
 public:
  virtual ~DeviceFirmware() = default;
  // Protocol bytes from the host, as they arrive; replies may go to `out` at once.
  virtual void receive(std::span<const std::uint8_t> bytes, ByteSink& out) = 0;
  // One 1 ms control step; telemetry and events go to `out`.
  virtual core::Actuators step(units::Instant now, const core::Inputs& sensors, ByteSink& out) = 0;
  // The host's command that took effect in the last step, if any: the simulated athlete follows it.
  [[nodiscard]] virtual std::optional<Command> applied() const = 0;
};

}  // namespace bfr::link
