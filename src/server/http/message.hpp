#pragma once
// A request and its answer as the clinic's handlers see them. No HTTP library's types appear
// here, so handlers, the route table and their tests do not depend on the server underneath
// (http_server.cpp, Boost.Beast).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bfr::server::http {

// The methods the API answers; anything else is refused before a handler runs.
enum class Method { get, post, delete_ };

[[nodiscard]] std::string_view to_string(Method m);

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  Method method = Method::get;
  std::string path;   // decoded of nothing: the target up to '?'
  std::string query;  // after '?', still percent-encoded
  Headers headers;    // names in lower case
  std::string body;
  std::string remote_addr;
  bool secure = false;  // came over TLS (or through a trusted proxy that says so)

  // The first header of that name (give it in lower case), or empty.
  [[nodiscard]] std::string header(std::string_view lower_name) const;
  // A query parameter, percent-decoded ('+' is a space); nothing if absent.
  [[nodiscard]] std::optional<std::string> query_param(std::string_view name) const;
};

// Server-sent events, pulled by the server on its event loop every period (no thread of its
// own): each call returns the next frames to send, or nothing when there is nothing new.
class EventSource {
 public:
  virtual ~EventSource() = default;
  virtual std::string next_frames() = 0;
  // True once the last frame has been returned: the stream then ends.
  [[nodiscard]] virtual bool finished() const = 0;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  Headers headers;
  std::shared_ptr<EventSource> events;  // set: a text/event-stream that follows the headers

  void set_header(std::string name, std::string value);
  [[nodiscard]] bool has_header(std::string_view name) const;
};

// Percent-decoding of a query component; nothing if the escapes are malformed.
[[nodiscard]] std::optional<std::string> percent_decoded(std::string_view s, bool plus_is_space);

}  // namespace bfr::server::http
