#pragma once
// A stored plan read back: the inverse of plan_to_json (clinic/to_json.cpp), beside it so that
// a field added to a plan is read where it is written. Every layer that uses a stored plan (the
// session on the cuff, the server, the reports) reads it here, into the clinic's own Plan, and so
// cannot lose part of it on the way (a plan's aerobic part once was, by a reader of its own).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "clinic/plan.hpp"

namespace bfr::clinic {

// The pain rule of plans stored before the rules per injury (data/programs.json pain_rules):
// the one rule every plan carried then.
PainRule rule_of_older_plans();

// Throws std::invalid_argument naming the field (plan exercises[1]: ...). Reads plans stored by
// every earlier version: a field added since is empty or, for the pain rule, the older one.
Plan plan_from_json(const nlohmann::json& j);
Plan plan_from_json(const std::string& text);
// The same, none for text that is not a plan.
std::optional<Plan> plan_from_json_or_none(const std::string& text);

}  // namespace bfr::clinic
