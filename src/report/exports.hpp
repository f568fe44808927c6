#pragma once
// Exports of stored sessions: CSV of one session's samples (for a spreadsheet), and a FHIR R4
// Bundle (type "collection") of a person's sessions as Procedures with Observations for LOP,
// pain scores and time in band, for an electronic health record. Simulated sessions say so in
// every resource.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "store/store.hpp"

namespace bfr::report {

std::string samples_csv(store::Store& store, store::Id session);

// All of a person's sessions, or just one. Throws std::invalid_argument for unknown ids.
nlohmann::json fhir_bundle(store::Store& store, store::Id person, std::optional<store::Id> only_session = std::nullopt);

}  // namespace bfr::report
