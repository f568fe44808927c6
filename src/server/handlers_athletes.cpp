// Athletes: the list, one athlete's page, adding, screening, planning, export and erasure.

#include <fmt/format.h>

#include "clinic/plan.hpp"
#include "clinic/screening.hpp"
#include "clinic/to_json.hpp"
#include "report/exports.hpp"
#include "server/athlete_page.hpp"
#include "server/handlers.hpp"
#include "server/records_json.hpp"

namespace bfr::server::handlers {

// Staff: a page of the clinic's athletes in name order, `limit` (default 100, at most 500) after
// the athlete `after` (an id; default: from the start), whose name contains `q` (case-blind).
// `X-Next-After` names the next page's `after`. An athlete: their own record alone.
http::Response list_athletes(Call& call) {
  constexpr std::int64_t kPage = 100, kLongestPage = 500;
  const auto& c = call.who();
  json out = json::array();
  if (!is_staff(c.role)) {
    if (c.user.person_id) out.push_back(person_json(visible_person(call, *c.user.person_id)));
    return reply(out);
  }
  const auto after_id = call.query_number("after", 0, 0, std::numeric_limits<std::int64_t>::max());
  const auto limit = call.query_number("limit", kPage, 1, kLongestPage);
  const auto name_part = call.req.query_param("q").value_or("");
  if (name_part.size() > 200) throw HttpError{400, "'q' must be at most 200 characters"};
  std::string after_name;
  if (after_id > 0) {
    const auto after = call.with_store([&](store::Store& s) { return s.person(after_id); });
    if (!after || after->clinic_id != c.user.clinic_id) throw HttpError{400, "'after' must be an athlete of this clinic"};
    after_name = after->name;
  }
  // One more than asked: whether a next page exists.
  auto page = call.with_store([&](store::Store& s) { return s.people_page(c.user.clinic_id, name_part, after_name, after_id, limit + 1); });
  const bool more = static_cast<std::int64_t>(page.size()) > limit;
  if (more) page.pop_back();
  for (const auto& p : page) out.push_back(person_json(p));
  auto res = reply(out);
  if (more) res.set_header("X-Next-After", std::to_string(page.back().id));
  return res;
}

http::Response add_athlete(Call& call) {
  const auto body = call.body();
  store::Person p;
  p.name = need_string(body, "name");
  p.clinic_id = call.who().user.clinic_id;
  if (body.contains("birth_year") && !body["birth_year"].is_null()) {
    const auto& y = body["birth_year"];
    if (!y.is_number_integer() || y.get<std::int64_t>() < 1900 || y.get<std::int64_t>() > 2030)
      throw HttpError{400, "'birth_year' must be a year from 1900 to 2030"};
    p.birth_year = y.get<int>();
  }
  if (body.contains("sex") && !body["sex"].is_null()) {
    if (body["sex"] != "male" && body["sex"] != "female") throw HttpError{400, "'sex' must be male or female"};
    p.sex = body["sex"].get<std::string>();
  }
  p.id = call.with_store([&](store::Store& s) { return s.add_person(p); });
  call.audit("athlete.add", "person/" + std::to_string(p.id), p.name);
  return reply(person_json(*call.with_store([&](store::Store& s) { return s.person(p.id); })), 201);
}

http::Response athlete(Call& call) {
  const auto p = visible_person(call, call.id());
  return reply(call.with_store([&](store::Store& s) { return athlete_page(s, call.services.metrics, p); }));
}

// Erasure (the right to erasure): an administrator, with the athlete's name typed again; the
// FHIR export (GET .../fhir) is the copy to keep first. Refused while a session runs.
http::Response erase_athlete(Call& call) {
  const auto p = visible_person(call, call.id());
  const auto body = call.body();
  if (need_string(body, "confirm_name") != p.name)
    throw HttpError{400, "'confirm_name' must be the athlete's name exactly as stored, to erase them and everything recorded about them"};
  refuse_while_running(call, p.id, "stop it first");
  const auto sessions = call.with_store([&](store::Store& s) {
    const auto n = s.sessions(p.id).size();
    s.erase_person(p.id);
    return n;
  });
  call.audit("athlete.erase", "person/" + std::to_string(p.id));
  return reply({{"erased", true}, {"person_id", p.id}, {"sessions", sessions}});
}

http::Response add_screening(Call& call) {
  const auto p = visible_person(call, call.id());
  const auto answers = clinic::parse_answers(call.body());
  const auto& kb = call.services.kb;
  const auto r = clinic::screen(answers, kb);
  const auto result = clinic::screening_to_json(kb, r);
  const auto id = call.with_store([&](store::Store& s) {
    return s.add_screening({0, p.id, "", clinic::to_string(r.verdict), clinic::answers_to_json(answers).dump(), result.dump()});
  });
  call.audit("screening.add", "person/" + std::to_string(p.id), clinic::to_string(r.verdict));
  auto out = result;
  out["id"] = id;
  return reply(out, 201);
}

namespace {

// The plan request's LOP, by posture: one posture's LOP is never used for another (Hughes et al. 2018).
void read_lop_by_posture(const json& body, clinic::PlanRequest& pr) {
  if (!body.contains("lop_mmHg") || body["lop_mmHg"].is_null()) return;
  const auto& l = body["lop_mmHg"];
  if (!l.is_object()) throw HttpError{400, "lop_mmHg must name the posture it was measured in, e.g. {\"seated\": 204}"};
  for (const auto& [posture, mmHg] : l.items()) {
    if (!mmHg.is_number()) throw HttpError{400, "lop_mmHg." + posture + " must be a number of mmHg"};
    pr.lop_mmHg[posture] = mmHg.get<double>();
  }
}

}  // namespace

http::Response add_plan(Call& call) {
  const auto p = visible_person(call, call.id());
  const auto body = call.body();
  const auto screenings = call.with_store([&](store::Store& s) { return s.screenings(p.id); });
  if (screenings.empty()) throw HttpError{409, "screen this athlete before planning"};
  clinic::PlanRequest pr;
  pr.screening = clinic::parse_answers(json::parse(screenings.back().answers_json));
  pr.injury = need_string(body, "injury");
  pr.phase = optional_field(body, "phase", 1);
  pr.equipment = optional_field(body, "equipment", std::vector<std::string>{});
  pr.cleared = optional_field(body, "cleared", false);
  pr.goal = optional_field(body, "goal", std::string("strength_and_fitness"));
  pr.bone_site = optional_field(body, "bone_site", std::string());
  pr.graft = optional_field(body, "graft", std::string());
  if (body.contains("energy")) {
    if (!body["energy"].is_object()) throw HttpError{400, "energy must be an object of question id to true or false"};
    for (const auto& [id, yes] : body["energy"].items()) {
      if (!yes.is_boolean()) throw HttpError{400, "energy." + id + " must be true or false"};
      pr.energy[id] = yes.get<bool>();
    }
  }
  read_lop_by_posture(body, pr);
  const auto& kb = call.services.kb;
  const auto plan = clinic::make_plan(pr, kb);
  auto j = clinic::plan_to_json(kb, plan);
  if (plan.refusal) return reply(j, 422);
  const auto id = call.with_store([&](store::Store& s) { return s.add_plan({0, p.id, "", plan.program, plan.phase, j.dump()}); });
  call.audit("plan.add", "person/" + std::to_string(p.id), plan.program + " phase " + plan.phase);
  j["id"] = id;
  return reply(j, 201);
}

http::Response athlete_fhir(Call& call) {
  const auto p = visible_person(call, call.id());
  return reply(call.with_store([&](store::Store& s) { return report::fhir_bundle(s, p.id); }));
}

}  // namespace bfr::server::handlers
