#include "server/role.hpp"

namespace bfr::server {

std::optional<Role> role_named(std::string_view word) {
  if (word == "admin") return Role::admin;
  if (word == "clinician") return Role::clinician;
  if (word == "athlete") return Role::athlete;
  return std::nullopt;
}

}  // namespace bfr::server
