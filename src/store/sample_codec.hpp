#pragma once
// A block of samples as bytes (docs/storage.md, "Sample blocks"). Each value is quantised to the
// resolution the device sends it at (docs/protocol.md, "Numbers"), so a device's samples come
// back exactly; each column is stored as zig-zag varint deltas (times as deltas of deltas: a
// steady 100 Hz costs nothing), and the columns are compressed with zstd when that is smaller.

#include <cstdint>
#include <span>
#include <vector>

#include "store/records.hpp"

namespace bfr::store {

// The resolutions of telemetry (link/messages.hpp Telemetry): deci-mmHg pressures and set
// points, deci-percent targets, centi-mmHg pulse amplitude.
inline constexpr double kPressureSteps = 10.0;  // per mmHg
inline constexpr double kTargetSteps = 10.0;    // per percent of LOP
inline constexpr double kPulseSteps = 100.0;    // per mmHg

// What a stored value becomes: the nearest step of its column's resolution.
Sample quantised(const Sample& s);

// Encodes samples in strictly increasing time. Throws StoreError for a time out of order or a
// value that is not finite or too large to store.
std::vector<std::uint8_t> encode_samples(std::span<const Sample> samples);
// Without the zstd stage: the benchmark's comparison.
std::vector<std::uint8_t> encode_samples_uncompressed(std::span<const Sample> samples);
// Decodes a block; throws StoreError for a damaged or unknown one, never reads past its bytes.
std::vector<Sample> decode_samples(std::span<const std::uint8_t> block);

}  // namespace bfr::store
