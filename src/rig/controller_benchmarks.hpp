#pragma once
// The controller's benchmarks (issues 4 and 12), all simulated: regulation through the Swain et al.
// 2025 protocol and over a broad envelope of people against the baselines, automatic LOP over a
// varied population, every fault in every phase, and continuous holds while walking and cycling. Each returns its numbers as JSON with its
// targets and whether they were met. They run on the evaluation seeds unless told otherwise
// (rig/seed_sets.hpp).

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "rig/seed_sets.hpp"

namespace bfr::rig {

using Progress = std::function<void(const std::string&)>;

struct BenchOptions {
  SeedChoice seeds{};
  int lop_per_cell = 4;         // bench lop: people per cell of its design (24 cells)
  int envelope_people = 30;     // bench regulation: people of the broad envelope
  int fault_free_sessions = 500;  // bench faults: sessions with nothing wrong, for false faults
  int aerobic_people = 10;      // bench aerobic: people per activity and target (4 groups)
  Progress progress;
};

nlohmann::json bench_regulation(const BenchOptions& options);
// Both thighs cuffed at once (issue 14): bilateral and alternating leg press, shared pump or two.
nlohmann::json bench_regulation_two_limbs(const BenchOptions& options);
nlohmann::json bench_lop(const BenchOptions& options);
nlohmann::json bench_faults(const BenchOptions& options);
// Every fault on either channel of a two-cuff session (issue 14).
nlohmann::json bench_faults_two_limbs(const BenchOptions& options);
nlohmann::json bench_aerobic(const BenchOptions& options);
// Both legs through the same walks and rides, one pump shared or two (issue 14).
nlohmann::json bench_aerobic_two_limbs(const BenchOptions& options);

}  // namespace bfr::rig
