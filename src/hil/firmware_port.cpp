#include "hil/firmware_port.hpp"

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

TickResult InProcessFirmware::tick(std::span<const std::uint8_t> host_bytes, link::plant::SensorTick sensors) {
  TickResult r;
  Collect out(r.device_bytes);
  loop_.receive(host_bytes, out);
  r.command = loop_.step(sensors, out);
  return r;
}

}  // namespace bfr::hil
