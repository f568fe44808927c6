#pragma once
// The web app's files (index.html, scripts, styles, vendored libraries), read into memory once
// at start-up and answered by exact path: a request can name only a file that was loaded, so no
// path can reach outside the web root.

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace bfr::server {

struct StaticFile {
  std::string bytes;
  std::string content_type;
};

class StaticFiles {
 public:
  // Loads every regular file under root; an absent root loads nothing (the API still works).
  explicit StaticFiles(const std::filesystem::path& root);
  // "/" is index.html; otherwise the path as requested, e.g. "/js/main.js".
  [[nodiscard]] const StaticFile* find(const std::string& path) const;
  [[nodiscard]] bool has_app() const { return files_.count("/index.html") > 0; }
  [[nodiscard]] std::size_t size() const { return files_.size(); }

 private:
  std::map<std::string, StaticFile> files_;
};

// The media type for a file name's extension; application/octet-stream when unknown.
std::string content_type_for(const std::filesystem::path& file);

}  // namespace bfr::server
