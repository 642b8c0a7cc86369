#include "bench/transition/pgbench_reference.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/dossier/store_sql.h"

namespace tdkt::bench {
namespace {

using dossier::store_sql::DeadlineColumns;  // the service's own SQL for the load
using dossier::store_sql::DossierColumns;
using dossier::store_sql::LastDeadlineJoin;

constexpr char kPgbench[] = "/usr/lib/postgresql/15/bin/pgbench";
constexpr char kFrozenId[] = "pgb-template";

// The dossier of pgbench client :client_id in run :run, as SQL (pgbench variables are untyped parameters).
constexpr char kId[] = "('pgb-' || CAST(:run AS text) || '-' || CAST(:client_id AS text))";

// What the service wrote for the template's last transition: the dossier's changed columns, the history entry,
// the last deadline row, the idempotency row (the last one claimed) — one row of bench.step.
constexpr char kCaptureStep[] =
    "SELECT $2::int AS step, d.snapshot, d.state, d.level_index, d.holder_org_id, d.current_level, d.due_date, "
    "d.held_org_ids, e.type AS event_type, e.actor_id, e.payload, dl.deadline_no, dl.level_index AS dl_level_index, "
    "dl.org_id AS dl_org_id, dl.received_at AS dl_received_at, dl.working_days AS dl_working_days, "
    "dl.due_date AS dl_due_date, dl.paused_at IS NOT NULL AS dl_paused, dl.pauses AS dl_pauses, "
    "dl.escalation_count AS dl_escalation_count, dl.state AS dl_state, i.fingerprint, i.response "
    "FROM dossier.dossier d JOIN dossier.event e ON e.dossier_id = d.id AND e.seq = d.version "
    "CROSS JOIN LATERAL (SELECT * FROM dossier.deadline x WHERE x.dossier_id = d.id "
    "ORDER BY x.deadline_no DESC LIMIT 1) dl "
    "CROSS JOIN LATERAL (SELECT fingerprint, response FROM dossier.idempotency ORDER BY created_at DESC "
    "LIMIT 1) i WHERE d.id = $1";

// The rows of one step, written for the client's dossier at :version (whose history head is :head); :step is
// the step to write. The versioned update and the event hand the next version and hash to the next transaction.
std::string Writes() {
  std::ostringstream s;
  s << "UPDATE dossier.dossier d SET snapshot = s.snapshot, state = s.state, level_index = s.level_index, "
       "holder_org_id = s.holder_org_id, state_changed_at = now(), version = d.version + 1, updated_at = now(), "
       "current_level = s.current_level, due_date = s.due_date, held_org_ids = s.held_org_ids "
       "FROM bench.step s WHERE d.id = " << kId << " AND d.version = :version AND s.step = :step "
       "RETURNING d.version AS version \\gset\n"
    << "INSERT INTO dossier.event (dossier_id, seq, version, type, actor_id, occurred_at, payload, prev_hash, hash) "
       "SELECT " << kId << ", :version, :version, s.event_type, s.actor_id, now(), s.payload, CAST(:head AS text), "
       "encode(sha256(convert_to(CAST(:head AS text) || E'\\n' || s.payload, 'UTF8')), 'hex') "
       "FROM bench.step s WHERE s.step = :step RETURNING hash AS head \\gset\n"
    << "INSERT INTO dossier.deadline (dossier_id, deadline_no, level_index, org_id, received_at, working_days, "
       "due_date, paused_at, pauses, escalation_count, state) SELECT " << kId << ", s.deadline_no, "
       "s.dl_level_index, s.dl_org_id, s.dl_received_at, s.dl_working_days, s.dl_due_date, "
       "CASE WHEN s.dl_paused THEN now() END, s.dl_pauses, s.dl_escalation_count, s.dl_state "
       "FROM bench.step s WHERE s.step = :step ON CONFLICT (dossier_id, deadline_no) DO UPDATE SET "
       "due_date = EXCLUDED.due_date, paused_at = EXCLUDED.paused_at, pauses = EXCLUDED.pauses, "
       "escalation_count = EXCLUDED.escalation_count, state = EXCLUDED.state;\n"
    << "INSERT INTO dossier.outbox (event_id, dossier_id, event_seq, type, envelope) "
       "SELECT gen_random_uuid()::text, " << kId << ", :version, o.type, o.envelope "
       "FROM bench.step_outbox o WHERE o.step = :step ORDER BY o.n;\n";
  return s.str();
}

// The client's request id for the transition from :version.
std::string RequestId() { return absl::StrCat("(", kId, " || '-' || CAST(:version AS text))"); }

std::string SingleTransactionScript() {
  std::ostringstream s;
  s << "\\set step (:version - :first_version) % 2\n"
    << "BEGIN;\n"
    << "INSERT INTO dossier.idempotency (request_id, fingerprint, response) SELECT " << RequestId()
    << ", s.fingerprint, s.response FROM bench.step s WHERE s.step = :step;\n"
    << Writes() << "COMMIT;\n";
  return s.str();
}

std::string ServiceStatementsScript() {
  std::ostringstream s;
  s << "\\set step (:version - :first_version) % 2\n"
    << "BEGIN;\n"
    << "SET LOCAL synchronous_commit = on;\n"
    // common::Idempotency::Claim: the placeholder row.
    << "INSERT INTO dossier.idempotency (request_id, fingerprint, response) SELECT " << RequestId()
    << ", s.fingerprint, ''::bytea FROM bench.step s WHERE s.step = :step "
       "ON CONFLICT (request_id) DO NOTHING RETURNING request_id AS claimed \\gset\n"
    // TransitionTransaction::Lock: the row lock, then the row, its last deadline and the history head.
    << "SELECT 1 FROM dossier.dossier WHERE id = " << kId << " FOR UPDATE;\n"
    << "SELECT " << DossierColumns("d") << ", " << DeadlineColumns("dl")
    << ", (SELECT e.hash FROM dossier.event e WHERE e.dossier_id = d.id AND e.seq = d.version) "
       "FROM dossier.dossier d " << LastDeadlineJoin("d") << " WHERE d.id = " << kId << ";\n"
    << Writes()
    // common::Idempotency::Record.
    << "UPDATE dossier.idempotency i SET response = s.response FROM bench.step s "
       "WHERE i.request_id = :claimed AND s.step = :step;\n"
    << "COMMIT;\n";
  return s.str();
}

absl::StatusOr<std::string> RunCommand(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return absl::InternalError("cannot run " + command);
  std::string output;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  const int status = pclose(pipe);
  if (status != 0) return absl::InternalError(absl::StrCat("pgbench failed (", status, "):\n", output));
  return output;
}

// pgbench --log lines: client_id transaction_no time_us script_no time_epoch time_us_fraction.
std::vector<double> LatenciesFromLogs(const std::string& dir) {
  std::vector<double> latencies_ms;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("pgbench_log", 0) != 0) continue;
    std::ifstream log(entry.path());
    std::string line;
    while (std::getline(log, line)) {
      std::vector<std::string> fields = absl::StrSplit(line, ' ');
      double micros = 0;
      if (fields.size() >= 3 && absl::SimpleAtod(fields[2], &micros)) latencies_ms.push_back(micros / 1000.0);
    }
    std::filesystem::remove(entry.path());
  }
  return latencies_ms;
}

// Copies dossier `from` (row, history, deadlines) to the ids `to_sql` yields per value c of `copies_sql`.
void CopyDossier(pqxx::work& w, const std::string& from, const std::string& to_sql, const std::string& copies_sql) {
  // Every stored column (whatever later migrations add), with the id and tracking code replaced.
  std::string columns;
  std::string values;
  for (const auto& row : w.exec(
           "SELECT column_name FROM information_schema.columns WHERE table_schema = 'dossier' AND "
           "table_name = 'dossier' AND is_generated = 'NEVER' ORDER BY ordinal_position")) {
    const std::string column = row[0].as<std::string>();
    columns += (columns.empty() ? "" : ", ") + column;
    values += values.empty() ? "" : ", ";
    values += column == "id" ? to_sql : column == "tracking_code" ? absl::StrCat("'tc-' || ", to_sql) : column;
  }
  w.exec_params(absl::StrCat("INSERT INTO dossier.dossier (", columns, ") SELECT ", values, " FROM dossier.dossier, ",
                             copies_sql, " WHERE id = $1"),
                from);
  w.exec_params(absl::StrCat("INSERT INTO dossier.event SELECT ", to_sql, ", seq, version, type, actor_id, "
                             "occurred_at, payload, prev_hash, hash FROM dossier.event, ",
                             copies_sql, " WHERE dossier_id = $1"),
                from);
  w.exec_params(absl::StrCat("INSERT INTO dossier.deadline SELECT ", to_sql, ", deadline_no, level_index, org_id, "
                             "received_at, working_days, due_date, paused_at, pauses, escalation_count, state "
                             "FROM dossier.deadline, ",
                             copies_sql, " WHERE dossier_id = $1"),
                from);
}

}  // namespace

PgbenchReference::PgbenchReference(std::string database_url, std::string template_dossier_id)
    : database_url_(std::move(database_url)), template_id_(std::move(template_dossier_id)) {
  dir_ = absl::StrCat(std::filesystem::temp_directory_path().string(), "/tdkt-pgbench-", getpid());
}

PgbenchReference::~PgbenchReference() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

absl::Status PgbenchReference::CaptureStep(int step) {
  try {
    pqxx::connection connection(database_url_);
    pqxx::work w(connection);
    if (step == 0) {
      w.exec("CREATE SCHEMA bench");
      w.exec_params(absl::StrCat("CREATE TABLE bench.step AS ", kCaptureStep), template_id_, step);
      w.exec_params("CREATE TABLE bench.step_outbox AS SELECT $2::int AS step, o.id AS n, o.type, o.envelope "
                    "FROM dossier.outbox o JOIN dossier.dossier d ON d.id = o.dossier_id AND o.event_seq = d.version "
                    "WHERE d.id = $1",
                    template_id_, step);
    } else {
      w.exec_params(absl::StrCat("INSERT INTO bench.step ", kCaptureStep), template_id_, step);
      w.exec_params("INSERT INTO bench.step_outbox SELECT $2, o.id, o.type, o.envelope "
                    "FROM dossier.outbox o JOIN dossier.dossier d ON d.id = o.dossier_id AND o.event_seq = d.version "
                    "WHERE d.id = $1",
                    template_id_, step);
    }
    if (w.exec_params1("SELECT count(*) FROM bench.step WHERE step = $1", step)[0].as<int>() != 1 ||
        w.exec_params1("SELECT count(*) FROM bench.step_outbox WHERE step = $1", step)[0].as<int>() == 0) {
      return absl::InternalError(absl::StrCat("step ", step, ": the template's last transition left no rows"));
    }
    w.commit();
  } catch (const std::exception& error) {
    return absl::InternalError(absl::StrCat("pgbench capture: ", error.what()));
  }
  return absl::OkStatus();
}

absl::Status PgbenchReference::Prepare() {
  std::filesystem::create_directories(dir_);
  try {
    pqxx::connection connection(database_url_);
    pqxx::work w(connection);
    w.exec("ALTER TABLE bench.step ADD PRIMARY KEY (step)");
    w.exec("CREATE INDEX ON bench.step_outbox (step, n)");
    CopyDossier(w, template_id_, absl::StrCat("'", kFrozenId, "'"), "(SELECT 1) AS c");
    const pqxx::row head = w.exec_params1(
        "SELECT d.version, e.hash FROM dossier.dossier d JOIN dossier.event e ON e.dossier_id = d.id AND "
        "e.seq = d.version WHERE d.id = $1",
        kFrozenId);
    first_version_ = head[0].as<long long>();
    first_head_hash_ = head[1].as<std::string>();
    w.exec("ANALYZE bench.step");
    w.exec("ANALYZE bench.step_outbox");
    w.commit();
    std::ofstream(dir_ + "/single_transaction.sql") << SingleTransactionScript();
    std::ofstream(dir_ + "/service_statements.sql") << ServiceStatementsScript();
  } catch (const std::exception& error) {
    return absl::InternalError(absl::StrCat("pgbench set-up: ", error.what()));
  }
  return absl::OkStatus();
}

absl::StatusOr<LatencySummary> PgbenchReference::Run(Script script, int clients, int seconds) {
  const int run = ++runs_;
  try {
    pqxx::connection connection(database_url_);
    pqxx::work w(connection);
    CopyDossier(w, kFrozenId, absl::StrCat("'pgb-", run, "-' || c"),
                absl::StrCat("generate_series(0, ", clients - 1, ") AS c"));
    w.commit();
  } catch (const std::exception& error) {
    return absl::InternalError(absl::StrCat("pgbench copies: ", error.what()));
  }
  const bool single = script == Script::kSingleTransaction;
  const std::string command = absl::StrCat(
      "cd ", dir_, " && ", kPgbench, " -n -M prepared -f ",
      single ? "single_transaction.sql" : "service_statements.sql", " -c ", clients, " -j ", clients > 1 ? 2 : 1,
      " -T ", seconds, " -D run=", run, " -D version=", first_version_, " -D first_version=", first_version_,
      " -D head=", first_head_hash_, " --log '", database_url_, "' 2>&1");
  auto output = RunCommand(command);
  if (!output.ok()) return output.status();
  // "number of transactions actually processed: N" and the run's duration give the rate; the logs the latencies.
  long long processed = 0;
  for (absl::string_view line : absl::StrSplit(*output, '\n')) {
    constexpr absl::string_view kProcessed = "number of transactions actually processed: ";
    if (line.substr(0, kProcessed.size()) == kProcessed) {
      (void)absl::SimpleAtoi(line.substr(kProcessed.size()), &processed);
    }
  }
  if (processed == 0) return absl::InternalError("pgbench processed nothing:\n" + *output);
  return Summarise(LatenciesFromLogs(dir_), static_cast<double>(seconds));
}

}  // namespace tdkt::bench
