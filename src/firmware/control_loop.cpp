#include "firmware/control_loop.hpp"

namespace bfr::firmware {

namespace {
// Passes bytes on and counts them.
class CountingSink final : public link::ByteSink {
 public:
  CountingSink(link::ByteSink& inner, std::uint32_t& count) : inner_(inner), count_(count) {}
  void write(std::span<const std::uint8_t> bytes) override {
    inner_.write(bytes);
    count_ += static_cast<std::uint32_t>(bytes.size());
  }

 private:
  link::ByteSink& inner_;
  std::uint32_t& count_;
};
}  // namespace

template <class E>
void BasicControlLoop<E>::receive(std::span<const std::uint8_t> bytes, link::ByteSink& host_out) {
  CountingSink out(host_out, sent_);
  endpoint_.receive(bytes, out);
}

template <class E>
typename BasicControlLoop<E>::Commands BasicControlLoop<E>::step(const Ticks& ticks, link::ByteSink& host_out) {
  typename E::Samples samples{};
  for (std::size_t c = 0; c < kCuffs; ++c) {
    const auto& tick = ticks[c];
    auto& in = samples[c];
    if (tick.cuff_mmHg) in.cuff_pressure = units::mmHg(static_cast<double>(*tick.cuff_mmHg));
    if (tick.cuff_line_mmHg) in.cuff_line_pressure = units::mmHg(static_cast<double>(*tick.cuff_line_mmHg));
    in.distal_pulse = tick.distal_pulse;
  }
  CountingSink out(host_out, sent_);
  const auto outputs = endpoint_.step(time_of(ticks[0].tick), samples, out);
  Commands commands{};
  for (std::size_t c = 0; c < kCuffs; ++c) {
    const auto& a = outputs[c].actuators;
    auto& command = commands[c];
    command.tick = static_cast<std::uint16_t>(ticks[0].tick);
    command.channel = static_cast<std::uint8_t>(c);
    command.device_bytes = static_cast<std::uint16_t>(sent_);
    command.pump_duty = a.pump_duty;
    command.vent_opening = a.vent_opening;
    command.inflate_valve_open = a.inflate_valve_open;
    command.dump_valve_powered = a.dump_valve_powered;
  }
  return commands;
}

template class BasicControlLoop<link::DeviceEndpoint>;
template class BasicControlLoop<link::TwoCuffEndpoint>;

}  // namespace bfr::firmware
