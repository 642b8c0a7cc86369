// Documents through gRPC on real PostgreSQL: streaming upload and download (several chunks, SHA-256 checked on
// both sides), the size limit enforced while the stream arrives, the content-type allow-list checked against
// the content's signature, idempotent replay, tampered content refused with DATA_LOSS, removal, and who may
// attach or read. Every refused upload leaves every table's row count unchanged.
#include <random>

#include "base/sha256.h"
#include "services/dossier/history_hash.h"
#include "tests/integration/services/dossier/dossier_fixture.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;

constexpr char kPdf[] = "application/pdf";

std::string PdfBytes(size_t size) {
  std::string content = "%PDF-1.7\n";
  std::mt19937 random(42);
  while (content.size() < size) content += static_cast<char>(random() & 0xff);
  content.resize(size);
  return content;
}

class DossierDocuments : public DossierServiceTest {
 protected:
  void SetUp() override {
    DossierServiceTest::SetUp();
    v1::CreateDossierRequest request;
    request.set_request_id(NextRequestId());
    request.set_award_code("BANG_KHEN_TINH");
    request.set_year(2025);
    request.set_origin_org_id("U");
    request.mutable_nominee()->set_kind(v1::NOMINEE_KIND_INDIVIDUAL);
    request.mutable_nominee()->set_name("Nguyễn Thị Hoa");
    v1::CreateDossierResponse response;
    ASSERT_TRUE(stub_->CreateDossier(As(Role::kSubmitter, "U").get(), request, &response).ok());
    id_ = response.dossier().id();
    version_ = response.dossier().version();
  }

  struct Upload {
    std::string request_id;
    std::string file_name = "Tờ trình đề nghị.pdf";
    std::string content_type = kPdf;
    std::string content;
    int64_t declared_size = -1;  // -1: content.size()
    std::string sha256 = "-";    // "-": the content's
    size_t chunk = 64 * 1024;
    int64_t expected_version = 0;  // 0: the current one
  };

  grpc::Status Send(const Upload& u, v1::UploadDocumentResponse* response,
                    std::unique_ptr<grpc::ClientContext> context = nullptr) {
    if (!context) context = As(Role::kSubmitter, "U");
    auto writer = stub_->UploadDocument(context.get(), response);
    v1::UploadDocumentRequest first;
    first.set_request_id(u.request_id.empty() ? NextRequestId() : u.request_id);
    first.set_expected_version(u.expected_version != 0 ? u.expected_version : version_);
    v1::DocumentUploadMetadata* m = first.mutable_metadata();
    m->set_dossier_id(id_);
    m->set_kind("TO_TRINH");
    m->set_file_name(u.file_name);
    m->set_content_type(u.content_type);
    m->set_size_bytes(u.declared_size >= 0 ? u.declared_size : static_cast<int64_t>(u.content.size()));
    m->set_sha256(u.sha256 == "-" ? base::Sha256Hex(u.content) : u.sha256);
    bool open = writer->Write(first);
    for (size_t offset = 0; open && offset < u.content.size(); offset += u.chunk) {
      v1::UploadDocumentRequest part;
      part.set_chunk(u.content.substr(offset, u.chunk));
      open = writer->Write(part);
    }
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    if (status.ok()) version_ = response->dossier().version();
    return status;
  }

  grpc::Status Download(const std::string& document_id, v1::Document* metadata, std::string* content,
                        int* chunks = nullptr, std::unique_ptr<grpc::ClientContext> context = nullptr) {
    if (!context) context = As(Role::kSubmitter, "U");
    v1::GetDocumentContentRequest request;
    request.set_dossier_id(id_);
    request.set_document_id(document_id);
    auto reader = stub_->GetDocumentContent(context.get(), request);
    v1::GetDocumentContentResponse part;
    int count = 0;
    while (reader->Read(&part)) {
      if (part.has_document()) *metadata = part.document();
      if (part.part_case() == v1::GetDocumentContentResponse::kChunk) {
        *content += part.chunk();
        ++count;
      }
    }
    if (chunks != nullptr) *chunks = count;
    return reader->Finish();
  }

  // Row counts of every table an upload writes, to show that a refused one wrote nothing.
  std::vector<long long> Counts() {
    return {Count("document"), Count("event"), Count("outbox"), Count("idempotency"), Count("dossier")};
  }

  std::string id_;
  int64_t version_ = 0;
};

TEST_F(DossierDocuments, UploadAndDownloadRoundTripInChunksWithSha256) {
  Upload u;
  u.content = PdfBytes(300 * 1024 + 7);
  v1::UploadDocumentResponse uploaded;
  grpc::Status status = Send(u, &uploaded);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(uploaded.document().sha256(), base::Sha256Hex(u.content));
  EXPECT_EQ(uploaded.document().size_bytes(), static_cast<int64_t>(u.content.size()));
  EXPECT_EQ(uploaded.document().file_name(), u.file_name);
  EXPECT_EQ(uploaded.document().uploaded_by().person_id(), Person("submitter", "U"));
  EXPECT_EQ(uploaded.document().level(), v1::ORG_LEVEL_UNIT);
  EXPECT_EQ(uploaded.dossier().version(), 2);  // attaching is a command: the version goes up
  EXPECT_EQ(uploaded.dossier().document_count(), 1);
  EXPECT_EQ(Count("document"), 1);
  EXPECT_EQ(Count("outbox", "type LIKE '%DOCUMENT%'"), 1) << AllText("outbox");

  v1::ListDocumentsRequest list;
  list.set_dossier_id(id_);
  v1::ListDocumentsResponse listed;
  ASSERT_TRUE(stub_->ListDocuments(As(Role::kAppraiser, "U").get(), list, &listed).ok());  // the unit reads
  ASSERT_EQ(listed.documents_size(), 1);
  EXPECT_EQ(listed.documents(0).id(), uploaded.document().id());
  // A draft is its unit's: the levels above see neither it nor its documents.
  EXPECT_EQ(stub_->ListDocuments(As(Role::kAppraiser, "C").get(), list, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::Document metadata;
  std::string content;
  int chunks = 0;
  EXPECT_EQ(Download(uploaded.document().id(), &metadata, &content, &chunks, As(Role::kAppraiser, "P")).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(content.empty());
  status = Download(uploaded.document().id(), &metadata, &content, &chunks, As(Role::kDecider, "U"));
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(metadata.sha256(), base::Sha256Hex(u.content));
  EXPECT_EQ(content, u.content);
  EXPECT_EQ(chunks, 5);  // 64 KiB each

  // The same request again: the first response, nothing new stored.
  const std::vector<long long> before = Counts();
  v1::UploadDocumentResponse replay;
  u.request_id = "req-1-upload";
  u.expected_version = version_;
  ASSERT_TRUE(Send(u, &replay).ok());
  const int64_t after_first = version_;
  ASSERT_TRUE(Send(u, &replay).ok());
  EXPECT_EQ(version_, after_first);
  EXPECT_EQ(Count("document"), before[0] + 1);
  // The same request_id with other content is another request.
  u.content = PdfBytes(1000);
  EXPECT_EQ(Send(u, &replay).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Count("document"), before[0] + 1);
}

TEST_F(DossierDocuments, ARetryAfterTheDossierMovedOnGetsTheFirstResponse) {
  AttachRequiredDocuments(id_, "BANG_KHEN_TINH", "U");
  version_ = Get(id_).dossier().version();
  Upload u;
  u.request_id = "req-late-retry";
  u.content = PdfBytes(2000);
  v1::UploadDocumentResponse first;
  ASSERT_TRUE(Send(u, &first).ok());
  v1::SubmitDossierRequest submit;
  submit.set_request_id("req-submit");
  submit.set_dossier_id(id_);
  submit.set_expected_version(first.dossier().version());
  v1::SubmitDossierResponse submitted;
  ASSERT_TRUE(stub_->SubmitDossier(As(Role::kSubmitter, "U").get(), submit, &submitted).ok());
  // The client never saw the upload's answer and retries it: replayed, although a SUBMITTED dossier takes no
  // new document.
  u.expected_version = first.dossier().version() - 1;
  const long long documents = Count("document");
  v1::UploadDocumentResponse retried;
  const grpc::Status status = Send(u, &retried);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(retried.document().id(), first.document().id());
  EXPECT_EQ(retried.dossier().version(), first.dossier().version());
  EXPECT_EQ(Count("document"), documents);
  u.request_id = "req-new-after-submit";
  EXPECT_EQ(Send(u, &retried).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(DossierDocuments, BadUploadsAreRefusedAndChangeNothing) {
  const std::vector<long long> before = Counts();
  v1::UploadDocumentResponse response;
  auto refused = [&](Upload u) {
    grpc::Status status = Send(u, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_EQ(Counts(), before);
  };
  const int64_t limit = kMaxDocumentBytes;
  Upload big;
  big.content = PdfBytes(static_cast<size_t>(limit) + 1);
  refused(big);  // declared too big: refused at the metadata
  big.declared_size = limit;
  big.sha256 = "";
  refused(big);  // declared within the limit, but the stream goes past it
  Upload lie;
  lie.content = PdfBytes(1000);
  lie.declared_size = 999;
  refused(lie);  // longer than declared
  lie.declared_size = 1001;
  refused(lie);  // shorter than declared
  Upload wrong_hash;
  wrong_hash.content = PdfBytes(1000);
  wrong_hash.sha256 = base::Sha256Hex("something else");
  refused(wrong_hash);
  Upload exe;
  exe.content = "MZ\x90" + std::string(100, 'x');
  exe.content_type = "application/x-msdownload";
  exe.file_name = "virus.exe";
  refused(exe);  // not on the allow-list
  Upload disguised;
  disguised.content = "MZ\x90" + std::string(100, 'x');
  refused(disguised);  // declared PDF, is not one
  Upload png_as_pdf;
  png_as_pdf.content = "\x89PNG\r\n\x1a\n" + std::string(100, 'x');
  refused(png_as_pdf);
  Upload path;
  path.content = PdfBytes(100);
  path.file_name = "../etc/passwd";
  refused(path);
  path.file_name = "To\xCC\x9B\xCC\x80 tri\xCC\x80nh.pdf";  // "Tờ trình" in NFD
  refused(path);
  Upload stale;
  stale.content = PdfBytes(100);
  stale.expected_version = version_ + 5;
  grpc::Status status = Send(stale, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED) << status.error_message();
  EXPECT_EQ(Counts(), before);

  // Only the origin unit's submitter attaches in DRAFT: a commune appraiser may read, not attach.
  Upload fine;
  fine.content = PdfBytes(100);
  status = Send(fine, &response, As(Role::kAppraiser, "C"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(Counts(), before);
}

TEST_F(DossierDocuments, OtherAllowedTypesAreAcceptedByTheirSignature) {
  v1::UploadDocumentResponse response;
  Upload png;
  png.content = "\x89PNG\r\n\x1a\n" + std::string(100, 'x');
  png.content_type = "image/png";
  png.file_name = "ảnh.png";
  EXPECT_TRUE(Send(png, &response).ok());
  Upload docx;
  docx.content = std::string("PK\x03\x04", 4) + std::string(100, 'x');
  docx.content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  docx.file_name = "báo cáo.docx";
  EXPECT_TRUE(Send(docx, &response).ok());
  Upload odt;
  odt.content = std::string("PK\x03\x04", 4) + std::string(26, '\0') + "mimetypeapplication/vnd.oasis.opendocument.text";
  odt.content_type = "application/vnd.oasis.opendocument.text";
  odt.file_name = "biên bản.odt";
  EXPECT_TRUE(Send(odt, &response).ok());
  odt.content_type = "application/vnd.oasis.opendocument.spreadsheet";  // the mimetype entry says text
  EXPECT_EQ(Send(odt, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Count("document"), 3);
}

TEST_F(DossierDocuments, TamperedContentIsDataLossOnDownload) {
  Upload u;
  u.content = PdfBytes(5000);
  v1::UploadDocumentResponse uploaded;
  ASSERT_TRUE(Send(u, &uploaded).ok());
  Exec("UPDATE dossier.document SET content = overlay(content placing '\\x00'::bytea from 100) WHERE id = '" +
       uploaded.document().id() + "'");
  v1::Document metadata;
  std::string content;
  grpc::Status status = Download(uploaded.document().id(), &metadata, &content);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DATA_LOSS) << status.error_message();
  EXPECT_TRUE(content.empty());  // nothing of the altered content went out
  EXPECT_TRUE(metadata.id().empty());
}

TEST_F(DossierDocuments, RemovedDocumentsAreNeitherListedNorDownloadable) {
  Upload u;
  u.content = PdfBytes(2000);
  v1::UploadDocumentResponse uploaded;
  ASSERT_TRUE(Send(u, &uploaded).ok());
  const std::string document_id = uploaded.document().id();

  v1::RemoveDocumentRequest remove;
  remove.set_request_id(NextRequestId());
  remove.set_dossier_id(id_);
  remove.set_expected_version(version_);
  remove.set_document_id(document_id);
  v1::RemoveDocumentResponse removed;
  // Someone else's unit may not remove it.
  EXPECT_EQ(stub_->RemoveDocument(As(Role::kSubmitter, "U2").get(), remove, &removed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status status = stub_->RemoveDocument(As(Role::kSubmitter, "U").get(), remove, &removed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(removed.dossier().version(), version_ + 1);
  EXPECT_EQ(removed.dossier().document_count(), 0);
  EXPECT_EQ(Count("document", "removed_at IS NOT NULL"), 1);
  const v1::GetDossierResponse got = Get(id_);
  EXPECT_EQ(got.history(got.history_size() - 1).action(), v1::DOSSIER_ACTION_REMOVE_DOCUMENT);

  v1::ListDocumentsRequest list;
  list.set_dossier_id(id_);
  v1::ListDocumentsResponse listed;
  ASSERT_TRUE(stub_->ListDocuments(As(Role::kSubmitter, "U").get(), list, &listed).ok());
  EXPECT_EQ(listed.documents_size(), 0);
  v1::Document metadata;
  std::string content;
  EXPECT_EQ(Download(document_id, &metadata, &content).error_code(), grpc::StatusCode::NOT_FOUND);
  remove.set_request_id(NextRequestId());
  remove.set_expected_version(removed.dossier().version());
  EXPECT_EQ(stub_->RemoveDocument(As(Role::kSubmitter, "U").get(), remove, &removed).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(DossierDocuments, UnrelatedCallersCannotReadDocuments) {
  Upload u;
  u.content = PdfBytes(2000);
  v1::UploadDocumentResponse uploaded;
  ASSERT_TRUE(Send(u, &uploaded).ok());
  v1::Document metadata;
  std::string content;
  EXPECT_EQ(Download(uploaded.document().id(), &metadata, &content, nullptr, As(Role::kSubmitter, "U2")).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(content.empty());
  v1::ListDocumentsRequest list;
  list.set_dossier_id(id_);
  v1::ListDocumentsResponse listed;
  EXPECT_EQ(stub_->ListDocuments(As(Role::kSubmitter, "U2").get(), list, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(stub_->ListDocuments(WithToken("").get(), list, &listed).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace tdkt::dossier
