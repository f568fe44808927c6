#pragma once
// Two cuffs on one person (issue 14): both thighs, say, each with its own device channel (inflate,
// vent and dump valves, hose, two pressure sensors, an optional distal pulse sensor), around one
// heart. Either one pump serves both channels through their inflate valves (the cheaper unit), or
// each channel has its own pump.
//
// A shared pump's outlet meets both inflate valves. The valves are ideal, as in the one-cuff
// device: with one open, the pump works against that manifold's pressure; with both open (only a
// stuck valve or a careless controller does that), the two manifolds are joined, their air shared
// at once, and the pump's flow split between them, so a fuller cuff empties into the other
// through the hoses.

#include <array>
#include <cstddef>

#include "sim/heart.hpp"
#include "sim/limb_channel.hpp"
#include "sim/plant_spec.hpp"
#include "sim/pump.hpp"
#include "sim/random.hpp"
#include "sim/readings.hpp"

namespace bfr::sim {

enum class PumpLayout { shared, one_per_channel };
const char* to_string(PumpLayout p);

inline constexpr std::size_t kLeft = 0;
inline constexpr std::size_t kRight = 1;

struct TwoLimbSpec {
  // Left (0) and right (1). The body is the left side's: heart, blood pressure, rhythm, height,
  // posture, physics step and seed. What differs per side is the limb (girth, tissue, the leg's
  // share of systolic pressure), its cuff, its sensors' drawn parts, exercise, motion and faults.
  // A power loss injected on either side unpowers the whole device (both dump valves open). With
  // a shared pump, a pump fault (dead, runaway) injected on either side acts on the one pump.
  std::array<PlantSpec, 2> sides{};
  PumpLayout pumps = PumpLayout::shared;
};

class TwoLimbPlant {
 public:
  explicit TwoLimbPlant(TwoLimbSpec spec);
  TwoLimbPlant(const TwoLimbPlant&) = delete;
  TwoLimbPlant& operator=(const TwoLimbPlant&) = delete;

  // Advances one physics step with each channel's command. With a shared pump, the pump runs at
  // the larger of the two duties.
  std::array<SensorReadings, 2> step(const std::array<ActuatorCommand, 2>& commands);

  [[nodiscard]] units::Instant now() const { return now_; }
  [[nodiscard]] units::Duration step_size() const { return spec_.sides[kLeft].step; }
  [[nodiscard]] const TwoLimbSpec& spec() const { return spec_; }
  [[nodiscard]] GroundTruth truth(std::size_t side) const { return channels_[side].truth(now_); }
  [[nodiscard]] units::Pressure nominal_lop(std::size_t side) const { return channels_[side].nominal_lop(); }
  [[nodiscard]] const LimbChannel& channel(std::size_t side) const { return channels_[side]; }
  [[nodiscard]] units::Frequency heart_rate() const { return heart_.rate(); }
  void preset_cuff_pressure(std::size_t side, units::Pressure p) { channels_[side].preset_cuff_pressure(p); }

  // One side starts or stops exercising now (both, for a bilateral lift or walking).
  void start_exercise(std::size_t side, ExerciseSpec spec);
  void start_exercise(std::size_t side, RhythmicSpec spec);
  void stop_exercise(std::size_t side);

 private:
  void step_shared_air(units::Duration dt, const std::array<ActuatorCommand, 2>& commands);

  TwoLimbSpec spec_;
  Random rng_;
  Heart heart_;
  std::array<LimbChannel, 2> channels_;
  Pump shared_pump_;
  units::Instant now_{};
};

}  // namespace bfr::sim
