#include "clinic/review.hpp"

#include <sstream>

#include "clinic/validation.hpp"

namespace bfr::clinic {

namespace {

// "Hughes et al. 2017", or "clinical judgement" for the team's own rules.
std::string short_cite(const KnowledgeBase& kb, const std::string& id) {
  if (id == "openbfr_clinical_judgement") return "clinical judgement";
  const auto& r = kb.reference(id);
  const auto comma = r.authors.find(',');
  const auto first = r.authors.substr(0, r.authors.find(' '));
  return first + (comma == std::string::npos ? "" : " et al.") + " " + std::to_string(r.year) + (r.verified ? "" : " (unverified)");
}

std::string cites(const KnowledgeBase& kb, const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : "; ") + short_cite(kb, id);
  return "*" + out + "*";
}

std::string level_words(const ScreeningItem& item, int threshold) {
  switch (item.level) {
    case ItemLevel::red_flag: return "stop: seek medical care now";
    case ItemLevel::absolute: return "not suitable for BFR";
    case ItemLevel::limb: return "not on that limb";
    case ItemLevel::today: return "not today (no clearance overrides it)";
    case ItemLevel::scored:
      return std::to_string(item.points) + " point(s); " + std::to_string(threshold) + " or more need a clinician's clearance";
  }
  return "";
}

std::string list(const std::vector<std::string>& items) { return items.empty() ? "none" : joined(items); }

std::string phase_numbers(const std::vector<int>& phases) {
  std::string out;
  for (int n : phases) out += (out.empty() ? "" : ", ") + std::to_string(n);
  return out;
}

std::string number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

void screening(std::ostringstream& out, const KnowledgeBase& kb) {
  out << "## 1. Screening (data/contraindications.json)\n\n"
         "Asked once and kept; answered again whenever something changes.\n\n";
  for (const auto& i : kb.items)
    out << "- **" << i.question << "** Yes: " << level_words(i, kb.clearance_threshold_points) << ". " << i.why << " "
        << cites(kb, i.sources) << "\n";
  out << "\nWorked out from the answers:\n\n";
  for (const auto& d : kb.derived)
    out << "- `" << d.rule << "`: " << d.why << (d.needs_clearance ? " Needs a clinician's clearance by itself." : "") << " "
        << cites(kb, d.sources) << "\n";
  out << "\n## 2. Before every session (day of session)\n\nA yes ends the session before the cuff inflates.\n\n";
  for (const auto& d : kb.day_checks)
    out << "- **" << d.question << "** Yes: " << (d.seek_care ? "stop, seek medical care today" : "not today") << ". " << d.why << " "
        << cites(kb, d.sources) << "\n";
}

void prescription(std::ostringstream& out, const KnowledgeBase& kb) {
  const auto& p = kb.programs;
  out << "\n## 3. Prescription (data/programs.json)\n\n";
  std::string reps;
  for (int r : p.reps) reps += (reps.empty() ? "" : "-") + std::to_string(r);
  out << "- Repetitions " << reps << ", " << number(p.rest_s) << " s rests with the cuff on, " << number(p.tempo_s_per_rep)
      << " s a repetition. " << cites(kb, p.scheme_sources) << "\n"
      << "- Aerobic work under the cuff: " << number(p.aerobic_minutes) << " minutes at " << number(p.aerobic_pct_lop) << " % LOP, "
      << p.aerobic_intensity << ". " << cites(kb, p.aerobic_sources) << "\n"
      << "- At most " << number(p.max_cuff_minutes_per_exercise) << " minutes of cuff time per exercise, and "
      << number(p.max_cuff_minutes_per_limb) << " on one limb in a session: " << p.max_cuff_minutes_per_limb_why.text << " "
      << cites(kb, p.max_cuff_minutes_per_limb_why.sources) << "\n"
      << "- Loads, tested: " << p.load_from_other_limb.text << " " << cites(kb, p.load_from_other_limb.sources) << "\n"
      << "- Loads, untested: " << p.load_titrated.text << " " << cites(kb, p.load_titrated.sources) << "\n"
      << "- Pressure is a share of the LOP measured with the cuff in the exercise's own posture; one posture's LOP is never "
         "used for another. "
      << cites(kb, {"hughes2018"}) << "\n";
  for (const auto& s : p.cuff_use) out << "- " << s.text << " " << cites(kb, s.sources) << "\n";
  out << "\nExercises and the posture their LOP is measured in: ";
  std::string ex;
  for (const auto& e : p.exercises) ex += (ex.empty() ? "" : "; ") + e.name + " (" + e.posture + ")";
  out << ex << ".\n\nStop signs:\n\n";
  for (const auto& s : p.stop_signs) out << "- " << s.text << " " << cites(kb, s.sources) << "\n";
  out << "\nEvery phase: progress when its sessions kept to the program's pain rule and the clinician agrees. "
      << p.regress_when.text << " " << cites(kb, p.regress_when.sources) << "\n";
  out << "\nPain rules (the session's pain question and the progress report apply the program's):\n\n";
  for (const auto& r : p.pain_rules)
    out << "- **" << r.name << "** (up to " << r.during_max << "/10 at " << r.site << "): " << r.text << " " << cites(kb, r.sources) << "\n";
}

void programs(std::ostringstream& out, const KnowledgeBase& kb) {
  const auto& p = kb.programs;
  const auto names = [&](const std::vector<std::string>& ids) {
    std::vector<std::string> out_names;
    for (const auto& id : ids) out_names.push_back(p.exercise(id) ? p.exercise(id)->name : id);
    return list(out_names);
  };
  out << "\n## 4. Programs\n";
  for (const auto& pr : p.programs) {
    out << "\n### " << pr.name << " (`" << pr.id << "`)\n\n"
        << pr.evidence_basis << " " << cites(kb, pr.evidence_sources) << "\n\n"
        << "Pain rule: " << p.pain_rule(pr.pain_rule)->name << ".\n";
    if (pr.needs_clot_excluded) out << "\nOnly with a diagnosis: " << pr.needs_clot_excluded->text << " " << cites(kb, pr.needs_clot_excluded->sources) << "\n";
    if (!pr.bone_sites.empty()) {
      std::string sites;
      for (const auto& s : pr.bone_sites) sites += (sites.empty() ? "" : ", ") + s.name;
      out << "\nBone sites: " << sites << "; the site and the energy questions are required (section 5).\n";
    }
    if (!pr.graft_types.empty()) {
      out << "\nGraft (required): " << list(pr.graft_types) << ".\n\n";
      for (const auto& g : pr.graft_rules)
        out << "- " << g.graft << ", phase(s) " << phase_numbers(g.phases) << ": leaves out " << names(g.leave_out) << ". " << g.why.text << " " << cites(kb, g.why.sources) << "\n";
      for (const auto& l : pr.range_limits) out << "- " << names({l.exercise}) << ": " << l.limit.text << " " << cites(kb, l.limit.sources) << "\n";
    }
    out << "\n| Phase | Goal | Exercises | Aerobic | % 1RM | % LOP | Sessions/week | Progress when | Sources |\n"
           "|---|---|---|---|---|---|---|---|---|\n";
    int n = 0;
    for (const auto& ph : pr.phases)
      out << "| " << ++n << ". " << ph.name << " | " << ph.goal << " | " << names(ph.exercises) << " | " << names(ph.aerobic) << " | "
          << number(ph.load_pct_1rm) << " | " << number(ph.pct_lop_leg) << " | " << ph.sessions_per_week << " | " << ph.progress_when
          << " | " << cites(kb, ph.sources) << " |\n";
    out << "\nReturn to running, after the last phase, when all are met (" << cites(kb, pr.return_to_run_sources) << "):\n\n";
    for (const auto& c : pr.return_to_run) out << "- " << c << "\n";
  }
}

void after_and_lop(std::ostringstream& out, const KnowledgeBase& kb) {
  const auto& p = kb.programs;
  out << "\n## 5. Bone stress injuries\n\n"
      << "High-risk sites: " << list(p.bone_stress.high_risk_sites) << ". " << p.bone_stress.high_risk.text << " "
      << cites(kb, p.bone_stress.high_risk.sources) << "\n\nEnergy availability (RED-S), every question answered:\n\n";
  for (const auto& q : p.bone_stress.energy_questions) out << "- " << q.question << "\n";
  out << "\n" << p.bone_stress.low_energy.text << " " << cites(kb, p.bone_stress.low_energy.sources) << "\n";
  out << "\n## 6. Walk-run and graduation\n\n" << p.walk_run.text << " " << cites(kb, p.walk_run.sources) << "\n\n";
  int n = 0;
  for (const auto& s : p.walk_run.stages)
    out << ++n << ". " << (s.walk_min > 0 ? "run " + number(s.run_min) + " min, walk " + number(s.walk_min) + " min, " + std::to_string(s.repeats) + " times"
                                          : "run " + number(s.run_min * s.repeats) + " min without a break")
        << "\n";
  out << "\n";
  for (const auto& s : p.graduation) out << "- " << s.text << " " << cites(kb, s.sources) << "\n";
  out << "\n## 7. LOP estimates (data/lop-equations.json)\n\n"
         "An estimate is shown only inside an equation's study: its limb, cuff, posture and ranges.\n\n";
  for (const auto& e : kb.equations)
    out << "- `" << e.id << "`: " << e.limb << ", " << number(e.cuff_width_cm) << " cm cuff, " << (e.posture.empty() ? "posture not stated" : e.posture)
        << ", " << e.population << " (n = " << e.n << ", SEE " << number(e.see_mmHg) << " mmHg). " << cites(kb, e.sources) << "\n";
  for (const auto& e : kb.no_equation)
    out << "- No estimate for a " << number(e.cuff_width_cm) << " cm cuff on the " << e.limb << ": " << e.why << " " << cites(kb, e.sources) << "\n";
}

}  // namespace

std::string clinical_review(const KnowledgeBase& kb) {
  std::ostringstream out;
  out << "# Clinical review: every rule the engine applies\n\n"
         "Written by `bfr explain rules` from the files in data/ (a test keeps this file equal to it: after changing "
         "data, run `bfr explain rules > docs/clinical-review.md`). Each rule carries its sources; \"clinical judgement\" "
         "marks the OpenBFR team's own, and \"(unverified)\" a citation not yet checked against the paper. Not medical "
         "advice: for a clinician to review, change and sign off.\n\n";
  screening(out, kb);
  prescription(out, kb);
  programs(out, kb);
  after_and_lop(out, kb);
  out << "\n## Sign-off\n\n| Reviewed by | Profession and registration | Date | Sections accepted | Changes asked for |\n"
         "|---|---|---|---|---|\n|  |  |  |  |  |\n";
  return out.str();
}

}  // namespace bfr::clinic
