#include "clinic/knowledge_base.hpp"

#include "clinic/validation.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace bfr::clinic {

bool is_posture(const std::string& s) {
  for (const char* p : kPostures)
    if (s == p) return true;
  return false;
}

const char* to_string(ItemLevel level) {
  switch (level) {
    case ItemLevel::red_flag: return "red_flag";
    case ItemLevel::absolute: return "absolute";
    case ItemLevel::limb: return "limb";
    case ItemLevel::today: return "today";
    case ItemLevel::scored: return "scored";
  }
  return "scored";
}

namespace {

using nlohmann::json;

// Where in which file: every error message starts with this.
struct Where {
  std::string file;
  std::string entry;
  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw DataError(file + ": " + entry + (field.empty() ? "" : ": field '" + field + "'") + " " + what);
  }
};

json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw DataError(path.string() + ": cannot be read");
  try {
    return json::parse(in);
  } catch (const json::parse_error& e) {
    throw DataError(path.string() + ": not valid JSON: " + e.what());
  }
}

const json& array_field(const json& doc, const std::string& key, const Where& w) {
  if (!doc.is_object() || !doc.contains(key) || !doc.at(key).is_array()) w.fail(key, "must be a list");
  return doc.at(key);
}

std::string text(const json& e, const std::string& key, const Where& w) {
  if (!e.contains(key) || !e.at(key).is_string() || e.at(key).get<std::string>().empty())
    w.fail(key, "is required and must be non-empty text");
  return e.at(key).get<std::string>();
}

std::optional<std::string> optional_text(const json& e, const std::string& key, const Where& w) {
  if (!e.contains(key) || e.at(key).is_null()) return std::nullopt;
  if (!e.at(key).is_string()) w.fail(key, "must be text or null");
  return e.at(key).get<std::string>();
}

double number(const json& e, const std::string& key, const Where& w, double lo, double hi) {
  if (!e.contains(key) || !e.at(key).is_number()) w.fail(key, "is required and must be a number");
  const double v = e.at(key).get<double>();
  if (v < lo || v > hi) {
    std::ostringstream m;
    m << "is " << v << ", outside " << lo << " to " << hi;
    w.fail(key, m.str());
  }
  return v;
}

std::vector<std::string> sources(const json& e, const Where& w, const std::map<std::string, Reference>& refs) {
  if (!e.contains("sources") || !e.at("sources").is_array() || e.at("sources").empty())
    w.fail("sources", "must list at least one reference: every statement cites a source");
  std::vector<std::string> out;
  for (const auto& s : e.at("sources")) {
    if (!s.is_string()) w.fail("sources", "must be reference ids");
    const auto id = s.get<std::string>();
    if (!refs.contains(id)) w.fail("sources", "cites '" + id + "', which is not in references.json");
    out.push_back(id);
  }
  return out;
}

void check_schema(const json& doc, const std::string& file) {
  if (!doc.is_object() || !doc.contains("schema") || doc.at("schema") != 1)
    throw DataError(file + ": field 'schema' must be 1 (the data format version)");
}

std::string entry_name(const std::string& list, std::size_t i, const json& e) {
  std::string name = list + "[" + std::to_string(i) + "]";
  if (e.is_object() && e.contains("id") && e.at("id").is_string()) name += " (id '" + e.at("id").get<std::string>() + "')";
  return name;
}

// Calls f(entry, where) for every entry of the list `key` of `doc`, `where` naming the entry.
template <class F>
void for_each_entry(const json& doc, const std::string& key, const std::string& file, F&& f) {
  const auto& list = array_field(doc, key, {file, "top level"});
  for (std::size_t i = 0; i < list.size(); ++i) f(list[i], Where{file, entry_name(key, i, list[i])});
}

std::vector<std::string> strings(const json& e, const std::string& key, const Where& w) {
  if (!e.contains(key) || !e.at(key).is_array()) w.fail(key, "must be a list of text");
  std::vector<std::string> out;
  for (const auto& s : e.at(key)) {
    if (!s.is_string()) w.fail(key, "must be a list of text");
    out.push_back(s.get<std::string>());
  }
  return out;
}

Sourced sourced(const json& e, const Where& w, const std::map<std::string, Reference>& refs) {
  return {text(e, "text", w), sources(e, w, refs)};
}

void load_programs(const std::filesystem::path& dir, KnowledgeBase& kb) {
  const auto file = (dir / "programs.json").string();
  const auto doc = read_json(dir / "programs.json");
  check_schema(doc, file);
  auto& p = kb.programs;
  const Where top{file, "top level"};
  if (!doc.contains("scheme") || !doc.contains("aerobic") || !doc.contains("healthy_runner")) top.fail("", "needs scheme, aerobic and healthy_runner");
  const Where scheme{file, "scheme"};
  for (const auto& r : doc.at("scheme").at("reps")) {
    if (!r.is_number_integer() || r.get<int>() < 1 || r.get<int>() > 50) scheme.fail("reps", "must be whole numbers 1-50");
    p.reps.push_back(r.get<int>());
  }
  p.rest_s = number(doc.at("scheme"), "rest_s", scheme, 0, 120);
  p.tempo_s_per_rep = number(doc.at("scheme"), "tempo_s_per_rep", scheme, 0.5, 10);
  p.scheme_sources = sources(doc.at("scheme"), scheme, kb.references);
  p.arm_pct_lop = number(doc, "arm_pct_lop", top, 40, 80);
  const Where aerobic{file, "aerobic"};
  p.aerobic_minutes = number(doc.at("aerobic"), "minutes", aerobic, 5, 20);
  p.aerobic_pct_lop = number(doc.at("aerobic"), "pct_lop", aerobic, 40, 80);
  p.aerobic_intensity = text(doc.at("aerobic"), "intensity", aerobic);
  p.aerobic_sources = sources(doc.at("aerobic"), aerobic, kb.references);
  p.max_cuff_minutes_per_exercise = number(doc, "max_cuff_minutes_per_exercise", top, 1, 10);
  {
    const Where cap{file, "max_cuff_minutes_per_limb_per_session"};
    if (!doc.contains("max_cuff_minutes_per_limb_per_session")) top.fail("max_cuff_minutes_per_limb_per_session", "is required");
    const auto& j = doc.at("max_cuff_minutes_per_limb_per_session");
    p.max_cuff_minutes_per_limb = number(j, "minutes", cap, 5, 60);
    p.max_cuff_minutes_per_limb_why = {text(j, "why", cap), sources(j, cap, kb.references)};
  }
  if (!doc.contains("loads") || !doc.at("loads").is_object()) top.fail("loads", "is required: from_other_limb and titrated");
  const Where loads{file, "loads"};
  for (const char* k : {"from_other_limb", "titrated"})
    if (!doc.at("loads").contains(k)) loads.fail(k, "is required");
  p.load_from_other_limb = sourced(doc.at("loads").at("from_other_limb"), loads, kb.references);
  p.load_titrated = sourced(doc.at("loads").at("titrated"), loads, kb.references);
  for_each_entry(doc, "exercises", file, [&](const json& entry, const Where& w) {
    Exercise e;
    e.id = text(entry, "id", w);
    e.name = text(entry, "name", w);
    e.kind = text(entry, "kind", w);
    if (e.kind != "resistance" && e.kind != "aerobic") w.fail("kind", "is '" + e.kind + "'; accepted: resistance, aerobic");
    e.posture = text(entry, "posture", w);
    if (!is_posture(e.posture)) w.fail("posture", "is '" + e.posture + "'; accepted: " + joined(kPostures));
    e.equipment_any = strings(entry, "equipment_any", w);
    e.weight_bearing = entry.contains("weight_bearing") && entry.at("weight_bearing") == true;
    p.exercises.push_back(e);
  });
  if (!doc.contains("bone_stress") || !doc.at("bone_stress").is_object()) top.fail("bone_stress", "is required");
  const Where bone{file, "bone_stress"};
  const auto& bs = doc.at("bone_stress");
  p.bone_stress.high_risk_sites = strings(bs, "high_risk_sites", bone);
  for (const char* k : {"high_risk", "low_energy"})
    if (!bs.contains(k)) bone.fail(k, "is required");
  p.bone_stress.high_risk = sourced(bs.at("high_risk"), bone, kb.references);
  p.bone_stress.low_energy = sourced(bs.at("low_energy"), bone, kb.references);
  for_each_entry(bs, "energy_questions", file, [&](const json& entry, const Where& w) {
    p.bone_stress.energy_questions.push_back({text(entry, "id", w), text(entry, "question", w)});
  });
  const Where wr{file, "walk_run"};
  if (!doc.contains("walk_run")) top.fail("walk_run", "is required");
  p.walk_run.text = text(doc.at("walk_run"), "text", wr);
  p.walk_run.sources = sources(doc.at("walk_run"), wr, kb.references);
  for_each_entry(doc.at("walk_run"), "stages", file, [&](const json& entry, const Where& w) {
    WalkRunStage s{number(entry, "run_min", w, 0.5, 60), number(entry, "walk_min", w, 0, 10), static_cast<int>(number(entry, "repeats", w, 1, 20))};
    p.walk_run.stages.push_back(s);
  });
  for_each_entry(doc, "pain_rules", file, [&](const json& entry, const Where& w) {
    PainRule r;
    r.id = text(entry, "id", w);
    r.name = text(entry, "name", w);
    r.site = text(entry, "site", w);
    r.text = text(entry, "text", w);
    const double most = number(entry, "during_max", w, 0, 10);
    if (most != static_cast<int>(most)) w.fail("during_max", "must be a whole score from 0 to 10");
    r.during_max = static_cast<int>(most);
    r.sources = sources(entry, w, kb.references);
    p.pain_rules.push_back(r);
  });
  for_each_entry(doc, "programs", file, [&](const json& entry, const Where& w) {
    Program pr;
    pr.id = text(entry, "id", w);
    pr.name = text(entry, "name", w);
    pr.region = text(entry, "region", w);
    pr.evidence_basis = text(entry, "evidence_basis", w);
    if (!entry.contains("evidence_sources")) w.fail("evidence_sources", "is required");
    pr.evidence_sources = sources(json{{"sources", entry.at("evidence_sources")}}, w, kb.references);
    pr.pain_rule = text(entry, "pain_rule", w);
    if (p.pain_rule(pr.pain_rule) == nullptr) w.fail("pain_rule", "names '" + pr.pain_rule + "', not one of pain_rules");
    if (!entry.contains("return_to_run") || !entry.at("return_to_run").is_object()) w.fail("return_to_run", "is required");
    const Where rw{file, w.entry + " return_to_run"};
    pr.return_to_run = strings(entry.at("return_to_run"), "criteria", rw);
    if (pr.return_to_run.empty()) rw.fail("criteria", "needs at least one");
    pr.return_to_run_sources = sources(entry.at("return_to_run"), rw, kb.references);
    const auto phase_list = [&](const json& e, const Where& ew) {
      if (!e.contains("phases") || !e.at("phases").is_array()) ew.fail("phases", "must be a list of phase numbers");
      std::vector<int> out;
      for (const auto& n : e.at("phases")) {
        if (!n.is_number_integer() || n.get<int>() < 1) ew.fail("phases", "must be a list of phase numbers from 1");
        out.push_back(n.get<int>());
      }
      return out;
    };
    const auto known_exercise = [&](const std::string& id, const Where& ew, const char* field) {
      if (p.exercise(id) == nullptr) ew.fail(field, "names '" + id + "', not an exercise");
    };
    if (entry.contains("grafts")) {
      const Where gw{file, w.entry + " grafts"};
      pr.graft_types = strings(entry.at("grafts"), "types", gw);
      for_each_entry(entry.at("grafts"), "rules", file, [&](const json& r, const Where& rule_where) {
        GraftRule g{text(r, "graft", rule_where), phase_list(r, rule_where), strings(r, "leave_out", rule_where), sourced(r, rule_where, kb.references)};
        if (!contains(pr.graft_types, g.graft)) rule_where.fail("graft", "is not one of types");
        for (const auto& id : g.leave_out) known_exercise(id, rule_where, "leave_out");
        pr.graft_rules.push_back(g);
      });
    }
    if (entry.contains("range_limits"))
      for_each_entry(entry, "range_limits", file, [&](const json& r, const Where& limit_where) {
        RangeLimit l{text(r, "exercise", limit_where), phase_list(r, limit_where), sourced(r, limit_where, kb.references)};
        known_exercise(l.exercise, limit_where, "exercise");
        pr.range_limits.push_back(l);
      });
    if (entry.contains("bone_sites"))
      for_each_entry(entry, "bone_sites", file, [&](const json& site, const Where& sw) {
        pr.bone_sites.push_back({text(site, "id", sw), text(site, "name", sw)});
      });
    if (entry.contains("needs_clot_excluded")) pr.needs_clot_excluded = sourced(entry.at("needs_clot_excluded"), w, kb.references);
    const auto& phases = array_field(entry, "phases", w);
    for (std::size_t k = 0; k < phases.size(); ++k) {
      const Where pw{file, w.entry + " phases[" + std::to_string(k) + "]"};
      ProgramPhase ph;
      ph.name = text(phases[k], "name", pw);
      ph.goal = text(phases[k], "goal", pw);
      ph.progress_when = text(phases[k], "progress_when", pw);
      ph.exercises = strings(phases[k], "exercises", pw);
      ph.aerobic = strings(phases[k], "aerobic", pw);
      const auto is_kind = [&](const std::string& id, const char* kind) {
        const Exercise* e = p.exercise(id);
        return e != nullptr && e->kind == kind;
      };
      for (const auto& id : ph.exercises)
        if (!is_kind(id, "resistance")) pw.fail("exercises", "names '" + id + "', not a resistance exercise");
      for (const auto& id : ph.aerobic)
        if (!is_kind(id, "aerobic")) pw.fail("aerobic", "names '" + id + "', not an aerobic exercise");
      // Published limits (Patterson et al. 2019): 20-40 % 1RM, 40-80 % LOP, 2-5 sessions a week.
      ph.load_pct_1rm = number(phases[k], "load_pct_1rm", pw, 20, 40);
      ph.pct_lop_leg = number(phases[k], "pct_lop_leg", pw, 40, 80);
      ph.sessions_per_week = static_cast<int>(number(phases[k], "sessions_per_week", pw, 1, 7));
      ph.sources = sources(phases[k], pw, kb.references);
      pr.phases.push_back(ph);
    }
    p.programs.push_back(pr);
  });
  p.healthy_runner = {text(doc.at("healthy_runner"), "message", {file, "healthy_runner"}),
                      sources(doc.at("healthy_runner"), {file, "healthy_runner"}, kb.references)};
  for_each_entry(doc, "cuff_use", file, [&](const json& entry, const Where& w) { p.cuff_use.push_back(sourced(entry, w, kb.references)); });
  for_each_entry(doc, "stop_signs", file, [&](const json& entry, const Where& w) { p.stop_signs.push_back(sourced(entry, w, kb.references)); });
  if (!doc.contains("regress_when")) top.fail("regress_when", "is required");
  p.regress_when = sourced(doc.at("regress_when"), {file, "regress_when"}, kb.references);
  for_each_entry(doc, "graduation", file, [&](const json& entry, const Where& w) { p.graduation.push_back(sourced(entry, w, kb.references)); });
}

}  // namespace

const Reference& KnowledgeBase::reference(const std::string& id) const {
  const auto it = references.find(id);
  if (it == references.end()) throw DataError("unknown reference '" + id + "'");
  return it->second;
}

std::string KnowledgeBase::cite(const std::string& id) const {
  const auto& r = reference(id);
  std::string s = r.authors + " (" + std::to_string(r.year) + "). " + r.title + ". " + r.journal + ".";
  s += r.doi ? " doi:" + *r.doi : " DOI not yet recorded.";
  return s;
}

std::filesystem::path default_data_dir() {
  if (const char* env = std::getenv("BFR_DATA_DIR"); env && *env) return env;
  return OPENBFR_DATA_DIR;
}

KnowledgeBase load_knowledge_base(const std::filesystem::path& dir) {
  KnowledgeBase kb;
  {
    const auto file = (dir / "references.json").string();
    const auto doc = read_json(dir / "references.json");
    check_schema(doc, file);
    for_each_entry(doc, "references", file, [&](const json& entry, const Where& w) {
      Reference r;
      r.id = text(entry, "id", w);
      r.authors = text(entry, "authors", w);
      r.title = text(entry, "title", w);
      r.journal = text(entry, "journal", w);
      r.kind = text(entry, "kind", w);
      r.year = static_cast<int>(number(entry, "year", w, 1900, 2100));
      r.doi = optional_text(entry, "doi", w);
      r.verified = entry.contains("verified") && entry.at("verified") == true;
      r.note = optional_text(entry, "note", w);
      if (kb.references.contains(r.id)) w.fail("id", "is used twice");
      kb.references.emplace(r.id, r);
    });
  }
  {
    const auto file = (dir / "evidence.json").string();
    const auto doc = read_json(dir / "evidence.json");
    check_schema(doc, file);
    static const std::set<std::string> grades{"high", "moderate", "low", "consensus"};
    for_each_entry(doc, "claims", file, [&](const json& entry, const Where& w) {
      Claim c;
      c.id = text(entry, "id", w);
      c.topic = text(entry, "topic", w);
      c.grade = text(entry, "grade", w);
      if (!grades.contains(c.grade)) w.fail("grade", "is '" + c.grade + "'; accepted: high, moderate, low, consensus");
      c.claim = text(entry, "claim", w);
      c.population = optional_text(entry, "population", w);
      c.effect = optional_text(entry, "effect", w);
      c.sources = sources(entry, w, kb.references);
      kb.claims.push_back(c);
    });
  }
  {
    const auto file = (dir / "contraindications.json").string();
    const auto doc = read_json(dir / "contraindications.json");
    check_schema(doc, file);
    kb.clearance_threshold_points =
        static_cast<int>(number(doc, "clearance_threshold_points", {file, "top level"}, 0, 100));
    std::set<std::string> ids;
    for_each_entry(doc, "items", file, [&](const json& entry, const Where& w) {
      ScreeningItem it;
      it.id = text(entry, "id", w);
      if (!ids.insert(it.id).second) w.fail("id", "is used twice");
      const auto level = text(entry, "level", w);
      bool known = false;
      for (const auto l : {ItemLevel::red_flag, ItemLevel::absolute, ItemLevel::limb, ItemLevel::today, ItemLevel::scored})
        if (level == to_string(l)) {
          it.level = l;
          known = true;
        }
      if (!known) w.fail("level", "is '" + level + "'; accepted: red_flag, absolute, limb, today, scored");
      if (it.level == ItemLevel::scored) it.points = static_cast<int>(number(entry, "points", w, 1, 10));
      it.question = text(entry, "question", w);
      it.why = text(entry, "why", w);
      it.sources = sources(entry, w, kb.references);
      kb.items.push_back(it);
    });
    for_each_entry(doc, "day_of_session", file, [&](const json& entry, const Where& w) {
      DayCheck c;
      c.id = text(entry, "id", w);
      c.question = text(entry, "question", w);
      c.why = text(entry, "why", w);
      const auto if_yes = text(entry, "if_yes", w);
      if (if_yes != "not_today" && if_yes != "seek_care_now") w.fail("if_yes", "is '" + if_yes + "'; accepted: not_today, seek_care_now");
      c.seek_care = if_yes == "seek_care_now";
      c.sources = sources(entry, w, kb.references);
      kb.day_checks.push_back(c);
    });
    for_each_entry(doc, "derived", file, [&](const json& entry, const Where& w) {
      DerivedItem d;
      d.id = text(entry, "id", w);
      d.rule = text(entry, "rule", w);
      d.why = text(entry, "why", w);
      d.needs_clearance = entry.contains("needs_clearance") && entry.at("needs_clearance") == true;
      // An item that needs clearance by itself carries no points; every other one scores.
      d.points = d.needs_clearance ? 0 : static_cast<int>(number(entry, "points", w, 1, 10));
      d.sources = sources(entry, w, kb.references);
      kb.derived.push_back(d);
    });
  }
  {
    const auto file = (dir / "lop-equations.json").string();
    const auto doc = read_json(dir / "lop-equations.json");
    check_schema(doc, file);
    for_each_entry(doc, "equations", file, [&](const json& entry, const Where& w) {
      LopEquation e;
      e.id = text(entry, "id", w);
      e.limb = text(entry, "limb", w);
      e.form = text(entry, "form", w);
      e.population = text(entry, "population", w);
      e.posture = text(entry, "posture", w);
      e.cuff_width_cm = number(entry, "cuff_width_cm", w, 3, 30);
      e.intercept = number(entry, "intercept", w, -1000, 1000);
      e.r_squared = number(entry, "r_squared", w, 0, 1);
      e.see_mmHg = number(entry, "see_mmHg", w, 0, 200);
      e.n = static_cast<int>(number(entry, "n", w, 1, 1e6));
      if (!entry.contains("coefficients") || !entry.at("coefficients").is_object())
        w.fail("coefficients", "must be an object of predictor: coefficient");
      for (const auto& [k, v] : entry.at("coefficients").items()) {
        if (!v.is_number()) w.fail("coefficients." + k, "must be a number");
        e.coefficients[k] = v.get<double>();
      }
      if (entry.contains("valid"))
        for (const auto& [k, v] : entry.at("valid").items()) {
          if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number())
            w.fail("valid." + k, "must be [low, high]");
          e.valid[k] = {v[0].get<double>(), v[1].get<double>()};
        }
      e.sources = sources(entry, w, kb.references);
      kb.equations.push_back(e);
    });
    for_each_entry(doc, "no_equation", file, [&](const json& entry, const Where& w) {
      NoEquation n;
      n.limb = text(entry, "limb", w);
      n.cuff_width_cm = number(entry, "cuff_width_cm", w, 3, 30);
      n.why = text(entry, "why", w);
      n.sources = sources(entry, w, kb.references);
      kb.no_equation.push_back(n);
    });
  }
  load_programs(dir, kb);
  return kb;
}

const Exercise* Programs::exercise(const std::string& id) const {
  for (const auto& e : exercises)
    if (e.id == id) return &e;
  return nullptr;
}

const Program* Programs::program(const std::string& id) const {
  for (const auto& p : programs)
    if (p.id == id) return &p;
  return nullptr;
}

const PainRule* Programs::pain_rule(const std::string& id) const {
  for (const auto& r : pain_rules)
    if (r.id == id) return &r;
  return nullptr;
}

}  // namespace bfr::clinic
