#pragma once
// The cuff work of a stored plan (`bfr plan --json`): each resistance exercise with its sets,
// rest and %LOP. Bad or foreign JSON is a clear error naming the field.

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace bfr::session {

// The plan's pain rule (data/programs.json pain_rules), by which each exercise's pain score is
// judged. A plan stored before rules per injury gets the rule every plan carried then.
struct PainLimit {
  std::string name = "mild pain that settles (the rule of plans made before rules per injury)";
  std::string site = "the injured area";
  int during_max = 3;
  std::string text = "Up to 3/10 at the injured area during exercise, and none the next morning; more means hold the "
                     "progression and review with your clinician.";
};

struct SessionExercise {
  std::string id, name;
  // supine, prone, seated or standing: the cuff measures LOP in it. Empty for a plan stored before
  // postures were recorded: then LOP is measured before this exercise, whatever came before.
  std::string posture;
  std::vector<int> reps;  // per set
  double rest_s = 30.0;
  double pct_lop = 0.0;
  double load_pct_1rm = 0.0;
  std::optional<double> load_kg;
  PainLimit pain;
};

// Throws std::invalid_argument.
std::vector<SessionExercise> exercises_from_plan(const std::string& plan_json);

// The same, none for a plan no session could run.
std::vector<SessionExercise> exercises_from_plan_or_none(const std::string& plan_json);

// The exercises of a stored session's plan, to name its pain scores and count its planned sets;
// none for a session without a plan or with one no session could run.
std::vector<SessionExercise> exercises_of(store::Store& store, const store::Session& session);

}  // namespace bfr::session
