#pragma once
// What runs inside the virtual device: the firmware's device endpoint in this process (the
// default), or the firmware image on an emulated Cortex-M4 (hil::FirmwareOnPort, for
// `bfr device-sim --hil`). The virtual device gives it the host's bytes as they arrive and steps
// it every millisecond of device time with that step's sensor samples, a set per cuff.

#include <cstddef>
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
  // How many cuffs it drives (1 or 2).
  [[nodiscard]] virtual std::size_t cuffs() const { return 1; }
  // Protocol bytes from the host, as they arrive; replies may go to `out` at once.
  virtual void receive(std::span<const std::uint8_t> bytes, ByteSink& out) = 0;
  // One 1 ms control step: `sensors` and `commands` have a slot per cuff. Telemetry and events
  // go to `out`.
  virtual void step(units::Instant now, std::span<const core::Inputs> sensors, std::span<core::Actuators> commands,
                    ByteSink& out) = 0;
  // The host's command that took effect in the last step, if any: the simulated athlete follows
  // it, with the limb its channel names.
  [[nodiscard]] virtual std::optional<Command> applied() const = 0;
};

}  // namespace bfr::link
