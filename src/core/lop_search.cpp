#include "core/lop_search.hpp"

#include <algorithm>
#include <cmath>

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
constexpr float kLowPassS = 0.02F;
constexpr double kSettleS = 2.5;
// Slow the ramp once the pulse has fallen below this share of its largest value.
constexpr float kSlowDownRatio = 0.75F;
constexpr float kStallRateMmHgPerS = 1.0F;
constexpr double kStallWindowS = 3.0;
// Characteristic ratio: at occlusion the cuff pulse has fallen to about a third of its largest
// value (Babbs 2012: about 2 of 5.5 mmHg; published-data.md section 6). Checked against the
// simulator on a training population distinct from the benchmark's (docs/controller.md).
constexpr float kCuffPulseRatio = 0.30F;
// The distal pulse has faded when it is below a tenth of the largest seen on the ramp.
constexpr float kDistalPulseRatio = 0.10F;
// A window whose pulse is over 3x the median of its neighbours was disturbed by movement.
constexpr float kMotionFactor = 3.0F;
constexpr float kMotionShareLimit = 0.4F;
// A jolt must also be bigger than this to count (near occlusion the pulse is tiny and noise rules).
constexpr float kMotionFloorMmHg = 1.0F;
constexpr float kMotionHoldS = 1.0F;
constexpr float kMotionRefractoryS = 1.5F;
constexpr std::size_t kPeakSupport = 4;
// A block is part of a window, so without a disturbance its swing cannot exceed a whole beat's
// pulse; 1.6x leaves room for beat-to-beat variation (atrial fibrillation included).
constexpr float kJoltFactor = 1.6F;
// A cuff pulse under 0.15 mmHg at its largest is no pulse (sensor noise is 0.3 mmHg RMS, but
// filtered over many samples).
constexpr float kNoPulseMmHg = 0.15F;
constexpr double kFillTimeoutS = 25.0;
constexpr double kTimeoutS = 150.0;
// The ramp runs the pump at a steady duty, adjusted once per block towards the wanted rate, so
// the pump never chases the pulse it is measuring (a pressure loop would, and distort it).
constexpr float kInitialRampDuty = 0.15F;
constexpr float kFillMarkMmHg = 50.0F;
constexpr float kMinRampDuty = 0.03F;
// At most 5 % a block, so the pump's flow is steady over any one beat.
constexpr float kMaxDutyChange = 1.05F;

float median3(float a, float b, float c) { return std::max(std::min(a, b), std::min(std::max(a, b), c)); }
}  // namespace

const char* to_string(LopFailure f) {
  switch (f) {
    case LopFailure::none: return "none";
    case LopFailure::cannot_inflate: return "the cuff could not be inflated: check for a leak or an open valve";
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
  ceiling_ = static_cast<float>(limits::kHardCap.mmHg());
  ramp_duty_ = kInitialRampDuty;
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
  // Movement: a block whose swing is far beyond a whole beat's pulse in the recent windows
  // (a block is shorter than a beat, so only whole-beat windows make a fair reference). The ramp
  // holds for a second and the windows that contain the block are dropped, to be measured again.
  const float swing = cur_max_ - cur_min_;
  const std::size_t have = std::min(n_windows_, kRecentBlocks);
  std::array<float, kRecentBlocks> recent{};
  for (std::size_t i = 0; i < have; ++i) recent[i] = windows_[n_windows_ - 1 - i].cuff_pulse;
  std::sort(recent.begin(), recent.begin() + static_cast<long>(have));
  const float typical = have ? recent[have / 2] : 0.0F;
  // Until there are windows, blocks are judged against the recent blocks (more loosely).
  std::array<float, kRecentBlocks> blocks = recent_swings_;
  const std::size_t have_blocks = std::min(recent_count_, kRecentBlocks);
  std::sort(blocks.begin(), blocks.begin() + static_cast<long>(have_blocks));
  const float typical_block = have_blocks ? blocks[have_blocks / 2] : 0.0F;
  ++blocks_seen_;
  const bool against_windows = have >= kRecentBlocks / 2 && swing > kJoltFactor * typical;
  const bool against_blocks = have_blocks >= kRecentBlocks / 2 && swing > kMotionFactor * typical_block;
  // After a hold the ramp runs for a while before it may hold again, so windows keep coming and
  // the reference keeps up: a reference frozen by holds could flag every beat forever.
  const bool refractory = now < hold_until_ + units::seconds(static_cast<double>(kMotionRefractoryS));
  if ((against_windows || against_blocks) && swing > kMotionFloorMmHg && !refractory) {
    ++jolted_blocks_;
    tainted_ = kBlocks;
    hold_until_ = now + units::seconds(static_cast<double>(kMotionHoldS));
  } else {
    recent_swings_[recent_count_++ % kRecentBlocks] = swing;
  }
  if (now < hold_until_) {
    // Holding still: neither measure nor adapt the ramp.
  } else if (blocks_done_ + 1 >= kBlocks) {
    // Rate over the last three blocks; steer the duty towards the wanted ramp.
    const float rate = (block_mean_.back() - block_mean_.front()) / (static_cast<float>(kBlocks - 1) * kBlockS);
    const float wanted = static_cast<float>(descending_ ? kSlowRampMmHgPerS : kRampMmHgPerS);
    const float factor = std::clamp(std::sqrt(wanted / std::max(rate, 0.5F)), 1.0F / kMaxDutyChange, kMaxDutyChange);
    ramp_duty_ = std::clamp(ramp_duty_ * factor, kMinRampDuty, 1.0F);
    // Full pump and still no ramp: air escapes as fast as it comes (leak, open vent, dead pump).
    // Judged over several seconds, not per block: the pulse makes a single block's rate noisy.
    if (ramp_duty_ < 0.99F) {
      stall_from_.reset();
    } else if (!stall_from_) {
      stall_from_ = now;
      stall_pressure_ = block_mean_.back();
    } else if ((now - *stall_from_).seconds() >= kStallWindowS) {
      stalled_ = static_cast<double>(block_mean_.back() - stall_pressure_) < static_cast<double>(kStallRateMmHgPerS) * kStallWindowS;
      stall_from_ = now;
      stall_pressure_ = block_mean_.back();
    }
  }
  cur_n_ = 0;
  cur_sum_ = 0.0F;
  cur_has_pulse_ = false;
  block_started_ = now;
  // The first seconds of the ramp carry the end of the fast fill and the filters settling.
  const bool tainted = tainted_ > 0;
  if (tainted) --tainted_;
  if (++blocks_done_ < kBlocks || n_windows_ >= kMaxWindows || (now - ramp_started_).seconds() < kSettleS || tainted)
    return;
  Window w{};
  w.cuff_pulse = *std::max_element(block_max_.begin(), block_max_.end()) - *std::min_element(block_min_.begin(), block_min_.end());
  w.distal_pulse = *std::max_element(block_pmax_.begin(), block_pmax_.end()) - *std::min_element(block_pmin_.begin(), block_pmin_.end());
  float sum = 0.0F;
  for (float m : block_mean_) sum += m;
  w.pressure = sum / static_cast<float>(kBlocks);
  windows_[n_windows_++] = w;
  analyse(now);
}

namespace {
// Least-squares line through (x, y) pairs: y = a + b x.
struct Line {
  float a = 0.0F, b = 0.0F;
  int n = 0;
};
template <class Points>
Line fit_line(const Points& xs, const Points& ys, int n) {
  Line l;
  l.n = n;
  if (n < 2) return l;
  float mx = 0, my = 0;
  for (int i = 0; i < n; ++i) mx += xs[static_cast<std::size_t>(i)], my += ys[static_cast<std::size_t>(i)];
  mx /= static_cast<float>(n);
  my /= static_cast<float>(n);
  float sxx = 0, sxy = 0;
  for (int i = 0; i < n; ++i) {
    const float dx = xs[static_cast<std::size_t>(i)] - mx;
    sxx += dx * dx;
    sxy += dx * (ys[static_cast<std::size_t>(i)] - my);
  }
  if (sxx <= 0.0F) return l;
  l.b = sxy / sxx;
  l.a = my - l.b * mx;
  return l;
}
}  // namespace

void LopSearch::analyse(units::Instant now) {
  // The envelope used for decisions is the median of three windows that share no block (4
  // windows apart), so a jolt that spoils one window cannot move it. The final estimate is a
  // log-linear fit to the undisturbed windows on the falling side: the pulse dies away
  // exponentially with pressure above occlusion (Babbs' collapse law), and the fit uses every
  // window at its own pressure instead of one window's.
  constexpr std::size_t kStride = kBlocks;
  if (n_windows_ < 2 * kStride + 1) return;
  const auto smoothed = [&](std::size_t i, auto member) {
    const std::size_t lo = i >= kStride ? i - kStride : i;
    const std::size_t hi = i + kStride < n_windows_ ? i + kStride : i;
    return median3(windows_[lo].*member, windows_[i].*member, windows_[hi].*member);
  };
  // The pulse's true maximum is broad (it spans tens of mmHg, many windows); a jolt that got
  // through is narrow. Take the largest value that at least kPeakSupport envelope points reach.
  std::array<float, kPeakSupport> top{};
  float distal_max = 0.0F;
  for (std::size_t i = 0; i < n_windows_; ++i) {
    float c = smoothed(i, &Window::cuff_pulse);
    for (auto& t : top)
      if (c > t) std::swap(c, t);
    distal_max = std::max(distal_max, smoothed(i, &Window::distal_pulse));
  }
  const float cuff_max = top.back();
  float p_at_max = windows_[0].pressure;
  for (std::size_t i = 0; i < n_windows_; ++i)
    if (smoothed(i, &Window::cuff_pulse) >= cuff_max) p_at_max = windows_[i].pressure;
  // Past the largest pulse and falling: slow the ramp where the crossing will be.
  if (n_windows_ > kStride) {
    const float latest = smoothed(n_windows_ - 1 - kStride, &Window::cuff_pulse);
    if (windows_[n_windows_ - 1 - kStride].pressure > p_at_max && latest < kSlowDownRatio * cuff_max) descending_ = true;
  }
  int disturbed = 0;
  std::optional<float> cuff_lop, distal_lop;
  int cuff_below = 0, distal_below = 0;
  std::array<float, kMaxWindows> xs{}, ys{};
  int fit_n = 0;
  float prev_distal = distal_max, prev_cuff = cuff_max, prev_p = windows_[0].pressure;
  for (std::size_t i = 0; i < n_windows_; ++i) {
    const auto& w = windows_[i];
    const float cuff = smoothed(i, &Window::cuff_pulse);
    const bool jolted = w.cuff_pulse > kMotionFactor * cuff;
    disturbed += jolted ? 1 : 0;
    const float cuff_threshold = kCuffPulseRatio * cuff_max;
    if (!cuff_lop && w.pressure > p_at_max && cuff < cuff_threshold) {
      if (cuff_below == 0) {
        const float f = prev_cuff > cuff ? (prev_cuff - cuff_threshold) / (prev_cuff - cuff) : 1.0F;
        cuff_cross_ = prev_p + std::clamp(f, 0.0F, 1.0F) * (w.pressure - prev_p);
      }
      if (++cuff_below >= 3) cuff_lop = cuff_cross_;
    } else if (!cuff_lop) {
      cuff_below = 0;
    }
    // Undisturbed windows near the crossing (half to twice the threshold) feed the fit.
    if (!jolted && w.pressure > p_at_max && w.cuff_pulse < 2.0F * cuff_threshold && w.cuff_pulse > 0.5F * cuff_threshold) {
      xs[static_cast<std::size_t>(fit_n)] = w.pressure;
      ys[static_cast<std::size_t>(fit_n)] = std::log(w.cuff_pulse);
      ++fit_n;
    }
    prev_cuff = cuff;
    const float distal = smoothed(i, &Window::distal_pulse);
    const float distal_threshold = kDistalPulseRatio * distal_max;
    if (pulse_sensor_seen_ && !distal_lop) {
      if (distal < distal_threshold) {
        if (distal_below == 0) {
          const float f = prev_distal > distal ? (prev_distal - distal_threshold) / (prev_distal - distal) : 1.0F;
          distal_cross_ = prev_p + std::clamp(f, 0.0F, 1.0F) * (w.pressure - prev_p);
        }
        if (++distal_below >= 3) distal_lop = distal_cross_;
      } else {
        distal_below = 0;
      }
    }
    prev_distal = distal;
    prev_p = w.pressure;
  }
  if (cuff_lop) {
    const Line l = fit_line(xs, ys, fit_n);
    if (l.n >= 5 && l.b < 0.0F) {
      const float fitted = (std::log(kCuffPulseRatio * cuff_max) - l.a) / l.b;
      // Trust the fit only near the coarse crossing.
      if (std::abs(fitted - *cuff_lop) < 20.0F) cuff_lop = fitted;
    }
  }

  const float motion_share =
      std::max(static_cast<float>(disturbed) / static_cast<float>(n_windows_),
               blocks_seen_ ? static_cast<float>(jolted_blocks_) / static_cast<float>(blocks_seen_) : 0.0F);
  // The cuff's own pulse gives the estimate; a fitted pulse sensor confirms it (and stands in
  // when the cuff's pulse could not be read). In the simulator the distal pulse fades into the
  // sensor's noise some 10-20 mmHg below LOP, so on its own it reads low (docs/controller.md).
  std::optional<float> estimate = cuff_lop;
  if (!estimate && pulse_sensor_seen_) estimate = distal_lop;
  if (estimate) {
    // The ceiling only ever comes down: an estimate revised upwards never lifts it again.
    ceiling_ = std::min(ceiling_, *estimate + static_cast<float>(kMaxOverLop.mmHg()));
    stop_at_ = *estimate + static_cast<float>(kConfirmMargin.mmHg());
  }
  const float newest = windows_[n_windows_ - 1].pressure;
  const bool confirmed = stop_at_ && newest >= *stop_at_;
  const bool at_ceiling = last_pressure_ >= ceiling_ - 5.0F;
  if (!confirmed && !at_ceiling && (now - started_).seconds() < kTimeoutS) return;

  if (cuff_max < kNoPulseMmHg && !(pulse_sensor_seen_ && distal_max > 0.05F)) return finish({}, LopFailure::no_pulse, 0, false);
  if (motion_share > kMotionShareLimit) return finish({}, LopFailure::too_much_motion, 0, false);
  if (!estimate) return finish({}, at_ceiling ? LopFailure::above_ceiling : LopFailure::timed_out, 0, false);

  // Quality: how clearly the pulse stood out, how little movement disturbed it, and, with a
  // pulse sensor, how well the two methods agree.
  float quality = std::clamp(cuff_max / (8.0F * kNoPulseMmHg), 0.0F, 1.0F) * (1.0F - motion_share);
  const bool from_pulse = !cuff_lop && distal_lop.has_value();
  if (pulse_sensor_seen_ && cuff_lop) {
    // Confirmed when the distal pulse had faded by the cuff's estimate.
    quality *= distal_lop && *distal_lop <= *cuff_lop + 5.0F ? 1.0F : 0.6F;
  } else {
    quality *= 0.8F;
  }
  finish(units::mmHg(static_cast<double>(estimate.value_or(0.0F))), LopFailure::none, quality, from_pulse);
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
    // The rise from 50 to 70 mmHg at full pump tells how stiff this cuff is: start the ramp at the
    // duty that gives the wanted rate, so small cuffs do not overshoot the pressures to be measured.
    if (!fill_mark_ && last_pressure_ >= kFillMarkMmHg) fill_mark_ = now;
    if (static_cast<double>(last_pressure_) >= kStartPressure.mmHg()) {
      stage_ = Stage::ramp;
      ramp_started_ = block_started_ = now;
      if (fill_mark_ && now > *fill_mark_) {
        const auto full_rate = static_cast<float>((kStartPressure.mmHg() - static_cast<double>(kFillMarkMmHg)) /
                                                  (now - *fill_mark_).seconds());
        ramp_duty_ = std::clamp(static_cast<float>(kRampMmHgPerS) / full_rate, kMinRampDuty, 1.0F);
      }
    } else if ((now - started_).seconds() > kFillTimeoutS) {
      finish({}, LopFailure::cannot_inflate, 0, false);
      return Actuators::deflate();
    }
    return Actuators{1.0F, true, 0.0F, true};
  }

  if (sample) {
    const float raw = last_pressure_;
    const float step_s = static_cast<float>(dt.seconds());
    if (!have_slow_) slow_ = fast_ = raw, have_slow_ = true;
    // Band-pass: a 20 ms low-pass keeps the pulse (under 10 Hz) and drops most sensor noise
    // (0.3 mmHg RMS over 250 Hz), the 0.6 s high-pass drops the ramp.
    fast_ += (raw - fast_) * std::min(step_s / kLowPassS, 1.0F);
    slow_ += (fast_ - slow_) * std::min(step_s / kHighPassS, 1.0F);
    const float p = fast_;
    const float hp = fast_ - slow_;
    if (cur_n_ == 0) cur_min_ = cur_max_ = hp;
    cur_min_ = std::min(cur_min_, hp);
    cur_max_ = std::max(cur_max_, hp);
    cur_sum_ += p;
    ++cur_n_;
  }
  if (distal_pulse) {
    // The same 20 ms low-pass as the cuff signal (the pulse sensor reports at about 100 Hz).
    if (!pulse_sensor_seen_) distal_fast_ = *distal_pulse;
    pulse_sensor_seen_ = true;
    distal_fast_ += (*distal_pulse - distal_fast_) * std::min(0.01F / kLowPassS, 1.0F);
    if (!cur_has_pulse_) cur_pmin_ = cur_pmax_ = distal_fast_, cur_has_pulse_ = true;
    cur_pmin_ = std::min(cur_pmin_, distal_fast_);
    cur_pmax_ = std::max(cur_pmax_, distal_fast_);
  }
  if ((now - block_started_).seconds() >= static_cast<double>(kBlockS)) close_block(now);
  if (result_) return Actuators::deflate();

  if (stalled_) {
    finish({}, LopFailure::cannot_inflate, 0, false);
    return Actuators::deflate();
  }
  if (now < hold_until_) return Actuators::seal();
  return Actuators{ramp_duty_, true, 0.0F, true};
}

}  // namespace bfr::core
