#pragma once
// The clinical engine's results as JSON, with every source cited: what `bfr ... --json` prints
// and what the clinic server sends, from one place.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "clinic/knowledge_base.hpp"
#include "clinic/plan.hpp"
#include "clinic/screening.hpp"

namespace bfr::clinic {

inline constexpr const char* kNotAdvice = "Not medical advice: a screening and planning aid for use with a clinician.";

nlohmann::json cited(const KnowledgeBase& kb, const std::vector<std::string>& ids);
nlohmann::json sourced(const KnowledgeBase& kb, const Sourced& s);
nlohmann::json screening_to_json(const KnowledgeBase& kb, const ScreeningResult& r);
nlohmann::json plan_to_json(const KnowledgeBase& kb, const Plan& plan);

}  // namespace bfr::clinic
