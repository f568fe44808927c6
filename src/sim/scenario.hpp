#pragma once
// A scenario: one JSON file that sets the person (or a person drawn from a population), limb,
// cuff, posture, sensors, exercise, faults, how the actuators are driven, and how long to run.
// The format is documented in docs/scenario-format.md; examples are in examples/scenarios/.

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "sim/plant.hpp"
#include "sim/timeline.hpp"

namespace bfr::sim {

// A bad scenario: the message names the offending key by its path, e.g. "person.systolic_mmHg".
class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Target for a named controller: an absolute pressure or a share of the true LOP.
struct PressureTarget {
  std::variant<units::Pressure, units::Percent> value = units::percent(80.0);
};

struct ControllerChoice {
  std::string name;
  PressureTarget target{};
  bool measure_lop = false;  // the strategy measures LOP itself first (strategies that can)
  // A LOP measured before the run (another device, an earlier measurement), told to the strategy.
  // Without it and without measure_lop, the rig tells the strategy the true LOP: the oracle, a
  // reference that no real device has (rig/strategy_brief.hpp).
  std::optional<units::Pressure> given_lop;
};

struct Scenario {
  std::string name;
  units::Duration duration = units::seconds(60.0);
  units::Frequency record_rate = units::hertz(100.0);
  std::optional<std::string> cohort;  // set when the person was drawn from a population
  PlantSpec plant{};
  std::variant<std::vector<TimelineStep>, ControllerChoice> actuation = std::vector<TimelineStep>{};
};

Scenario parse_scenario(const std::string& json_text);
Scenario load_scenario(const std::filesystem::path& file);

}  // namespace bfr::sim
