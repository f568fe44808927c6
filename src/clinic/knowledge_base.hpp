#pragma once
// The clinical knowledge base: references, evidence claims, screening items and LOP equations,
// loaded from the JSON files in data/ and validated as a whole at start-up. A bad file is an
// error that names the file, the entry and the field. Pure data; knows nothing of devices.

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace bfr::clinic {

class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Reference {
  std::string id, authors, title, journal, kind;
  int year = 0;
  std::optional<std::string> doi;
  bool verified = false;
  std::optional<std::string> note;  // what is missing or unconfirmed ("no DOI found")
};

struct Claim {
  std::string id, topic, grade, claim;
  std::optional<std::string> population, effect;
  std::vector<std::string> sources;
};

// `today`: a passing state (unwell, blood pressure up today) that means "not today" every time it
// is answered yes; no clearance lasts past it.
enum class ItemLevel { red_flag, absolute, limb, today, scored };
const char* to_string(ItemLevel level);  // as written in contraindications.json

struct ScreeningItem {
  std::string id, question, why;
  ItemLevel level = ItemLevel::scored;
  int points = 0;
  std::vector<std::string> sources;
};

struct DerivedItem {
  std::string id, rule, why;
  int points = 0;
  // Needs a clinician's clearance by itself, whatever the points (under 18).
  bool needs_clearance = false;
  std::vector<std::string> sources;
};

struct LopEquation {
  std::string id, limb, form, population, posture;
  double cuff_width_cm = 0, intercept = 0, r_squared = 0, see_mmHg = 0;
  int n = 0;
  std::map<std::string, double> coefficients;
  std::map<std::string, std::pair<double, double>> valid;
  std::vector<std::string> sources;
};

struct NoEquation {
  std::string limb, why;
  double cuff_width_cm = 0;
  std::vector<std::string> sources;
};

struct Sourced {
  std::string text;
  std::vector<std::string> sources;
};

// The postures an exercise is done in, and so the postures LOP is measured in: LOP differs
// between them (Hughes et al. 2018: supine 187, seated 204, standing 242 mmHg on average).
inline constexpr std::array<const char*, 4> kPostures{"supine", "prone", "seated", "standing"};
bool is_posture(const std::string& s);

struct Exercise {
  std::string id, name, kind;  // kind: resistance or aerobic
  std::string posture;         // one of kPostures: LOP is measured in it
  std::vector<std::string> equipment_any;
  bool weight_bearing = false;
};

struct ProgramPhase {
  std::string name, goal, progress_when;
  std::vector<std::string> exercises, aerobic, sources;
  double load_pct_1rm = 0, pct_lop_leg = 0;
  int sessions_per_week = 0;
};

// How much pain at the injured tissue a program accepts during exercise (the burning of working
// muscle under the cuff is not this pain): the session's pain prompt and the progress report
// apply it. Pain-free at a bone stress injury, up to 5/10 for tendinopathy (Silbernagel 2007).
struct PainRule {
  std::string id, name, site, text;
  int during_max = 0;  // 0-10: the highest acceptable score
  std::vector<std::string> sources;
};

// After the last phase: the return-to-run criteria of the injury, then a walk-run progression.
struct WalkRunStage {
  double run_min = 0, walk_min = 0;
  int repeats = 1;
};
struct WalkRun {
  std::string text;
  std::vector<WalkRunStage> stages;
  std::vector<std::string> sources;
};

// After ACL reconstruction: what the graft changes in given phases (an exercise left out, and
// why), and an exercise's range limit in given phases.
struct GraftRule {
  std::string graft;
  std::vector<int> phases;
  std::vector<std::string> leave_out;  // exercise ids
  Sourced why;
};
struct RangeLimit {
  std::string exercise;
  std::vector<int> phases;
  Sourced limit;
};

struct BoneSite {
  std::string id, name;
};

struct Program {
  std::string id, name, region, evidence_basis;
  std::string pain_rule;  // a PainRule id
  // A bone stress injury program: the sites it covers (a plan needs the site, and the energy
  // questions answered). Empty for every other program.
  std::vector<BoneSite> bone_sites;
  // A program where the graft matters (ACL reconstruction): a plan needs one of graft_types.
  std::vector<std::string> graft_types;
  std::vector<GraftRule> graft_rules;
  std::vector<RangeLimit> range_limits;
  std::vector<std::string> return_to_run;  // criteria, each a statement
  std::vector<std::string> return_to_run_sources;
  std::vector<std::string> evidence_sources;
  std::vector<ProgramPhase> phases;
  // Set for a program that needs a clinician's diagnosis with a clot excluded (calf strain): why.
  std::optional<Sourced> needs_clot_excluded;
};

// For bone stress injuries (published-data.md section 9): the high-risk sites the clinician
// manages, and the questions for low energy availability (RED-S).
struct EnergyQuestion {
  std::string id, question;
};
struct BoneStress {
  std::vector<std::string> high_risk_sites;
  Sourced high_risk, low_energy;
  std::vector<EnergyQuestion> energy_questions;
};

struct Programs {
  std::vector<int> reps;
  double rest_s = 0, tempo_s_per_rep = 0, arm_pct_lop = 0, aerobic_minutes = 0, aerobic_pct_lop = 0,
         max_cuff_minutes_per_exercise = 0;
  // One limb, one session: exercises and aerobic work together. A plan never exceeds it.
  double max_cuff_minutes_per_limb = 0;
  Sourced max_cuff_minutes_per_limb_why;
  std::string aerobic_intensity;
  std::vector<std::string> scheme_sources, aerobic_sources;
  // How loads are set without testing the injured limb to failure: from the uninjured limb's
  // test, or titrated to about 30 repetitions with the cuff.
  Sourced load_from_other_limb, load_titrated;
  std::vector<Exercise> exercises;
  std::vector<PainRule> pain_rules;
  BoneStress bone_stress;
  WalkRun walk_run;
  std::vector<Program> programs;
  Sourced healthy_runner;
  std::vector<Sourced> cuff_use, stop_signs, graduation;
  Sourced regress_when;  // when to go back a phase
  [[nodiscard]] const Exercise* exercise(const std::string& id) const;
  [[nodiscard]] const Program* program(const std::string& id) const;
  [[nodiscard]] const PainRule* pain_rule(const std::string& id) const;
};

// Asked before every session, before the cuff inflates. A yes ends the session: not today, or
// (a new swollen calf) seek care now. No clearance overrides it.
struct DayCheck {
  std::string id, question, why;
  bool seek_care = false;  // "seek_care_now" rather than "not_today"
  std::vector<std::string> sources;
};

struct KnowledgeBase {
  std::map<std::string, Reference> references;
  std::vector<Claim> claims;
  std::vector<ScreeningItem> items;
  std::vector<DayCheck> day_checks;
  std::vector<DerivedItem> derived;
  int clearance_threshold_points = 4;
  std::vector<LopEquation> equations;
  std::vector<NoEquation> no_equation;
  Programs programs;

  [[nodiscard]] const Reference& reference(const std::string& id) const;
  // "Hughes et al. 2017, Br J Sports Med ..., doi ..." for display.
  [[nodiscard]] std::string cite(const std::string& id) const;
};

// Loads and validates every file in `dir` (references.json first, so every citation can be
// checked against it). Throws DataError naming file, entry and field.
KnowledgeBase load_knowledge_base(const std::filesystem::path& dir);

// The data directory: $BFR_DATA_DIR if set, else the one this build was configured with.
std::filesystem::path default_data_dir();

}  // namespace bfr::clinic
