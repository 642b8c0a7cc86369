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

using dossier::store_sql::MicrosOf;  // the service's own SQL for timestamps

constexpr char kPgbench[] = "/usr/lib/postgresql/15/bin/pgbench";

// The dossier id of pgbench client :client_id (0-based), as SQL.
constexpr char kId[] = "('pgb-' || :client_id)";

// The script: one pgbench "transaction" = one service transition = one PostgreSQL transaction, with the
// statements of DossierStore::InTransition in the order the runner issues them.
std::string Script(long payload_bytes, long response_bytes, long envelope_bytes, int deadline_no) {
  std::ostringstream s;
  s << "\\set rid random(1, 1000000000000)\n"
    << "BEGIN;\n"
    << "SET LOCAL synchronous_commit = on;\n"
    // common::Idempotency::Claim: the placeholder row.
    << "INSERT INTO dossier.idempotency (request_id, fingerprint, response) VALUES ('pgb-' || :client_id || '-' || "
       ":rid || '-' || md5(random()::text), sha256(convert_to(random()::text, 'UTF8')), ''::bytea) "
       "ON CONFLICT (request_id) DO NOTHING RETURNING request_id AS claimed \\gset\n"
    // TransitionTransaction::Lock: the row lock, then the row, its last deadline and the history head.
    << "SELECT 1 FROM dossier.dossier WHERE id = " << kId << " FOR UPDATE;\n"
    << "SELECT d.snapshot, d.tracking_code, d.year, d.nominee_name, d.nominee, " << MicrosOf("d.submitted_at") << ", "
    << MicrosOf("d.state_changed_at") << ", d.published_on::text, array_to_json(d.origin_org_path)::text, "
    << "d.current_level, array_to_json(d.held_org_ids)::text, d.nominee_id_number, d.id_number_sealed, "
    << "dl.deadline_no, dl.level_index, dl.org_id, " << MicrosOf("dl.received_at")
    << ", dl.working_days, dl.due_date::text, " << MicrosOf("dl.paused_at")
    << ", dl.pauses, dl.escalation_count, dl.state, (SELECT e.hash FROM dossier.event e WHERE e.dossier_id = d.id "
       "AND e.seq = d.version) FROM dossier.dossier d LEFT JOIN LATERAL (SELECT * FROM dossier.deadline x WHERE "
       "x.dossier_id = d.id ORDER BY x.deadline_no DESC LIMIT 1) dl ON TRUE WHERE d.id = "
    << kId << ";\n"
    // TransitionTransaction::Write: the whole row with the new snapshot (same size), the next version and the
    // due date; the event; the deadline upsert; the outbox row.
    << "UPDATE dossier.dossier SET snapshot = snapshot || '', state = state, level_index = level_index, "
       "holder_org_id = holder_org_id, submitted_at = submitted_at, state_changed_at = now(), "
       "published_on = published_on, version = version + 1, updated_at = now(), current_level = current_level, "
       "due_date = current_date + 14, held_org_ids = held_org_ids WHERE id = "
    << kId << " RETURNING version AS v \\gset\n"
    << "INSERT INTO dossier.event (dossier_id, seq, version, type, actor_id, occurred_at, payload, prev_hash, "
       "hash) VALUES ("
    << kId << ", :v, :v, 'DOSSIER_RETURNED', 'appraiser@U', now(), repeat('p', " << payload_bytes
    << "), md5(random()::text) || md5(random()::text), md5(random()::text) || md5(random()::text));\n"
    << "INSERT INTO dossier.deadline (dossier_id, deadline_no, level_index, org_id, received_at, working_days, "
       "due_date, paused_at, pauses, escalation_count, state) VALUES ("
    << kId << ", " << deadline_no
    << ", 0, 'U', now(), 10, current_date + 14, NULL, '[]', 0, 'RUNNING') ON CONFLICT (dossier_id, deadline_no) "
       "DO UPDATE SET due_date = EXCLUDED.due_date, paused_at = EXCLUDED.paused_at, pauses = EXCLUDED.pauses, "
       "escalation_count = EXCLUDED.escalation_count, state = EXCLUDED.state;\n"
    << "INSERT INTO dossier.outbox (event_id, dossier_id, event_seq, type, envelope) VALUES "
       "(md5(random()::text), "
    << kId << ", :v, 'EVENT_TYPE_DOSSIER_RETURNED', convert_to(repeat('e', " << envelope_bytes
    << "), 'UTF8'));\n"
    // common::Idempotency::Record.
    << "UPDATE dossier.idempotency SET response = convert_to(repeat('r', " << response_bytes
    << "), 'UTF8') WHERE request_id = :claimed;\n"
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

}  // namespace

PgbenchReference::PgbenchReference(std::string database_url, std::string template_dossier_id, int max_clients)
    : database_url_(std::move(database_url)), template_id_(std::move(template_dossier_id)), max_clients_(max_clients) {
  dir_ = absl::StrCat(std::filesystem::temp_directory_path().string(), "/tdkt-pgbench-", getpid());
}

PgbenchReference::~PgbenchReference() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

absl::Status PgbenchReference::Prepare() {
  std::filesystem::create_directories(dir_);
  try {
    pqxx::connection connection(database_url_);
    pqxx::work w(connection);
    const std::string copies = absl::StrCat("generate_series(0, ", max_clients_ - 1, ") AS c");
    // Every stored column (whatever later migrations add), with the id and tracking code replaced.
    std::string columns;
    std::string values;
    for (const auto& row : w.exec(
             "SELECT column_name FROM information_schema.columns WHERE table_schema = 'dossier' AND "
             "table_name = 'dossier' AND is_generated = 'NEVER' ORDER BY ordinal_position")) {
      const std::string column = row[0].as<std::string>();
      columns += (columns.empty() ? "" : ", ") + column;
      values += values.empty() ? "" : ", ";
      values += column == "id" ? "'pgb-' || c" : column == "tracking_code" ? "'pgbtc-' || c" : column;
    }
    w.exec_params(absl::StrCat("INSERT INTO dossier.dossier (", columns, ") SELECT ", values,
                               " FROM dossier.dossier, ", copies, " WHERE id = $1"),
                  template_id_);
    w.exec_params(absl::StrCat("INSERT INTO dossier.event SELECT 'pgb-' || c, seq, version, type, actor_id, "
                               "occurred_at, payload, prev_hash, hash FROM dossier.event, ",
                               copies, " WHERE dossier_id = $1"),
                  template_id_);
    w.exec_params(absl::StrCat("INSERT INTO dossier.deadline SELECT 'pgb-' || c, deadline_no, level_index, org_id, "
                               "received_at, working_days, due_date, paused_at, pauses, escalation_count, state "
                               "FROM dossier.deadline, ",
                               copies, " WHERE dossier_id = $1"),
                  template_id_);
    const pqxx::row sizes = w.exec1(
        "SELECT (SELECT avg(length(payload))::bigint FROM dossier.event), "
        "(SELECT avg(length(response))::bigint FROM dossier.idempotency), "
        "(SELECT avg(length(envelope))::bigint FROM dossier.outbox)");
    const pqxx::row deadline =
        w.exec_params1("SELECT max(deadline_no) FROM dossier.deadline WHERE dossier_id = $1", template_id_);
    w.commit();
    std::ofstream(dir_ + "/transition.sql")
        << Script(sizes[0].as<long>(), sizes[1].as<long>(), sizes[2].as<long>(), deadline[0].as<int>());
  } catch (const std::exception& error) {
    return absl::InternalError(absl::StrCat("pgbench set-up: ", error.what()));
  }
  return absl::OkStatus();
}

absl::StatusOr<LatencySummary> PgbenchReference::Run(int clients, int seconds) {
  const std::string command =
      absl::StrCat("cd ", dir_, " && ", kPgbench, " -n -M extended -f transition.sql -c ", clients, " -j ",
                   clients > 1 ? 2 : 1, " -T ", seconds, " --log '", database_url_, "' 2>&1");
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
