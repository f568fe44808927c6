#pragma once
// Runs a subcommand's body and turns the errors a user can cause into a message and an exit
// code: bad input, a database problem or a file that cannot be written (2), a device that
// cannot be reached (1).

#include <fmt/format.h>

#include <stdexcept>

#include "cli/commands.hpp"
#include "link/transport.hpp"

namespace bfr::cli {

template <class F>
void guarded(const char* what, F&& body) {
  try {
    body();
  } catch (const link::LinkError& e) {
    fmt::print(stderr, "bfr {}: {}\n", what, e.what());
    set_exit_code(kExitFailedCheck);
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "bfr {}: {}\n", what, e.what());
    set_exit_code(kExitBadInput);
  } catch (const std::runtime_error& e) {  // store::StoreError, a report that could not be written
    fmt::print(stderr, "bfr {}: {}\n", what, e.what());
    set_exit_code(kExitBadInput);
  }
}

}  // namespace bfr::cli
