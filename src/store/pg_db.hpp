#pragma once
// A thin RAII layer over libpq: a connection, parameterised statements (every value sent as
// text, NULL for an empty optional) and results read by row and column. libpq rather than
// libpqxx: bookworm's libpqxx 6.4 does not bind std::optional parameters. Errors become
// StoreError with the server's message.

#include <libpq-fe.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/store.hpp"

namespace bfr::store::pg {

using Param = std::optional<std::string>;
Param param(std::int64_t v);
Param param(int v);
Param param(double v);
Param param(bool v);
Param param(const std::string& v);
// bytea, in its hex text form.
Param param(std::span<const std::uint8_t> bytes);
template <class T>
Param param(const std::optional<T>& v) {
  return v ? param(*v) : Param{};
}

// How the server sends a result's values: text, or binary (bytea as its bytes, not twice as many
// hex digits to unescape; integers big-endian). Parameters are always sent as text.
enum class Format { text = 0, binary = 1 };

class Result {
 public:
  explicit Result(PGresult* r) : r_(r) {}
  ~Result() { PQclear(r_); }
  Result(Result&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  Result& operator=(Result&&) = delete;

  [[nodiscard]] int rows() const { return PQntuples(r_); }
  [[nodiscard]] int columns() const { return PQnfields(r_); }
  [[nodiscard]] unsigned type(int col) const { return PQftype(r_, col); }  // the column's type OID
  [[nodiscard]] std::int64_t changed() const;  // rows an INSERT, UPDATE or DELETE touched
  [[nodiscard]] bool is_null(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
  [[nodiscard]] std::string text(int row, int col) const { return PQgetvalue(r_, row, col); }
  [[nodiscard]] std::int64_t integer(int row, int col) const;  // smallint, integer or bigint
  [[nodiscard]] double real(int row, int col) const { return std::stod(text(row, col)); }
  [[nodiscard]] std::vector<std::uint8_t> bytes(int row, int col) const;  // a bytea
  [[nodiscard]] std::optional<std::int64_t> optional_integer(int row, int col) const;
  [[nodiscard]] std::optional<double> optional_real(int row, int col) const;
  [[nodiscard]] std::optional<std::string> optional_text(int row, int col) const;

 private:
  PGresult* r_;
};

class Connection {
 public:
  explicit Connection(const std::string& url);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // With parameters, the statement is prepared on first use and reused by its text: parsing and
  // planning each time was most of the server's database CPU (bfr bench serve, docs/server.md).
  Result exec(const std::string& sql, const std::vector<Param>& params = {}, Format results = Format::text);
  // Whether the statement's results hold a bytea column (asked of the server once per statement):
  // such results come back binary (Format::binary).
  bool returns_bytes(const std::string& sql, std::size_t params);

 private:
  [[nodiscard]] Result checked(PGresult* r) const;
  PGconn* c_ = nullptr;
  const std::string& prepared(const std::string& sql, std::size_t params);  // its statement's name
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
  std::unordered_map<std::string, bool> bytes_;             // SQL text -> returns a bytea column
};

}  // namespace bfr::store::pg
