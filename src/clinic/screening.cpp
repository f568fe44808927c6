#include "clinic/screening.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "clinic/validation.hpp"
#include <stdexcept>

namespace bfr::clinic {

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::suitable: return "suitable";
    case Verdict::needs_clearance: return "needs clinician clearance";
    case Verdict::not_today: return "not today";
    case Verdict::not_suitable: return "not suitable";
    case Verdict::seek_care_now: return "stop: seek medical care now";
  }
  return "?";
}

const char* id_of(Verdict v) {
  switch (v) {
    case Verdict::suitable: return "suitable";
    case Verdict::needs_clearance: return "needs_clearance";
    case Verdict::not_today: return "not_today";
    case Verdict::not_suitable: return "not_suitable";
    case Verdict::seek_care_now: return "seek_care_now";
  }
  return "?";
}

std::optional<Verdict> verdict_named(std::string_view text) {
  for (const auto v : {Verdict::suitable, Verdict::needs_clearance, Verdict::not_today, Verdict::not_suitable, Verdict::seek_care_now})
    if (text == to_string(v) || text == id_of(v)) return v;
  return std::nullopt;
}

void validate(const ScreeningAnswers& a, const KnowledgeBase& kb) {
  check_range("person.age", a.person.age_years, kAgeYears.lo, kAgeYears.hi);
  check_range("person.height_cm", a.person.height_cm, kHeightCm.lo, kHeightCm.hi);
  check_range("person.weight_kg", a.person.weight_kg, kWeightKg.lo, kWeightKg.hi);
  if (a.limb != "arm" && a.limb != "leg") throw std::invalid_argument("limb is '" + a.limb + "'; accepted: arm, leg");
  if (const auto& c = a.calf_strain_confirmed) {
    if (c->by.empty()) throw std::invalid_argument("calf_strain_confirmed.by is empty: name the clinician who excluded a clot");
    if (!is_iso_date(c->on))
      throw std::invalid_argument("calf_strain_confirmed.on is '" + c->on + "'; accepted: a date as YYYY-MM-DD");
  }
  std::string missing;
  for (const auto& item : kb.items)
    if (!a.yes.contains(item.id)) missing += (missing.empty() ? "" : ", ") + item.id;
  if (!missing.empty()) throw std::invalid_argument("answers are missing for: " + missing);
  for (const auto& [id, answer] : a.yes) {
    bool known = false;
    for (const auto& item : kb.items) known = known || item.id == id;
    if (!known) throw std::invalid_argument("answers." + id + " is not a screening question");
  }
}

bool is_iso_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U})
    if (s[i] < '0' || s[i] > '9') return false;
  const int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

ScreeningResult screen(const ScreeningAnswers& a, const KnowledgeBase& kb) {
  validate(a, kb);
  ScreeningResult r;
  r.threshold = kb.clearance_threshold_points;
  const double h = a.person.height_cm / 100.0;
  r.bmi = a.person.weight_kg / (h * h);
  bool red = false, absolute = false, today = false, clearance = false;
  for (const auto& item : kb.items) {
    if (!a.yes.at(item.id)) continue;
    // Mastectomy matters for an arm cuff only.
    if (item.id == "limb_after_mastectomy" && a.limb != "arm") continue;
    // Calf pain with swelling that a clinician has diagnosed as a strain, a clot excluded, is the
    // injury being treated: recorded with who and when, not a red flag.
    if (item.id == kCalfPainItem && a.calf_strain_confirmed) {
      const auto& c = *a.calf_strain_confirmed;
      r.reasons.push_back({item.id, "Calf pain with swelling: a calf strain, a clot excluded by " + c.by + " on " + c.on + ".", 0,
                           {"openbfr_clinical_judgement"}});
      continue;
    }
    r.reasons.push_back({item.id, item.why, item.points, item.sources});
    red = red || item.level == ItemLevel::red_flag;
    absolute = absolute || item.level == ItemLevel::absolute || item.level == ItemLevel::limb;
    today = today || item.level == ItemLevel::today;
    r.points += item.points;
  }
  for (const auto& d : kb.derived) {
    const double age = a.person.age_years;
    bool applies = false;
    if (d.id == "age_over_60") applies = age > 60;
    else if (d.id == "age_40_59") applies = age >= 40 && age <= 60;
    else if (d.id == "female") applies = a.person.female;
    else if (d.id == "bmi_over_30") applies = r.bmi > 30;
    else if (d.id == "bmi_25_30") applies = r.bmi >= 25 && r.bmi <= 30;
    else if (d.id == "under_18") applies = age < 18;
    if (!applies) continue;
    clearance = clearance || d.needs_clearance;
    r.reasons.push_back({d.id, d.why, d.points, d.sources});
    r.points += d.points;
  }
  if (red) r.verdict = Verdict::seek_care_now;
  else if (absolute) r.verdict = Verdict::not_suitable;
  else if (today) r.verdict = Verdict::not_today;
  else if (clearance || r.points > r.threshold) r.verdict = Verdict::needs_clearance;
  if (red) r.advice.push_back("Stop. Do not use a cuff. These signs need a doctor now: call emergency services or go to an emergency department.");
  if (r.verdict == Verdict::not_today)
    r.advice.push_back("Not today: no cuff while this lasts, whatever clearance you have. Screen again on the day of your next session.");
  r.advice.push_back("Initial supervision by a physiotherapist or qualified clinician is advisable (Hughes et al. 2017).");
  r.advice.push_back("This is a screening aid, not medical advice. Clear BFR with a clinician who knows your history.");
  return r;
}

nlohmann::json answers_to_json(const ScreeningAnswers& a) {
  nlohmann::json j = {{"person", {{"age", a.person.age_years}, {"sex", a.person.female ? "female" : "male"}, {"height_cm", a.person.height_cm},
                                  {"weight_kg", a.person.weight_kg}}},
                      {"limb", a.limb},
                      {"answers", a.yes}};
  if (const auto& c = a.calf_strain_confirmed) j["calf_strain_confirmed"] = {{"by", c->by}, {"on", c->on}};
  return j;
}

ScreeningAnswers load_answers(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot read answers file " + path);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::invalid_argument(path + ": not valid JSON: " + e.what());
  }
  return parse_answers(j);
}

ScreeningAnswers parse_answers(const nlohmann::json& j) {
  ScreeningAnswers a;
  const auto need = [&](const nlohmann::json& o, const char* key, const char* where) -> const nlohmann::json& {
    if (!o.is_object() || !o.contains(key)) throw std::invalid_argument(std::string(where) + key + " is required");
    return o.at(key);
  };
  const auto& p = need(j, "person", "");
  const auto num = [&](const char* key) {
    const auto& v = need(p, key, "person.");
    if (!v.is_number()) throw std::invalid_argument(std::string("person.") + key + " must be a number");
    return v.get<double>();
  };
  a.person.age_years = num("age");
  a.person.height_cm = num("height_cm");
  a.person.weight_kg = num("weight_kg");
  const auto& sex = need(p, "sex", "person.");
  if (!sex.is_string() || (sex != "male" && sex != "female")) throw std::invalid_argument("person.sex must be male or female");
  a.person.female = sex == "female";
  const auto& limb = need(j, "limb", "");
  if (!limb.is_string()) throw std::invalid_argument("limb must be arm or leg");
  a.limb = limb.get<std::string>();
  for (const auto& [k, v] : need(j, "answers", "").items()) {
    if (!v.is_boolean()) throw std::invalid_argument("answers." + k + " must be true or false");
    a.yes[k] = v.get<bool>();
  }
  if (j.contains("calf_strain_confirmed")) {
    const auto& c = j.at("calf_strain_confirmed");
    const auto field = [&](const char* key) {
      if (!c.is_object() || !c.contains(key) || !c.at(key).is_string())
        throw std::invalid_argument(std::string("calf_strain_confirmed.") + key + " is required (text): who excluded a clot, and when");
      return c.at(key).get<std::string>();
    };
    a.calf_strain_confirmed = ClotExcluded{field("by"), field("on")};
  }
  return a;
}

}  // namespace bfr::clinic
