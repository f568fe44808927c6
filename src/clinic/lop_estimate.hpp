#pragma once
// Estimating LOP from a published equation, with its prediction interval, or a clear refusal
// where no valid equation exists. Always recommends measuring LOP with the cuff on the limb.

#include <optional>
#include <string>
#include <vector>

#include "clinic/knowledge_base.hpp"

namespace bfr::clinic {

struct LopEstimateInput {
  std::string limb;         // "thigh" or "arm"
  double circumference_cm = 0;
  double cuff_width_cm = 0;
  double systolic_mmHg = 0;
  double diastolic_mmHg = 0;
  double age_years = 0;
  bool female = false;
  // Empty: the source study's posture, whatever it was. A posture asked for is honoured only
  // when it is the study's own: LOP rises from lying to sitting to standing (Hughes et al. 2018).
  std::string posture;
};

struct LopEstimate {
  std::optional<double> lop_mmHg;
  double low_mmHg = 0, high_mmHg = 0;  // 95 % prediction interval (+-1.96 SEE)
  std::string equation;                 // id and form
  std::string refusal;                  // why there is no estimate
  std::vector<std::string> caveats;
  std::vector<std::string> sources;
  std::string recommendation = "Measure LOP with this cuff on this limb, in the position of the exercise, before training.";
};

// Throws std::invalid_argument naming the field and accepted range for impossible input.
LopEstimate estimate_lop(const LopEstimateInput& in, const KnowledgeBase& kb);

}  // namespace bfr::clinic
