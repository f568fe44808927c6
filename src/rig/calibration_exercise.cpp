// Calibration against published-data.md section 3: a sealed (non-regulating) cuff through the
// Swain et al. 2025 leg-press protocol must show the swings the published non-regulating
// devices showed. This checks the simulator is honest before any controller is judged on it.

#include <fmt/format.h>

#include "rig/calibration.hpp"
#include "rig/protocols.hpp"
#include "rig/runner.hpp"
#include "sim/population.hpp"

namespace bfr::rig {

namespace {
constexpr std::uint64_t kSeed = 2025;
constexpr int kPublishedCohort = 15;
constexpr int kFastCohort = 4;

// A fitted target of the Swain et al. 2025 comparison (section 3), its figures still to fill in.
CalibrationResult swain_target(std::string id, std::string description, std::string published) {
  return CalibrationResult{
      .id = std::move(id),
      .section = "3",
      .description = std::move(description),
      .source = "Swain et al., Front Sports Act Living 2025, doi 10.3389/fspor.2025.1582387",
      .published = std::move(published),
      .simulated = {},
      .criterion = {},
      .fitted = true,
  };
}

// The spread between people, as a standard deviation, against the published SDs.
CalibrationResult spread_target(std::string id, std::string description, std::string published, const RunningStats& s,
                                double lo, double hi) {
  auto r = swain_target(std::move(id), std::move(description), std::move(published));
  r.simulated = fmt::format("SD {:.1f} % LOP (n={})", s.sd(), s.count());
  r.criterion = fmt::format("SD {:.0f}-{:.0f} % LOP", lo, hi);
  r.pass = s.sd() >= lo && s.sd() <= hi;
  return r;
}

CalibrationResult range_target(std::string id, std::string description, std::string published, const RunningStats& s,
                               double lo, double hi, double scale, const char* unit) {
  auto r = swain_target(std::move(id), std::move(description), std::move(published));
  r.simulated = fmt::format("{:.0f} +- {:.0f}{} (n={})", scale * s.mean(), scale * s.sd(), unit, s.count());
  r.criterion = fmt::format("mean {:.0f}-{:.0f}{}", scale * lo, scale * hi, unit);
  r.pass = s.mean() >= lo && s.mean() <= hi;
  return r;
}
}  // namespace

std::vector<CalibrationResult> exercise_targets(const CalibrationOptions& options) {
  const int n = options.fast ? kFastCohort : kPublishedCohort;
  RunningStats peak, valley, exercise, rest;
  const auto people = sim::generate_population(*sim::cohort_by_name("swain2025"), kSeed, static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < people.size(); ++i) {
    const auto summary = run_scenario(swain2025_leg_press(people[i], "passive", kSeed + i));
    const auto& reg = *summary.regulation;
    peak.add(reg.peak_pct_lop);
    valley.add(reg.valley_pct_lop);
    exercise.add(reg.exercise_in_band);
    rest.add(reg.rest_in_band);
    if (options.progress) options.progress(fmt::format("  person {}/{}", i + 1, people.size()));
  }
  // The published non-regulating devices (Saga, SmartCuffs, Suji), with 5 points of margin on
  // the range their means span.
  std::vector<CalibrationResult> out;
  out.push_back(range_target("swing.peak", "Sealed cuff: mean peak of each repetition, % LOP",
                             "79 +- 9 / 79 +- 9 / 90 +- 15 % LOP (Saga / SmartCuffs / Suji)", peak, 74, 95, 1, " % LOP"));
  out.push_back(range_target("swing.valley", "Sealed cuff: mean valley of each repetition, % LOP",
                             "58 +- 7 / 61 +- 7 / 65 +- 10 % LOP", valley, 53, 70, 1, " % LOP"));
  out.push_back(range_target("swing.exercise_in_band", "Sealed cuff: exercise time within +-10 % of target",
                             "25 % / 26 % / 34 %", exercise, 0.15, 0.45, 100, " %"));
  out.push_back(range_target("swing.rest_in_band", "Sealed cuff: rest time within +-5 % of target", "0 % / 0 % / 0 %",
                             rest, 0.0, 0.10, 100, " %"));
  // People differ (sim::TissueResponse): the spread between them, with 3 points of margin on the
  // range the three devices' SDs span. Four people cannot show an SD: the full cohort only.
  if (!options.fast) {
    out.push_back(spread_target("swing.peak_sd", "Sealed cuff: spread of the peaks between people",
                                "SD 9 / 9 / 15 % LOP (Saga / SmartCuffs / Suji)", peak, 6, 18));
    out.push_back(spread_target("swing.valley_sd", "Sealed cuff: spread of the valleys between people",
                                "SD 7 / 7 / 10 % LOP", valley, 4, 13));
  }
  return out;
}

}  // namespace bfr::rig
