#include "clinic/lop_estimate.hpp"

#include <cmath>
#include <sstream>

#include "clinic/validation.hpp"
#include <stdexcept>

namespace bfr::clinic {

namespace {
// Normal 97.5th percentile for a two-sided 95 % prediction interval.
constexpr double kZ95 = 1.96;
}  // namespace

LopEstimate estimate_lop(const LopEstimateInput& in, const KnowledgeBase& kb) {
  if (in.limb != "thigh" && in.limb != "arm") throw std::invalid_argument("limb is '" + in.limb + "'; accepted: thigh, arm");
  check_range("circumference_cm", in.circumference_cm, 15, 100);
  check_range("cuff_width_cm", in.cuff_width_cm, 3, 30);
  check_range("systolic_mmHg", in.systolic_mmHg, 70, 250);
  check_range("diastolic_mmHg", in.diastolic_mmHg, 30, 150);
  if (in.diastolic_mmHg >= in.systolic_mmHg) throw std::invalid_argument("diastolic_mmHg must be below systolic_mmHg");
  check_range("age_years", in.age_years, 14, 110);
  if (!in.posture.empty() && in.posture != "supine" && in.posture != "seated" && in.posture != "standing")
    throw std::invalid_argument("posture is '" + in.posture + "'; accepted: supine, seated, standing");

  LopEstimate out;
  for (const auto& n : kb.no_equation)
    if (n.limb == in.limb && std::abs(n.cuff_width_cm - in.cuff_width_cm) < 0.25) {
      out.refusal = n.why;
      out.sources = n.sources;
      return out;
    }
  for (const auto& e : kb.equations) {
    if (e.limb != in.limb || std::abs(e.cuff_width_cm - in.cuff_width_cm) >= 0.25) continue;
    const std::map<std::string, double> x = {{"thigh_circumference_cm", in.circumference_cm},
                                             {"systolic_mmHg", in.systolic_mmHg},
                                             {"age_years", in.age_years},
                                             {"sex_1_male_2_female", in.female ? 2.0 : 1.0}};
    for (const auto& [k, range] : e.valid) {
      const double v = x.at(k);
      if (v < range.first || v > range.second) {
        std::ostringstream m;
        m << "The equation was built on " << e.population << "; " << k << " = " << v << " lies outside the range it is valid for ("
          << range.first << " to " << range.second << ").";
        out.refusal = m.str();
        out.sources = e.sources;
        return out;
      }
    }
    // An equation's estimate is for the posture it was built in. Another posture's LOP differs by
    // 9-29 % on a thigh (Hughes et al. 2018: 187 supine, 204 seated, 242 standing), so asked for a
    // posture that is not the study's (or that our reference does not record), refuse.
    if (!in.posture.empty() && in.posture != e.posture) {
      out.refusal = "The " + e.id + " equation's estimate is for the posture of its study (" + e.posture + "), not " + in.posture +
                    ": LOP rises from lying to sitting to standing (thigh: 187, 204 and 242 mmHg on average, Hughes et al. "
                    "2018). Measure LOP with the cuff on in the posture of the exercise.";
      out.sources = {"hughes2018", "patterson2019"};
      return out;
    }
    double lop = e.intercept;
    for (const auto& [k, c] : e.coefficients) lop += c * x.at(k);
    out.lop_mmHg = lop;
    out.low_mmHg = lop - kZ95 * e.see_mmHg;
    out.high_mmHg = lop + kZ95 * e.see_mmHg;
    out.equation = e.id + ": " + e.form;
    out.sources = e.sources;
    std::ostringstream m;
    m << "The equation explains " << e.r_squared * 100 << " % of the variation in LOP (n = " << e.n << ", " << e.population
      << "); individual LOP can lie outside the interval.";
    out.caveats.push_back(m.str());
    out.caveats.push_back("Posture in the source study: " + e.posture + ". LOP rises from lying to sitting to standing (Hughes et al. 2018).");
    out.sources.push_back("hughes2018");
    return out;
  }
  std::ostringstream m;
  m << "No validated equation for a " << in.cuff_width_cm << " cm cuff on the " << in.limb
    << " is in our data. LOP depends on the cuff's width and the limb (Loenneke et al. 2012).";
  out.refusal = m.str();
  out.sources = {"loenneke2012", "patterson2019"};
  return out;
}

}  // namespace bfr::clinic
