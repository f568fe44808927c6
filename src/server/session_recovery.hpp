#pragma once
// Sessions that a crash left marked "running" (the server or `bfr session run` killed mid-session)
// are closed as "interrupted", at the time of their last sample. A session still being written is
// never closed: every running session stores a batch of samples each half second, so one that has
// stored nothing for `quiet` is not running anywhere. The server closes such sessions at start-up
// and then every few seconds, and never one of its own.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace bfr::server {

// What a closed session's summary and event say.
inline constexpr const char* kInterruptedOutcome = "interrupted";

// Well above the half-second sample batches and the 2 s after which a session gives up a silent
// device (session/guided_session.cpp), so that only a session nobody runs is this quiet.
inline constexpr std::chrono::seconds kInterruptedAfterQuiet{30};

struct InterruptedSession {
  store::Id session = 0;
  std::string ended_at;  // its last sample's time (UTC)
};

// Closes the running sessions that are not `ours` and have been quiet for `quiet` at `now`.
std::vector<InterruptedSession> close_interrupted_sessions(store::Store& store, const std::function<bool(store::Id)>& ours,
                                                           std::chrono::system_clock::time_point now,
                                                           std::chrono::seconds quiet = kInterruptedAfterQuiet);

}  // namespace bfr::server
