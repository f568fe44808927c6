#include "core/supervisor.hpp"

#include <algorithm>
#include <cmath>

#include "core/air_model.hpp"
#include "core/limits.hpp"

namespace bfr::core {

namespace {
using units::milliseconds;
using units::seconds;

// A jump just after a valve moved may be the air's (sensor_plausibility.hpp has the rest).
constexpr auto kQuietAfterValveChange = milliseconds(50.0);
// Open to air, the sensor must read zero within its error budget plus margin.
constexpr float kZeroToleranceMmHg = 8.0F;
constexpr auto kZeroSettle = seconds(3.0);
// Air balance: after 8 s of regulation, over the last 12 s, air pumped minus vented minus the
// air the pressure change accounts for must stay within 4 mL/s. Tissue creep (at most 1 mL/s
// after inflation) and contractions (net zero per repetition) stay inside it; a 0.25 mm leak
// at 150 mmHg (5 mL/s) does not. The pump and vent models are nominal; this device's parts are
// within their tolerances (air_model.hpp), and the balance allows for that.
constexpr auto kBalanceSettle = seconds(8.0);
// A set starting or ending moves the muscle's mean volume under the cuff once (its thickening is
// not air): the balance starts a new window then, after this settle. A person whose muscle
// thickens twice as much as the typical one pushes some 60 mL into an 18 cm thigh cuff, which the
// regulator vents: -5 mL/s over a window that spans the change.
constexpr auto kBalanceSettleAfterSetChange = seconds(4.0);
constexpr float kBalanceLimitMlPerS = 4.0F;
constexpr float kDefaultComplianceMlPerMmHg = 0.5F;
// The pump's share of its nominal flow is learned from a window that pumped at least this much
// (about a second of the pump at full duty at 150 mmHg): less leaves the ratio to noise.
constexpr float kLearnPumpShareMinMl = 40.0F;
// While the pump runs the cuff's own compliance limits the rise to a few hundred mmHg/s (a
// 5 cm arm cuff: 320 mmHg/s). Faster means the sensor sees only the device side: the hose is shut.
constexpr float kBlockedHoseRiseMmHgPerS = 600.0F;
constexpr auto kBurstWindow = milliseconds(100.0);
// With the pump at under a third of its duty the steepest legitimate rise outside a set is the
// LOP ramp's 6 mmHg/s; 25 mmHg/s for a second is air from nowhere.
constexpr float kUncommandedRiseMmHgPerS = 25.0F;
// Far under the setpoint, full pump with the cuff still low, the vent open while well over.
constexpr double kUnderSetpointMmHg = 30.0;
constexpr float kPumpWithoutRiseMmHg = 30.0F;
constexpr float kPumpFullDuty = 0.9F;
constexpr double kOverSetpointMmHg = 10.0;
constexpr float kVentWideOpen = 0.5F;
constexpr int kOverCapSamples = 2;
// The rise rate is smoothed over 0.2 s; "(nearly) off" is under a third of full duty.
constexpr float kRiseFilterS = 0.2F;
constexpr float kPumpNearlyOff = 0.3F;
// A burst for the blocked-hose check: the pump at half duty or more with its valve open.
constexpr float kBurstDuty = 0.5F;
// Two sensors on one cuff agree within their error budgets (ISO 81060-1: 3 mmHg each) plus the
// pulse, which the main sensor sees through the hose: 15 mmHg apart for half a second is a fault.
constexpr float kDisagreementMmHg = 15.0F;
// A kinked hose leaves the main sensor on the device side alone (20 mL instead of the cuff's
// hundreds): every pump or vent burst of the regulator swings it while the cuff-line sensor stays
// calm. Through an open hose the two move together: over one second the SD of their difference
// stays under about 1 mmHg in fault-free sessions (heart rates to 190, contractions, sensor noise
// 0.3 mmHg each), and reached 4.3-7.2 mmHg with a kink. Two seconds in a row above 3 mmHg trips.
// (Their mean difference cannot tell: each sensor may be 3 mmHg off.)
constexpr float kKinkSwingSdMmHg = 3.0F;
constexpr int kKinkSeconds = 2;
constexpr float kLineFilterS = 0.03F;

// Vent and dump shut (a vent barely cracked counts as shut): the cuff keeps its air, so the two
// sensors read one pressure and a jump between samples is not the air's.
bool valves_shut(const Actuators& c) { return c.dump_valve_powered && c.vent_opening < 0.3F; }

}  // namespace

void Supervisor::trip(FaultId f, units::Instant now) {
  // The first fault to latch is the cause and stays reported: what it leads to afterwards (a
  // stuck sensor that makes deflation look failed) is a consequence. Of faults found in the same
  // step, the most severe is reported.
  if (latched_ == FaultId::none) {
    latched_ = f;
    latched_at_ = now;
  } else if (latched_at_ == now && rank(f) > rank(latched_)) {
    latched_ = f;
  }
}

void Supervisor::apply_policy(const Signals& signals, units::Instant now) {
  for (const PolicyLine& line : kPolicy) {
    const auto rule = static_cast<std::size_t>(line.rule);
    auto& since = since_[rule];
    if (!signals[rule]) {
      since.reset();
      continue;
    }
    if (!since) since = now;
    if (now - *since >= line.hold) trip(line.fault, now);
  }
}

bool Supervisor::acknowledge() {
  if (latched_ == FaultId::none || main_sensor_.last() >= static_cast<float>(limits::kDeflated.mmHg())) return false;
  latched_ = FaultId::none;
  since_ = {};
  main_sensor_.forget_spikes();
  line_sensor_.forget_spikes();
  regulating_since_.reset();
  return true;
}

void Supervisor::start_bucket() {
  current_pumped_ = current_vented_ = bucket_elapsed_ = current_pressure_sum_ = 0.0F;
  current_samples_ = 0;
}

void Supervisor::restart_balance_window() {
  buckets_filled_ = 0;
  start_bucket();
}

Supervisor::AirBalance Supervisor::update_air_balance(units::Instant now, float dt, const Actuators& c,
                                                      const Status& status) {
  const float p = main_sensor_.last();
  pump_speed_ = air_model::pump_speed_after(pump_speed_, c.pump_duty, dt);
  const float pumped = c.inflate_valve_open ? air_model::pump_flow(pump_speed_, p) : 0.0F;
  const float vented = c.dump_valve_powered ? air_model::vent_flow(c.vent_opening, p) : 0.0F;
  const float net = pumped - vented;
  // Learn the cuff's compliance while it inflates (from 40 mmHg up): air in per mmHg gained.
  if (status.phase == PhaseId::inflating) {
    if (inflation_from_ < 0.0F && p > 40.0F) inflation_from_ = p, inflation_air_ = 0.0F;
    if (inflation_from_ >= 0.0F) {
      inflation_air_ += net * dt;
      if (p > inflation_from_ + 20.0F) cuff_compliance_ = inflation_air_ / (p - inflation_from_);
    }
  } else {
    inflation_from_ = -1.0F;
  }
  const bool set_changed =
      is_regulating(balance_phase_) && is_regulating(status.phase) && status.phase != balance_phase_;
  balance_phase_ = status.phase;
  if (set_changed) {
    restart_balance_window();
    regulating_since_ = now - (kBalanceSettle - kBalanceSettleAfterSetChange);
  } else if (!is_regulating(status.phase) || !status.setpoint) {
    restart_balance_window();
    regulating_since_.reset();
    return {};
  }
  if (!regulating_since_) regulating_since_ = now;
  if (now - *regulating_since_ < kBalanceSettle) return {};
  current_pumped_ += pumped * dt;
  current_vented_ += vented * dt;
  current_pressure_sum_ += p;
  ++current_samples_;
  bucket_elapsed_ += dt;
  if (bucket_elapsed_ < 1.0F) return {};
  bucket_pumped_[bucket_] = current_pumped_;
  bucket_vented_[bucket_] = current_vented_;
  // A bucket's mean pressure, not its last sample: the pulse and a contraction caught at a
  // bucket's edge would otherwise read as air gained or lost (compliance x a few mmHg).
  bucket_pressure_[bucket_] = current_pressure_sum_ / static_cast<float>(current_samples_);
  const std::size_t newest = bucket_;
  bucket_ = (bucket_ + 1) % kBalanceSeconds;
  start_bucket();
  if (++buckets_filled_ < kBalanceSeconds) return {};
  // bucket_ now points at the oldest bucket. Compare like with like: from the middle of the
  // oldest bucket to the middle of the newest, the air of the buckets between and half of each end.
  const auto window_air = [&](const std::array<float, kBalanceSeconds>& buckets) {
    float sum = 0.0F;
    for (float a : buckets) sum += a;
    return sum - 0.5F * (buckets[bucket_] + buckets[newest]);
  };
  const float window_pumped = window_air(bucket_pumped_);
  const float window_vented = window_air(bucket_vented_);
  const float dp = bucket_pressure_[newest] - bucket_pressure_[bucket_];
  const float compliance = cuff_compliance_ > 0.05F ? cuff_compliance_ : kDefaultComplianceMlPerMmHg;
  const float stored = compliance * dp;
  const auto per_second = [](float air) { return air / static_cast<float>(kBalanceSeconds - 1); };
  // This device's pump against its vent, for the lost-air test: learned from the first window
  // that pumped enough air, on the assumption that the cuff did not leak then (a leak there reads
  // as a weak pump, down to the weakest the tolerance allows; air lost beyond that still trips).
  // Learned once for the device's life (a pump does not change between sets) and capped at
  // nominal: a share above it would come from creep or noise in the window, and would make a
  // false leak likelier; a truly stronger pump then only hides a little of a leak.
  if (!pump_share_ && window_pumped > kLearnPumpShareMinMl)
    pump_share_ = std::clamp((window_vented + stored) / window_pumped, air_model::kPumpFlowLowShare, 1.0F);
  // Lost: air missing even with this pump (or, before it is learned, the weakest of its tolerance)
  // and the widest vent. Gained: a rise that even the strongest pump and the narrowest vent of
  // their tolerances cannot account for.
  const float pump_low = pump_share_ ? *pump_share_ : air_model::kPumpFlowLowShare;
  const float vent_high = pump_share_ ? 1.0F : air_model::kVentFlowHighShare;
  const float least_missing = per_second(pump_low * window_pumped - vent_high * window_vented - stored);
  const float least_unexplained = per_second(stored - air_model::kPumpFlowHighShare * window_pumped +
                                             air_model::kVentFlowLowShare * window_vented);
  return {least_missing > kBalanceLimitMlPerS, least_unexplained > kBalanceLimitMlPerS};
}

void Supervisor::start_swing_second() {
  swing_n_ = 0;
  swing_mean_ = swing_m2_ = swing_elapsed_ = 0.0F;
}

bool Supervisor::update_swing(float dt, std::optional<float> difference) {
  if (!difference) {
    start_swing_second();
    swing_seconds_ = 0;
    return false;
  }
  // Welford over the current second.
  ++swing_n_;
  const float d = *difference - swing_mean_;
  swing_mean_ += d / static_cast<float>(swing_n_);
  swing_m2_ += d * (*difference - swing_mean_);
  swing_elapsed_ += dt;
  if (swing_elapsed_ < 1.0F) return false;
  const float sd = std::sqrt(swing_m2_ / static_cast<float>(swing_n_));
  swing_seconds_ = sd > kKinkSwingSdMmHg ? swing_seconds_ + 1 : 0;
  start_swing_second();
  return swing_seconds_ >= kKinkSeconds;
}

Actuators Supervisor::check(units::Instant now, const Inputs& in, const Actuators& commanded, const Status& status) {
  const float dt = previous_step_ ? static_cast<float>((now - *previous_step_).seconds()) : 0.0F;
  previous_step_ = now;
  if (in.host_heartbeat) last_heartbeat_ = now;
  if (commanded.dump_valve_powered != previous_command_.dump_valve_powered ||
      std::abs(commanded.vent_opening - previous_command_.vent_opening) > 0.2F)
    valves_changed_ = now;
  previous_command_ = commanded;
  apply_policy(signals(now, dt, in, commanded, status), now);
  if (latched_ != FaultId::none) return Actuators::deflate();
  // A stopped pump never has its valve open: a runaway pump then cannot push air.
  Actuators safe = commanded;
  if (safe.pump_duty <= 0.0F) safe.inflate_valve_open = false;
  return safe;
}

bool Supervisor::read_sensors(units::Instant now, const Inputs& in, const Actuators& commanded) {
  const bool valves_still = valves_shut(commanded) && now - valves_changed_ > kQuietAfterValveChange;
  bool jumps = false;
  if (in.cuff_pressure) {
    const auto p = static_cast<float>(in.cuff_pressure->mmHg());
    over_cap_samples_ = p > static_cast<float>(limits::kHardCap.mmHg()) ? over_cap_samples_ + 1 : 0;
    jumps = main_sensor_.read(now, p, valves_still);
  }
  if (in.cuff_line_pressure)
    jumps = line_sensor_.read(now, static_cast<float>(in.cuff_line_pressure->mmHg()), valves_still) || jumps;
  return jumps;
}

bool Supervisor::pump_burst_too_steep(units::Instant now, const Actuators& commanded, float p) {
  if (commanded.pump_duty < kBurstDuty || !commanded.inflate_valve_open) {
    pump_burst_since_.reset();
    return false;
  }
  if (!pump_burst_since_) pump_burst_since_ = now, pump_burst_from_ = p;
  const double span = (now - *pump_burst_since_).seconds();
  if (span < kBurstWindow.seconds()) return false;
  const bool steep = (p - pump_burst_from_) / static_cast<float>(span) > kBlockedHoseRiseMmHgPerS;
  pump_burst_since_ = now;
  pump_burst_from_ = p;
  return steep;
}

Signals Supervisor::signals(units::Instant now, float dt, const Inputs& in, const Actuators& commanded,
                            const Status& status) {
  Signals s{};
  const auto set = [&s](Rule r, bool value) { s[static_cast<std::size_t>(r)] = value; };
  const auto phase = status.phase;
  set(Rule::sensor_jumps, read_sensors(now, in, commanded));
  const float p = status.pressure ? static_cast<float>(status.pressure->mmHg()) : main_sensor_.last();
  const double pd = static_cast<double>(p);
  if (in.cuff_line_pressure) {
    const auto b = static_cast<float>(in.cuff_line_pressure->mmHg());
    line_ = line_seen_ ? line_ + (b - line_) * std::min(dt / kLineFilterS, 1.0F) : b;
    line_seen_ = true;
  }
  // With the vent and dump shut, both sensors see one pressure (give or take the hose drop of
  // the pump's flow, 1-2 mmHg). A gap means one sensor is wrong or the hose is blocked.
  const bool shut = valves_shut(commanded);
  set(Rule::sensors_apart, line_seen_ && shut && std::abs(p - line_) > kDisagreementMmHg);
  set(Rule::sensors_swing_apart,
      update_swing(dt, line_seen_ && is_regulating(phase) ? std::optional<float>(p - line_) : std::nullopt));
  // The cuff is what must empty: judge deflation on the higher of the two readings.
  const float cuff_side = line_seen_ ? std::max(p, line_) : p;

  set(Rule::sensor_at_rail, main_sensor_.at_rail() || line_sensor_.at_rail());
  set(Rule::sensor_frozen, main_sensor_.frozen() || line_sensor_.frozen());
  set(Rule::sensor_silent, main_sensor_.silent(now) || line_sensor_.silent(now));
  set(Rule::over_cap, over_cap_samples_ >= kOverCapSamples);
  set(Rule::above_lop, is_restricting(phase) && status.lop && pd > (*status.lop + limits::kAboveLopMargin).mmHg());
  set(Rule::far_under_setpoint,
      is_regulating(phase) && status.setpoint && pd < status.setpoint->mmHg() - kUnderSetpointMmHg);
  set(Rule::pump_without_rise,
      commanded.pump_duty >= kPumpFullDuty && commanded.inflate_valve_open && p < kPumpWithoutRiseMmHg);
  set(Rule::inflation_too_long, phase == PhaseId::inflating);
  set(Rule::vent_without_fall, is_regulating(phase) && status.setpoint && commanded.vent_opening >= kVentWideOpen &&
                                   pd > status.setpoint->mmHg() + kOverSetpointMmHg);
  set(Rule::full_after_dump,
      !commanded.dump_valve_powered && cuff_side > static_cast<float>(limits::kDeflated.mmHg()));
  set(Rule::zero_not_zero, !is_in_session(phase) && !commanded.dump_valve_powered &&
                               now - valves_changed_ > kZeroSettle && std::abs(main_sensor_.last()) > kZeroToleranceMmHg);
  set(Rule::host_quiet,
      is_in_session(phase) && (!last_heartbeat_ || now - *last_heartbeat_ > limits::kHostSilence * 2.0));
  // A start that the controller took (idle before, inflating now) may plan a continuous hold;
  // the backstop follows the plan, within limits::restriction_backstop's ceiling, from that
  // command alone, never from anything the controller reports.
  const auto* start = std::get_if<command::Start>(&in.command);
  if (start && restriction_phase_ == PhaseId::idle && phase == PhaseId::inflating)
    backstop_ = limits::restriction_backstop(start->planned_hold);
  restriction_phase_ = phase;
  if (p > static_cast<float>(limits::kDeflated.mmHg())) restricted_ += units::seconds(static_cast<double>(dt));
  set(Rule::restriction_backstop, restricted_ > backstop_);
  if (phase == PhaseId::idle) {
    restricted_ = {};
    backstop_ = limits::kRestrictionBackstop;
  }

  // Pressure climbing fast while the pump is (nearly) off and no muscle is working under the
  // cuff: a runaway pump or a lying sensor. Contractions (Holding) are excluded: they push the
  // pressure up by themselves.
  const float rate = dt > 0.0F ? (p - rise_last_) / dt : 0.0F;
  rise_last_ = p;
  rise_rate_ += (rate - rise_rate_) * std::min(dt / kRiseFilterS, 1.0F);
  set(Rule::uncommanded_rise,
      phase != PhaseId::holding && commanded.pump_duty <= kPumpNearlyOff && rise_rate_ > kUncommandedRiseMmHgPerS);
  // A blocked hose: while the pump runs, the pressure at the sensor shoots up.
  set(Rule::hose_burst, pump_burst_too_steep(now, commanded, p));
  const AirBalance air = update_air_balance(now, dt, commanded, status);
  set(Rule::air_lost, air.lost);
  set(Rule::air_gained, air.gained);
  return s;
}

const char* to_string(FaultId f) {
  switch (f) {
    case FaultId::none: return "none";
    case FaultId::over_pressure: return "over_pressure";
    case FaultId::above_lop: return "above_lop";
    case FaultId::sensor_out_of_range: return "sensor_out_of_range";
    case FaultId::sensor_stale: return "sensor_stale";
    case FaultId::sensor_stuck: return "sensor_stuck";
    case FaultId::sensor_spikes: return "sensor_spikes";
    case FaultId::sensor_offset: return "sensor_offset";
    case FaultId::leak: return "leak";
    case FaultId::air_unaccounted: return "air_unaccounted";
    case FaultId::cannot_inflate: return "cannot_inflate";
    case FaultId::vent_blocked: return "vent_blocked";
    case FaultId::deflation_failed: return "deflation_failed";
    case FaultId::restriction_time: return "restriction_time";
    case FaultId::host_silent: return "host_silent";
    case FaultId::under_pressure: return "under_pressure";
    case FaultId::hose_blocked: return "hose_blocked";
    case FaultId::sensor_disagreement: return "sensor_disagreement";
  }
  return "?";
}

int rank(FaultId f) {
  switch (f) {
    case FaultId::none: return 0;
    case FaultId::host_silent:
    case FaultId::restriction_time: return 1;
    case FaultId::leak:
    case FaultId::under_pressure:
    case FaultId::cannot_inflate:
    case FaultId::sensor_offset: return 2;
    case FaultId::air_unaccounted:
    case FaultId::vent_blocked:
    case FaultId::hose_blocked:
    case FaultId::sensor_disagreement:
    case FaultId::sensor_spikes:
    case FaultId::sensor_stale:
    case FaultId::sensor_stuck:
    case FaultId::sensor_out_of_range: return 3;
    case FaultId::above_lop:
    case FaultId::deflation_failed: return 4;
    case FaultId::over_pressure: return 5;
  }
  return 0;
}

}  // namespace bfr::core
