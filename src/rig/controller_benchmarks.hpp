#pragma once
// The controller's benchmarks (issue 4), all simulated: regulation through the Swain et al. 2025
// protocol against the baselines, automatic LOP over a varied population, and every fault in
// every phase. Each returns its numbers as JSON with its targets and whether they were met.

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace bfr::rig {

using Progress = std::function<void(const std::string&)>;

nlohmann::json bench_regulation(const Progress& progress = {});
nlohmann::json bench_lop(int people_per_cell, const Progress& progress = {});
nlohmann::json bench_faults(const Progress& progress = {});

}  // namespace bfr::rig
