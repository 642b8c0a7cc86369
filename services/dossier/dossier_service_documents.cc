// DossierServiceImpl: UploadDocument, GetDocumentContent and ListDocuments (RemoveDocument is a plain
// transition, in dossier_service.cc). An upload is the core's AttachDocument command: the document row
// commits in the transition's transaction, with its history entry, outbox event and idempotency record.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "base/status_macros.h"
#include "services/common/handler.h"
#include "services/common/proto_conversions.h"
#include "services/common/proto_time.h"
#include "services/common/request_checks.h"
#include "services/dossier/document_rules.h"
#include "services/dossier/dossier_service.h"
#include "services/dossier/dossier_view.h"
#include "services/dossier/history_hash.h"
#include "services/dossier/proto_enums.h"
#include "services/dossier/random_ids.h"
#include "services/dossier/service_support.h"

namespace tdkt::dossier {
namespace {

namespace wf = workflow;
namespace v1 = tdkt::v1;

constexpr size_t kMaxUploadChunkBytes = size_t{1} << 20;  // dossier.proto: each chunk at most 1 MiB
constexpr size_t kDownloadChunkBytes = size_t{64} << 10;
constexpr std::string_view kDocumentIdField = "mã tài liệu (document_id)";

v1::Document ToProtoDocument(const DocumentRecord& d) {
  v1::Document out;
  out.set_id(d.id);
  out.set_dossier_id(d.dossier_id);
  out.set_kind(d.kind);
  out.set_file_name(d.file_name);
  out.set_content_type(d.content_type);
  out.set_size_bytes(d.size_bytes);
  out.set_sha256(d.sha256);
  out.set_level(ToProto(d.level));
  out.mutable_uploaded_by()->set_person_id(d.uploaded_by);
  out.mutable_uploaded_by()->set_display_name(d.uploaded_by_name);
  out.mutable_uploaded_by()->set_org_id(d.uploaded_org);
  if (d.uploaded_role) out.mutable_uploaded_by()->set_role(common::ToProto(*d.uploaded_role));
  *out.mutable_uploaded_at() = common::ToProtoTime(d.uploaded_at);
  return out;
}

// Everything in the first message that does not need the content. The kind must be one the award catalogue
// names.
absl::Status CheckUploadMetadata(const v1::UploadDocumentRequest& first, int64_t max_bytes,
                                 const wf::catalog::Catalog& catalog) {
  if (first.part_case() != v1::UploadDocumentRequest::kMetadata) {
    return absl::InvalidArgumentError("Tin nhắn đầu tiên phải chứa thông tin tài liệu (metadata)");
  }
  const v1::DocumentUploadMetadata& m = first.metadata();
  TDKT_RETURN_IF_ERROR(CheckCommand(first.request_id(), m.dossier_id(), first.expected_version()));
  TDKT_RETURN_IF_ERROR(common::CheckIdentifier("loại tài liệu (metadata.kind)", m.kind()));
  if (!catalog.IsDocumentKind(m.kind())) {
    return absl::InvalidArgumentError(
        absl::StrCat("Loại tài liệu «", m.kind(), "» không có trong danh mục thành phần hồ sơ (metadata.kind)"));
  }
  TDKT_RETURN_IF_ERROR(CheckFileName(m.file_name()));
  if (!IsAllowedContentType(m.content_type())) {
    return absl::InvalidArgumentError("Loại tệp không được chấp nhận: chỉ nhận PDF, ảnh (JPEG, PNG, TIFF) và văn bản "
                                      "Word, Excel, OpenDocument");
  }
  if (m.size_bytes() <= 0) return absl::InvalidArgumentError("Kích thước tài liệu (size_bytes) phải lớn hơn 0");
  if (m.size_bytes() > max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat("Tài liệu vượt quá giới hạn ", max_bytes, " byte"));
  }
  if (!m.sha256().empty()) TDKT_RETURN_IF_ERROR(CheckSha256Hex(m.sha256()));
  return absl::OkStatus();
}

// Reads the chunks that follow the metadata, refusing as soon as the content exceeds the limit or the
// declared size, so that an oversized upload is never buffered whole.
absl::StatusOr<std::string> ReadContent(grpc::ServerReader<v1::UploadDocumentRequest>* reader,
                                        int64_t declared_size, int64_t max_bytes) {
  std::string content;
  content.reserve(static_cast<size_t>(declared_size));
  v1::UploadDocumentRequest part;
  while (reader->Read(&part)) {
    if (part.part_case() != v1::UploadDocumentRequest::kChunk) {
      return absl::InvalidArgumentError("Sau tin nhắn đầu tiên chỉ được gửi nội dung tài liệu (chunk)");
    }
    const std::string& chunk = part.chunk();
    if (chunk.size() > kMaxUploadChunkBytes) return absl::InvalidArgumentError("Mỗi phần nội dung tối đa 1 MiB");
    const int64_t total = static_cast<int64_t>(content.size() + chunk.size());
    if (total > max_bytes) {
      return absl::InvalidArgumentError(absl::StrCat("Tài liệu vượt quá giới hạn ", max_bytes, " byte"));
    }
    if (total > declared_size) {
      return absl::InvalidArgumentError("Nội dung dài hơn kích thước đã khai báo (size_bytes)");
    }
    content += chunk;
  }
  if (static_cast<int64_t>(content.size()) != declared_size) {
    return absl::InvalidArgumentError("Nội dung ngắn hơn kích thước đã khai báo (size_bytes)");
  }
  return content;
}

// The upload as the runner takes it, once the content is checked against the metadata. The fingerprint covers
// the metadata and the content's hash, so a retry with other content is refused.
absl::StatusOr<TransitionRequest> UploadRequestOf(const v1::UploadDocumentRequest& first, std::string content) {
  const v1::DocumentUploadMetadata& meta = first.metadata();
  const std::string sha256 = base::Sha256Hex(content);
  if (!meta.sha256().empty() && meta.sha256() != sha256) {
    return absl::InvalidArgumentError("SHA-256 của nội dung không khớp với giá trị đã khai báo");
  }
  if (!ContentMatchesType(meta.content_type(), content)) {
    return absl::InvalidArgumentError("Nội dung tệp không đúng với loại tệp đã khai báo (content_type)");
  }
  v1::UploadDocumentRequest fingerprinted = first;
  fingerprinted.mutable_metadata()->set_sha256(sha256);
  TransitionRequest r;
  r.method = "UploadDocument";
  r.request_id = first.request_id();
  r.request_bytes = fingerprinted.SerializeAsString();
  r.dossier_id = meta.dossier_id();
  r.expected_version = first.expected_version();
  DocumentRecord record;  // who, when and at which level: filled by the runner
  record.id = NewUuid();
  record.dossier_id = meta.dossier_id();
  record.kind = meta.kind();
  record.file_name = meta.file_name();
  record.content_type = meta.content_type();
  record.size_bytes = meta.size_bytes();
  record.sha256 = sha256;
  r.command = api::UploadDocument{.document = std::move(record),
                                  .content = std::make_shared<const std::string>(std::move(content))};
  return r;
}

}  // namespace

grpc::Status DossierServiceImpl::UploadDocument(grpc::ServerContext* context,
                                                grpc::ServerReader<v1::UploadDocumentRequest>* reader,
                                                v1::UploadDocumentResponse* response) {
  return common::Serve("UploadDocument", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(auth::Identity caller, Caller(*context));
    v1::UploadDocumentRequest first;
    if (!reader->Read(&first)) return absl::InvalidArgumentError("Thiếu thông tin tài liệu (metadata)");
    TDKT_RETURN_IF_ERROR(CheckUploadMetadata(first, options_.max_document_bytes, runner_.catalog()));
    // Refused before the content arrives when the caller may not attach now (the runner checks again), unless the
    // request id was answered already: a retry gets the first response whatever the dossier's state is now.
    if (absl::Status may = runner_.MayAttachDocument(caller, first.metadata().dossier_id()); !may.ok()) {
      TDKT_ASSIGN_OR_RETURN(const bool answered, store_.IsAnswered(first.request_id()));
      if (!answered) return may;
    }
    TDKT_ASSIGN_OR_RETURN(std::string content,
                          ReadContent(reader, first.metadata().size_bytes(), options_.max_document_bytes));
    TDKT_ASSIGN_OR_RETURN(TransitionRequest request, UploadRequestOf(first, std::move(content)));
    auto render = [this](const DossierView& view) {
      v1::UploadDocumentResponse out;
      *out.mutable_dossier() = CommandView(view);
      if (view.document != nullptr) *out.mutable_document() = ToProtoDocument(*view.document);
      return out.SerializeAsString();
    };
    return RunTransition(caller, std::move(request), render, response);
  });
}

grpc::Status DossierServiceImpl::GetDocumentContent(grpc::ServerContext* context,
                                                    const v1::GetDocumentContentRequest* request,
                                                    grpc::ServerWriter<v1::GetDocumentContentResponse>* writer) {
  return common::Serve("GetDocumentContent", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier(kDossierIdField, request->dossier_id()));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier(kDocumentIdField, request->document_id()));
    TDKT_RETURN_IF_ERROR(LoadVisible(caller, request->dossier_id(), Reading::kDocuments).status());
    TDKT_ASSIGN_OR_RETURN(DocumentUpload document, store_.LoadDocument(request->dossier_id(), request->document_id()));
    // Checked before the first byte goes out: a client never receives content that is not what was uploaded.
    if (static_cast<int64_t>(document.content.size()) != document.record.size_bytes ||
        base::Sha256Hex(document.content) != document.record.sha256) {
      spdlog::error("dossier {}: document {} no longer matches its stored SHA-256", request->dossier_id(),
                    request->document_id());
      return absl::DataLossError("Nội dung tài liệu đã lưu không còn khớp mã SHA-256; hãy báo quản trị hệ thống");
    }
    v1::GetDocumentContentResponse message;
    *message.mutable_document() = ToProtoDocument(document.record);
    if (!writer->Write(message)) return absl::CancelledError("client went away");
    for (size_t offset = 0; offset < document.content.size(); offset += kDownloadChunkBytes) {
      message.Clear();
      message.set_chunk(document.content.substr(offset, kDownloadChunkBytes));
      if (!writer->Write(message)) return absl::CancelledError("client went away");
    }
    return absl::OkStatus();
  });
}

grpc::Status DossierServiceImpl::ListDocuments(grpc::ServerContext* context, const v1::ListDocumentsRequest* request,
                                               v1::ListDocumentsResponse* response) {
  return common::Serve("ListDocuments", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier(kDossierIdField, request->dossier_id()));
    TDKT_RETURN_IF_ERROR(LoadVisible(caller, request->dossier_id(), Reading::kDocuments).status());
    TDKT_ASSIGN_OR_RETURN(std::vector<DocumentRecord> documents, store_.ListDocuments(request->dossier_id()));
    for (const DocumentRecord& d : documents) *response->add_documents() = ToProtoDocument(d);
    return absl::OkStatus();
  });
}

}  // namespace tdkt::dossier
