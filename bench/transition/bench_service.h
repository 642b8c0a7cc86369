#pragma once
// BenchService: the real dossier service in process for benchmarks — a private PostgreSQL and Redis
// (tests/support), the dossier migrations, DossierServiceImpl on a local port, its outbox relay, and an
// in-memory organisation tree P > D > C > {U, U2} with councils. Calls go through gRPC with signed tokens.
//
//   TDKT_ASSIGN_OR_RETURN(auto service, BenchService::Start());
//   TDKT_ASSIGN_OR_RETURN(BenchDossier d, service->CreateUnderReview("U"));
//   TDKT_RETURN_IF_ERROR(service->ReturnForSupplement(d));   // d.version follows
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tdkt/v1/dossier.grpc.pb.h"
#include "workflow/actor.h"

namespace tdkt::bench {

struct BenchDossier {
  std::string id;
  std::string origin;
  int64_t version = 0;
};

class BenchService {
 public:
  static absl::StatusOr<std::unique_ptr<BenchService>> Start();
  ~BenchService();

  // A dossier at `origin` (U or U2) with its required documents, submitted and accepted (UNDER_REVIEW).
  absl::StatusOr<BenchDossier> CreateUnderReview(const std::string& origin);
  // UNDER_REVIEW → RETURNED_FOR_SUPPLEMENT (appraiser at the origin) and back (submitter), through gRPC.
  absl::Status ReturnForSupplement(BenchDossier& dossier);
  absl::Status Resubmit(BenchDossier& dossier);

  const std::string& database_url() const;

  // Adds an organisation (and a three-member council) to the in-memory directory; before any traffic only.
  void AddOrganisation(const std::string& id, workflow::OrgLevel level, const std::string& parent_id);
  // A client context carrying a fresh token for the holder of `role` at `org`.
  std::unique_ptr<grpc::ClientContext> As(workflow::Role role, const std::string& org);
  tdkt::v1::DossierService::Stub& stub();

 private:
  struct Parts;
  explicit BenchService(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

// What a latency sample says: how many, operations per second over `elapsed_seconds`, p50 and p99 in milliseconds.
struct LatencySummary {
  int64_t count = 0;
  double per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
};
LatencySummary Summarise(std::vector<double> latencies_ms, double elapsed_seconds);

// VmRSS of a process in MB (0 when unreadable).
double ResidentMegabytes(int pid);

// CPU seconds spent so far: `process` by this process's threads and the children it has waited for (pgbench),
// `postgres` by the PostgreSQL server whose postmaster is `postmaster_pid` — its live processes and those it has
// reaped. On a machine whose cores are saturated, CPU per transaction is the figure that load does not move.
struct CpuSeconds {
  double process = 0;
  double postgres = 0;
};
CpuSeconds CpuUsed(int postmaster_pid);
// The calling thread's CPU seconds.
double ThreadCpuSeconds();
// The postmaster of the server at `database_url` (the parent of a backend), 0 when unknown.
int PostmasterPid(const std::string& database_url);

}  // namespace tdkt::bench
