#pragma once
// A thin RAII layer over the SQLite C API: a connection, prepared statements with typed binds
// and columns, and transactions that roll back unless committed. Errors become StoreError with
// SQLite's own message.

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "store/store.hpp"

namespace bfr::store::sqlite {

class Statement {
 public:
  Statement(sqlite3* db, const char* sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& o) noexcept : db_(o.db_), stmt_(std::exchange(o.stmt_, nullptr)) {}
  Statement& operator=(Statement&&) = delete;

  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, int v) { return bind(i, std::int64_t{v}); }
  Statement& bind(int i, double v);
  Statement& bind(int i, const std::string& v);
  Statement& bind(int i, bool v) { return bind(i, std::int64_t{v ? 1 : 0}); }
  Statement& bind(int i, std::span<const std::uint8_t> blob);
  template <class T>
  Statement& bind(int i, const std::optional<T>& v) {
    if (v) return bind(i, *v);
    return bind_null(i);
  }
  Statement& bind_null(int i);

  bool step();  // true while there is a row
  void run();   // one step that must not return a row
  void reset();

  [[nodiscard]] std::int64_t integer(int col) const;
  [[nodiscard]] double real(int col) const;
  [[nodiscard]] std::string text(int col) const;
  [[nodiscard]] std::vector<std::uint8_t> blob(int col) const;
  [[nodiscard]] bool is_null(int col) const;
  [[nodiscard]] int columns() const { return sqlite3_column_count(stmt_); }
  [[nodiscard]] int type(int col) const { return sqlite3_column_type(stmt_, col); }  // SQLITE_INTEGER, ...
  [[nodiscard]] std::optional<std::int64_t> optional_integer(int col) const;
  [[nodiscard]] std::optional<double> optional_real(int col) const;
  [[nodiscard]] std::optional<std::string> optional_text(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Connection {
 public:
  explicit Connection(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(const std::string& sql);
  Statement prepare(const char* sql) { return Statement(db_, sql); }
  [[nodiscard]] std::int64_t last_id() const { return sqlite3_last_insert_rowid(db_); }
  [[nodiscard]] std::int64_t changes() const { return sqlite3_changes64(db_); }
  [[nodiscard]] sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Connection& c) : c_(c) { c_.exec("BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (!done_) sqlite3_exec(c_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    c_.exec("COMMIT");
    done_ = true;
  }

 private:
  Connection& c_;
  bool done_ = false;
};

}  // namespace bfr::store::sqlite
