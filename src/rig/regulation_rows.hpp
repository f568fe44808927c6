#pragma once
// What `bench regulation` and `bench aerobic` share: a person's scenario run as each strategy
// and each way of knowing the LOP, and one row of results over a population (the mean and the
// worst person).

#include <array>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rig/runner.hpp"
#include "rig/two_limb_runner.hpp"
#include "rig/statistics.hpp"
#include "sim/scenario.hpp"

namespace bfr::rig {

// A smaller pump than the datasheet's, as a worn or cheaper part would be (issue 12).
inline constexpr double kSmallPumpShare = 0.7;

// End to end: our device measures the LOP itself first (deadband and passive are told what it
// measured). Oracle: every strategy is told the true LOP, a reference no real device has.
enum class LopMode { end_to_end, oracle };
const char* to_string(LopMode m);

struct PersonCase {
  std::size_t index;
  sim::Scenario scenario;  // ours, oracle, datasheet pump
};

// The person's scenario for one strategy, pump and LOP mode. `measured_lop`: what ours measured
// for this person end to end, told to the baselines.
sim::Scenario strategy_variant(const PersonCase& c, bool small_pump, LopMode mode, const std::string& strategy,
                               std::optional<units::Pressure> measured_lop);

struct RegulationRow {
  RunningStats exercise, rest, peak, valley;
  double highest_exercise = 0.0;
  int people = 0, no_lop = 0, false_faults = 0;
  // Of `no_lop`, people whose true LOP lies where the device may not go (lop_verdict.hpp): for
  // them no session is the right answer.
  int beyond_device = 0;
  double worst_exercise = 1e9;
  nlohmann::json worst_detail;

  // A person who got no session at all (our device found no LOP to prescribe from).
  void add_no_session(units::Pressure true_lop);
  // No session for anyone the device could have served.
  [[nodiscard]] bool every_servable_person_got_a_session() const { return no_lop == beyond_device; }
  void add(const PersonCase& c, const RunSummary& summary);
  // Both limbs of a two-cuff run, each scored as one. A device that measured its LOPs but did not
  // find both starts neither cuff: no session for either limb (both beyond the device when one
  // limb's true LOP is).
  void add_limbs(std::size_t person, const std::array<RunSummary, 2>& limbs);
  [[nodiscard]] nlohmann::json json() const;
};

// One population's rows for one pump and LOP mode: ours, and the baselines run on what ours
// measured (end to end a person ours found no LOP for gets no session from them either).
struct StrategyRows {
  RegulationRow ours, deadband, passive;
  [[nodiscard]] std::array<std::pair<const char*, const RegulationRow*>, 3> named() const {
    return {{{"ours", &ours}, {"deadband", &deadband}, {"passive", &passive}}};
  }
};
StrategyRows run_strategies(const std::vector<PersonCase>& people, bool small_pump, LopMode mode);

// One person's two-cuff run as each strategy: ours (measuring each limb's LOP end to end, or told
// the true ones), then the baselines told what ours measured; a person ours found no LOPs for gets
// no session from them either.
void add_two_limb_person(StrategyRows& rows, std::size_t person, const TwoLimbScenario& scenario, LopMode mode);

}  // namespace bfr::rig
