#pragma once
// Clinics and their administrators, made from the machine the server runs on (`bfr serve` on
// first start, `bfr clinic add`): the only way to a new clinic, so no web request can make one.

#include <string>

#include "store/store.hpp"

namespace bfr::server {

// An administrator account with a random password, to be shown once.
struct NewAdmin {
  store::Id clinic = 0;
  std::string email, password;
};

// Adds an administrator to a clinic; throws std::invalid_argument for a bad or taken e-mail address.
NewAdmin add_admin(store::Store& db, store::Id clinic, const std::string& email, const std::string& why);
// Adds a clinic and its first administrator.
NewAdmin add_clinic(store::Store& db, const std::string& name, const std::string& admin_email);

}  // namespace bfr::server
