#pragma once
// The plant link of hardware-in-the-loop runs (docs/protocol.md, "Plant link"): a second serial
// line on which the host's simulated plant gives the firmware each control tick's sensor samples
// and the firmware answers with the tick's actuator command. The firmware waits for every tick, so
// host and firmware run in lockstep and the result does not depend on either one's speed.
//   sync 0xC3 0x3C | type | length | payload (length bytes) | CRC-16/CCITT-FALSE (LE) over type..payload
// Numbers are little-endian; samples and commands travel as IEEE-754 single-precision floats
// (3e-5 mmHg at 300 mmHg, far below any sensor's resolution), so the in-process reference and the
// firmware decode the very same values. Frames are short because QEMU's UARTs move one byte per
// main-loop turn. Byte counts are modulo 2^16. No heap: the firmware runs this decoder.
// A two-cuff image takes a sensor tick per cuff, in channel order and of the same tick, and
// answers with an actuator tick per cuff in the same order; a flag bit says which cuff.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <variant>

namespace bfr::link::plant {

inline constexpr std::uint8_t kSync0 = 0xC3;
inline constexpr std::uint8_t kSync1 = 0x3C;

// Host to firmware: one control tick.
struct SensorTick {
  std::uint32_t tick = 0;        // milliseconds since the firmware started
  std::uint16_t host_bytes = 0;  // protocol bytes the host had sent on the host line before this tick
  std::optional<float> cuff_mmHg;       // a new main-sensor sample this tick
  std::optional<float> cuff_line_mmHg;  // a new cuff-line sensor sample
  std::optional<float> distal_pulse;     // a new distal pulse sample (relative units)
  std::uint8_t channel = 0;             // which cuff's samples: 0 or 1
  friend bool operator==(const SensorTick&, const SensorTick&) = default;
};

// Firmware to host: the tick's actuator command.
struct ActuatorTick {
  std::uint16_t tick = 0;          // the tick's low 16 bits: a check that host and firmware agree
  std::uint16_t device_bytes = 0;  // protocol bytes the firmware had sent on the host line, this tick's included
  float pump_duty = 0.0F;
  float vent_opening = 0.0F;
  bool inflate_valve_open = false;
  bool dump_valve_powered = false;
  // Target clocks (25 MHz SysTick) the step took, 0 in-process, saturating: with QEMU's -icount
  // shift=0 one clock is 40 instructions. Not part of the command.
  std::uint16_t step_clocks = 0;
  std::uint8_t channel = 0;  // which cuff's actuators: 0 or 1
  friend bool operator==(const ActuatorTick&, const ActuatorTick&) = default;
  // The command itself: what must be identical on every target.
  [[nodiscard]] bool same_command(const ActuatorTick& o) const {
    return tick == o.tick && channel == o.channel && device_bytes == o.device_bytes && pump_duty == o.pump_duty &&
           vent_opening == o.vent_opening && inflate_valve_open == o.inflate_valve_open &&
           dump_valve_powered == o.dump_valve_powered;
  }
};

// Firmware to host: the firmware stopped (a fault, an abort, the watchdog's warning) with every output safe.
enum class StopReason : std::uint8_t { hard_fault = 1, abort = 2, watchdog = 3 };
const char* to_string(StopReason r);
struct SafeStop {
  StopReason reason = StopReason::hard_fault;
  friend bool operator==(const SafeStop&, const SafeStop&) = default;
};

using Message = std::variant<SensorTick, ActuatorTick, SafeStop>;

enum class Type : std::uint8_t { sensor_tick = 0x10, actuator_tick = 0x90, safe_stop = 0x91 };

inline constexpr std::size_t kMaxPayload = 19;
inline constexpr std::size_t kMaxFrame = 4 + kMaxPayload + 2;

// Writes one frame into `out`; returns its length (0 if `out` is too small).
std::size_t encode(const Message& m, std::span<std::uint8_t> out);

struct DecoderStats {
  std::uint32_t frames = 0;
  std::uint32_t noise_bytes = 0;  // bytes outside any frame
  std::uint32_t rejected = 0;     // bad CRC, unknown type, wrong length
};

class Decoder {
 public:
  // Feeds one byte; returns a message when it completes a good frame.
  std::optional<Message> feed(std::uint8_t byte);
  [[nodiscard]] const DecoderStats& stats() const { return stats_; }

 private:
  std::array<std::uint8_t, kMaxFrame> buffer_{};
  std::size_t size_ = 0;
  DecoderStats stats_{};
};

}  // namespace bfr::link::plant
