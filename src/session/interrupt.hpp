#pragma once
// Ctrl-C during a session: the handler only sets a flag; the session sees it within a few
// milliseconds, deflates the cuff first and then ends. A second Ctrl-C is treated the same way
// (the cuff is deflated before anything else happens either way).

namespace bfr::session {

void install_interrupt_handler();
[[nodiscard]] bool interrupted();

}  // namespace bfr::session
