#pragma once
// The safety supervisor. It runs after the controller on every step, watches the sensor and what
// the controller commanded, and may only make the command safer (deflate, stop the pump): never
// raise pressure. A detected fault is debounced, then latched until acknowledged, and while
// latched the command is full deflation. The policy (which condition trips which fault, after how
// long) is the table in supervisor.cpp, one line per condition; this class is the mechanism.

#include <array>
#include <cstdint>
#include <optional>

#include "core/actuators.hpp"
#include "core/faults.hpp"
#include "core/inputs.hpp"
#include "core/status.hpp"
#include "units/units.hpp"

namespace bfr::core {

class Supervisor {
 public:
  // Checks one step and returns the command to apply: `commanded` or something safer.
  Actuators check(units::Instant now, const Inputs& in, const Actuators& commanded, const Status& status);
  [[nodiscard]] FaultId latched() const { return latched_; }
  [[nodiscard]] units::Instant latched_at() const { return latched_at_; }
  // Clears the latch if the cuff is empty. Returns whether it did.
  bool acknowledge();

 private:
  void trip(FaultId f, units::Instant now);
  // A condition must hold continuously for `delay` before it trips `fault`.
  // `rule` numbers the call site: each rule keeps its own timer.
  void debounce(bool condition, FaultId fault, units::Duration delay, units::Instant now, std::size_t rule);
  void update_air_balance(units::Instant now, float dt, const Actuators& commanded, const Status& status);
  void start_bucket();            // an empty one-second bucket of the air balance
  void restart_balance_window();  // no bucket counts any more: the window fills afresh
  // The second-by-second spread of the main sensor against the cuff-line sensor (a kinked hose).
  void update_swing(units::Instant now, float dt, std::optional<float> difference);
  void start_swing_second();

  static constexpr std::size_t kRules = 16;
  std::array<std::optional<units::Instant>, kRules> since_{};

  FaultId latched_ = FaultId::none;
  units::Instant latched_at_{};
  std::optional<units::Instant> previous_step_;
  std::optional<units::Instant> last_sample_at_;
  float last_sample_ = 0.0F;
  int identical_samples_ = 0;
  int rail_samples_ = 0;
  int over_cap_samples_ = 0;
  std::array<units::Instant, 3> spikes_{};
  int spike_count_ = 0;
  std::optional<units::Instant> last_heartbeat_;
  units::Instant valves_changed_{};
  Actuators previous_command_{};
  // Air balance over a sliding window of one-second buckets.
  static constexpr std::size_t kBalanceSeconds = 12;
  std::array<float, kBalanceSeconds> bucket_air_{};
  std::array<float, kBalanceSeconds> bucket_pressure_{};  // mean pressure over each bucket
  float current_pressure_sum_ = 0.0F;
  int current_samples_ = 0;
  float pump_speed_ = 0.0F;  // the supervisor's model of the motor's speed, 0..1
  std::size_t bucket_ = 0;
  std::size_t buckets_filled_ = 0;
  float current_air_ = 0.0F;
  float bucket_elapsed_ = 0.0F;
  std::optional<units::Instant> regulating_since_;
  PhaseId balance_phase_ = PhaseId::idle;  // the phase the balance's window was last fed in
  float cuff_compliance_ = 0.0F;  // learned during inflation, standard mL per mmHg
  float inflation_air_ = 0.0F;
  float inflation_from_ = -1.0F;
  // Burst detection for a blocked hose.
  std::optional<units::Instant> pump_burst_since_;
  float pump_burst_from_ = 0.0F;
  units::Duration restricted_{};
  float line_ = 0.0F;
  int swing_n_ = 0;
  float swing_mean_ = 0.0F, swing_m2_ = 0.0F, swing_elapsed_ = 0.0F;
  int swing_seconds_ = 0;
  bool line_seen_ = false;
  float rise_last_ = 0.0F;
  float rise_rate_ = 0.0F;
};

}  // namespace bfr::core
