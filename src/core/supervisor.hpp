#pragma once
// The safety supervisor. It runs after the controller on every step, watches the sensor and what
// the controller commanded, and may only make the command safer (deflate, stop the pump): never
// raise pressure. A detected fault is debounced, then latched until acknowledged, and while
// latched the command is full deflation. Each step it computes one signal per rule first, then
// applies the policy table (supervisor_policy.hpp: which rule trips which fault, after how long).

#include <array>
#include <cstdint>
#include <optional>

#include "core/actuators.hpp"
#include "core/faults.hpp"
#include "core/inputs.hpp"
#include "core/limits.hpp"
#include "core/phases.hpp"
#include "core/sensor_plausibility.hpp"
#include "core/status.hpp"
#include "core/supervisor_policy.hpp"
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
  struct AirBalance {
    bool lost = false;    // more air went in than stayed
    bool gained = false;  // the pressure rose with no air to account for it
  };
  void trip(FaultId f, units::Instant now);
  // Every rule's signal for this step; the trackers behind them advance by one step.
  Signals signals(units::Instant now, float dt, const Inputs& in, const Actuators& commanded, const Status& status);
  // Each line of kPolicy: a signal held continuously for the line's hold trips its fault.
  void apply_policy(const Signals& signals, units::Instant now);
  // Takes the new readings (if any) of both sensors; true when one completes three jumps.
  bool read_sensors(units::Instant now, const Inputs& in, const Actuators& commanded);
  bool pump_burst_too_steep(units::Instant now, const Actuators& commanded, float p);
  AirBalance update_air_balance(units::Instant now, float dt, const Actuators& commanded, const Status& status);
  void start_bucket();            // an empty one-second bucket of the air balance
  void restart_balance_window();  // no bucket counts any more: the window fills afresh
  // The second-by-second spread of the main sensor against the cuff-line sensor (a kinked hose).
  bool update_swing(float dt, std::optional<float> difference);
  void start_swing_second();

  std::array<std::optional<units::Instant>, kRuleCount> since_{};

  FaultId latched_ = FaultId::none;
  units::Instant latched_at_{};
  std::optional<units::Instant> previous_step_;
  SensorPlausibility main_sensor_;
  SensorPlausibility line_sensor_;
  int over_cap_samples_ = 0;
  std::optional<units::Instant> last_heartbeat_;
  units::Instant valves_changed_{};
  Actuators previous_command_{};
  // Air balance over a sliding window of one-second buckets.
  static constexpr std::size_t kBalanceSeconds = 12;
  // Air each bucket pumped in and vented, as the nominal pump and vent models count it.
  std::array<float, kBalanceSeconds> bucket_pumped_{};
  std::array<float, kBalanceSeconds> bucket_vented_{};
  std::array<float, kBalanceSeconds> bucket_pressure_{};  // mean pressure over each bucket
  float current_pressure_sum_ = 0.0F;
  int current_samples_ = 0;
  float pump_speed_ = 0.0F;  // the supervisor's model of the motor's speed, 0..1
  std::size_t bucket_ = 0;
  std::size_t buckets_filled_ = 0;
  float current_pumped_ = 0.0F;
  float current_vented_ = 0.0F;
  float bucket_elapsed_ = 0.0F;
  std::optional<units::Instant> regulating_since_;
  PhaseId balance_phase_ = PhaseId::idle;  // the phase the balance's window was last fed in
  std::optional<float> pump_share_;  // this pump's flow as a share of the nominal model's
  float cuff_compliance_ = 0.0F;  // learned during inflation, standard mL per mmHg
  float inflation_air_ = 0.0F;
  float inflation_from_ = -1.0F;
  // Burst detection for a blocked hose.
  std::optional<units::Instant> pump_burst_since_;
  float pump_burst_from_ = 0.0F;
  units::Duration restricted_{};
  units::Duration backstop_ = limits::kRestrictionBackstop;  // this inflation's
  PhaseId restriction_phase_ = PhaseId::idle;  // the phase at the last step, to see a start taken
  float line_ = 0.0F;
  int swing_n_ = 0;
  float swing_mean_ = 0.0F, swing_m2_ = 0.0F, swing_elapsed_ = 0.0F;
  int swing_seconds_ = 0;
  bool line_seen_ = false;
  float rise_last_ = 0.0F;
  float rise_rate_ = 0.0F;
};

}  // namespace bfr::core
