// libFuzzer target: arbitrary bytes read back as a sample block (a damaged or hostile database).
// The decoder must refuse them with StoreError or decode them, never crash, read out of bounds,
// overflow or allocate without bound; what it decodes must encode again to the same samples.

#include <cstddef>
#include <cstdint>
#include <span>

#include "store/sample_codec.hpp"
#include "store/store.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bfr::store;
  std::vector<Sample> samples;
  try {
    samples = decode_samples(std::span<const std::uint8_t>(data, size));
  } catch (const StoreError&) {
    return 0;
  }
  if (samples.empty()) return 0;
  std::vector<Sample> again;
  try {
    again = decode_samples(encode_samples(samples));
  } catch (const StoreError&) {
    return 0;  // decoded values too large to store again: refused, as the store refuses them
  }
  if (again.size() != samples.size()) __builtin_trap();
  for (std::size_t i = 0; i < samples.size(); ++i)
    if (again[i].t_ms != samples[i].t_ms || again[i].pressure_mmHg != samples[i].pressure_mmHg) __builtin_trap();
  return 0;
}
