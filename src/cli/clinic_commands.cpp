// `bfr screen`, `bfr lop estimate`, `bfr explain`: the clinical engine at the command line.

#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "clinic/knowledge_base.hpp"
#include "clinic/lop_estimate.hpp"
#include "clinic/review.hpp"
#include "clinic/screening.hpp"
#include "clinic/to_json.hpp"
#include "cli/commands.hpp"
#include "store/store.hpp"

namespace bfr::cli {

namespace {


std::optional<clinic::KnowledgeBase> knowledge() {
  try {
    return clinic::load_knowledge_base(clinic::default_data_dir());
  } catch (const clinic::DataError& e) {
    fmt::print(stderr, "bfr: the clinical data are invalid: {}\n", e.what());
    set_exit_code(kExitBadInput);
    return std::nullopt;
  }
}


// ---- screen ----
struct ScreenOptions {
  std::string answers;
  bool json = false;
  store::Id person = 0;  // 0: do not store
};

std::string ask(const std::string& prompt) {
  fmt::print("{} ", prompt);
  std::fflush(stdout);
  std::string line;
  if (!std::getline(std::cin, line)) throw std::invalid_argument("input ended before the questionnaire was finished");
  return line;
}

double ask_number(const std::string& prompt, double lo, double hi) {
  for (;;) {
    const auto s = ask(prompt);
    try {
      std::size_t used = 0;
      const double v = std::stod(s, &used);
      if (used == s.size() && v >= lo && v <= hi) return v;
    } catch (const std::exception&) {
    }
    fmt::print("  Please give a number from {} to {}.\n", lo, hi);
  }
}

bool ask_yes_no(const std::string& question) {
  for (;;) {
    const auto s = ask(question + " [y/n]");
    if (s == "y" || s == "yes" || s == "Y") return true;
    if (s == "n" || s == "no" || s == "N") return false;
    fmt::print("  Please answer y or n.\n");
  }
}

clinic::ScreeningAnswers interactive(const clinic::KnowledgeBase& kb) {
  fmt::print("BFR screening. {}\nAnswer each question about yourself today.\n\n", clinic::kNotAdvice);
  clinic::ScreeningAnswers a;
  // Red flags first: if one is present nothing else matters.
  for (const auto& item : kb.items) {
    if (item.level != clinic::ItemLevel::red_flag) continue;
    a.yes[item.id] = ask_yes_no(item.question);
    if (a.yes[item.id] && item.id == clinic::kCalfPainItem &&
        ask_yes_no("Has a clinician diagnosed a calf strain and excluded a blood clot (by a scan or a clot-risk rule)?")) {
      clinic::ClotExcluded c;
      while ((c.by = ask("Who excluded the clot (name)?")).empty()) fmt::print("  Please give a name.\n");
      for (;;) {
        c.on = ask("On what date (YYYY-MM-DD)?");
        if (clinic::is_iso_date(c.on)) break;
        fmt::print("  Please give the date as YYYY-MM-DD.\n");
      }
      a.calf_strain_confirmed = c;
      continue;
    }
    if (a.yes[item.id]) {
      for (const auto& other : kb.items) a.yes.try_emplace(other.id, false);
      a.person = {30, false, 170, 70};  // not used: the verdict is already to seek care
      a.limb = "leg";
      return a;
    }
  }
  a.person.age_years = ask_number("Age in years?", 14, 110);
  for (;;) {
    const auto s = ask("Sex (male/female)?");
    if (s == "male" || s == "female") {
      a.person.female = s == "female";
      break;
    }
    fmt::print("  Please answer male or female.\n");
  }
  a.person.height_cm = ask_number("Height in cm?", 100, 230);
  a.person.weight_kg = ask_number("Weight in kg?", 25, 300);
  for (;;) {
    a.limb = ask("Which limb will be cuffed (arm/leg)?");
    if (a.limb == "arm" || a.limb == "leg") break;
    fmt::print("  Please answer arm or leg.\n");
  }
  for (const auto& item : kb.items)
    if (item.level != clinic::ItemLevel::red_flag) a.yes[item.id] = ask_yes_no(item.question);
  return a;
}

void run_screen(const ScreenOptions& o) {
  const auto kb = knowledge();
  if (!kb) return;
  try {
    const auto answers = o.answers.empty() ? interactive(*kb) : clinic::load_answers(o.answers);
    const auto r = clinic::screen(answers, *kb);
    std::optional<store::Id> saved;
    if (o.person) {
      auto db = store::open_store(database_url());
      if (!db->person(o.person)) throw std::invalid_argument(fmt::format("no person {} in the database (bfr person list)", o.person));
      // Stored as the clinic server stores it (the web app reads both).
      const auto result = clinic::screening_to_json(*kb, r);
      saved = db->add_screening({0, o.person, "", clinic::to_string(r.verdict), clinic::answers_to_json(answers).dump(), result.dump()});
    }
    if (o.json) {
      std::cout << clinic::screening_to_json(*kb, r).dump(2) << "\n";
    } else {
      fmt::print("\nResult: {}\n", clinic::to_string(r.verdict));
      if (r.verdict != clinic::Verdict::seek_care_now)
        fmt::print("Screening points: {} (more than {} means no BFR without clinician clearance; Kacin et al. 2015)\n", r.points,
                   r.threshold);
      for (const auto& reason : r.reasons) {
        fmt::print("  - {}{}\n", reason.text, reason.points ? fmt::format(" [{} point{}]", reason.points, reason.points == 1 ? "" : "s") : "");
        for (const auto& s : reason.sources) fmt::print("      {}\n", kb->cite(s));
      }
      for (const auto& a : r.advice) fmt::print("{}\n", a);
      if (saved) fmt::print("Saved as screening {} for person {}.\n", *saved, o.person);
    }
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "bfr screen: {}\n", e.what());
    set_exit_code(kExitBadInput);
  } catch (const store::StoreError& e) {
    fmt::print(stderr, "bfr screen: {}\n", e.what());
    set_exit_code(kExitBadInput);
  }
}

// ---- lop estimate ----
struct EstimateOptions {
  clinic::LopEstimateInput in;
  std::string sex = "male";
  bool json = false;
};

void run_estimate(EstimateOptions o) {
  const auto kb = knowledge();
  if (!kb) return;
  try {
    if (o.sex != "male" && o.sex != "female") throw std::invalid_argument("sex is '" + o.sex + "'; accepted: male, female");
    o.in.female = o.sex == "female";
    const auto e = clinic::estimate_lop(o.in, *kb);
    if (o.json) {
      nlohmann::json j = {{"recommendation", e.recommendation}, {"caveats", e.caveats}, {"sources", cited(*kb, e.sources)},
                          {"notice", clinic::kNotAdvice}};
      if (e.lop_mmHg) {
        j["estimate_mmHg"] = *e.lop_mmHg;
        j["prediction_interval_95_mmHg"] = {e.low_mmHg, e.high_mmHg};
        j["equation"] = e.equation;
      } else {
        j["refused"] = e.refusal;
      }
      std::cout << j.dump(2) << "\n";
    } else {
      if (e.lop_mmHg)
        fmt::print("Estimated LOP {:.0f} mmHg (95 % prediction interval {:.0f} to {:.0f} mmHg)\nEquation: {}\n", *e.lop_mmHg,
                   e.low_mmHg, e.high_mmHg, e.equation);
      else
        fmt::print("No estimate: {}\n", e.refusal);
      for (const auto& c : e.caveats) fmt::print("Note: {}\n", c);
      fmt::print("{}\n", e.recommendation);
      for (const auto& s : e.sources) fmt::print("  {}\n", kb->cite(s));
      fmt::print("{}\n", clinic::kNotAdvice);
    }
  } catch (const std::invalid_argument& err) {
    fmt::print(stderr, "bfr lop estimate: {}\n", err.what());
    set_exit_code(kExitBadInput);
  }
}

// ---- explain ----
struct ExplainOptions {
  std::string topic;
  bool json = false;
};

void run_explain(const ExplainOptions& o) {
  const auto kb = knowledge();
  if (!kb) return;
  if (o.topic == "rules") {  // docs/clinical-review.md
    std::cout << clinic::clinical_review(*kb);
    return;
  }
  std::vector<const clinic::Claim*> shown;
  for (const auto& c : kb->claims)
    if (o.topic.empty() || c.topic == o.topic || c.id == o.topic) shown.push_back(&c);
  if (shown.empty() && o.topic != "references") {
    std::string topics;
    for (const auto& c : kb->claims)
      if (topics.find(c.topic) == std::string::npos) topics += (topics.empty() ? "" : ", ") + c.topic;
    fmt::print(stderr, "bfr explain: no topic '{}'; topics: {}, references, rules\n", o.topic, topics);
    set_exit_code(kExitBadInput);
    return;
  }
  if (o.json) {
    nlohmann::json j = {{"notice", clinic::kNotAdvice}, {"claims", nlohmann::json::array()}};
    for (const auto* c : shown)
      j["claims"].push_back({{"id", c->id}, {"topic", c->topic}, {"grade", c->grade}, {"claim", c->claim},
                             {"population", c->population ? nlohmann::json(*c->population) : nlohmann::json(nullptr)},
                             {"effect", c->effect ? nlohmann::json(*c->effect) : nlohmann::json(nullptr)},
                             {"sources", clinic::cited(*kb, c->sources)}});
    std::cout << j.dump(2) << "\n";
    return;
  }
  if (o.topic == "references") {
    for (const auto& [id, r] : kb->references) {
      const std::string unverified = r.verified ? "" : " (not verified against the paper)";
      fmt::print("[{}] {}{}{}\n", id, kb->cite(id), unverified, r.note ? " [" + *r.note + "]" : std::string());
    }
    return;
  }
  for (const auto* c : shown) {
    fmt::print("{} (evidence: {})\n", c->claim, c->grade);
    if (c->effect) fmt::print("  Effect: {}\n", *c->effect);
    if (c->population) fmt::print("  Studied in: {}\n", *c->population);
    for (const auto& s : c->sources) fmt::print("  {}\n", kb->cite(s));
    fmt::print("\n");
  }
  fmt::print("{}\n", clinic::kNotAdvice);
}

}  // namespace

void add_clinic_commands(CLI::App& app) {
  auto so = std::make_shared<ScreenOptions>();
  auto* screen = app.add_subcommand("screen", "Screen for contraindications to BFR training (interactive, or --answers FILE)");
  screen->add_option("--answers", so->answers, "JSON answers file (docs/clinical.md shows the format)");
  screen->add_flag("--json", so->json, "Print the result as JSON");
  screen->add_option("--person", so->person, "Store the screening for this person (bfr person add)")->check(CLI::PositiveNumber);
  screen->callback([so] { run_screen(*so); });

  auto* lop = app.add_subcommand("lop", "Limb occlusion pressure");
  lop->require_subcommand(1);
  auto eo = std::make_shared<EstimateOptions>();
  auto* est = lop->add_subcommand("estimate", "Estimate LOP from a published equation, or say why none applies");
  est->add_option("--limb", eo->in.limb, "thigh or arm")->required();
  est->add_option("--circumference", eo->in.circumference_cm, "Limb circumference where the cuff sits, cm")->required();
  est->add_option("--cuff-width", eo->in.cuff_width_cm, "Cuff width, cm")->required();
  est->add_option("--systolic", eo->in.systolic_mmHg, "Brachial systolic pressure, mmHg")->required();
  est->add_option("--diastolic", eo->in.diastolic_mmHg, "Brachial diastolic pressure, mmHg")->required();
  est->add_option("--age", eo->in.age_years, "Age, years")->required();
  est->add_option("--sex", eo->sex, "male or female")->required();
  est->add_option("--posture", eo->in.posture,
                  "supine, seated or standing: refused unless it is the equation's own study posture (default: that posture)");
  est->add_flag("--json", eo->json, "Print the result as JSON");
  est->callback([eo] { run_estimate(*eo); });

  auto xo = std::make_shared<ExplainOptions>();
  auto* explain = app.add_subcommand("explain", "The evidence base in plain language, with grades and citations");
  explain->add_option("TOPIC", xo->topic, "A topic (effect, rehab, runners, aerobic, pressure, prescription, safety, devices), a claim id, 'references', or 'rules' (every rule the engine applies, for clinical review)");
  explain->add_flag("--json", xo->json, "Print as JSON");
  explain->callback([xo] { run_explain(*xo); });
}

}  // namespace bfr::cli
