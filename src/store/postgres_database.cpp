#include "store/postgres_database.hpp"

#include <fmt/format.h>

#include <cctype>

#include "store/pg_db.hpp"
#include "core/overloaded.hpp"

namespace bfr::store::sql {

namespace {

// Any number: pg_advisory_xact_lock serialises two processes migrating the same database.
constexpr std::int64_t kMigrationLock = 0x0B5F;

// pg_type.oid of the types the schema uses.
constexpr unsigned kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701, kNumeric = 1700;

// ?1 ... ?n as PostgreSQL's $1 ... $n. The store's SQL has no ? inside a literal.
std::string dollars(const std::string& sql) {
  std::string out = sql;
  for (std::size_t i = 0; i + 1 < out.size(); ++i)
    if (out[i] == '?' && std::isdigit(static_cast<unsigned char>(out[i + 1]))) out[i] = '$';
  return out;
}

pg::Param param(const Value& v) {
  return std::visit(Overloaded{[](std::monostate) { return pg::Param{}; }, [](std::int64_t x) { return pg::param(x); },
                               [](double x) { return pg::param(x); }, [](const std::string& x) { return pg::param(x); },
                               [](const std::vector<std::uint8_t>& x) { return pg::param(std::span<const std::uint8_t>(x)); }},
                    v);
}

Value cell(const pg::Result& r, int row, int col) {
  if (r.is_null(row, col)) return {};
  switch (r.type(col)) {
    case kInt2:
    case kInt4:
    case kInt8: return r.integer(row, col);
    case kFloat4:
    case kFloat8:
    case kNumeric: return r.real(row, col);
    case kBytea: return r.bytes(row, col);
    case kBool: return std::int64_t{r.text(row, col) == "t" ? 1 : 0};
    default: return r.text(row, col);
  }
}

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(const std::string& url) : db_(url) {}
  [[nodiscard]] Dialect dialect() const override { return Dialect::postgres; }

  Rows query(const std::string& sql, const std::vector<Value>& params) override {
    const auto text = dollars(sql);
    // Bytes come back binary: a chart's 57 sample blocks as bytes, not as hex text twice their
    // size to unescape (docs/sessions.md: the chart's p99 on PostgreSQL). Only int, bytea and
    // text columns travel binary in such results (pg::Result reads those).
    const auto format = db_.returns_bytes(text, params.size()) ? pg::Format::binary : pg::Format::text;
    const auto r = db_.exec(text, converted(params), format);
    if (format == pg::Format::binary)
      for (int c = 0; c < r.columns(); ++c)
        if (r.type(c) == kFloat4 || r.type(c) == kFloat8 || r.type(c) == kNumeric || r.type(c) == kBool)
          throw StoreError(fmt::format("column {} of a binary result is of type {}, which is read as text only", c, r.type(c)));
    std::vector<Value> cells;
    cells.reserve(static_cast<std::size_t>(r.rows() * r.columns()));
    for (int i = 0; i < r.rows(); ++i)
      for (int c = 0; c < r.columns(); ++c) cells.push_back(cell(r, i, c));
    return {r.columns(), std::move(cells)};
  }
  std::int64_t execute(const std::string& sql, const std::vector<Value>& params) override {
    return db_.exec(dollars(sql), converted(params)).changed();
  }
  Id insert(const std::string& sql, const std::vector<Value>& params) override {
    return db_.exec(dollars(sql) + " RETURNING id", converted(params)).integer(0, 0);
  }
  void script(const std::string& sql) override { db_.exec(sql); }

  void begin() override { db_.exec("BEGIN"); }
  void commit() override { db_.exec("COMMIT"); }
  void rollback() noexcept override {
    try {
      db_.exec("ROLLBACK");
    } catch (const StoreError&) {
    }
  }

  [[nodiscard]] std::string_view position_function() const override { return "strpos"; }
  void lock_schema() override { db_.exec("SELECT pg_advisory_xact_lock($1)", {pg::param(kMigrationLock)}); }
  void schema_version_is(int) override {}

 private:
  static std::vector<pg::Param> converted(const std::vector<Value>& params) {
    std::vector<pg::Param> out;
    out.reserve(params.size());
    for (const auto& v : params) out.push_back(param(v));
    return out;
  }
  pg::Connection db_;
};

}  // namespace

std::unique_ptr<Database> open_postgres_database(const std::string& url) { return std::make_unique<PostgresDatabase>(url); }

}  // namespace bfr::store::sql
