#pragma once
// The machine-readable form of a run summary (`bfr sim run --json`).

#include <nlohmann/json.hpp>

#include "rig/runner.hpp"

namespace bfr::rig {

nlohmann::json to_json(const RunSummary& s);
nlohmann::json to_json(const RunningStats& s);

// The person, limb, cuff and posture of a plant, as reported in summaries.
nlohmann::json describe_setup(const sim::PlantSpec& p);

}  // namespace bfr::rig
