#pragma once
// Two disjoint sets of seeds for the controller's benchmarks (issue 12). The tuning set is what
// the controller's constants may be adjusted on while developing (scripts/tune-controller runs
// the benches on it). The evaluation set is what the benches report by default and what the docs
// quote; nothing is ever tuned on it. The tuning seeds are the ones the benches used before the
// split: the LOP search and the regulator were in fact tuned on them, so they can never again be
// evidence. A run with `--seed N` reports that seed and is neither set.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bfr::rig {

enum class SeedSet { tuning, evaluation };

struct BenchSeeds {
  std::uint64_t regulation;  // people of both populations of bench regulation
  std::uint64_t lop;         // people of bench lop
  std::uint64_t faults;      // people of bench faults, and its fault-free sessions
  std::uint64_t aerobic;     // walkers and cyclists of bench aerobic (issue 14)
  std::uint64_t two_limbs;   // people of bench regulation --limbs 2 (issue 14)
};

inline constexpr BenchSeeds kTuningSeeds{4242, 9001, 77, 5150, 6161};
// Drawn once from the date of the split (2026-11-30) and never looked at while tuning; the
// aerobic seed from the day bench aerobic was added (2026-12-06), and the two-limb seed from the
// day bench regulation --limbs 2 was (the same day: its second seed).
inline constexpr BenchSeeds kEvaluationSeeds{20261130, 20261131, 20261132, 20261206, 2026120602};

// Which seeds a bench run uses: a set, or one explicit seed for every bench.
struct SeedChoice {
  SeedSet set = SeedSet::evaluation;
  std::optional<std::uint64_t> seed;

  [[nodiscard]] BenchSeeds seeds() const {
    if (seed) return {*seed, *seed, *seed, *seed, *seed};
    return set == SeedSet::tuning ? kTuningSeeds : kEvaluationSeeds;
  }
  [[nodiscard]] std::string label() const {
    if (seed) return "seed " + std::to_string(*seed) + " (neither tuning nor evaluation set)";
    return set == SeedSet::tuning ? "tuning set (the controller may be tuned on these)"
                                  : "evaluation set (nothing is tuned on these)";
  }
};

inline std::optional<SeedSet> seed_set_from(std::string_view name) {
  if (name == "tuning") return SeedSet::tuning;
  if (name == "evaluation") return SeedSet::evaluation;
  return std::nullopt;
}

}  // namespace bfr::rig
