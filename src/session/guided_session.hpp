#pragma once
// A guided BFR session on a connected cuff: LOP first, then each exercise of the plan set by set
// (start set with the metronome, rest with the cuff on, deflate after the last set), a pain score
// after each exercise, every sample and event stored as it happens. A stop, a fault or a lost
// device end the session with the cuff deflated first (or, for a lost device, by the device's
// own host-silence deflation), and the outcome is recorded. The decisions are SessionMachine's
// (session_machine.hpp); this is the loop around it that talks to the link, the store and the
// display.

#include <string>

#include "link/host_link.hpp"
#include "session/display.hpp"
#include "session/operator.hpp"
#include "session/session_options.hpp"
#include "session/session_plan.hpp"
#include "store/store.hpp"

namespace bfr::session {

struct SessionResult {
  store::Id session = 0;
  Outcome outcome = Outcome::failed;
  std::string detail;
  bool simulated = false;
};

// Runs the session to its end. Throws link::LinkError only before the session begins (no device).
// Pause deflates the cuff and keeps the session; resume re-inflates it and starts the current set
// (or rest) again. Stop deflates and ends the session.
SessionResult run_guided_session(link::HostLink& link, store::Store& store, Display& display, Operator& op,
                                 const clinic::Plan& plan, const GuidedSessionOptions& options);

}  // namespace bfr::session
