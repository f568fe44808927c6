#pragma once
// What a pressure sensor's own readings say about it, whatever the cuff does: at a rail, frozen,
// jumping, or silent. The supervisor keeps one for the main sensor and one for the cuff-line
// sensor (both the same transducer).

#include <array>
#include <cmath>
#include <cstddef>
#include <optional>

#include "units/units.hpp"

namespace bfr::core {

// The transducer spans -20..450 mmHg: three readings at a rail mean it is disconnected or broken.
// Its noise (0.3 mmHg RMS on 0.115 mmHg steps) makes 250 identical readings in a row (0.5 s at
// 500 Hz) impossible for a live sensor. No cuff moves 20 mmHg between two samples 2 ms apart while
// the valves are still; three such jumps in 2 s are spikes. A sample is due every 2 ms; 50 ms
// without one is a dead sensor or bus.
inline constexpr float kRailLowMmHg = -15.0F, kRailHighMmHg = 445.0F;
inline constexpr int kRailSamples = 3;
inline constexpr int kStuckSamples = 250;
inline constexpr float kSpikeMmHg = 20.0F;
inline constexpr int kSpikesToTrip = 3;
inline constexpr units::Duration kSpikeWindow = units::seconds(2.0);
inline constexpr units::Duration kStale = units::milliseconds(50.0);

class SensorPlausibility {
 public:
  // Takes one reading. `valves_still`: no valve moved lately, so a jump cannot be the air's.
  // Returns true when this reading completes three jumps within kSpikeWindow.
  bool read(units::Instant now, float p, bool valves_still) {
    rail_samples_ = (p <= kRailLowMmHg || p >= kRailHighMmHg) ? rail_samples_ + 1 : 0;
    identical_samples_ = (last_at_ && p == last_) ? identical_samples_ + 1 : 0;
    bool jumps = false;
    if (last_at_ && valves_still && std::abs(p - last_) > kSpikeMmHg) {
      spikes_[static_cast<std::size_t>(spike_count_ % kSpikesToTrip)] = now;
      ++spike_count_;
      jumps = spike_count_ >= kSpikesToTrip &&
              now - spikes_[static_cast<std::size_t>(spike_count_ % kSpikesToTrip)] <= kSpikeWindow;
    }
    last_ = p;
    last_at_ = now;
    return jumps;
  }
  [[nodiscard]] bool at_rail() const { return rail_samples_ >= kRailSamples; }
  [[nodiscard]] bool frozen() const { return identical_samples_ >= kStuckSamples; }
  // Silent only once it has spoken: a sensor that is not fitted is not a fault.
  [[nodiscard]] bool silent(units::Instant now) const { return last_at_ && now - *last_at_ > kStale; }
  [[nodiscard]] float last() const { return last_; }
  [[nodiscard]] bool seen() const { return last_at_.has_value(); }
  void forget_spikes() { spike_count_ = 0; }

 private:
  float last_ = 0.0F;
  std::optional<units::Instant> last_at_;
  int identical_samples_ = 0;
  int rail_samples_ = 0;
  std::array<units::Instant, kSpikesToTrip> spikes_{};
  int spike_count_ = 0;
};

}  // namespace bfr::core
