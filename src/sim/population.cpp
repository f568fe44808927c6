#include "sim/population.hpp"

#include <algorithm>
#include <cmath>

#include "sim/random.hpp"

namespace bfr::sim {

namespace {
// Adult anthropometry, US adults 2015-2018 (Fryar et al., National Health Statistics Reports /
// Vital Health Stat 3(46), 2021): stature men 175.3 cm, women 161.3 cm (SD about 7.5 and 7.0).
constexpr double kHeightMale = 175.3, kHeightFemale = 161.3;
constexpr double kHeightSdMale = 7.5, kHeightSdFemale = 7.0;
// Mid-upper-arm circumference men 34.2 cm, women 31.9 cm (Ostchega et al., Blood Press Monit
// 2013;18:138), SD about 4 cm (approx.).
constexpr double kArmMale = 34.2, kArmFemale = 31.9, kArmSd = 4.0;
// Proximal thigh circumference where a BFR cuff sits, young adults about 55 cm in both sexes,
// SD about 5 cm (Loenneke et al. 2012 cohort; Wedig et al. 2025) (approx.).
constexpr double kThighMale = 55.0, kThighFemale = 55.0;
// Thigh and arm size track stature a little: 0.15 cm per cm of height above the mean (approx.).
constexpr double kGirthPerHeight = 0.15;
constexpr double kGirthShared = 0.7071, kGirthOwn = 0.7071;
constexpr double kThighOverArmCm = 10.0;
// Blood pressure at rest: systolic about 118 (men) and 110 (women) mmHg at age 20-39, rising
// about 0.5 mmHg per year after 40; diastolic about 74 and 70; SD about 11 and 8 mmHg
// (NHANES 2015-2018 summaries; Ostchega et al., NCHS Data Brief 364, 2020) (approx.).
constexpr double kSystolicMale = 118.0, kSystolicFemale = 110.0, kSystolicSd = 11.0;
constexpr double kSystolicPerYearOver40 = 0.5;
constexpr double kDiastolicMale = 74.0, kDiastolicFemale = 70.0, kDiastolicSd = 8.0;
// Thigh/brachial systolic ratio: mean 1.08, SD 0.06 (see person.hpp).
constexpr double kLegRatio = 1.08, kLegRatioSd = 0.06;
// Resting heart rate about 70 bpm, SD 10 (approx.).
constexpr double kHeartRate = 70.0, kHeartRateSd = 10.0;

// Cohort descriptions. Loenneke et al. 2012: 116 young adults, 53 men and 63 women (Eur J Appl
// Physiol 112:2903). Hughes et al. 2018: 50 healthy adults, age 29 +- 6 (PeerJ 6:e4697, doi
// 10.7717/peerj.4697); their thigh size and spread and their systolic offset are not in our
// reference and are fitted to the supine LOP (docs/simulator.md says
// which calibration targets are fitted and which are predictions). The 18 cm equation study: 51
// adults, 32 men, age 23.2 +- 5.2 (Rev Bras Med Esporte 2019;25(6):494). Wedig et al. 2025: 116
// adults (doi 10.3389/fphys.2025.1658744; age assumed young-adult). Swain et al. 2025: 15 adults.
const std::vector<CohortSpec> kCohorts = {
    {.name = "adults", .male_fraction = 0.5, .age_mean = 40.0, .age_sd = 14.0},
    {.name = "loenneke2012", .male_fraction = 53.0 / 116.0, .age_mean = 22.0, .age_sd = 3.0, .age_max = 35.0},
    {.name = "hughes2018", .male_fraction = 0.5, .age_mean = 29.0, .age_sd = 6.0, .age_max = 50.0, .thigh_offset_cm = 10.0,
     .thigh_sd_cm = 7.0, .systolic_offset_mmHg = 10.0},
    {.name = "rbme2019", .male_fraction = 32.0 / 51.0, .age_mean = 23.2, .age_sd = 5.2, .age_max = 40.0},
    {.name = "wedig2025", .male_fraction = 0.5, .age_mean = 25.0, .age_sd = 6.0, .age_max = 45.0},
    {.name = "swain2025", .male_fraction = 0.5, .age_mean = 25.0, .age_sd = 5.0, .age_max = 45.0},
    {.name = "older_adults", .male_fraction = 0.5, .age_mean = 65.0, .age_sd = 8.0, .age_min = 50.0, .age_max = 90.0,
     .atrial_fibrillation_fraction = 0.08},
};
}  // namespace

std::string_view to_string(Sex s) { return s == Sex::male ? "male" : "female"; }
std::string_view to_string(Rhythm r) { return r == Rhythm::sinus ? "sinus" : "atrial_fibrillation"; }

const std::vector<CohortSpec>& known_cohorts() { return kCohorts; }

std::optional<CohortSpec> cohort_by_name(std::string_view name) {
  for (const auto& c : kCohorts)
    if (c.name == name) return c;
  return std::nullopt;
}

// Between-person spread of the tissue's response (log-normal SDs). Fitted so that a sealed cuff
// through the Swain et al. 2025 protocol spreads its peaks and valleys between people as published
// (SD 9 and 7 % LOP for Saga and SmartCuffs, 15 and 10 for Suji; published-data.md section 3): the
// calibration targets swing.peak_sd and swing.valley_sd. The intramuscular spread follows
// Sejersted et al. 1984's range of intramuscular pressures at a given load (approx.).
constexpr double kBulgeSpread = 0.40;
constexpr double kIntramuscularSpread = 0.25;
constexpr double kCreepSpread = 0.40;

Person generate_person(const CohortSpec& c, std::uint64_t seed, std::uint64_t index) {
  Random rng(seed * 0x9E3779B97F4A7C15ULL + index + 1);
  Person p;
  p.sex = rng.uniform() < c.male_fraction ? Sex::male : Sex::female;
  const bool male = p.sex == Sex::male;
  p.age_years = std::clamp(rng.normal(c.age_mean, c.age_sd), c.age_min, c.age_max);
  const double height_mean = male ? kHeightMale : kHeightFemale;
  const double height = rng.normal(height_mean, male ? kHeightSdMale : kHeightSdFemale);
  p.height = units::cm(std::clamp(height, 140.0, 210.0));
  const double tall = height - height_mean;
  // Arm and thigh girth share a body-size factor (correlation about 0.5, approx.), and a thigh
  // is always well over an arm's girth.
  const double build = rng.normal();
  const auto girth = [&](double own) { return kGirthShared * build + kGirthOwn * own; };
  const double thigh = std::clamp((male ? kThighMale : kThighFemale) + c.thigh_sd_cm * girth(rng.normal()) +
                                      kGirthPerHeight * tall + c.thigh_offset_cm,
                                  38.0, 85.0);
  const double arm = std::clamp((male ? kArmMale : kArmFemale) + kArmSd * girth(rng.normal()) + kGirthPerHeight * tall,
                                20.0, std::min(50.0, thigh - kThighOverArmCm));
  p.thigh_circumference = units::cm(thigh);
  p.arm_circumference = units::cm(arm);
  const double ageing = std::max(p.age_years - 40.0, 0.0) * kSystolicPerYearOver40;
  const double systolic = rng.normal(male ? kSystolicMale : kSystolicFemale, kSystolicSd) + ageing + c.systolic_offset_mmHg;
  const double diastolic = rng.normal(male ? kDiastolicMale : kDiastolicFemale, kDiastolicSd);
  p.circulation.systolic = units::mmHg(std::clamp(systolic, 90.0, 190.0));
  p.circulation.diastolic = units::mmHg(std::clamp(diastolic, 50.0, std::min(110.0, p.circulation.systolic.mmHg() - 25.0)));
  p.circulation.heart_rate = units::per_minute(std::clamp(rng.normal(kHeartRate, kHeartRateSd), 45.0, 110.0));
  p.leg_systolic_ratio = std::clamp(rng.normal(kLegRatio, kLegRatioSd), 0.95, 1.30);
  p.circulation.rhythm = rng.uniform() < c.atrial_fibrillation_fraction ? Rhythm::atrial_fibrillation : Rhythm::sinus;
  // Drawn last, so that every attribute above is the same person as before they existed.
  // Log-normal with mean 1: the typical person's response (the fitted constants) stays the mean.
  const auto factor = [&](double sd) { return std::clamp(std::exp(rng.normal(-0.5 * sd * sd, sd)), 0.3, 3.0); };
  p.tissue.bulge = factor(kBulgeSpread);
  p.tissue.intramuscular = factor(kIntramuscularSpread);
  p.tissue.creep = factor(kCreepSpread);
  return p;
}

std::vector<Person> generate_population(const CohortSpec& cohort, std::uint64_t seed, std::size_t count) {
  std::vector<Person> people;
  people.reserve(count);
  for (std::size_t i = 0; i < count; ++i) people.push_back(generate_person(cohort, seed, i));
  return people;
}

}  // namespace bfr::sim
