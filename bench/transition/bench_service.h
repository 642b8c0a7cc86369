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

// What a latency sample says: operations per second over `elapsed_seconds`, p50 and p99 in milliseconds.
struct LatencySummary {
  double per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
};
LatencySummary Summarise(std::vector<double> latencies_ms, double elapsed_seconds);

// VmRSS of a process in MB (0 when unreadable).
double ResidentMegabytes(int pid);

}  // namespace tdkt::bench
