#include "server/http/path_pattern.hpp"

namespace bfr::server::http {

namespace {

// Splits at '/', keeping empty segments so that "/a//b" never matches "/a/{x}/b".
std::vector<std::string_view> segments(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const auto slash = s.find('/', start);
    out.push_back(s.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) return out;
    start = slash + 1;
  }
}

bool match_segment(std::string_view pattern, std::string_view text, PathParams& params) {
  const auto open = pattern.find('{');
  if (open == std::string_view::npos) return pattern == text;
  const auto close = pattern.find('}', open);
  const auto prefix = pattern.substr(0, open), suffix = pattern.substr(close + 1);
  if (text.size() <= prefix.size() + suffix.size()) return false;  // the part is never empty
  if (text.substr(0, prefix.size()) != prefix || text.substr(text.size() - suffix.size()) != suffix) return false;
  params.emplace_back(std::string(pattern.substr(open + 1, close - open - 1)),
                      std::string(text.substr(prefix.size(), text.size() - prefix.size() - suffix.size())));
  return true;
}

}  // namespace

std::optional<PathParams> match_path(std::string_view pattern, std::string_view path) {
  const auto want = segments(pattern), got = segments(path);
  if (want.size() != got.size()) return std::nullopt;
  PathParams params;
  for (std::size_t i = 0; i < want.size(); ++i)
    if (!match_segment(want[i], got[i], params)) return std::nullopt;
  return params;
}

}  // namespace bfr::server::http
