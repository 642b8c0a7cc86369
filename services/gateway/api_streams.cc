// The handlers of the streaming routes (route_table.h): an upload streamed into a client-streaming RPC, a
// download streamed out of a server-streaming one, and server-sent events from WatchNotifications.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <spdlog/spdlog.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/gateway/api.h"
#include "services/gateway/http_errors.h"
#include "services/gateway/json_mapping.h"
#include "services/gateway/upstream_call.h"

namespace tdkt::gateway {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

constexpr size_t kUploadChunkBytes = 256 << 10;  // the dossier service takes chunks of up to 1 MiB
// How long an event stream waits for the service's first answer before it answers 200: an error (an expired
// token) comes at once and becomes an HTTP status the browser's EventSource does not retry.
constexpr absl::Duration kFirstEventWait = absl::Seconds(1);
constexpr absl::Duration kStopCheck = absl::Seconds(1);

grpc::Status GrpcOf(const absl::Status& status) {
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

// RFC 5987 ext-value: UTF-8 bytes, everything but attr-char percent-encoded.
std::string Rfc5987(const std::string& text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out = "UTF-8''";
  for (unsigned char c : text) {
    if (absl::ascii_isalnum(c) || std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string::npos) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// A media type fit for a header (the dossier service only stores types it allows; this is defence in depth).
std::string SafeContentType(const std::string& type) {
  if (type.empty()) return "application/octet-stream";
  for (unsigned char c : type) {
    if (c < 0x20 || c >= 0x7f) return "application/octet-stream";
  }
  return type;
}

}  // namespace

void Api::Upload(const Route& route, const Caller& caller, const httplib::Request& request,
                 httplib::Response& response, const httplib::ContentReader& body) {
  const size_t limit = deps_.config->max_upload_bytes;
  const auto too_large = [&] {
    SendError(response, 413, grpc::StatusCode::RESOURCE_EXHAUSTED,
              absl::StrCat("Tài liệu quá lớn, tối đa ", limit, " byte (upload too large)"));
  };
  size_t declared = 0;
  const bool has_length = request.has_header("Content-Length") &&
                          absl::SimpleAtoi(request.get_header_value("Content-Length"), &declared);
  if (has_length && declared > limit) {
    too_large();
    return;
  }
  std::unique_ptr<Message> first = QueryMessage(route, request, response);
  if (first == nullptr) return;
  absl::Status filled = absl::OkStatus();
  if (has_length) {
    filled = SetFieldFromHeader(route.spec.length_query_field, absl::StrCat(declared), /*replace=*/false, *first);
  }
  if (filled.ok() && request.has_header("Content-Type")) {
    filled = SetFieldFromHeader(route.spec.content_type_query_field, request.get_header_value("Content-Type"),
                                /*replace=*/false, *first);
  }
  if (!filled.ok()) {
    SendError(response, GrpcOf(filled));
    return;
  }

  StreamCall call(*deps_.stubs.at(route.spec.upstream), route.grpc_method,
                  {.bearer_token = caller.bearer_token, .timeout = deps_.config->transfer_timeout});
  bool upstream_ended = !call.Write(first->SerializeAsString());
  std::unique_ptr<Message> chunk = NewMessage(*route.descriptor->input_type());
  const FieldDescriptor* chunk_field = chunk->GetDescriptor()->FindFieldByName(route.spec.chunk_field);
  std::string pending;
  size_t total = 0;
  bool over = false;
  const auto send = [&]() {
    chunk->GetReflection()->SetString(chunk.get(), chunk_field, std::move(pending));
    pending.clear();
    if (!call.Write(chunk->SerializeAsString())) upstream_ended = true;
  };
  const bool read = upstream_ended || body([&](const char* data, size_t length) {
    total += length;
    if (total > limit) {
      over = true;
      return false;
    }
    pending.append(data, length);
    if (pending.size() >= kUploadChunkBytes) send();
    return !upstream_ended;
  });
  if (over) {
    call.Cancel();
    too_large();
    return;
  }
  if (!read && !upstream_ended) {
    call.Cancel();
    SendError(response, 400, grpc::StatusCode::INVALID_ARGUMENT, "Không đọc được nội dung tải lên (bad body)");
    return;
  }
  if (!upstream_ended && !pending.empty()) send();
  if (!upstream_ended) upstream_ended = !call.WritesDone();
  std::string answer;
  const bool answered = !upstream_ended && call.Read(&answer) == StreamCall::ReadResult::kMessage;
  const grpc::Status status = call.Finish();
  if (!status.ok() || !answered) {
    SendUpstreamError(status.ok() ? grpc::Status(grpc::StatusCode::INTERNAL, "no response") : status,
                      route.spec.upstream, response);
    return;
  }
  std::unique_ptr<Message> reply = NewMessage(*route.descriptor->output_type());
  if (!reply->ParseFromString(answer)) {
    SendUpstreamError(grpc::Status(grpc::StatusCode::INTERNAL, "unparsable response"), route.spec.upstream, response);
    return;
  }
  response.status = 200;
  response.set_content(ToJson(*reply), "application/json; charset=utf-8");
}

void Api::Download(const Route& route, const Caller& caller, const httplib::Request& request,
                   httplib::Response& response) {
  std::unique_ptr<Message> message = QueryMessage(route, request, response);
  if (message == nullptr) return;
  auto call = std::make_shared<StreamCall>(*deps_.stubs.at(route.spec.upstream), route.grpc_method,
                                           CallOptions{.bearer_token = caller.bearer_token,
                                                       .timeout = deps_.config->transfer_timeout});
  std::string bytes;
  const bool sent = call->Write(message->SerializeAsString()) && call->WritesDone();
  // The first message says what the content is; an error before it becomes the HTTP status.
  if (!sent || call->Read(&bytes) != StreamCall::ReadResult::kMessage) {
    const grpc::Status status = call->Finish();
    SendUpstreamError(status.ok() ? grpc::Status(grpc::StatusCode::INTERNAL, "empty stream") : status,
                      route.spec.upstream, response);
    return;
  }
  std::shared_ptr<Message> part(NewMessage(*route.descriptor->output_type()));
  const FieldDescriptor* header = part->GetDescriptor()->FindFieldByName(route.spec.header_field);
  const FieldDescriptor* chunk = part->GetDescriptor()->FindFieldByName(route.spec.chunk_field);
  if (!part->ParseFromString(bytes) || !part->GetReflection()->HasField(*part, header)) {
    SendUpstreamError(grpc::Status(grpc::StatusCode::INTERNAL, "the first message is not the header"),
                      route.spec.upstream, response);
    return;
  }
  const std::string content_type =
      SafeContentType(FieldText(*part, route.spec.header_field + "." + route.spec.header_content_type_field));
  const std::string file_name = FieldText(*part, route.spec.header_field + "." + route.spec.header_file_name_field);
  response.status = 200;
  response.set_header("Content-Disposition", absl::StrCat("attachment; filename*=", Rfc5987(file_name)));
  response.set_header("Cache-Control", "no-store");
  const Upstream upstream = route.spec.upstream;
  GatewayMetrics* metrics = deps_.metrics;
  response.set_chunked_content_provider(
      content_type,
      [call, part, chunk, upstream, metrics](size_t, httplib::DataSink& sink) {
        std::string next;
        while (true) {
          if (call->Read(&next) != StreamCall::ReadResult::kMessage) {
            const grpc::Status status = call->Finish();
            if (!status.ok()) {
              // Too late for an HTTP status: the transfer is cut off, which the client sees as incomplete.
              metrics->RecordUpstreamError(UpstreamName(upstream), CodeName(status.error_code()));
              spdlog::warn("gateway: download from {} broke off: {}", UpstreamName(upstream), status.error_message());
              return false;
            }
            sink.done();
            return true;
          }
          if (!part->ParseFromString(next)) return false;
          const std::string& data = part->GetReflection()->GetStringReference(*part, chunk, nullptr);
          if (!data.empty()) return sink.write(data.data(), data.size());
        }
      },
      [call](bool) { call->Cancel(); });
}

void Api::EventStream(const Route& route, const Caller& caller, const httplib::Request& request,
                      httplib::Response& response) {
  if (deps_.metrics->event_streams() >= deps_.config->max_event_streams) {
    SendError(response, 503, grpc::StatusCode::UNAVAILABLE,
              "Máy chủ đang có quá nhiều kết nối thông báo trực tiếp, xin thử lại sau (too many event streams)");
    return;
  }
  std::unique_ptr<Message> message = QueryMessage(route, request, response);
  if (message == nullptr) return;
  if (const std::string last = request.get_header_value("Last-Event-ID"); !last.empty()) {
    if (absl::Status status =
            SetFieldFromHeader(route.spec.last_event_id_query_field, last, /*replace=*/true, *message);
        !status.ok()) {
      SendError(response, GrpcOf(status));
      return;
    }
  }
  auto call = std::make_shared<StreamCall>(*deps_.stubs.at(route.spec.upstream), route.grpc_method,
                                           CallOptions{.bearer_token = caller.bearer_token,
                                                       .timeout = deps_.config->watch_timeout});
  auto first = std::make_shared<std::string>();
  const bool sent = call->Write(message->SerializeAsString()) && call->WritesDone();
  const StreamCall::ReadResult result = sent ? call->Read(first.get(), kFirstEventWait) : StreamCall::ReadResult::kEnd;
  if (result == StreamCall::ReadResult::kEnd) {
    const grpc::Status status = call->Finish();
    SendUpstreamError(status.ok() ? grpc::Status(grpc::StatusCode::UNAVAILABLE, "the stream ended at once") : status,
                      route.spec.upstream, response);
    return;
  }
  const bool have_first = result == StreamCall::ReadResult::kMessage;

  response.status = 200;
  response.set_header("Cache-Control", "no-store");
  response.set_header("X-Accel-Buffering", "no");  // a proxy in front must not hold events back
  deps_.metrics->AddEventStreams(1);
  std::shared_ptr<Message> part(NewMessage(*route.descriptor->output_type()));
  const FieldDescriptor* event_field = part->GetDescriptor()->FindFieldByName(route.spec.event_field);
  struct State {
    bool opened = false;
    bool have_first = false;
    absl::Time last_write = absl::Now();
  };
  auto state = std::make_shared<State>(State{.have_first = have_first});
  const RouteSpec spec = route.spec;
  const absl::Duration keep_alive = deps_.config->keep_alive;
  const std::atomic<bool>* stopping = deps_.stopping;
  GatewayMetrics* metrics = deps_.metrics;
  response.set_chunked_content_provider(
      "text/event-stream",
      [call, first, part, event_field, state, spec, keep_alive, stopping](size_t, httplib::DataSink& sink) {
        const auto write = [&](const std::string& text) {
          state->last_write = absl::Now();
          return sink.write(text.data(), text.size());
        };
        if (!state->opened) {
          state->opened = true;
          return write(": connected\nretry: 3000\n\n");
        }
        std::string bytes;
        while (true) {
          StreamCall::ReadResult read = StreamCall::ReadResult::kMessage;
          if (state->have_first) {
            state->have_first = false;
            bytes = std::move(*first);
          } else {
            if (stopping->load()) {
              sink.done();  // the browser reconnects to another replica, or to this one restarted
              return true;
            }
            const absl::Duration until_keep_alive = state->last_write + keep_alive - absl::Now();
            if (until_keep_alive <= absl::ZeroDuration()) return write(": keep-alive\n\n");
            read = call->Read(&bytes, std::min(until_keep_alive, kStopCheck));
          }
          if (read == StreamCall::ReadResult::kTimeout) continue;
          if (read == StreamCall::ReadResult::kEnd) {
            const grpc::Status status = call->Finish();
            if (!status.ok() && status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED) {
              spdlog::info("gateway: event stream ended by the service: {}", CodeName(status.error_code()));
            }
            sink.done();
            return true;
          }
          if (!part->ParseFromString(bytes) || !part->GetReflection()->HasField(*part, event_field)) continue;
          const Message& event = part->GetReflection()->GetMessage(*part, event_field);
          return write(absl::StrCat("event: ", spec.event_name, "\nid: ", FieldText(event, spec.event_id_field),
                                    "\ndata: ", ToJson(event), "\n\n"));
        }
      },
      [call, metrics](bool) {
        call->Cancel();
        metrics->AddEventStreams(-1);
      });
}

}  // namespace tdkt::gateway
