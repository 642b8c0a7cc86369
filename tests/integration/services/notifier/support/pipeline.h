#pragma once
// Pipeline: the whole path of a notification, for the notifier's end-to-end tests and bench/notifier — the demo
// directory imported by tdkt-directory-admin with the accounts svc-dossier and svc-notifier, the real
// tdkt-directory process, the real dossier service in process (dossier::DossierServer::Create, as tdkt-dossier
// assembles it, with its link to that directory and its outbox relay publishing to tdkt:events), and tdkt-notifier
// processes reading that stream. The Redis is the caller's (a private one: the relay uses the production stream
// name), so that a test can stop it.
//
// The dossiers belong to the demo's Trường Tiểu học Đồng Tân, whose submitter is vt.dongtan.thdt. The demo
// directory gives the school no standing body, so Start creates its appraiser pht.dongtan.thdt through the
// directory as the commune's administrator qt.dongtan, as tdktctl demo-scenario does: a dossier submitted at the
// school then has someone to tell.
//
//   auto pipeline = Pipeline::Start({.binaries = …, .pg_url = url, .work_dir = dir});
//   TDKT_ASSIGN_OR_RETURN(DossierServiceHandle* dossier, (*pipeline)->StartDossier(redis_url));
//   TDKT_ASSIGN_OR_RETURN(NotifierHandle* notifier, (*pipeline)->StartNotifier("a", redis_url));
//   SchoolDossiers school(**pipeline, *dossier, "t1");
//   TDKT_ASSIGN_OR_RETURN(SchoolDossier d, school.CreateUnderReview());
//   TDKT_RETURN_IF_ERROR(school.Return(d));   // vt.dongtan.thdt is told
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "services/common/pg_pool.h"
#include "services/dossier/directory_link.h"
#include "services/dossier/dossier_server.h"
#include "tdkt/v1/dossier.grpc.pb.h"
#include "tdkt/v1/events.pb.h"
#include "tdkt/v1/notifier.grpc.pb.h"
#include "tests/support/child_process.h"

namespace tdkt::notifier_test {

inline constexpr char kDemoPassword[] = "tdkt-demo-2025";
inline constexpr char kSchoolCode[] = "PT-DONGTAN-THDT";
inline constexpr char kSchoolSubmitter[] = "vt.dongtan.thdt";
inline constexpr char kSchoolAppraiser[] = "pht.dongtan.thdt";

struct PipelineBinaries {
  std::string directory;        // tdkt-directory
  std::string directory_admin;  // tdkt-directory-admin
  std::string notifier;         // tdkt-notifier
};

struct PipelineOptions {
  PipelineBinaries binaries;
  std::string pg_url;    // a fresh, empty database: every service's schema goes there
  std::string work_dir;  // an existing directory for the processes' logs
  std::string data_dir;  // the source tree's data/
};

// One running tdkt-notifier.
struct NotifierHandle {
  std::string name;
  testing::ChildProcess process;
  int grpc_port = 0;
  int admin_port = 0;  // GET /metrics
  std::string log;
};

// One dossier service in process.
struct DossierServiceHandle {
  std::unique_ptr<common::PgPool> pool;
  std::unique_ptr<dossier::DirectoryLink> link;
  std::unique_ptr<dossier::DossierServer> server;
  int port = 0;
};

class Pipeline {
 public:
  // Imports the demo directory, makes the service accounts, gives the people it acts as the demo password, starts
  // tdkt-directory and staffs the school (see above). Sets TDKT_PII_KEY and the services' directory passwords in
  // this process's environment (the children inherit them; nothing goes into argv).
  static absl::StatusOr<std::unique_ptr<Pipeline>> Start(PipelineOptions options);
  ~Pipeline();  // stops the notifiers, the dossier services and the directory
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // A dossier service on the pipeline's database, its outbox relay publishing to tdkt:events at `redis_url`. Any
  // number may run on the one database (replicas: one relay publishes at a time).
  absl::StatusOr<DossierServiceHandle*> StartDossier(const std::string& redis_url);
  // tdkt-notifier `name` reading tdkt:events at `redis_url` in the group "notifier", ready (health SERVING).
  // `extra` flags are appended to its command line.
  absl::StatusOr<NotifierHandle*> StartNotifier(const std::string& name, const std::string& redis_url,
                                                const std::vector<std::string>& extra = {});
  // Stops every notifier (SIGTERM) and dossier service, the directory last.
  void StopAll();

  // A fresh access token of the demo user (logged in on first use, then every 10 minutes).
  absl::StatusOr<std::string> Token(const std::string& username);
  // The directory's id of a person, of the school (valid today).
  absl::StatusOr<std::string> PersonId(const std::string& username);
  const std::string& school_id() const { return school_id_; }
  // The people who hold `role` at `org_id` today, by the directory's tables: how a test computes, on its own,
  // whom an event must reach.
  absl::StatusOr<std::vector<std::string>> RoleHolders(const std::string& org_id, tdkt::v1::Role role);

  const std::string& pg_url() const { return options_.pg_url; }
  int directory_port() const { return directory_port_; }
  const std::vector<std::unique_ptr<NotifierHandle>>& notifiers() const { return notifiers_; }
  std::unique_ptr<tdkt::v1::NotifierService::Stub> NotifierStub(const NotifierHandle& notifier) const;
  // The value of one series on a notifier's metrics endpoint, e.g.
  // tdkt_notifier_events_consumed_total{outcome="applied"}; -1 when absent.
  static long Metric(const NotifierHandle& notifier, const std::string& series);
  // Every process log, for a failing test.
  std::string Logs() const;

 private:
  explicit Pipeline(PipelineOptions options) : options_(std::move(options)) {}
  absl::Status Admin(const std::string& args, const std::string& input = "");
  absl::Status StaffTheSchool();

  PipelineOptions options_;
  base::SystemClock clock_;
  testing::ChildProcess directory_;
  int directory_port_ = 0;
  std::shared_ptr<grpc::Channel> directory_channel_;
  std::string school_id_;
  std::vector<std::unique_ptr<DossierServiceHandle>> dossiers_;
  std::vector<std::unique_ptr<NotifierHandle>> notifiers_;
  struct CachedToken {
    std::string token;
    absl::Time issued;
  };
  std::mutex tokens_mutex_;
  std::map<std::string, CachedToken> tokens_;  // by username
};

// A dossier of the school as the last call left it.
struct SchoolDossier {
  std::string id;
  int64_t version = 0;
};

// One committed transition: what a test needs to know whom it must reach. `event` is the type of the event that
// has recipients by services/notifier/recipient_rules.cc, EVENT_TYPE_UNSPECIFIED for one that tells nobody.
struct MadeTransition {
  std::string dossier_id;
  int64_t version = 0;  // after the transition: the event_seq of its outbox rows
  tdkt::v1::EventType event = tdkt::v1::EVENT_TYPE_UNSPECIFIED;
  std::string origin_org_id;
  std::string holding_org_id;  // after the transition
  absl::Time committed;  // when the reply came (the commit happened just before)
};

// Drives the school's dossiers through one dossier service, as its submitter and its appraiser; every call is
// one transition with a fresh request id and the expected version, and is remembered in made(). Thread-safe
// for distinct dossiers.
class SchoolDossiers {
 public:
  SchoolDossiers(Pipeline& pipeline, const DossierServiceHandle& service, std::string request_prefix);

  // DRAFT with the award's three required documents: four transitions, nobody told.
  absl::StatusOr<SchoolDossier> CreateComplete();
  // SUBMITTED at the school (its appraisers are told), then UNDER_REVIEW (nobody).
  absl::Status Submit(SchoolDossier& dossier);
  absl::Status Accept(SchoolDossier& dossier);
  // UNDER_REVIEW → RETURNED_FOR_SUPPLEMENT (the submitters are told) and back (the appraisers are told).
  absl::Status Return(SchoolDossier& dossier);
  absl::Status Resubmit(SchoolDossier& dossier);
  // CreateComplete, Submit and Accept: six transitions.
  absl::StatusOr<SchoolDossier> CreateUnderReview();

  std::vector<MadeTransition> made() const;

 private:
  absl::StatusOr<std::unique_ptr<grpc::ClientContext>> As(const std::string& username);
  std::string NextRequestId();
  void Remember(const tdkt::v1::Dossier& dossier, tdkt::v1::EventType event);

  Pipeline& pipeline_;
  std::unique_ptr<tdkt::v1::DossierService::Stub> stub_;
  const std::string request_prefix_;
  mutable std::mutex mutex_;
  int64_t requests_ = 0;
  std::vector<MadeTransition> made_;
};

}  // namespace tdkt::notifier_test
