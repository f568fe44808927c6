#pragma once
// Automatic limb occlusion pressure (LOP) measurement. The cuff is filled quickly to a start
// pressure, then ramped slowly while the pulse is watched: in the cuff itself (oscillometry:
// each beat's artery volume change shows as a small pressure wave that grows towards mean
// arterial pressure and dies away once the artery stays shut), and at a distal pulse sensor when
// one is fitted (the pulse beyond the cuff disappears at LOP). Bounded in time and in pressure,
// robust to single-window artefacts by median filtering, and it reports a quality figure or a
// clear reason why it could not measure.

#include <array>
#include <cstdint>
#include <optional>

#include "core/actuators.hpp"
#include "units/units.hpp"

namespace bfr::core {

enum class LopFailure : std::uint8_t {
  none,
  cannot_inflate,     // the start pressure was not reached in time (leak, pump, hose)
  no_pulse,           // no pulse seen in the cuff or at the pulse sensor
  above_ceiling,      // the pulse was still there at the highest pressure allowed
  too_much_motion,    // too many windows disturbed by movement to trust the result
  timed_out,
};
const char* to_string(LopFailure f);

struct LopResult {
  std::optional<units::Pressure> lop;
  float quality = 0.0F;  // 0..1
  LopFailure failure = LopFailure::none;
  bool from_pulse_sensor = false;
  units::Pressure highest_applied{};
};

class LopSearch {
 public:
  LopSearch() = default;
  void start(units::Instant now);
  // One step: returns the actuators to apply; once finished, result() is set.
  Actuators step(units::Instant now, units::Duration dt, std::optional<units::Pressure> sample,
                 std::optional<float> distal_pulse);
  [[nodiscard]] bool finished() const { return result_.has_value(); }
  [[nodiscard]] const std::optional<LopResult>& result() const { return result_; }
  // The cuff pulse (peak to peak) of the latest analysed window and its mean pressure: the
  // oscillometric curve as the search sees it, for telemetry.
  [[nodiscard]] std::optional<units::Pressure> latest_pulse() const {
    if (n_windows_ == 0) return std::nullopt;
    return units::mmHg(static_cast<double>(windows_[n_windows_ - 1].cuff_pulse));
  }

  // Tuning, with the reasoning behind each value in lop_search.cpp.
  static constexpr units::Pressure kStartPressure = units::mmHg(70.0);
  static constexpr double kRampMmHgPerS = 7.0;        // up to the largest pulse
  static constexpr double kSlowRampMmHgPerS = 3.5;    // once the pulse is dying away
  static constexpr units::Pressure kConfirmMargin = units::mmHg(12.0);
  static constexpr units::Pressure kMaxOverLop = units::mmHg(40.0);

 private:
  struct Window {
    float pressure;   // mean cuff pressure over the window
    float cuff_pulse; // peak-to-peak of the high-passed cuff pressure
    float distal_pulse;
  };
  static constexpr std::size_t kBlocks = 4;    // a window is this many blocks
  static constexpr std::size_t kMaxWindows = 256;

  void close_block(units::Instant now);
  void analyse(units::Instant now);
  void finish(std::optional<units::Pressure> lop, LopFailure failure, float quality, bool from_pulse);

  enum class Stage : std::uint8_t { fill, ramp };
  Stage stage_ = Stage::fill;
  units::Instant started_{};
  units::Instant ramp_started_{};
  units::Instant block_started_{};
  float ramp_duty_ = 0.0F;
  float last_pressure_ = 0.0F;
  float slow_ = 0.0F;
  float fast_ = 0.0F;
  float distal_fast_ = 0.0F;
  bool have_slow_ = false;
  // Per block: extremes of the high-passed cuff pressure and of the distal pulse, mean pressure.
  std::array<float, kBlocks> block_min_{}, block_max_{}, block_pmin_{}, block_pmax_{}, block_mean_{};
  float cur_min_ = 0, cur_max_ = 0, cur_pmin_ = 0, cur_pmax_ = 0, cur_sum_ = 0;
  int cur_n_ = 0;
  bool cur_has_pulse_ = false;
  std::size_t blocks_done_ = 0;
  std::array<Window, kMaxWindows> windows_{};
  std::size_t n_windows_ = 0;
  float highest_ = 0.0F;
  float ceiling_ = 0.0F;
  std::optional<float> stop_at_;
  bool pulse_sensor_seen_ = false;
  float distal_cross_ = 0.0F;
  float cuff_cross_ = 0.0F;
  static constexpr std::size_t kRecentBlocks = 12;
  std::array<float, kRecentBlocks> recent_swings_{};
  std::size_t recent_count_ = 0;
  int jolted_blocks_ = 0;
  std::optional<units::Instant> stall_from_;
  float stall_pressure_ = 0.0F;
  bool stalled_ = false;
  bool descending_ = false;
  std::optional<units::Instant> fill_mark_;
  int blocks_seen_ = 0;
  std::size_t tainted_ = 0;
  units::Instant hold_until_{};
  std::optional<LopResult> result_;
};

}  // namespace bfr::core
