#pragma once
// Automatic limb occlusion pressure (LOP) measurement. The cuff is filled quickly to a start
// pressure, then ramped slowly while the pulse is watched: in the cuff itself (oscillometry:
// each beat's artery volume change shows as a small pressure wave that grows towards mean
// arterial pressure and dies away once the artery stays shut), and at a distal pulse sensor when
// one is fitted (the pulse beyond the cuff disappears at LOP). Bounded in time and in pressure,
// robust to single-window artefacts by median filtering, and it reports a quality figure or a
// clear reason why it could not measure.

#include <cstdint>
#include <optional>

#include "core/actuators.hpp"
#include "core/lop/block_buffer.hpp"
#include "core/lop/motion_gate.hpp"
#include "core/lop/low_pass.hpp"
#include "core/lop/pulse_envelope.hpp"
#include "core/lop/ramp_pacer.hpp"
#include "units/units.hpp"

namespace bfr::core {

enum class LopFailure : std::uint8_t {
  none,
  cannot_inflate,     // the start pressure was not reached in time (leak, pump, hose)
  no_pulse,           // no pulse seen in the cuff or at the pulse sensor
  above_ceiling,      // the pulse was still there at the highest pressure allowed
  too_much_motion,    // too many windows disturbed by movement to trust the result
  timed_out,
  pulse_did_not_fade,  // the pulse was still there far past where a LOP can lie: irregular or moving
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
  // Once, on a new search (the controller builds one in place for every measurement).
  void start(units::Instant now);
  // One step: returns the actuators to apply; once finished, result() is set.
  Actuators step(units::Instant now, units::Duration dt, std::optional<units::Pressure> sample,
                 std::optional<float> distal_pulse);
  [[nodiscard]] bool finished() const { return result_.has_value(); }
  [[nodiscard]] const std::optional<LopResult>& result() const { return result_; }
  // The cuff pulse (peak to peak) of the latest analysed window: the oscillometric curve as the
  // search sees it, for telemetry.
  [[nodiscard]] std::optional<units::Pressure> latest_pulse() const {
    if (log_.size() == 0) return std::nullopt;
    return units::mmHg(static_cast<double>(log_[log_.size() - 1].cuff_pulse));
  }

  // Tuning, with the reasoning behind each value in lop_search.cpp and core/lop/.
  static constexpr units::Pressure kStartPressure = units::mmHg(70.0);
  static constexpr units::Pressure kConfirmMargin = units::mmHg(12.0);
  static constexpr units::Pressure kMaxOverLop = units::mmHg(40.0);

 private:
  void fill(units::Instant now);
  void take_sample(float raw, float dt_s);
  void close_block(units::Instant now);
  void analyse(units::Instant now);
  void finish(std::optional<units::Pressure> lop, LopFailure failure, float quality, bool from_pulse);

  enum class Stage : std::uint8_t { fill, ramp };
  Stage stage_ = Stage::fill;
  units::Instant started_{};
  units::Instant ramp_started_{};
  units::Instant block_started_{};
  std::optional<units::Instant> fill_mark_;
  float last_pressure_ = 0.0F;
  float highest_ = 0.0F;
  float ceiling_ = 0.0F;
  std::optional<float> stop_at_;
  bool descending_ = false;
  int lost_blocks_ = 0;
  lop::LowPass cuff_filter_;
  lop::LowPass distal_filter_;
  lop::BlockBuffer blocks_;
  lop::MotionGate motion_;
  lop::RampPacer pacer_;
  lop::WindowLog log_;
  std::optional<LopResult> result_;
};

}  // namespace bfr::core
