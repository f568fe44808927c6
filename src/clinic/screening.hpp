#pragma once
// Screening for blood-flow-restriction training: red flags first (stop, seek care now), then
// absolute and limb contraindications (not suitable), then passing states (not today: no
// clearance overrides them), then the points of Kacin et al. 2015 (above the threshold: needs
// clinician clearance). Every reason carries its sources.

#include <map>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "clinic/knowledge_base.hpp"

namespace bfr::clinic {

enum class Verdict { suitable, needs_clearance, not_today, not_suitable, seek_care_now };
const char* to_string(Verdict v);  // in words, as stored and printed
const char* id_of(Verdict v);      // a stable id for programs (the web app's colours and flow)
// The verdict that `text` names, in words (to_string) or as an id; none if it names none.
std::optional<Verdict> verdict_named(std::string_view text);

struct Person {
  double age_years = 0;
  bool female = false;
  double height_cm = 0;
  double weight_kg = 0;
};

// A clinician's diagnosis of a calf strain with a deep-vein clot excluded (by scan or a validated
// rule), recorded with who and when. Without it calf pain with swelling is a red flag.
struct ClotExcluded {
  std::string by;  // the clinician
  std::string on;  // YYYY-MM-DD
};

struct ScreeningAnswers {
  Person person;
  std::string limb;                    // "arm" or "leg"
  std::map<std::string, bool> yes;     // item id -> answer
  std::optional<ClotExcluded> calf_strain_confirmed;
};

struct Reason {
  std::string id;
  std::string text;
  int points = 0;
  std::vector<std::string> sources;
};

struct ScreeningResult {
  Verdict verdict = Verdict::suitable;
  std::vector<Reason> reasons;
  int points = 0;
  int threshold = 4;
  double bmi = 0;
  std::vector<std::string> advice;  // always includes supervision and "not medical advice"
};

// The measures the engine accepts: bounds that catch a slip of the keyboard (17 for 170 cm), not
// clinical limits. The web form offers the same bounds (GET /api/forms) so it can say so first.
struct Bounds {
  double lo;
  double hi;
};
inline constexpr Bounds kAgeYears{14, 110};
inline constexpr Bounds kHeightCm{100, 230};
inline constexpr Bounds kWeightKg{25, 300};

// The red-flag item that a confirmed calf strain with a clot excluded answers.
inline constexpr const char* kCalfPainItem = "calf_pain_swelling";
// A calendar date written YYYY-MM-DD (month 1-12, day 1-31).
bool is_iso_date(const std::string& s);

// Throws std::invalid_argument naming the field and its accepted range, or the unanswered items.
void validate(const ScreeningAnswers& a, const KnowledgeBase& kb);
ScreeningResult screen(const ScreeningAnswers& a, const KnowledgeBase& kb);

// Reads answers from a JSON file: {"person": {...}, "limb": "leg", "answers": {"item_id": true}}.
ScreeningAnswers load_answers(const std::string& path);
// The same from JSON already read; throws std::invalid_argument naming the field.
ScreeningAnswers parse_answers(const nlohmann::json& j);
// The answers in the file format load_answers reads (for storing a screening).
nlohmann::json answers_to_json(const ScreeningAnswers& a);

}  // namespace bfr::clinic
