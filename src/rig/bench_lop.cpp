// `bfr bench lop`: automatic LOP across postures, cuff widths, motion and irregular rhythm.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/limits.hpp"
#include "core/lop_search.hpp"
#include "rig/controller_benchmarks.hpp"
#include "rig/runner.hpp"
#include "sim/population.hpp"

namespace bfr::rig {

namespace {
// Benchmark people are drawn with their own seed, never the one the LOP search was tuned on.
constexpr std::uint64_t kSeed = 9001;
constexpr double kMaxSeconds = 170.0;
// Where the true LOP lies this close under the hard cap or above it, the search cannot confirm
// it without passing the cap: a clear refusal is the correct answer.
const double kRefusalZone = (core::limits::kHardCap - core::LopSearch::kConfirmMargin).mmHg();

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto i = static_cast<std::size_t>(pos);
  const double f = pos - static_cast<double>(i);
  return i + 1 < v.size() ? v[i] * (1 - f) + v[i + 1] * f : v[i];
}

struct Cell {
  int runs = 0, correct = 0, refusals_correct = 0;
  std::vector<double> abs_error, rel_error, seconds;
  double worst_over_lop = -1e9;
};

nlohmann::json summarise(const std::string& name, const Cell& c) {
  return {{"group", name},
          {"runs", c.runs},
          {"success_rate", c.runs ? static_cast<double>(c.correct) / c.runs : 0.0},
          {"correct_refusals", c.refusals_correct},
          {"abs_error_mmHg_median", percentile(c.abs_error, 0.5)},
          {"abs_error_mmHg_p95", percentile(c.abs_error, 0.95)},
          {"rel_error_pct_median", percentile(c.rel_error, 0.5)},
          {"rel_error_pct_p95", percentile(c.rel_error, 0.95)},
          {"seconds_median", percentile(c.seconds, 0.5)},
          {"seconds_p95", percentile(c.seconds, 0.95)},
          {"highest_over_true_lop_mmHg", c.worst_over_lop}};
}
}  // namespace

nlohmann::json bench_lop(int per_cell, const Progress& progress) {
  const sim::Posture postures[] = {sim::Posture::supine, sim::Posture::seated, sim::Posture::standing};
  const double widths[] = {5.0, 11.5, 18.0};
  Cell all, lying, seated, standing_motion;
  Cell by_posture[3];
  nlohmann::json failures = nlohmann::json::array();
  nlohmann::json runs = nlohmann::json::array();
  std::uint64_t index = 0;
  for (int pi = 0; pi < 3; ++pi)
    for (double w : widths)
      for (int motion = 0; motion < 2; ++motion)
        for (int af = 0; af < 2; ++af) {
          for (int k = 0; k < per_cell; ++k, ++index) {
            sim::Scenario s;
            s.name = "lop bench";
            s.duration = units::seconds(kMaxSeconds);
            s.record_rate = units::hertz(10.0);
            s.plant.person = sim::generate_person(*sim::cohort_by_name("adults"), kSeed, index);
            if (af) s.plant.person.circulation.rhythm = sim::Rhythm::atrial_fibrillation;
            s.plant.limb = sim::LimbKind::thigh;
            s.plant.cuff.width = units::cm(w);
            s.plant.posture = postures[pi];
            s.plant.seed = kSeed + index;
            s.plant.pulse_sensor.fitted = (index % 2) == 0;  // half with a toe pulse sensor
            if (motion) s.plant.motion = {units::hertz(0.5), units::mL(3.0), units::seconds(0.3)};
            s.actuation = sim::ControllerChoice{"ours", sim::PressureTarget{units::percent(60.0)}, true};
            // Measure only: the session is not started, so the run ends after deflation.
            auto summary = run_scenario(s);
            const auto& r = *summary.report;
            const double truth = summary.true_lop.mmHg();
            Cell* cells[] = {&all, &by_posture[pi], pi == 0 ? &lying : pi == 1 ? &seated : (motion ? &standing_motion : nullptr)};
            const bool refused_correctly = !r.measured_lop && truth >= kRefusalZone &&
                                           r.lop_failure == core::to_string(core::LopFailure::above_ceiling);
            const bool measured = r.measured_lop.has_value();
            for (Cell* c : cells) {
              if (!c) continue;
              ++c->runs;
              if (measured || refused_correctly) ++c->correct;
              if (refused_correctly) ++c->refusals_correct;
              if (measured) {
                const double e = std::abs((*r.measured_lop).mmHg() - truth);
                c->abs_error.push_back(e);
                c->rel_error.push_back(100.0 * e / truth);
              }
              if (r.lop_seconds) c->seconds.push_back(*r.lop_seconds);
              if (r.lop_highest_applied) c->worst_over_lop = std::max(c->worst_over_lop, r.lop_highest_applied->mmHg() - truth);
            }
            runs.push_back({{"posture", sim::to_string(postures[pi])}, {"width_cm", w}, {"motion", motion == 1},
                            {"atrial_fibrillation", af == 1}, {"pulse_sensor", s.plant.pulse_sensor.fitted},
                            {"true_lop_mmHg", truth},
                            {"measured_mmHg", measured ? nlohmann::json(r.measured_lop->mmHg()) : nlohmann::json(nullptr)},
                            {"quality", r.lop_quality.value_or(0.0)},
                            {"seconds", r.lop_seconds.value_or(0.0)},
                            {"highest_mmHg", r.lop_highest_applied ? r.lop_highest_applied->mmHg() : 0.0}});
            if (!measured && !refused_correctly)
              failures.push_back({{"posture", sim::to_string(postures[pi])}, {"width_cm", w}, {"motion", motion == 1},
                                  {"atrial_fibrillation", af == 1}, {"true_lop_mmHg", truth}, {"reason", r.lop_failure}});
          }
          if (progress) progress(fmt::format("{} {} cm{}{}: {} runs", sim::to_string(postures[pi]), w, motion ? " motion" : "",
                                             af ? " AF" : "", per_cell));
        }

  const auto rate = [](const Cell& c) { return c.runs ? static_cast<double>(c.correct) / c.runs : 0.0; };
  nlohmann::json targets = {
      {"success_lying_at_least_99pct", rate(lying) >= 0.99},
      {"success_seated_at_least_99pct", rate(seated) >= 0.99},
      {"success_standing_with_motion_at_least_95pct", rate(standing_motion) >= 0.95},
      {"median_rel_error_at_most_3pct", percentile(all.rel_error, 0.5) <= 3.0},
      {"p95_rel_error_at_most_8pct", percentile(all.rel_error, 0.95) <= 8.0},
      {"median_time_at_most_45s", percentile(all.seconds, 0.5) <= 45.0},
      {"never_above_lop_plus_40", all.worst_over_lop <= 40.0},
  };
  bool met = true;
  for (const auto& [k, v] : targets.items()) met = met && v.get<bool>();
  return {{"benchmark", "lop"},
          {"simulated", true},
          {"design", fmt::format("thigh; postures supine/seated/standing x cuffs 5/11.5/18 cm x motion off/on x sinus/AF x {} "
                                 "people = {} runs; every other run with a toe pulse sensor; cohort 'adults' seed {}",
                                 per_cell, all.runs, kSeed)},
          {"refusal_rule", fmt::format("a refusal is correct where the true LOP is at or above {:.0f} mmHg", kRefusalZone)},
          {"all", summarise("all", all)},
          {"lying", summarise("lying", lying)},
          {"seated", summarise("seated", seated)},
          {"standing_with_motion", summarise("standing with motion", standing_motion)},
          {"standing_all", summarise("standing", by_posture[2])},
          {"failures", failures},
          {"runs", runs},
          {"targets", targets},
          {"targets_met", met}};
}

}  // namespace bfr::rig
