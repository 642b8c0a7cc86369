#include "services/gateway/route_table.h"

#include <google/protobuf/descriptor.h>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "tdkt/v1/bloc.pb.h"
#include "tdkt/v1/award_history.pb.h"
#include "tdkt/v1/calendar.pb.h"
#include "tdkt/v1/campaign.pb.h"
#include "tdkt/v1/directory.pb.h"
#include "tdkt/v1/dossier.pb.h"
#include "tdkt/v1/notifier.pb.h"
#include "tdkt/v1/report.pb.h"
#include "tdkt/v1/scheduler.pb.h"

namespace tdkt::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::MethodDescriptor;

// The gRPC service of each upstream, as the generated pool names it.
std::string ServiceFullName(Upstream upstream) {
  switch (upstream) {
    case Upstream::kDirectory:
      return "tdkt.v1.DirectoryService";
    case Upstream::kDossier:
      return "tdkt.v1.DossierService";
    case Upstream::kNotifier:
      return "tdkt.v1.NotifierService";
    case Upstream::kScheduler:
      return "tdkt.v1.SchedulerService";
    case Upstream::kCampaign:
      return "tdkt.v1.CampaignService";
    case Upstream::kCalendar:
      return "tdkt.v1.CalendarService";
    case Upstream::kBloc:
      return "tdkt.v1.BlocService";
    case Upstream::kReport:
      return "tdkt.v1.ReportService";
    case Upstream::kAwardHistory:
      return "tdkt.v1.AwardHistoryService";
  }
  return "";
}

// Referencing one message of each API file keeps its descriptors in the binary (the generated code is in a
// static library: a file nothing refers to would not be linked, and its services would be missing from the
// pool).
void LinkApiDescriptors() {
  (void)v1::GetOrganizationRequest::descriptor();
  (void)v1::GetDossierRequest::descriptor();
  (void)v1::ListNotificationsRequest::descriptor();
  (void)v1::ListDossierTimersRequest::descriptor();
  (void)v1::GetCampaignRequest::descriptor();
  (void)v1::GetCalendarRequest::descriptor();
  (void)v1::GetBlocRequest::descriptor();
  (void)v1::GetReportRequest::descriptor();
  (void)v1::ListAwardHistoryRequest::descriptor();
}

absl::Status CheckField(const Descriptor* message, const std::string& name, FieldDescriptor::Type type,
                        const std::string& route) {
  const FieldDescriptor* field = message->FindFieldByName(name);
  if (field == nullptr || field->type() != type) {
    return absl::InternalError(absl::StrCat("route table: ", route, ": ", message->full_name(), " has no ",
                                            type == FieldDescriptor::TYPE_BYTES ? "bytes" : "message", " field ",
                                            name));
  }
  return absl::OkStatus();
}

absl::Status CheckKind(const RouteSpec& spec, const MethodDescriptor& method, const std::string& path) {
  const bool client = method.client_streaming();
  const bool server = method.server_streaming();
  switch (spec.kind) {
    case RouteKind::kUnary:
      if (client || server) break;
      return absl::OkStatus();
    case RouteKind::kUpload:
      if (!client || server) break;
      return CheckField(method.input_type(), spec.chunk_field, FieldDescriptor::TYPE_BYTES, path);
    case RouteKind::kDownload:
      if (client || !server) break;
      if (absl::Status s = CheckField(method.output_type(), spec.chunk_field, FieldDescriptor::TYPE_BYTES, path);
          !s.ok()) {
        return s;
      }
      return CheckField(method.output_type(), spec.header_field, FieldDescriptor::TYPE_MESSAGE, path);
    case RouteKind::kEventStream:
      if (client || !server) break;
      if (absl::Status s = CheckField(method.output_type(), spec.event_field, FieldDescriptor::TYPE_MESSAGE, path);
          !s.ok()) {
        return s;
      }
      if (method.input_type()->FindFieldByCamelcaseName(spec.last_event_id_query_field) == nullptr) {
        return absl::InternalError(absl::StrCat("route table: ", path, ": no request field ",
                                                spec.last_event_id_query_field));
      }
      return absl::OkStatus();
  }
  return absl::InternalError(absl::StrCat("route table: ", path, " has the wrong kind for its streaming"));
}

}  // namespace

std::string UpstreamName(Upstream upstream) {
  switch (upstream) {
    case Upstream::kDirectory:
      return "directory";
    case Upstream::kDossier:
      return "dossier";
    case Upstream::kNotifier:
      return "notifier";
    case Upstream::kScheduler:
      return "scheduler";
    case Upstream::kCampaign:
      return "campaign";
    case Upstream::kCalendar:
      return "calendar";
    case Upstream::kBloc:
      return "bloc";
    case Upstream::kReport:
      return "report";
    case Upstream::kAwardHistory:
      return "awards";
  }
  return "";
}

const std::vector<RouteSpec>& RouteSpecs() {
  using U = Upstream;
  static const std::vector<RouteSpec>* const specs = [] {
    auto* s = new std::vector<RouteSpec>;
    auto unary = [s](U upstream, std::initializer_list<const char*> methods) {
      for (const char* method : methods) s->push_back({.upstream = upstream, .method = method});
    };
    // Login, Refresh and Logout: /api/v1/session only; GetPublicKeys and ImportDirectoryCsv: not exposed.
    unary(U::kDirectory,
          {"GetOrganization", "ListChildOrganizations", "ListAncestorOrganizations", "ListSubtreeOrganizations",
           "CreateOrganization", "UpdateOrganization", "GetPerson", "ListPeople", "CreatePerson", "UpdatePerson",
           "SetPersonPassword", "ListRoleAssignments", "CreateRoleAssignment", "UpdateRoleAssignment", "GetCouncil",
           "ListCouncils", "CreateCouncil", "UpdateCouncil", "ChangePassword", "GetCurrentIdentity"});
    // EscalateDossier: the scheduler's, not exposed.
    unary(U::kDossier,
          {"CreateDossier", "ListDocuments", "RemoveDocument", "SubmitDossier", "AcceptDossier",
           "ReturnForSupplement", "ResubmitDossier", "SendToCouncil", "OpenVote", "CastVote", "CloseVote",
           "ForwardDossier", "DecideDossier", "RecordExternalOutcome", "PublishDossier", "RejectDossier",
           "WithdrawDossier", "FileComplaint", "GetDossier", "VerifyHistory", "ListInbox", "SearchDossiers",
           "GetDossierStatistics"});
    s->push_back({.upstream = U::kDossier, .method = "GetPublicStatus", .public_rate_limited = true});
    s->push_back({.upstream = U::kDossier,
                  .method = "UploadDocument",
                  .kind = RouteKind::kUpload,
                  .query_aliases = {{"mediaType", "contentType"}},
                  .chunk_field = "chunk",
                  .length_query_field = "sizeBytes",
                  .content_type_query_field = "contentType"});
    s->push_back({.upstream = U::kDossier,
                  .method = "GetDocumentContent",
                  .kind = RouteKind::kDownload,
                  .chunk_field = "chunk",
                  .header_field = "document",
                  .header_content_type_field = "content_type",
                  .header_file_name_field = "file_name"});
    unary(U::kNotifier,
          {"ListNotifications", "MarkRead", "GetEmailPreference", "SetEmailPreference", "CreateWebhookSubscription",
           "GetWebhookSubscription", "ListWebhookSubscriptions", "UpdateWebhookSubscription",
           "DeleteWebhookSubscription", "ListDeadLetters", "RetryDeadLetter", "ListDeliveryAttempts"});
    s->push_back({.upstream = U::kNotifier,
                  .method = "WatchNotifications",
                  .kind = RouteKind::kEventStream,
                  .query_aliases = {{"afterId", "afterNotificationId"}},
                  .event_field = "notification",
                  .event_name = "notification",
                  .event_id_field = "id",
                  .last_event_id_query_field = "afterNotificationId"});
    unary(U::kScheduler,
          {"ListDossierTimers", "ListUpcomingReminders", "CreateCampaignDeadline", "ListCampaignDeadlines",
           "UpdateCampaignDeadline", "CancelCampaignDeadline", "MarkCampaignDeadlineDone"});
    unary(U::kCampaign, {"CreateCampaign", "GetCampaign", "ListCampaigns", "UpdateCampaign", "Register",
                         "GetRegistration", "ListRegistrations"});
    unary(U::kCalendar, {"GetCalendar", "ListCalendarChanges", "SetCalendarYear"});
    unary(U::kBloc, {"CreateBloc", "GetBloc", "ListBlocs", "AddBlocMembers", "SetBlocHead", "SetBlocPledge",
                     "SignBlocPledge", "ScoreBlocMember", "CloseBlocScoring", "GetBlocRanking"});
    unary(U::kReport, {"GetReport"});
    s->push_back({.upstream = U::kReport,
                  .method = "DownloadReportCsv",
                  .kind = RouteKind::kDownload,
                  .chunk_field = "chunk",
                  .header_field = "file",
                  .header_content_type_field = "content_type",
                  .header_file_name_field = "file_name"});
    unary(U::kAwardHistory, {"ImportAwardHistory", "ListAwardHistory"});
    return s;
  }();
  return *specs;
}

absl::StatusOr<std::vector<Route>> ResolveRoutes(const std::vector<RouteSpec>& specs) {
  LinkApiDescriptors();
  const google::protobuf::DescriptorPool* pool = google::protobuf::DescriptorPool::generated_pool();
  std::vector<Route> routes;
  for (const RouteSpec& spec : specs) {
    const std::string service = ServiceFullName(spec.upstream);
    const std::string path = absl::StrCat("/api/v1/", UpstreamName(spec.upstream), "/", spec.method);
    const MethodDescriptor* method = pool->FindMethodByName(absl::StrCat(service, ".", spec.method));
    if (method == nullptr) {
      spdlog::warn("gateway: {} is in the route table but not in the API this binary was built with; not served",
                   path);
      continue;
    }
    if (absl::Status status = CheckKind(spec, *method, path); !status.ok()) return status;
    routes.push_back({.spec = spec,
                      .path = path,
                      .grpc_method = absl::StrCat("/", service, "/", spec.method),
                      .descriptor = method});
  }
  return routes;
}

}  // namespace tdkt::gateway
