#pragma once
// Printable reports (PNG, SVG or PDF; one A4 landscape page each):
// - a session: the pressure trace against the target band with the sets marked, the LOP
//   measurement curve (cuff pulse against pressure, fading at LOP), time in band, alarms and
//   pain scores;
// - a person's progress: LOP, %LOP and time in band, load, adherence and pain across sessions.
// Both say "SIMULATED" in red when the virtual device produced the data, and "not medical advice".

#include <filesystem>

#include "report/canvas.hpp"
#include "store/store.hpp"

namespace bfr::report {

// Throw std::invalid_argument for unknown ids, std::runtime_error if the file cannot be written.
void render_session_report(store::Store& store, store::Id session, Format format, const std::filesystem::path& out);
void render_progress_report(store::Store& store, store::Id person, Format format, const std::filesystem::path& out);

}  // namespace bfr::report
