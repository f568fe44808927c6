#include "server/records_json.hpp"

#include "clinic/screening.hpp"

namespace bfr::server {

using nlohmann::json;

namespace {

template <class T>
json or_null(const std::optional<T>& x) {
  return x ? json(*x) : json();
}

}  // namespace

json person_json(const store::Person& p) {
  return {{"id", p.id}, {"name", p.name}, {"birth_year", or_null(p.birth_year)}, {"sex", or_null(p.sex)}, {"created_at", p.created_at}};
}

json user_json(const store::User& u) {
  return {{"id", u.id}, {"clinic_id", u.clinic_id}, {"email", u.email}, {"name", u.name}, {"role", u.role}, {"person_id", or_null(u.person_id)}};
}

json session_json(const store::Session& s, const session::SessionMetrics& m) {
  return {{"id", s.id},         {"person_id", s.person_id},     {"plan_id", or_null(s.plan_id)},     {"started_at", s.started_at},
          {"ended_at", or_null(s.ended_at)}, {"device", s.device}, {"simulated", s.simulated},       {"outcome", s.outcome},
          {"lop_mmHg", or_null(s.lop_mmHg)}, {"in_band_pct", or_null(m.in_band_pct)}, {"restriction_s", m.restriction_s},
          {"sets", m.sets},     {"highest_mmHg", m.highest_mmHg}};
}

json screening_json(const store::Screening& x) {
  const auto verdict = clinic::verdict_named(x.verdict);  // stored in words
  return {{"id", x.id},
          {"taken_at", x.taken_at},
          {"verdict", x.verdict},
          {"verdict_id", verdict ? json(clinic::id_of(*verdict)) : json()},
          {"result", json::parse(x.result_json, nullptr, false)}};
}

json lop_json(const store::LopMeasurement& m) {
  return {{"id", m.id},     {"measured_at", m.measured_at}, {"lop_mmHg", m.lop_mmHg}, {"method", m.method}, {"limb", m.limb},
          {"posture", m.posture.empty() ? json() : json(m.posture)}, {"cuff_width_cm", m.cuff_width_cm}, {"simulated", m.simulated}};
}

json plan_json(const store::Plan& x) {
  return {{"id", x.id}, {"created_at", x.created_at}, {"program", x.program}, {"phase", x.phase}, {"plan", json::parse(x.plan_json, nullptr, false)}};
}

json audit_json(const store::AuditEntry& e) {
  return {{"id", e.id}, {"at", e.at}, {"user_id", or_null(e.user_id)}, {"action", e.action}, {"object", e.object}, {"detail", e.detail}};
}

}  // namespace bfr::server
