#include "store/pg_db.hpp"

#include <fmt/format.h>

namespace bfr::store::pg {

Param param(std::int64_t v) { return std::to_string(v); }
Param param(int v) { return std::to_string(v); }
Param param(double v) { return fmt::format("{}", v); }  // shortest text that reads back exactly
Param param(bool v) { return v ? "1" : "0"; }
Param param(const std::string& v) { return v; }
Param param(std::span<const std::uint8_t> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + 2 * bytes.size());
  for (const auto b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
  }
  return out;
}

std::int64_t Result::integer(int row, int col) const {
  if (PQfformat(r_, col) == static_cast<int>(Format::text)) return std::stoll(text(row, col));
  const auto* p = reinterpret_cast<const unsigned char*>(PQgetvalue(r_, row, col));
  const auto n = PQgetlength(r_, row, col);
  if (n != 2 && n != 4 && n != 8) throw StoreError(fmt::format("a binary integer of {} bytes", n));
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | p[i];  // network order
  const int unused = 64 - 8 * n;                       // sign-extend a smallint or integer
  return static_cast<std::int64_t>(v << unused) >> unused;
}

std::vector<std::uint8_t> Result::bytes(int row, int col) const {
  if (PQfformat(r_, col) == static_cast<int>(Format::binary)) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(PQgetvalue(r_, row, col));
    return {p, p + PQgetlength(r_, row, col)};
  }
  std::size_t n = 0;
  auto* p = PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(r_, row, col)), &n);
  if (!p) throw StoreError("out of memory reading a bytea");
  std::vector<std::uint8_t> out(p, p + n);
  PQfreemem(p);
  return out;
}

std::int64_t Result::changed() const {
  const char* n = PQcmdTuples(r_);
  return n && *n ? std::stoll(n) : 0;
}

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

Result Connection::checked(PGresult* r) const {
  Result result(r);
  const auto status = PQresultStatus(r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    std::string why = r ? PQresultErrorMessage(r) : PQerrorMessage(c_);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    throw StoreError("database error: " + why);
  }
  return result;
}

const std::string& Connection::prepared(const std::string& sql, std::size_t params) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    const auto name = "openbfr_" + std::to_string(prepared_.size());
    [[maybe_unused]] const auto done = checked(PQprepare(c_, name.c_str(), sql.c_str(), static_cast<int>(params), nullptr));
    it = prepared_.emplace(sql, name).first;
  }
  return it->second;
}

bool Connection::returns_bytes(const std::string& sql, std::size_t params) {
  if (const auto known = bytes_.find(sql); known != bytes_.end()) return known->second;
  constexpr unsigned kBytea = 17;  // pg_type.oid of bytea
  const auto described = checked(PQdescribePrepared(c_, prepared(sql, params).c_str()));
  bool bytes = false;
  for (int c = 0; c < described.columns(); ++c) bytes |= described.type(c) == kBytea;
  return bytes_.emplace(sql, bytes).first->second;
}

Result Connection::exec(const std::string& sql, const std::vector<Param>& params, Format results) {
  if (params.empty() && results == Format::text) return checked(PQexec(c_, sql.c_str()));
  const auto& name = prepared(sql, params.size());
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  return checked(PQexecPrepared(c_, name.c_str(), static_cast<int>(params.size()), values.data(), nullptr, nullptr, static_cast<int>(results)));
}

}  // namespace bfr::store::pg
