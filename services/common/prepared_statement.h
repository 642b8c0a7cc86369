#pragma once
// PreparedStatement: a statement PostgreSQL parses and plans once per connection instead of on every call.
//
// exec_params sends the SQL text with every call, and the server parses, analyses and plans it anew each time.
// For the short, hot statements of a write path (a dossier transition runs about ten) that work costs more
// server time than executing them: pgbench ran a transition's statements at about 280 commits/s sent as text
// and 440/s prepared, 16 clients on the same server (bench/RESULTS.md). A PreparedStatement is defined on a connection the
// first time it runs there (libpqxx registers it with the server on that first use) and executed by name
// afterwards; PostgreSQL replans it when the schema changes.
//
// Only for statements whose best plan does not depend on the parameters (primary-key lookups and writes):
// after five executions PostgreSQL may switch a prepared statement to one generic plan, which would be wrong
// for a query with optional filters such as the inbox or search.
//
//   static const common::PreparedStatement kBump("dossier_bump", "UPDATE t SET n = n + 1 WHERE id = $1");
//   kBump.Exec(txn, id);
#include <string>
#include <utility>

#include <pqxx/connection_base>
#include <pqxx/result>
#include <pqxx/transaction_base>

namespace tdkt::common {

class PreparedStatement {
 public:
  // `name` must be unique per connection (prefix it with the schema); `sql` uses $1, $2, … like exec_params.
  PreparedStatement(std::string name, std::string sql) : name_(std::move(name)), sql_(std::move(sql)) {}

  // Runs the statement in `txn` with `args` (the argument types exec_params takes).
  template <typename... Args>
  pqxx::result Exec(pqxx::transaction_base& txn, Args&&... args) const {
    // Defines the statement on this connection the first time; afterwards a lookup that finds the same text.
    txn.conn().prepare(name_, sql_);
    return txn.exec_prepared(name_, std::forward<Args>(args)...);
  }

  const std::string& name() const { return name_; }
  const std::string& sql() const { return sql_; }

 private:
  std::string name_;
  std::string sql_;
};

}  // namespace tdkt::common
