#pragma once
// A session's telemetry as a device sends it, made up quickly and reproducibly for the store's
// benchmarks (bfr bench store) and size tests: 100 Hz samples at the device's resolutions, a LOP
// ramp with the pulse growing and fading, then sets of repetitions against a regulated pressure
// with the heart beating in it, rests between sets, and sensor noise. Not a physical model
// (that is sim's): only what makes stored samples as hard to compress as real ones.

#include <cstdint>
#include <vector>

#include "store/records.hpp"

namespace bfr::store {

struct SyntheticSession {
  std::uint32_t seed = 1;
  double lop_mmHg = 180;
  double target_pct = 60;
  double heart_rate_bpm = 75;
  int sets = 4;
  double rest_s = 30;
};

// Samples at 10 ms steps from t = 0.
std::vector<Sample> synthetic_samples(const SyntheticSession& s);

}  // namespace bfr::store
