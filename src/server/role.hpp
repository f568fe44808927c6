#pragma once
// Who an account is, as a type: the store keeps the word ("admin", "clinician", "athlete").

#include <optional>
#include <string_view>

namespace bfr::server {

enum class Role { admin, clinician, athlete };

[[nodiscard]] std::optional<Role> role_named(std::string_view word);
[[nodiscard]] constexpr bool is_staff(Role r) { return r == Role::admin || r == Role::clinician; }

}  // namespace bfr::server
