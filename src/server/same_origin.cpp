#include "server/same_origin.hpp"

#include <algorithm>
#include <cctype>

namespace bfr::server {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

std::optional<HttpError> refused_cross_site(const http::Request& req) {
  if (req.method == http::Method::get) return std::nullopt;
  const auto type = lower(req.header("content-type"));
  if (type != "application/json" && type.rfind("application/json;", 0) != 0)
    return HttpError{415, "send the request as JSON (Content-Type: application/json)"};
  const auto origin = lower(req.header("origin"));
  if (origin.empty()) return std::nullopt;
  const auto host = lower(req.header("host"));
  if (host.empty() || (origin != "http://" + host && origin != "https://" + host))
    return HttpError{403, "a change from another site's page is refused"};
  return std::nullopt;
}

}  // namespace bfr::server
