#include "core/lop_search.hpp"

#include <algorithm>
#include <limits>

#include "core/limits.hpp"
#include "core/lop/quality.hpp"

namespace bfr::core {

namespace {
// Fill quickly to 70 mmHg (kStartPressure): below mean arterial pressure for any limb and cuff (the
// pulse in the cuff peaks near MAP / transmission, 95-130 mmHg), so the whole rise and fall of the
// pulse is seen on the ramp. The rise from 50 mmHg to there, at full pump, paces the ramp.
constexpr units::Pressure kFillMark = units::mmHg(50.0);
constexpr units::Duration kFillTimeout = units::seconds(25.0);
constexpr units::Duration kTimeout = units::seconds(150.0);
// The first seconds of the ramp carry the end of the fast fill and the filters settling.
constexpr units::Duration kSettle = units::seconds(2.5);
// Slow the ramp once the pulse, past its peak, has fallen below this share of its largest value.
constexpr float kSlowDownRatio = 0.75F;
// Characteristic ratio: at occlusion the cuff pulse has fallen to about a third of its largest
// value (Babbs 2012: about 2 of 5.5 mmHg; published-data.md section 6). Chosen on the tuning seeds
// (docs/controller.md).
constexpr float kCuffPulseRatio = 0.30F;
// The distal pulse has faded when it is below a tenth of the largest seen on the ramp.
constexpr float kDistalPulseRatio = 0.10F;
// Over this share of windows or blocks disturbed by movement, the result is not trusted; once
// that many blocks have been judged, the search stops as soon as the share is over it, rather
// than ramp on without windows to measure (it once pressed to the 300 mmHg cap over a LOP of 96).
constexpr float kMotionShareLimit = 0.4F;
constexpr int kMotionJudgedBlocks = 20;
// A distal pulse this large (sensor units) is a pulse even when the cuff shows none.
constexpr float kDistalPulseFloor = 0.05F;
// Once the ramp has begun the cuff never falls back below the fill mark unless air is escaping
// (a leak, a cuff come off, a vent stuck open): two blocks in a row there (0.7 s, longer than any
// jolt of movement) end the search.
constexpr int kLostBlocks = 2;
// LOP lies above the pressure of the largest pulse (near mean arterial pressure), but not far: on
// the tuning seeds the estimate was 1.02-1.97 times it (median 1.25, 288 runs). Past 2.5 times it
// with no estimate, the search stops instead of pressing on towards the 300 mmHg cap (it once
// reached 296 mmHg on an arm whose LOP was 93, with atrial fibrillation at 175 bpm).
constexpr float kMaxLopOverPeakPressure = 2.5F;
// Stop a little under the ceiling: the ramp's last block may carry it a few mmHg further.
constexpr float kCeilingApproachMmHg = 5.0F;
}  // namespace

const char* to_string(LopFailure f) {
  switch (f) {
    case LopFailure::none: return "none";
    case LopFailure::cannot_inflate: return "the cuff could not be inflated: check for a leak or an open valve";
    case LopFailure::no_pulse: return "no pulse was found in the cuff or at the pulse sensor";
    case LopFailure::above_ceiling: return "the pulse persisted at the device's highest allowed pressure";
    case LopFailure::too_much_motion: return "too much movement during the measurement: keep the limb still and retry";
    case LopFailure::timed_out: return "the measurement took too long";
    case LopFailure::pulse_did_not_fade:
      return "the pulse did not fade where it should (an irregular rhythm or movement?): keep still and retry";
  }
  return "?";
}

void LopSearch::start(units::Instant now) {
  started_ = now;
  ceiling_ = static_cast<float>(limits::kHardCap.mmHg());
}

void LopSearch::finish(std::optional<units::Pressure> lop, LopFailure failure, float quality, bool from_pulse) {
  result_ = LopResult{lop, quality, failure, from_pulse, units::mmHg(static_cast<double>(highest_))};
}

void LopSearch::close_block(units::Instant now) {
  const lop::Block& block = blocks_.close(last_pressure_);
  block_started_ = now;
  lost_blocks_ = static_cast<double>(block.mean_pressure) < kFillMark.mmHg() ? lost_blocks_ + 1 : 0;
  if (lost_blocks_ >= kLostBlocks) return finish({}, LopFailure::cannot_inflate, 0, false);
  std::array<float, lop::kMotionReference> recent{};
  const auto verdict = motion_.judge(now, block.swing, log_.latest_pulses(recent));
  if (motion_.blocks_seen() >= kMotionJudgedBlocks && motion_.jolted_share() > kMotionShareLimit)
    return finish({}, LopFailure::too_much_motion, 0, false);
  // While holding still for movement, neither measure nor adapt the ramp.
  if (!motion_.holding(now) && blocks_.full())
    pacer_.on_block(now, blocks_.ramp_rate(), blocks_.latest_mean(), descending_);
  if (!blocks_.full() || log_.full() || now - ramp_started_ < kSettle || verdict.spoils_window) return;
  log_.add(blocks_.window());
  analyse(now);
}

void LopSearch::analyse(units::Instant now) {
  // Decisions need the envelope on both sides of a window: three windows that share no block.
  if (log_.size() < 2 * lop::kBlocksPerWindow + 1) return;
  const lop::EnvelopePeak peak = log_.cuff_peak();
  const float distal_max = log_.distal_peak();
  // Past the largest pulse and falling: slow the ramp where the crossing will be.
  const std::size_t settled = log_.size() - 1 - lop::kBlocksPerWindow;
  if (log_[settled].pressure > peak.pressure &&
      log_.envelope(settled, &lop::Window::cuff_pulse) < kSlowDownRatio * peak.value)
    descending_ = true;

  const float cuff_threshold = kCuffPulseRatio * peak.value;
  lop::CrossingFinder cuff_crossing(cuff_threshold, peak.value, log_[0].pressure, peak.pressure);
  lop::CrossingFinder distal_crossing(kDistalPulseRatio * distal_max, distal_max, log_[0].pressure,
                                      -std::numeric_limits<float>::infinity());
  for (std::size_t i = 0; i < log_.size(); ++i) {
    cuff_crossing.add(log_[i].pressure, log_.envelope(i, &lop::Window::cuff_pulse));
    distal_crossing.add(log_[i].pressure, log_.envelope(i, &lop::Window::distal_pulse));
  }
  std::optional<float> cuff_lop, distal_lop;
  if (cuff_crossing.found())
    cuff_lop = lop::refine_by_decay_fit(log_, peak.pressure, cuff_threshold, cuff_crossing.crossing());
  const bool pulse_sensor = distal_filter_.primed();
  if (pulse_sensor && distal_crossing.found()) distal_lop = distal_crossing.crossing();
  const float motion_share = std::max(log_.disturbed_share(), motion_.jolted_share());

  // The cuff's own pulse gives the estimate; a fitted pulse sensor confirms it (and stands in
  // when the cuff's pulse could not be read).
  std::optional<float> estimate = cuff_lop;
  if (!estimate && pulse_sensor) estimate = distal_lop;
  if (estimate) {
    // The ceiling only ever comes down: an estimate revised upwards never lifts it again.
    ceiling_ = std::min(ceiling_, *estimate + static_cast<float>(kMaxOverLop.mmHg()));
    stop_at_ = *estimate + static_cast<float>(kConfirmMargin.mmHg());
  }
  // While the pulse still grows its peak is the newest window, so this bound stays ahead of the
  // ramp; once the peak is behind, it holds.
  const float plausible = kMaxLopOverPeakPressure * peak.pressure;
  if (!estimate && last_pressure_ >= plausible) return finish({}, LopFailure::pulse_did_not_fade, 0, false);
  const float newest = log_[log_.size() - 1].pressure;
  const bool confirmed = stop_at_ && newest >= *stop_at_;
  const bool at_ceiling = last_pressure_ >= ceiling_ - kCeilingApproachMmHg;
  if (!confirmed && !at_ceiling && now - started_ < kTimeout) return;

  if (peak.value < lop::kNoPulseMmHg && !(pulse_sensor && distal_max > kDistalPulseFloor))
    return finish({}, LopFailure::no_pulse, 0, false);
  if (motion_share > kMotionShareLimit) return finish({}, LopFailure::too_much_motion, 0, false);
  if (!estimate) return finish({}, at_ceiling ? LopFailure::above_ceiling : LopFailure::timed_out, 0, false);
  const float quality = lop::lop_quality(peak.value, motion_share, pulse_sensor, cuff_lop, distal_lop);
  finish(units::mmHg(static_cast<double>(*estimate)), LopFailure::none, quality, !cuff_lop && distal_lop);
}

void LopSearch::fill(units::Instant now) {
  if (!fill_mark_ && static_cast<double>(last_pressure_) >= kFillMark.mmHg()) fill_mark_ = now;
  if (static_cast<double>(last_pressure_) >= kStartPressure.mmHg()) {
    stage_ = Stage::ramp;
    ramp_started_ = block_started_ = now;
    if (fill_mark_ && now > *fill_mark_) pacer_.start(kFillMark, kStartPressure, now - *fill_mark_);
  } else if (now - started_ > kFillTimeout) {
    finish({}, LopFailure::cannot_inflate, 0, false);
  }
}

Actuators LopSearch::step(units::Instant now, units::Duration dt, std::optional<units::Pressure> sample,
                          std::optional<float> distal_pulse) {
  if (result_) return Actuators::deflate();
  if (sample) {
    last_pressure_ = static_cast<float>(sample->mmHg());
    highest_ = std::max(highest_, last_pressure_);
  }
  if (last_pressure_ >= ceiling_) {
    // Never past the ceiling, whatever the analysis says.
    analyse(now);
    if (!result_) finish({}, LopFailure::above_ceiling, 0, false);
    return Actuators::deflate();
  }
  if (now - started_ > kTimeout) {
    finish({}, LopFailure::timed_out, 0, false);
    return Actuators::deflate();
  }
  if (stage_ == Stage::fill) {
    fill(now);
    return result_ ? Actuators::deflate() : Actuators{1.0F, true, 0.0F, true};
  }
  if (sample) {
    const float smooth = cuff_filter_.step(last_pressure_, static_cast<float>(dt.seconds()));
    blocks_.add_cuff(static_cast<float>((now - started_).seconds()), smooth);
  }
  if (distal_pulse) blocks_.add_distal(distal_filter_.step(*distal_pulse, lop::kDistalSampleS));
  if (now - block_started_ >= units::seconds(static_cast<double>(lop::kBlockS))) close_block(now);
  if (result_) return Actuators::deflate();
  if (pacer_.stalled()) {
    finish({}, LopFailure::cannot_inflate, 0, false);
    return Actuators::deflate();
  }
  if (motion_.holding(now)) return Actuators::seal();
  return Actuators{pacer_.duty(), true, 0.0F, true};
}

}  // namespace bfr::core
