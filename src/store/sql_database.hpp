#pragma once
// The small database interface the store is written once over: execute, query, insert returning
// the new row's id, and transactions. SQLite and PostgreSQL are thin dialect adapters behind it
// (sqlite_database.cpp, postgres_database.cpp), so that every query, row mapper and domain rule is
// written once (sql_store.cpp).
//
// SQL uses numbered parameters, ?1 ... ?n (the PostgreSQL adapter writes them as $1 ... $n). A
// parameter whose type the SQL does not fix is cast (CAST(?1 AS BIGINT)): PostgreSQL deduces one
// type per parameter when it prepares a statement.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "store/records.hpp"
#include "store/store.hpp"

namespace bfr::store::sql {

// NULL, an integer, a real, text or bytes.
using Value = std::variant<std::monostate, std::int64_t, double, std::string, std::vector<std::uint8_t>>;

inline Value value(std::int64_t v) { return v; }
inline Value value(int v) { return std::int64_t{v}; }
inline Value value(double v) { return v; }
inline Value value(bool v) { return std::int64_t{v ? 1 : 0}; }  // both schemas keep flags as INTEGER 0/1
inline Value value(const std::string& v) { return v; }
inline Value value(const char* v) { return std::string(v); }
inline Value value(std::span<const std::uint8_t> v) { return std::vector<std::uint8_t>(v.begin(), v.end()); }
template <class T>
Value value(const std::optional<T>& v) {
  return v ? value(*v) : Value{};
}
template <class... T>
std::vector<Value> values(const T&... v) {
  return {value(v)...};
}

// A query's rows, read by row and column.
class Rows {
 public:
  Rows(int columns, std::vector<Value> cells) : columns_(columns), cells_(std::move(cells)) {}
  [[nodiscard]] int size() const { return columns_ ? static_cast<int>(cells_.size()) / columns_ : 0; }
  [[nodiscard]] bool empty() const { return size() == 0; }
  [[nodiscard]] bool is_null(int row, int col) const { return std::holds_alternative<std::monostate>(at(row, col)); }
  [[nodiscard]] std::int64_t integer(int row, int col) const;
  [[nodiscard]] double real(int row, int col) const;  // an integer reads as a real
  [[nodiscard]] std::string text(int row, int col) const;  // NULL reads as empty
  [[nodiscard]] std::vector<std::uint8_t> bytes(int row, int col) const;
  [[nodiscard]] bool flag(int row, int col) const { return integer(row, col) != 0; }
  [[nodiscard]] std::optional<std::int64_t> optional_integer(int row, int col) const;
  [[nodiscard]] std::optional<double> optional_real(int row, int col) const;
  [[nodiscard]] std::optional<std::string> optional_text(int row, int col) const;

 private:
  [[nodiscard]] const Value& at(int row, int col) const { return cells_[static_cast<std::size_t>(row * columns_ + col)]; }
  int columns_;
  std::vector<Value> cells_;
};

// One row of a result, its columns counted from `first`: where a query sets several kinds of
// record side by side (a UNION ALL of kinds), each kind's reader starts at its own columns.
class Row {
 public:
  Row(const Rows& rows, int row, int first = 0) : rows_(rows), row_(row), first_(first) {}
  [[nodiscard]] Row from(int column) const { return {rows_, row_, first_ + column}; }
  [[nodiscard]] bool is_null(int col) const { return rows_.is_null(row_, first_ + col); }
  [[nodiscard]] std::int64_t integer(int col) const { return rows_.integer(row_, first_ + col); }
  [[nodiscard]] double real(int col) const { return rows_.real(row_, first_ + col); }
  [[nodiscard]] std::string text(int col) const { return rows_.text(row_, first_ + col); }
  [[nodiscard]] std::vector<std::uint8_t> bytes(int col) const { return rows_.bytes(row_, first_ + col); }
  [[nodiscard]] bool flag(int col) const { return rows_.flag(row_, first_ + col); }
  [[nodiscard]] std::optional<std::int64_t> optional_integer(int col) const { return rows_.optional_integer(row_, first_ + col); }
  [[nodiscard]] std::optional<double> optional_real(int col) const { return rows_.optional_real(row_, first_ + col); }
  [[nodiscard]] std::optional<std::string> optional_text(int col) const { return rows_.optional_text(row_, first_ + col); }

 private:
  const Rows& rows_;
  int row_, first_;
};

enum class Dialect { sqlite, postgres };

class Database {
 public:
  virtual ~Database() = default;
  [[nodiscard]] virtual Dialect dialect() const = 0;

  // Statements with parameters; `execute` answers how many rows it changed.
  virtual Rows query(const std::string& sql, const std::vector<Value>& params = {}) = 0;
  virtual std::int64_t execute(const std::string& sql, const std::vector<Value>& params = {}) = 0;
  // An INSERT into a table with an `id` key; answers the new row's id.
  virtual Id insert(const std::string& sql, const std::vector<Value>& params) = 0;
  // Several statements without parameters (a migration's text).
  virtual void script(const std::string& sql) = 0;

  virtual void begin() = 0;  // SQLite: BEGIN IMMEDIATE (the write lock at once); PostgreSQL: BEGIN
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;

  // The dialect's few differences that are not a migration's text.
  [[nodiscard]] virtual std::string_view position_function() const = 0;  // instr / strpos (haystack, needle)
  virtual void lock_schema() = 0;                     // in the migration's transaction, against another process migrating
  virtual void schema_version_is(int version) = 0;    // after a migration (SQLite's user_version)
};

// BEGIN on construction; ROLLBACK on destruction unless committed.
class Transaction {
 public:
  explicit Transaction(Database& db) : db_(db) { db_.begin(); }
  ~Transaction() {
    if (!done_) db_.rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    db_.commit();
    done_ = true;
  }

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace bfr::store::sql
