// Stored sessions: the session page, its chart data, CSV and the rendered report.

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "report/exports.hpp"
#include "report/reports.hpp"
#include "core/regulation_bands.hpp"
#include "server/handlers.hpp"
#include "server/records_json.hpp"
#include "session/event_words.hpp"
#include "session/session_plan.hpp"

namespace bfr::server::handlers {

http::Response session(Call& call) {
  const auto s = visible_session(call, call.id());
  return call.with_store([&](store::Store& st) {
    auto out = session_json(s, call.services.metrics.of(st, s));
    if (const auto person = st.person(s.person_id)) out["person_name"] = person->name;
    // The plan names the pain scores and judges them by its rule, and gives the sets planned
    // beside the sets done.
    const auto plan = session::plan_of(st, s);
    const int planned = plan ? session::planned_sets(*plan) : 0;
    out["sets_planned"] = planned ? json(planned) : json();
    out["events"] = json::array();
    for (const auto& e : st.events(s.id))
      if (e.kind != "command") out["events"].push_back({{"t_ms", e.t_ms}, {"kind", e.kind}, {"text", session::in_words(e)}});
    out["pain"] = json::array();
    for (const auto& p : st.pain_scores(s.id)) {
      json row = {{"exercise", p.exercise}, {"name", session::exercise_name(plan, p.exercise)}, {"score", p.score}};
      if (plan) row["rule_max"] = plan->pain_rule.during_max, row["site"] = plan->pain_rule.site;
      out["pain"].push_back(row);
    }
    return reply(out);
  });
}

http::Response session_samples(Call& call) {
  const auto s = visible_session(call, call.id());
  // Columns, for a chart: time (s), pressure and setpoint (mmHg), phase.
  json t = json::array(), p = json::array(), sp = json::array(), ph = json::array();
  for (const auto& x : call.with_store([&](store::Store& st) { return st.samples(s.id); })) {
    t.push_back(static_cast<double>(x.t_ms) / 1000.0);
    p.push_back(x.pressure_mmHg);
    sp.push_back(x.setpoint_mmHg ? json(*x.setpoint_mmHg) : json());
    ph.push_back(x.phase);
  }
  return reply({{"simulated", s.simulated}, {"band_fraction", core::kExerciseBand}, {"t_s", t}, {"pressure_mmHg", p}, {"setpoint_mmHg", sp}, {"phase", ph}});
}

http::Response session_csv(Call& call) {
  const auto s = visible_session(call, call.id());
  http::Response res;
  res.content_type = "text/csv";
  res.body = call.with_store([&](store::Store& st) { return report::samples_csv(st, s.id); });
  res.set_header("Content-Disposition", fmt::format("attachment; filename=\"bfr-session-{}.csv\"", s.id));
  return res;
}

http::Response session_report(Call& call) {
  const auto format = call.param("format");
  const char* type = format == "png" ? "image/png" : format == "svg" ? "image/svg+xml" : format == "pdf" ? "application/pdf" : nullptr;
  if (!type) throw HttpError{404, "not found"};
  const auto s = visible_session(call, call.id());
  const auto file = std::filesystem::temp_directory_path() / ("openbfr-report-" + random_token().substr(0, 16) + "." + format);
  call.with_store([&](store::Store& st) { report::render_session_report(st, s.id, report::parse_format(format), file); });
  http::Response res;
  res.content_type = type;
  res.body.resize(std::filesystem::file_size(file));
  std::ifstream(file, std::ios::binary).read(res.body.data(), static_cast<std::streamsize>(res.body.size()));
  std::filesystem::remove(file);
  return res;
}

}  // namespace bfr::server::handlers
