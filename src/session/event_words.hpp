#pragma once
// The device's ids in the words a physiotherapist reads on a screen or in a report: a phase, a
// fault, why the cuff deflated, why an LOP measurement failed, and a stored session event. The
// stored events keep their ids (records and exports are read by programs); screens show these.

#include <string>

#include "core/faults.hpp"
#include "core/lop_search.hpp"
#include "core/phases.hpp"
#include "store/records.hpp"

namespace bfr::session {

const char* in_words(core::PhaseId p);
const char* in_words(core::FaultId f);
const char* in_words(core::DeflateReason r);
const char* in_words(core::LopFailure f);

// One stored event as a sentence (an event kind this file does not know: its stored text).
std::string in_words(const store::SessionEvent& e);

}  // namespace bfr::session
