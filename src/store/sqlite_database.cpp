#include "store/sqlite_database.hpp"

#include "store/sqlite_db.hpp"
#include "core/overloaded.hpp"

namespace bfr::store::sql {

namespace {

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(const std::string& path) : db_(path) {
    db_.exec("PRAGMA journal_mode = WAL");
    db_.exec("PRAGMA synchronous = NORMAL");
    db_.exec("PRAGMA foreign_keys = ON");
  }
  [[nodiscard]] Dialect dialect() const override { return Dialect::sqlite; }

  Rows query(const std::string& sql, const std::vector<Value>& params) override {
    auto q = bound(sql, params);
    const int columns = q.columns();
    std::vector<Value> cells;
    while (q.step())
      for (int c = 0; c < columns; ++c) cells.push_back(cell(q, c));
    return {columns, std::move(cells)};
  }
  std::int64_t execute(const std::string& sql, const std::vector<Value>& params) override {
    bound(sql, params).run();
    return db_.changes();
  }
  Id insert(const std::string& sql, const std::vector<Value>& params) override {
    bound(sql, params).run();
    return db_.last_id();
  }
  void script(const std::string& sql) override { db_.exec(sql); }

  void begin() override { db_.exec("BEGIN IMMEDIATE"); }
  void commit() override { db_.exec("COMMIT"); }
  void rollback() noexcept override { sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr); }

  [[nodiscard]] std::string_view position_function() const override { return "instr"; }
  void lock_schema() override {}  // BEGIN IMMEDIATE already holds the write lock
  void schema_version_is(int version) override { db_.exec("PRAGMA user_version = " + std::to_string(version)); }

 private:
  sqlite::Statement bound(const std::string& sql, const std::vector<Value>& params) {
    auto q = db_.prepare(sql.c_str());
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int at = static_cast<int>(i) + 1;
      std::visit(Overloaded{[&](std::monostate) { q.bind_null(at); }, [&](std::int64_t v) { q.bind(at, v); },
                            [&](double v) { q.bind(at, v); }, [&](const std::string& v) { q.bind(at, v); },
                            [&](const std::vector<std::uint8_t>& v) { q.bind(at, std::span<const std::uint8_t>(v)); }},
                 params[i]);
    }
    return q;
  }
  static Value cell(const sqlite::Statement& q, int c) {
    switch (q.type(c)) {
      case SQLITE_NULL: return {};
      case SQLITE_INTEGER: return q.integer(c);
      case SQLITE_FLOAT: return q.real(c);
      case SQLITE_BLOB: return q.blob(c);
      default: return q.text(c);
    }
  }
  sqlite::Connection db_;
};

}  // namespace

std::unique_ptr<Database> open_sqlite_database(const std::string& path) { return std::make_unique<SqliteDatabase>(path); }

}  // namespace bfr::store::sql
