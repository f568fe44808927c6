#include "store/store.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cctype>
#include <ctime>

#include <fmt/format.h>

#include "store/sql_store.hpp"

namespace bfr::store {

std::string utc_iso(std::chrono::system_clock::time_point at) {
  const auto t = std::chrono::system_clock::to_time_t(at);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec, ms);
}

std::string now_utc() { return utc_iso(std::chrono::system_clock::now()); }

std::optional<std::chrono::system_clock::time_point> parse_utc_iso(const std::string& text) {
  std::tm tm{};
  int ms = 0;
  char sep = 0;
  const int n = std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d.%3d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &sep, &tm.tm_hour,
                            &tm.tm_min, &tm.tm_sec, &ms);
  if (n < 7 || (sep != 'T' && sep != ' ')) return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const auto t = timegm(&tm);
  if (t == -1) return std::nullopt;
  return std::chrono::system_clock::from_time_t(t) + std::chrono::milliseconds(n == 8 ? ms : 0);
}

std::string normalised_email(const std::string& email) {
  const auto first = email.find_first_not_of(" \t");
  const auto last = email.find_last_not_of(" \t");
  std::string out = first == std::string::npos ? std::string() : email.substr(first, last - first + 1);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string default_store_url() {
  if (const char* db = std::getenv("BFR_DB"); db && *db) return db;
  std::filesystem::path dir;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) dir = xdg;
  else if (const char* home = std::getenv("HOME"); home && *home) dir = std::filesystem::path(home) / ".local" / "share";
  else dir = ".";
  return "sqlite:" + (dir / "openbfr" / "openbfr.sqlite").string();
}

std::unique_ptr<Store> open_store(const std::string& url) {
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) return open_postgres_store(url);
  std::string path = url;
  if (url.rfind("sqlite:", 0) == 0) path = url.substr(7);
  else if (url.find("://") != std::string::npos)
    throw StoreError("unsupported database URL '" + url + "': use sqlite:PATH or postgresql://user@host:port/database");
  if (path.empty()) throw StoreError("the database URL '" + url + "' names no file");
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) throw StoreError("cannot create the database folder '" + parent.string() + "': " + ec.message());
  }
  return open_sqlite_store(path);
}

}  // namespace bfr::store
