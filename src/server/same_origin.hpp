#pragma once
// A change must come from the clinic app itself (issue 17: a cross-site text/plain form signed a
// browser into someone else's account). A page on another site can send a simple form (text/plain,
// urlencoded, multipart) without the browser asking first, but not application/json; and a browser
// names the page's origin on every such request.

#include <optional>

#include "server/api.hpp"

namespace bfr::server {

// For a request that changes something (not GET): 415 unless its body is JSON, 403 if it names an
// origin other than this server's. A client that is not a browser (no Origin header) is let in:
// it has no other site's page to act from.
[[nodiscard]] std::optional<HttpError> refused_cross_site(const http::Request& req);

}  // namespace bfr::server
