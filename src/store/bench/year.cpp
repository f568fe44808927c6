#include "store/bench/year.hpp"

#include <fmt/format.h>

#include <chrono>
#include <vector>

#include "store/bench/synthetic_session.hpp"

namespace bfr::store {

namespace {

// Distinct synthetic sessions, used in turn: enough that no two neighbours share their samples.
constexpr int kDistinctSessions = 16;
constexpr int kPainScores = 4;  // one per exercise

std::string day_time(int day, int minute) {
  const auto start = std::chrono::sys_days{std::chrono::year{2025} / 1 / 1};
  return utc_iso(start + std::chrono::days{day} + std::chrono::minutes{minute});
}

// The phase changes a device reports, from the samples themselves.
std::vector<SessionEvent> phase_events(const std::vector<Sample>& samples) {
  std::vector<SessionEvent> out;
  int phase = -1;
  for (const auto& s : samples)
    if (s.phase != phase) {
      phase = s.phase;
      out.push_back({s.t_ms, "phase_changed", phase, 0, ""});
    }
  return out;
}

}  // namespace

YearWritten write_year(Store& store, const YearPlan& plan, const std::function<void(const std::string&)>& progress) {
  const auto began = std::chrono::steady_clock::now();
  std::vector<std::vector<Sample>> pool;
  for (int i = 0; i < kDistinctSessions; ++i) {
    SyntheticSession s;
    s.seed = static_cast<std::uint32_t>(7000 + i);
    s.lop_mmHg = 130 + 8 * i;
    s.target_pct = 40 + 10 * (i % 5);
    s.heart_rate_bpm = 60 + 7 * i;
    pool.push_back(synthetic_samples(s));
  }
  std::vector<std::string> summaries;
  for (const auto& samples : pool) summaries.push_back(plan.summary_of(samples));
  YearWritten out;
  for (int c = 0; c < plan.clinics; ++c) {
    const Id clinic = c == 0 ? kLocalClinic : store.add_clinic(fmt::format("Clinic {}", c + 1));
    // People join as earlier ones finish their course: the day's sessions go to the people
    // enrolled at that moment, in turn.
    std::vector<std::pair<Id, Id>> active;  // person, plan
    std::vector<int> done;                  // sessions each active person has had
    long next = 0;
    for (int day = 0; day < plan.days; ++day) {
      for (int k = 0; k < plan.sessions_per_day; ++k, ++next) {
        const auto slot = static_cast<std::size_t>(next % plan.sessions_per_day);
        if (slot >= active.size() || done[slot] >= plan.sessions_per_person) {
          Person p{0, fmt::format("Runner {}-{}", c + 1, out.people + 1), 1970 + static_cast<int>(out.people % 40),
                   out.people % 2 ? "female" : "male", day_time(day, 0), clinic};
          const auto person = store.add_person(p);
          store.add_screening({0, person, day_time(day, 1), "suitable", R"({"answers":"synthetic"})", R"({"verdict":"suitable"})"});
          const auto plan_id = store.add_plan({0, person, day_time(day, 2), "tibial_bone_stress_injury", "1", R"({"exercises":[]})"});
          if (slot >= active.size()) {
            active.emplace_back(person, plan_id);
            done.push_back(0);
          } else {
            active[slot] = {person, plan_id};
            done[slot] = 0;
          }
          ++out.people;
        }
        const auto [person, plan_id] = active[slot];
        const auto which = static_cast<std::size_t>(next % kDistinctSessions);
        const auto& samples = pool[which];
        const int minute = 8 * 60 + k * 20;  // 08:00 onwards, one every 20 minutes
        Session s;
        s.person_id = person;
        s.plan_id = plan_id;
        s.started_at = day_time(day, minute);
        s.device = "year generator";
        s.simulated = true;
        const auto session = store.begin_session(s);
        store.add_lop({0, person, session, day_time(day, minute + 1), "thigh", 11.5, 180.0, "device", 0.9, true, "seated"});
        store.set_session_lop(session, 180.0);
        store.add_samples(session, samples);
        const auto events = phase_events(samples);
        for (const auto& e : events) store.add_event(session, e);
        for (int i = 0; i < kPainScores; ++i) store.add_pain(session, {fmt::format("exercise {}", i + 1), i % 3, day_time(day, minute + 5 + i)});
        store.end_session_at(session, "completed", summaries[which], day_time(day, minute + 10));
        ++done[slot];
        ++out.sessions;
        out.samples += static_cast<long>(samples.size());
        out.events += static_cast<long>(events.size());
      }
      if (progress && (day + 1) % 30 == 0)
        progress(fmt::format("clinic {} of {}: day {} of {}, {} sessions so far", c + 1, plan.clinics, day + 1, plan.days, out.sessions));
    }
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  return out;
}

}  // namespace bfr::store
