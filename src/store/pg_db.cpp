#include "store/pg_db.hpp"

#include <fmt/format.h>

namespace bfr::store::pg {

Param param(std::int64_t v) { return std::to_string(v); }
Param param(int v) { return std::to_string(v); }
Param param(double v) { return fmt::format("{}", v); }  // shortest text that reads back exactly
Param param(bool v) { return v ? "1" : "0"; }
Param param(const std::string& v) { return v; }

std::optional<std::int64_t> Result::optional_integer(int row, int col) const {
  return is_null(row, col) ? std::nullopt : std::optional(integer(row, col));
}
std::optional<double> Result::optional_real(int row, int col) const {
  return is_null(row, col) ? std::nullopt : std::optional(real(row, col));
}
std::optional<std::string> Result::optional_text(int row, int col) const {
  return is_null(row, col) ? std::nullopt : std::optional(text(row, col));
}

Connection::Connection(const std::string& url) : c_(PQconnectdb(url.c_str())) {
  if (PQstatus(c_) != CONNECTION_OK) {
    const std::string why = c_ ? PQerrorMessage(c_) : "out of memory";
    PQfinish(c_);
    throw StoreError("cannot connect to the PostgreSQL database: " + why);
  }
  exec("SET client_min_messages = warning");
}

Connection::~Connection() { PQfinish(c_); }

Result Connection::exec(const std::string& sql, const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  PGresult* r = params.empty() ? PQexec(c_, sql.c_str())
                               : PQexecParams(c_, sql.c_str(), static_cast<int>(params.size()), nullptr, values.data(), nullptr,
                                              nullptr, 0);
  Result result(r);
  const auto status = PQresultStatus(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    std::string why = r ? PQresultErrorMessage(r) : PQerrorMessage(c_);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    throw StoreError("database error: " + why);
  }
  return result;
}

}  // namespace bfr::store::pg
