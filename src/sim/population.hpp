#pragma once
// Reproducible populations of virtual people drawn from published distributions.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "sim/person.hpp"

namespace bfr::sim {

// Who a cohort is: its mix of sexes and ages, and how its limbs compare with the general adult
// population (an athletic cohort has larger thighs). Everything else follows the adult
// distributions in population.cpp.
struct CohortSpec {
  std::string_view name;
  double male_fraction = 0.5;
  double age_mean = 40.0;
  double age_sd = 12.0;
  double age_min = 18.0;
  double age_max = 80.0;
  double thigh_offset_cm = 0.0;
  double thigh_sd_cm = 5.0;
  double systolic_offset_mmHg = 0.0;
  double atrial_fibrillation_fraction = 0.0;
};

// The cohorts the calibration uses and that scenarios may name.
const std::vector<CohortSpec>& known_cohorts();
std::optional<CohortSpec> cohort_by_name(std::string_view name);

// Person number `index` of cohort drawn with `seed`: the same triple always gives the same person.
Person generate_person(const CohortSpec& cohort, std::uint64_t seed, std::uint64_t index);
std::vector<Person> generate_population(const CohortSpec& cohort, std::uint64_t seed, std::size_t count);

}  // namespace bfr::sim
