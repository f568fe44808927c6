#pragma once
// Route paths with named parts: "/api/athletes/{id}/plans" or "/api/sessions/{id}/report.{format}".
// A part in braces matches the text of one path segment (never a '/', never empty); the text
// around it in the same segment must match exactly.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bfr::server::http {

using PathParams = std::vector<std::pair<std::string, std::string>>;

// The named parts of `path`, if it matches `pattern`; nothing otherwise.
[[nodiscard]] std::optional<PathParams> match_path(std::string_view pattern, std::string_view path);

}  // namespace bfr::server::http
