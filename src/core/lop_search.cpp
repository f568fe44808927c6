#include "core/lop_search.hpp"

#include <algorithm>

#include "core/limits.hpp"

namespace bfr::core {

namespace {
// Fill quickly to 70 mmHg: below mean arterial pressure for any limb and cuff (the pulse in the
// cuff peaks near MAP / transmission, 95-130 mmHg), so the whole rise and fall of the pulse is
// seen on the ramp. Ramp at 6 mmHg/s: 4-8 mmHg per beat at 45-90 bpm, and a 240 mmHg standing LOP
// is passed 30 s into the ramp (issue 4: median time at most 45 s).
// Blocks of 0.35 s; a window is 4 blocks (1.4 s, at least one beat down to 43 bpm), taken every block.
constexpr float kBlockS = 0.35F;
// High-pass time constant that separates the pulse from the ramp.
constexpr float kHighPassS = 0.6F;
// Characteristic ratio: at occlusion the cuff pulse has fallen to about a third of its largest
// value (Babbs 2012: about 2 of 5.5 mmHg; published-data.md section 6). Checked against the
// simulator on a training population distinct from the benchmark's (docs/controller.md).
constexpr float kCuffPulseRatio = 0.30F;
// The distal pulse is gone when it is below a tenth of the largest seen on the ramp.
constexpr float kDistalPulseRatio = 0.10F;
// A window whose pulse is over 3x the median of its neighbours was disturbed by movement.
constexpr float kMotionFactor = 3.0F;
constexpr float kMotionShareLimit = 0.4F;
// A cuff pulse under 0.15 mmHg at its largest is no pulse (sensor noise is 0.3 mmHg RMS, but
// filtered over many samples).
constexpr float kNoPulseMmHg = 0.15F;
constexpr double kFillTimeoutS = 25.0;
constexpr double kTimeoutS = 100.0;
// The ramp is followed by a slow loop so the pump does not chase the pulse it is measuring.
constexpr RegulatorTuning kRampTuning{.proportional = 0.05F, .integral = 0.03F, .derivative = 0.0F,
                                      .vent_gain = 0.35F, .deadband = 0.0F, .filter_time_constant_s = 1.5F};

float median3(float a, float b, float c) { return std::max(std::min(a, b), std::min(std::max(a, b), c)); }
}  // namespace

const char* to_string(LopFailure f) {
  switch (f) {
    case LopFailure::none: return "none";
    case LopFailure::cannot_inflate: return "the cuff could not be inflated to start the measurement";
    case LopFailure::no_pulse: return "no pulse was found in the cuff or at the pulse sensor";
    case LopFailure::above_ceiling: return "the pulse persisted at the device's highest allowed pressure";
    case LopFailure::too_much_motion: return "too much movement during the measurement: keep the limb still and retry";
    case LopFailure::timed_out: return "the measurement took too long";
  }
  return "?";
}

void LopSearch::start(units::Instant now) {
  *this = LopSearch{};
  started_ = now;
  regulator_ = Regulator(kRampTuning);
  ceiling_ = static_cast<float>(limits::kHardCap.mmHg());
}

void LopSearch::finish(std::optional<units::Pressure> lop, LopFailure failure, float quality, bool from_pulse) {
  result_ = LopResult{lop, quality, failure, from_pulse, units::mmHg(static_cast<double>(highest_))};
}

void LopSearch::close_block(units::Instant now) {
  for (std::size_t i = 0; i + 1 < kBlocks; ++i) {
    block_min_[i] = block_min_[i + 1];
    block_max_[i] = block_max_[i + 1];
    block_pmin_[i] = block_pmin_[i + 1];
    block_pmax_[i] = block_pmax_[i + 1];
    block_mean_[i] = block_mean_[i + 1];
  }
  block_min_.back() = cur_min_;
  block_max_.back() = cur_max_;
  block_pmin_.back() = cur_pmin_;
  block_pmax_.back() = cur_pmax_;
  block_mean_.back() = cur_n_ ? cur_sum_ / static_cast<float>(cur_n_) : last_pressure_;
  cur_n_ = 0;
  cur_sum_ = 0.0F;
  cur_has_pulse_ = false;
  block_started_ = now;
  if (++blocks_done_ < kBlocks || n_windows_ >= kMaxWindows) return;
  Window w{};
  w.cuff_pulse = *std::max_element(block_max_.begin(), block_max_.end()) - *std::min_element(block_min_.begin(), block_min_.end());
  w.distal_pulse = *std::max_element(block_pmax_.begin(), block_pmax_.end()) - *std::min_element(block_pmin_.begin(), block_pmin_.end());
  float sum = 0.0F;
  for (float m : block_mean_) sum += m;
  w.pressure = sum / static_cast<float>(kBlocks);
  windows_[n_windows_++] = w;
  analyse(now);
}

void LopSearch::analyse(units::Instant now) {
  // Envelope points are medians of three windows that share no block (4 windows apart), so a
  // jolt that spoils one window cannot move the envelope.
  constexpr std::size_t kStride = kBlocks;
  if (n_windows_ < 2 * kStride + 1) return;
  float cuff_max = 0.0F, distal_max = 0.0F, p_at_max = 0.0F;
  int disturbed = 0, points = 0;
  std::optional<float> cuff_lop, distal_lop;
  float prev_cuff = 0.0F, prev_distal = 0.0F, prev_p = 0.0F;
  int cuff_below = 0, distal_below = 0;
  float cuff_cross = 0.0F, distal_cross = 0.0F;
  for (std::size_t i = 2 * kStride; i < n_windows_; ++i) {
    const auto& a = windows_[i];
    const auto& b = windows_[i - kStride];
    const auto& c = windows_[i - 2 * kStride];
    const float cuff = median3(a.cuff_pulse, b.cuff_pulse, c.cuff_pulse);
    const float distal = median3(a.distal_pulse, b.distal_pulse, c.distal_pulse);
    const float p = b.pressure;
    ++points;
    if (a.cuff_pulse > kMotionFactor * cuff) ++disturbed;
    if (cuff > cuff_max) {
      cuff_max = cuff;
      p_at_max = p;
      cuff_below = 0;
      cuff_lop.reset();
    }
    distal_max = std::max(distal_max, distal);
    // A crossing counts when the envelope stays below the threshold for three points.
    const float cuff_threshold = kCuffPulseRatio * cuff_max;
    if (!cuff_lop && p > p_at_max && cuff < cuff_threshold) {
      if (cuff_below++ == 0) {
        const float f = prev_cuff > cuff ? (prev_cuff - cuff_threshold) / (prev_cuff - cuff) : 1.0F;
        cuff_cross = prev_p + std::clamp(f, 0.0F, 1.0F) * (p - prev_p);
      }
      if (cuff_below >= 3) cuff_lop = cuff_cross;
    } else if (!cuff_lop) {
      cuff_below = 0;
    }
    const float distal_threshold = kDistalPulseRatio * distal_max;
    if (pulse_sensor_seen_ && !distal_lop && distal < distal_threshold) {
      if (distal_below++ == 0) {
        const float f = prev_distal > distal ? (prev_distal - distal_threshold) / (prev_distal - distal) : 1.0F;
        distal_cross = prev_p + std::clamp(f, 0.0F, 1.0F) * (p - prev_p);
      }
      if (distal_below >= 3) distal_lop = distal_cross;
    } else if (!distal_lop) {
      distal_below = 0;
    }
    prev_cuff = cuff;
    prev_distal = distal;
    prev_p = p;
  }

  const float motion_share = points ? static_cast<float>(disturbed) / static_cast<float>(points) : 0.0F;
  const std::optional<float> estimate = pulse_sensor_seen_ && distal_lop ? distal_lop : cuff_lop;
  if (estimate) {
    ceiling_ = std::min(static_cast<float>(limits::kHardCap.mmHg()), *estimate + static_cast<float>(kMaxOverLop.mmHg()));
    stop_at_ = *estimate + static_cast<float>(kConfirmMargin.mmHg());
  }
  const bool confirmed = stop_at_ && prev_p >= *stop_at_;
  const bool at_ceiling = last_pressure_ >= ceiling_ - 5.0F;
  if (!confirmed && !at_ceiling && (now - started_).seconds() < kTimeoutS) return;

  if (cuff_max < kNoPulseMmHg && !(pulse_sensor_seen_ && distal_max > 0.05F)) return finish({}, LopFailure::no_pulse, 0, false);
  if (motion_share > kMotionShareLimit) return finish({}, LopFailure::too_much_motion, 0, false);
  if (!estimate) return finish({}, at_ceiling ? LopFailure::above_ceiling : LopFailure::timed_out, 0, false);

  // Quality: how clearly the pulse stood out, how little movement disturbed it, and, with a
  // pulse sensor, how well the two methods agree.
  float quality = std::clamp(cuff_max / (8.0F * kNoPulseMmHg), 0.0F, 1.0F) * (1.0F - motion_share);
  const bool from_pulse = pulse_sensor_seen_ && distal_lop.has_value();
  if (from_pulse && cuff_lop) quality *= std::clamp(1.0F - std::abs(*distal_lop - *cuff_lop) / 40.0F, 0.25F, 1.0F);
  if (!from_pulse) quality *= 0.8F;
  finish(units::mmHg(static_cast<double>(*estimate)), LopFailure::none, quality, from_pulse);
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
  if ((now - started_).seconds() > kTimeoutS) {
    finish({}, LopFailure::timed_out, 0, false);
    return Actuators::deflate();
  }

  if (stage_ == Stage::fill) {
    if (static_cast<double>(last_pressure_) >= kStartPressure.mmHg()) {
      stage_ = Stage::ramp;
      ramp_started_ = block_started_ = now;
    } else if ((now - started_).seconds() > kFillTimeoutS) {
      finish({}, LopFailure::cannot_inflate, 0, false);
      return Actuators::deflate();
    }
    return Actuators{1.0F, true, 0.0F, true};
  }

  if (sample) {
    const float p = last_pressure_;
    if (!have_slow_) slow_ = p, have_slow_ = true;
    slow_ += (p - slow_) * std::min(static_cast<float>(dt.seconds()) / kHighPassS, 1.0F);
    const float hp = p - slow_;
    if (cur_n_ == 0) cur_min_ = cur_max_ = hp;
    cur_min_ = std::min(cur_min_, hp);
    cur_max_ = std::max(cur_max_, hp);
    cur_sum_ += p;
    ++cur_n_;
  }
  if (distal_pulse) {
    pulse_sensor_seen_ = true;
    if (!cur_has_pulse_) cur_pmin_ = cur_pmax_ = *distal_pulse, cur_has_pulse_ = true;
    cur_pmin_ = std::min(cur_pmin_, *distal_pulse);
    cur_pmax_ = std::max(cur_pmax_, *distal_pulse);
  }
  if ((now - block_started_).seconds() >= static_cast<double>(kBlockS)) close_block(now);
  if (result_) return Actuators::deflate();

  const auto setpoint = kStartPressure + units::mmHg(kRampMmHgPerS * (now - ramp_started_).seconds());
  return regulator_.step(dt, sample, setpoint);
}

}  // namespace bfr::core
