#include "server/session_recovery.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "session/session_metrics.hpp"

namespace bfr::server {

namespace {

// When the session last stored anything: its start plus the device time its samples cover (the
// device's own clock may not start at zero: a connected cuff counts from its power-on).
std::optional<std::chrono::system_clock::time_point> last_written(const store::Session& s,
                                                                  const std::optional<std::pair<std::int64_t, std::int64_t>>& span) {
  const auto started = store::parse_utc_iso(s.started_at);
  if (!started) return std::nullopt;
  return *started + std::chrono::milliseconds(span ? span->second - span->first : 0);
}

}  // namespace

std::vector<InterruptedSession> close_interrupted_sessions(store::Store& store, const std::function<bool(store::Id)>& ours,
                                                           std::chrono::system_clock::time_point now, std::chrono::seconds quiet) {
  std::vector<InterruptedSession> closed;
  for (const auto& s : store.running_sessions()) {
    if (ours(s.id)) continue;
    const auto span = store.sample_span(s.id);
    const auto last = last_written(s, span);
    if (!last || now - *last < quiet) continue;  // a time it cannot read is left alone, not guessed
    // A session run faster than real time (the virtual cuff at 10x) covers more device time than
    // wall time: it ended no later than now.
    const auto ended = store::utc_iso(std::min(*last, now));
    auto summary = nlohmann::json::parse(s.summary_json, nullptr, false);
    if (!summary.is_object()) summary = nlohmann::json::object();
    summary["interrupted"] = {{"found_at", store::utc_iso(now)},
                              {"why", "nothing was stored for this session after its last sample: the program running it stopped"}};
    summary["figures"] = session::figures_json(session::session_metrics(store.samples(s.id)));
    store.add_event(s.id, {span ? span->second : 0, kInterruptedOutcome, 0, 0.0,
                           "Interrupted: nothing was recorded after this. The program running the session stopped; a cuff "
                           "deflates by itself 1 s after its host goes silent, but check it."});
    store.end_session_at(s.id, kInterruptedOutcome, summary.dump(), ended);
    closed.push_back({s.id, ended});
  }
  return closed;
}

}  // namespace bfr::server
