#pragma once
// The gateway's route table: which RPCs of which service the HTTP API exposes, and how. One entry per RPC,
// data only: the HTTP handlers are the same for every entry of a kind (rpc_handlers.h), driven by the
// method's descriptor from the generated pool. An RPC not in the table is not reachable (404): Login, Refresh
// and Logout only through /api/v1/session/…, and GetPublicKeys, EscalateDossier, ImportDirectoryCsv never.
//
//   POST /api/v1/<service>/<Method>     kUnary: JSON request → JSON response
//   POST /api/v1/dossier/UploadDocument  kUpload: query → first stream message, raw body → chunk messages
//   GET  /api/v1/dossier/GetDocumentContent?…  kDownload: first response message → headers, chunks → body
//   GET  /api/v1/notifier/WatchNotifications?…  kEventStream: each message → one server-sent event
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace google::protobuf {
class MethodDescriptor;
}  // namespace google::protobuf

namespace tdkt::gateway {

// The services behind the gateway, as they appear in paths.
// kCalendar and kAwardHistory are the dossier service's second and third gRPC services (CalendarService,
// AwardHistoryService with routes under /api/v1/awards/), on the dossier's address; kReport and kBloc the campaign
// service's second and third (ReportService, BlocService), on the campaign's.
enum class Upstream { kDirectory, kDossier, kNotifier, kScheduler, kCampaign, kCalendar, kReport, kBloc, kAwardHistory };

enum class RouteKind { kUnary, kUpload, kDownload, kEventStream };

struct RouteSpec {
  Upstream upstream = Upstream::kDossier;
  std::string method{};  // the RPC name, e.g. "GetDossier"
  RouteKind kind = RouteKind::kUnary;
  bool public_rate_limited = false;  // no session needed; limited per client address
  // Query parameter names accepted besides the fields' own lowerCamelCase names (kUpload, kDownload,
  // kEventStream), e.g. afterId → afterNotificationId.
  std::map<std::string, std::string> query_aliases{};
  // kUpload and kDownload: the bytes field of the stream's later messages.
  std::string chunk_field{};
  // kUpload: the first message's fields (lowerCamelCase) that the body's Content-Length and Content-Type
  // fill when the query does not give them.
  std::string length_query_field{};
  std::string content_type_query_field{};
  // kDownload: the message field of the first response message, and its fields that become the response's
  // Content-Type and the file name of its Content-Disposition.
  std::string header_field{};
  std::string header_content_type_field{};
  std::string header_file_name_field{};
  // kEventStream: the message field of a response that is an event (others, e.g. heartbeats, are not sent),
  // the SSE event name, the field of that message giving the SSE id, and the request field (lowerCamelCase)
  // that the browser's Last-Event-ID header sets on a reconnect.
  std::string event_field{};
  std::string event_name{};
  std::string event_id_field{};
  std::string last_event_id_query_field{};
};

// A RouteSpec bound to its descriptor: what the handlers use.
struct Route {
  RouteSpec spec{};
  std::string path{};         // "/api/v1/dossier/GetDossier"
  std::string grpc_method{};  // "/tdkt.v1.DossierService/GetDossier"
  const google::protobuf::MethodDescriptor* descriptor = nullptr;
};

// "directory", "dossier", "notifier", "scheduler".
std::string UpstreamName(Upstream upstream);

// The exposed RPCs (route_table.cc).
const std::vector<RouteSpec>& RouteSpecs();

// Binds every spec to its method in the generated descriptor pool. A method the linked protos do not have
// (e.g. an RPC added to the API later) is left out with a warning; a table entry whose kind does not fit the
// method's streaming (or whose fields do not exist) is INTERNAL: the table is wrong.
absl::StatusOr<std::vector<Route>> ResolveRoutes(const std::vector<RouteSpec>& specs);

}  // namespace tdkt::gateway
