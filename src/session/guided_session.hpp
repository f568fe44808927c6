#pragma once
// A guided BFR session on a connected cuff: LOP first, then each exercise of the plan set by set
// (start set with the metronome, rest with the cuff on, deflate after the last set), a pain score
// after each exercise, every sample and event stored as it happens. A stop, a fault or a lost
// device end the session with the cuff deflated first (or, for a lost device, by the device's
// own host-silence deflation), and the outcome is recorded.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "clinic/knowledge_base.hpp"
#include "link/host_link.hpp"
#include "session/display.hpp"
#include "session/operator.hpp"
#include "session/session_plan.hpp"
#include "store/store.hpp"

namespace bfr::session {

struct GuidedSessionOptions {
  store::Id person = 0;
  std::optional<store::Id> plan;
  std::string device_label = "virtual cuff";
  std::chrono::milliseconds rep_time{2000};  // metronome: 1 s up, 1 s down (Patterson et al. 2019)
  // Told the session's id as soon as it is stored, and whether the device said it is simulated.
  std::function<void(store::Id, bool simulated)> on_started;
  std::string limb = "thigh";
  double cuff_width_cm = 11.5;
  // The knowledge base's day-of-session questions (data/contraindications.json, day_of_session),
  // asked in this order before LOP is measured, by the terminal and the web app alike. A yes, or
  // no answer at all, ends the session before inflation with the outcome not_today; no clearance
  // overrides it.
  std::vector<clinic::DayCheck> day_checks;
};

enum class Outcome { completed, stopped, fault, device_lost, failed, not_today };
const char* to_string(Outcome o);

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
