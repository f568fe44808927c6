#pragma once
// What the device sends, as the session stores it: telemetry as samples and events as session
// events, in the store's units (through link/wire_units.hpp).

#include "core/phases.hpp"
#include "link/messages.hpp"
#include "store/records.hpp"

namespace bfr::session {

store::Sample to_sample(const link::Telemetry& t);
store::SessionEvent describe(const link::Event& e);

// Deflations the session itself asks for (or that end an LOP measurement); any other means the
// device deflated on its own.
bool asked_for(core::DeflateReason r);

}  // namespace bfr::session
