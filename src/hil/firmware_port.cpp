#include "hil/firmware_port.hpp"

#include <cmath>

namespace bfr::hil {

namespace {
class Collect final : public link::ByteSink {
 public:
  explicit Collect(std::vector<std::uint8_t>& out) : out_(out) {}
  void write(std::span<const std::uint8_t> bytes) override { out_.insert(out_.end(), bytes.begin(), bytes.end()); }

 private:
  std::vector<std::uint8_t>& out_;
};
}  // namespace

link::plant::SensorTick sensor_tick(units::Instant now, const core::Inputs& samples, std::uint8_t channel) {
  link::plant::SensorTick tick;
  tick.channel = channel;
  tick.tick = static_cast<std::uint32_t>(std::llround(now.seconds() * 1000.0));
  if (samples.cuff_pressure) tick.cuff_mmHg = static_cast<float>(samples.cuff_pressure->mmHg());
  if (samples.cuff_line_pressure) tick.cuff_line_mmHg = static_cast<float>(samples.cuff_line_pressure->mmHg());
  tick.distal_pulse = samples.distal_pulse;
  return tick;
}

core::Actuators actuators_of(const link::plant::ActuatorTick& c) {
  return core::Actuators{c.pump_duty, c.inflate_valve_open, c.vent_opening, c.dump_valve_powered};
}

TickResult InProcessFirmware::tick(std::span<const std::uint8_t> host_bytes, std::span<const link::plant::SensorTick> sensors) {
  TickResult r;
  Collect out(r.device_bytes);
  loop_.receive(host_bytes, out);
  r.commands[0] = loop_.step(sensors[0], out);
  return r;
}

}  // namespace bfr::hil
