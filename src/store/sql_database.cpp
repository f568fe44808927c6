#include "store/sql_database.hpp"

namespace bfr::store::sql {

namespace {
[[noreturn]] void wrong_type(const char* wanted, int row, int col) {
  throw StoreError("database column " + std::to_string(col) + " of row " + std::to_string(row) + " is not " + wanted);
}
}  // namespace

std::int64_t Rows::integer(int row, int col) const {
  if (const auto* v = std::get_if<std::int64_t>(&at(row, col))) return *v;
  wrong_type("an integer", row, col);
}

double Rows::real(int row, int col) const {
  const auto& v = at(row, col);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  wrong_type("a number", row, col);
}

std::string Rows::text(int row, int col) const {
  const auto& v = at(row, col);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (std::holds_alternative<std::monostate>(v)) return {};
  wrong_type("text", row, col);
}

std::vector<std::uint8_t> Rows::bytes(int row, int col) const {
  if (const auto* b = std::get_if<std::vector<std::uint8_t>>(&at(row, col))) return *b;
  wrong_type("bytes", row, col);
}

std::optional<std::int64_t> Rows::optional_integer(int row, int col) const {
  return is_null(row, col) ? std::nullopt : std::optional(integer(row, col));
}
std::optional<double> Rows::optional_real(int row, int col) const {
  return is_null(row, col) ? std::nullopt : std::optional(real(row, col));
}
std::optional<std::string> Rows::optional_text(int row, int col) const {
  return is_null(row, col) ? std::nullopt : std::optional(text(row, col));
}

}  // namespace bfr::store::sql
