#pragma once
// The plan a session runs on the cuff: the clinic's own Plan, read from its stored JSON by
// clinic::plan_from_json (the one reader, beside the writer), and checked against what the cuff
// accepts. Bad or foreign JSON is a clear error naming the field.

#include <optional>
#include <string>

#include "clinic/plan.hpp"
#include "store/store.hpp"

namespace bfr::session {

// Throws std::invalid_argument: not a plan, a refused plan, no exercise with the cuff, or cuff
// work the device does not accept (docs/protocol.md: 0-80 %LOP, 1-100 repetitions a set).
clinic::Plan plan_for_the_cuff(const std::string& plan_json);

// The plan of a stored session, to name its pain scores, judge them by its rule and count its
// planned sets; none for a session without a plan or with one that cannot be read.
std::optional<clinic::Plan> plan_of(store::Store& store, const store::Session& session);

// The sets a plan asks for, over all its exercises.
int planned_sets(const clinic::Plan& plan);

// What a stored pain score's exercise id is called in the session's plan: its name, or the id
// itself when the plan is gone or does not name it.
std::string exercise_name(const std::optional<clinic::Plan>& plan, const std::string& exercise_id);

}  // namespace bfr::session
