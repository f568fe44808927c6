#include "server/static_files.hpp"

#include <fstream>
#include <iterator>
#include <sstream>

namespace bfr::server {

std::string content_type_for(const std::filesystem::path& file) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"}, {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},   {".svg", "image/svg+xml"},                  {".png", "image/png"},
      {".json", "application/json"},         {".ico", "image/x-icon"},                   {".txt", "text/plain; charset=utf-8"}};
  const auto it = kTypes.find(file.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

StaticFiles::StaticFiles(const std::filesystem::path& root) {
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) return;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const auto relative = entry.path().lexically_relative(root).generic_string();
    files_["/" + relative] = {bytes.str(), content_type_for(entry.path())};
  }
}

const StaticFile* StaticFiles::find(const std::string& path) const {
  const auto it = files_.find(path == "/" ? "/index.html" : path);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace bfr::server
