#include "report/exports.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "core/phases.hpp"
#include "session/session_metrics.hpp"

namespace bfr::report {

namespace {

// OpenBFR's own code system for what no standard terminology names (there is no LOINC or
// SNOMED CT code for limb occlusion pressure or for a BFR session).
constexpr const char* kOpenBfrCodes = "https://openbfr.org/fhir/CodeSystem/openbfr";
constexpr const char* kUcum = "http://unitsofmeasure.org";
constexpr const char* kLoinc = "http://loinc.org";

// Stable, valid UUIDs (version 4 layout) from the record kind and id, so exporting twice gives
// the same bundle.
std::string urn(int kind, store::Id id) { return fmt::format("urn:uuid:0b5f{:04x}-0000-4000-8000-{:012x}", kind, id); }
enum Kind { kPatient = 1, kProcedure = 2, kLopObs = 3, kPainObs = 4, kBandObs = 5, kEffortObs = 6 };

nlohmann::json codeable(const char* system, const std::string& code, const std::string& display) {
  return {{"coding", {{{"system", system}, {"code", code}, {"display", display}}}}, {"text", display}};
}

nlohmann::json mmHg(double v) { return {{"value", v}, {"unit", "mmHg"}, {"system", kUcum}, {"code", "mm[Hg]"}}; }

std::string procedure_status(const std::string& outcome) {
  if (outcome == "completed") return "completed";
  if (outcome == "running") return "in-progress";
  if (outcome == "not_today") return "not-done";  // ended before the cuff went on
  return "stopped";  // stopped, fault, device_lost, failed, interrupted: begun and not finished
}

}  // namespace

std::string samples_csv(store::Store& store, store::Id session) {
  const auto s = store.session(session);
  if (!s) throw std::invalid_argument(fmt::format("no session {}", session));
  std::string out = fmt::format("# OpenBFR session {}, person {}, {}{}\n", session, s->person_id, s->started_at,
                                s->simulated ? ", SIMULATED (virtual cuff)" : "");
  out += "time_s,pressure_mmHg,setpoint_mmHg,target_pct_lop,phase,set,rep,pulse_mmHg,off_target_alarm,fault\n";
  for (const auto& x : store.samples(session))
    out += fmt::format("{:.3f},{:.1f},{},{:.1f},{},{},{},{:.2f},{},{}\n", static_cast<double>(x.t_ms) / 1000.0, x.pressure_mmHg,
                       x.setpoint_mmHg ? fmt::format("{:.1f}", *x.setpoint_mmHg) : "",  x.target_pct,
                       core::to_string(static_cast<core::PhaseId>(x.phase)), x.set, x.rep, x.pulse_mmHg, x.off_target ? 1 : 0, x.fault);
  return out;
}

nlohmann::json fhir_bundle(store::Store& store, store::Id person_id, std::optional<store::Id> only_session) {
  const auto person = store.person(person_id);
  if (!person) throw std::invalid_argument(fmt::format("no person {}", person_id));
  const auto patient_ref = urn(kPatient, person_id);
  nlohmann::json entries = nlohmann::json::array();
  nlohmann::json patient = {{"resourceType", "Patient"}, {"name", {{{"text", person->name}}}}};
  if (person->sex) patient["gender"] = *person->sex;
  if (person->birth_year) patient["birthDate"] = std::to_string(*person->birth_year);
  entries.push_back({{"fullUrl", patient_ref}, {"resource", patient}});

  auto sessions = store.sessions(person_id);
  if (only_session) {
    std::erase_if(sessions, [&](const store::Session& s) { return s.id != *only_session; });
    if (sessions.empty()) throw std::invalid_argument(fmt::format("person {} has no session {}", person_id, *only_session));
  }
  for (const auto& s : sessions) {
    const auto proc_ref = urn(kProcedure, s.id);
    const std::string sim = s.simulated ? "SIMULATED on the virtual cuff, not measured on a person. " : "";
    nlohmann::json proc = {
        {"resourceType", "Procedure"},
        {"status", procedure_status(s.outcome)},
        {"code", codeable(kOpenBfrCodes, "bfr-session", "Blood flow restriction training session")},
        {"subject", {{"reference", patient_ref}}},
        {"performedPeriod", {{"start", s.started_at}}},
        {"note", {{{"text", sim + "Outcome: " + s.outcome + ". Device: " + s.device + "."}}}}};
    if (s.ended_at) proc["performedPeriod"]["end"] = *s.ended_at;
    entries.push_back({{"fullUrl", proc_ref}, {"resource", proc}});

    const auto observation = [&](const nlohmann::json& code, const std::string& when) {
      return nlohmann::json{{"resourceType", "Observation"}, {"status", "final"}, {"code", code},
                            {"subject", {{"reference", patient_ref}}}, {"partOf", {{{"reference", proc_ref}}}},
                            {"effectiveDateTime", when}};
    };
    for (const auto& m : store.lop_measurements(person_id)) {
      if (m.session_id != s.id) continue;
      auto o = observation(codeable(kOpenBfrCodes, "limb-occlusion-pressure", "Limb occlusion pressure"), m.measured_at);
      o["valueQuantity"] = mmHg(m.lop_mmHg);
      o["bodySite"] = {{"text", m.limb}};
      o["method"] = {{"text", fmt::format("{} ({:.1f} cm cuff){}", m.method == "device" ? "automatic, by the cuff" : m.method,
                                          m.cuff_width_cm, m.simulated ? ", SIMULATED" : "")}};
      entries.push_back({{"fullUrl", urn(kLopObs, m.id)}, {"resource", o}});
    }
    int n = 0;
    for (const auto& p : store.pain_scores(s.id)) {
      // LOINC 72514-3: Pain severity - 0-10 verbal numeric rating [Score] - Reported.
      auto o = observation(codeable(kLoinc, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"), p.recorded_at);
      o["valueInteger"] = p.score;
      o["note"] = {{{"text", sim + "During " + p.exercise + "."}}};
      entries.push_back({{"fullUrl", urn(kPainObs, s.id * 100 + n++)}, {"resource", o}});
    }
    n = 0;
    for (const auto& e : store.events(s.id)) {
      if (e.kind != "effort") continue;
      // No LOINC code for Borg CR10 is in our reference: our own code system, named in words.
      auto o = observation(codeable(kOpenBfrCodes, "perceived-exertion-borg-cr10", "Rating of perceived exertion, Borg CR10 (0-10)"),
                           s.ended_at.value_or(s.started_at));
      o["valueInteger"] = e.code;
      o["note"] = {{{"text", sim + "After " + e.text + " (aerobic, cuff on)."}}};
      entries.push_back({{"fullUrl", urn(kEffortObs, s.id * 100 + n++)}, {"resource", o}});
    }
    const auto m = session::session_figures(store, s);
    if (m.in_band_pct) {
      auto o = observation(codeable(kOpenBfrCodes, "time-in-target-band", "Share of regulated time within target pressure +-10 %"),
                           s.ended_at.value_or(s.started_at));
      o["valueQuantity"] = {{"value", std::round(*m.in_band_pct * 10.0) / 10.0}, {"unit", "%"}, {"system", kUcum}, {"code", "%"}};
      if (s.simulated) o["note"] = {{{"text", sim}}};
      entries.push_back({{"fullUrl", urn(kBandObs, s.id)}, {"resource", o}});
    }
  }
  return {{"resourceType", "Bundle"}, {"type", "collection"}, {"timestamp", store::now_utc()}, {"entry", entries}};
}

}  // namespace bfr::report
