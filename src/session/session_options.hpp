#pragma once
// What a guided session is told before it starts, and how it can end.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "clinic/knowledge_base.hpp"
#include "store/records.hpp"

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

// How a session ended, in words for the person and the record.
struct Ending {
  Outcome outcome = Outcome::failed;
  std::string detail;
};

}  // namespace bfr::session
