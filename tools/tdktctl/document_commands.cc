// `tdktctl documents <dossier>`, `tdktctl upload <dossier> --kind KIND FILE` and `tdktctl download <dossier>
// <document> [--out FILE]`: the files of a dossier. Upload and download stream (UploadDocument: the metadata, then
// the content in chunks of 256 KiB; GetDocumentContent: the same the other way), so a 20 MiB scan is never held in
// memory whole; the upload's SHA-256 and size are read from the file first, the download's checked against the
// document's before the file is put in place.
#include <sodium.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "base/sodium.h"
#include "tools/tdktctl/dossier_ref.h"
#include "tools/tdktctl/json_output.h"
#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/online_commands.h"

namespace tdkt::tdktctl {
namespace {

namespace v1 = tdkt::v1;

constexpr size_t kChunkBytes = 256 * 1024;

// The SHA-256 (hex) and size of a file, read in chunks.
absl::Status HashFile(const std::string& path, std::string* sha256, int64_t* size) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError("không mở được tệp " + path);
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::string buffer(kChunkBytes, '\0');
  *size = 0;
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const std::streamsize n = in.gcount();
    if (n <= 0) break;
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buffer.data()),
                              static_cast<unsigned long long>(n));
    *size += n;
  }
  if (in.bad()) return absl::InvalidArgumentError("không đọc được tệp " + path);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  *sha256 = base::HexOf(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
  return absl::OkStatus();
}

std::string MediaTypeOf(const std::string& file_name) {
  const std::string name = absl::AsciiStrToLower(file_name);
  const auto ends = [&](const char* suffix) {
    const std::string s = suffix;
    return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  if (ends(".pdf")) return "application/pdf";
  if (ends(".docx")) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (ends(".doc")) return "application/msword";
  if (ends(".xlsx")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (ends(".jpg") || ends(".jpeg")) return "image/jpeg";
  if (ends(".png")) return "image/png";
  return "application/octet-stream";
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// ---- documents ----

constexpr char kDocumentsHelp[] =
    "usage: tdktctl documents HỒ_SƠ [--output json]\n"
    "Các tài liệu của hồ sơ (ListDocuments), theo thứ tự đính kèm: mã tài liệu, loại, tên tệp, kích thước, ai\n"
    "đính kèm và lúc nào. --output json: ListDocumentsResponse.\n";

int RunDocuments(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line({});
  LoggedInStart start = StartLoggedIn("documents", args, err, kDocumentsHelp, line, 1, 1);
  if (start.exit_code != 0) return start.exit_code;
  Session& session = *start.session;
  absl::StatusOr<v1::GetDossierResponse> dossier = ReadDossier(session, start.options, line.positional()[0]);
  if (!dossier.ok()) return Failed("documents", dossier.status(), err);
  v1::ListDocumentsRequest request;
  request.set_dossier_id(dossier->dossier().id());
  v1::ListDocumentsResponse response;
  const grpc::Status status = session.dossier().ListDocuments(session.Context().get(), request, &response);
  if (!status.ok()) return Failed("documents", FromGrpc("đọc danh sách tài liệu", status), err);
  if (start.options.json) {
    PrintJson(response, out);
    return kExitOk;
  }
  out << "Tài liệu của hồ sơ " << dossier->dossier().tracking_code() << ": " << response.documents_size() << "\n";
  for (const v1::Document& d : response.documents()) {
    out << "  " << d.id() << "  " << d.kind() << "  " << d.file_name() << "  " << d.size_bytes() << " byte\n"
        << "      " << FormatTime(d.uploaded_at()) << ", " << d.uploaded_by().display_name() << " (cấp "
        << LevelNameVi(d.level()) << ")\n";
  }
  return kExitOk;
}

// ---- upload ----

constexpr char kUploadHelp[] =
    "usage: tdktctl upload HỒ_SƠ TỆP --kind LOẠI [--name TÊN_TỆP] [--type KIỂU_MIME] [--version N]\n"
    "       [--request-id MÃ]\n"
    "Đính kèm một tệp vào hồ sơ (UploadDocument, gửi từng phần 256 KiB). LOẠI là loại tài liệu của danh mục\n"
    "(TO_TRINH, BAO_CAO_THANH_TICH, BIEN_BAN_XET, …); --name mặc định là tên tệp, --type đoán theo đuôi tệp.\n"
    "Mỗi lần đính kèm tăng phiên bản hồ sơ. --output json: UploadDocumentResponse.\n";

int RunUpload(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line({{"--kind", kValue}, {"--name", kValue}, {"--type", kValue}, {"--version", kValue},
                    {"--request-id", kValue}});
  std::string sha256;
  int64_t size = 0;
  int64_t given_version = -1;
  LoggedInStart start = StartLoggedIn("upload", args, err, kUploadHelp, line, 2, 2, [&](const CommandLine& l) {
    if (!l.Has("--kind")) return absl::InvalidArgumentError("cần --kind LOẠI_TÀI_LIỆU");
    if (const auto v = l.Value("--version"); v && (!absl::SimpleAtoi(*v, &given_version) || given_version < 0)) {
      return absl::InvalidArgumentError("--version cần một số không âm");
    }
    return HashFile(l.positional()[1], &sha256, &size);  // a file that cannot be read is a usage error
  });
  if (start.exit_code != 0) return start.exit_code;
  if (!base::InitSodium().ok()) {
    err << "tdktctl upload: libsodium không khởi động được\n";
    return kExitRefused;
  }
  Session& session = *start.session;
  const std::string path = line.positional()[1];
  absl::StatusOr<v1::GetDossierResponse> dossier = ReadDossier(session, start.options, line.positional()[0]);
  if (!dossier.ok()) return Failed("upload", dossier.status(), err);
  const std::string file_name = line.Value("--name").value_or(BaseName(path));

  v1::UploadDocumentRequest first;
  first.set_request_id(line.Value("--request-id").value_or(NewRequestId()));
  first.set_expected_version(given_version >= 0 ? given_version : dossier->dossier().version());
  v1::DocumentUploadMetadata* metadata = first.mutable_metadata();
  metadata->set_dossier_id(dossier->dossier().id());
  metadata->set_kind(*line.Value("--kind"));
  metadata->set_file_name(file_name);
  metadata->set_content_type(line.Value("--type").value_or(MediaTypeOf(file_name)));
  metadata->set_size_bytes(size);
  metadata->set_sha256(sha256);
  v1::UploadDocumentResponse response;
  // The upload may take long: its deadline grows with the size (a minute, plus a minute per 10 MiB).
  auto context = session.Context(absl::Minutes(1 + size / (10 << 20)));
  auto writer = session.dossier().UploadDocument(context.get(), &response);
  std::ifstream in(path, std::ios::binary);
  std::string buffer(kChunkBytes, '\0');
  // A failed Write means the server has ended the call; Finish tells why.
  bool open = writer->Write(first);
  while (open && in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const std::streamsize n = in.gcount();
    if (n <= 0) break;
    v1::UploadDocumentRequest chunk;
    chunk.set_chunk(buffer.data(), static_cast<size_t>(n));
    open = writer->Write(chunk);
  }
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  if (!status.ok()) {
    return Failed("upload", FromGrpc("đính kèm " + file_name + " vào hồ sơ " + dossier->dossier().tracking_code(),
                                     status),
                  err);
  }
  if (start.options.json) {
    PrintJson(response, out);
    return kExitOk;
  }
  out << "Đã đính kèm " << response.document().file_name() << " (" << response.document().kind() << ", "
      << response.document().size_bytes() << " byte, mã tài liệu " << response.document().id() << ") vào hồ sơ "
      << response.dossier().tracking_code() << "; phiên bản " << response.dossier().version() << "\n";
  return kExitOk;
}

// ---- download ----

constexpr char kDownloadHelp[] =
    "usage: tdktctl download HỒ_SƠ MÃ_TÀI_LIỆU [--out TỆP | --out -] [--force]\n"
    "Tải một tài liệu của hồ sơ (GetDocumentContent, nhận từng phần) vào TỆP (mặc định: tên tệp của tài liệu, trong\n"
    "thư mục hiện tại; đã có thì cần --force), hoặc ra stdout với --out -. SHA-256 và kích thước được kiểm tra trước\n"
    "khi tệp được đặt vào chỗ. --output json: in Document (siêu dữ liệu) sau khi tải.\n";

int RunDownload(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line({{"--out", kValue}, {"--force", kSwitch}});
  LoggedInStart start = StartLoggedIn("download", args, err, kDownloadHelp, line, 2, 2);
  if (start.exit_code != 0) return start.exit_code;
  Session& session = *start.session;
  absl::StatusOr<v1::GetDossierResponse> dossier = ReadDossier(session, start.options, line.positional()[0]);
  if (!dossier.ok()) return Failed("download", dossier.status(), err);
  v1::GetDocumentContentRequest request;
  request.set_dossier_id(dossier->dossier().id());
  request.set_document_id(line.positional()[1]);
  auto context = session.Context(absl::Minutes(10));
  auto reader = session.dossier().GetDocumentContent(context.get(), request);
  v1::GetDocumentContentResponse message;
  v1::Document document;
  std::string target;
  std::string temporary;
  std::ofstream file;
  const bool to_stdout = line.Value("--out") == std::optional<std::string>("-");
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  int64_t received = 0;
  bool first = true;
  absl::Status local = absl::OkStatus();
  while (local.ok() && reader->Read(&message)) {
    if (first) {
      first = false;
      document = message.document();
      if (to_stdout) continue;
      target = line.Value("--out").value_or(BaseName(document.file_name()));
      struct stat existing;
      if (target.empty() || (!line.Has("--force") && ::stat(target.c_str(), &existing) == 0)) {
        local = absl::InvalidArgumentError("tệp " + target + " đã có (dùng --force để ghi đè, hoặc --out TỆP)");
        break;
      }
      temporary = target + ".tdktctl-download";
      file.open(temporary, std::ios::binary | std::ios::trunc);
      if (!file) local = absl::InvalidArgumentError("không ghi được " + temporary);
      continue;
    }
    const std::string& chunk = message.chunk();
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(chunk.data()), chunk.size());
    received += static_cast<int64_t>(chunk.size());
    if (to_stdout) {
      out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    } else {
      file.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      if (!file) local = absl::InvalidArgumentError("không ghi được " + temporary);
    }
  }
  if (!local.ok()) context->TryCancel();
  const grpc::Status status = reader->Finish();
  if (file.is_open()) file.close();
  auto discard = [&] {
    if (!temporary.empty()) std::remove(temporary.c_str());
  };
  if (!local.ok()) {
    discard();
    err << "tdktctl download: " << local.message() << "\n";
    return kExitRefused;
  }
  if (!status.ok()) {
    discard();
    return Failed("download", FromGrpc("tải tài liệu " + line.positional()[1], status), err);
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  const std::string sha256 = base::HexOf(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
  if (sha256 != document.sha256() || received != document.size_bytes()) {
    discard();
    err << "tdktctl download: nội dung nhận được không khớp SHA-256/kích thước của tài liệu; tệp không được ghi\n";
    return kExitRefused;
  }
  if (!to_stdout && std::rename(temporary.c_str(), target.c_str()) != 0) {
    discard();
    err << "tdktctl download: không đặt được tệp " << target << "\n";
    return kExitRefused;
  }
  if (start.options.json) {
    PrintJson(document, to_stdout ? err : out);
  } else if (!to_stdout) {
    out << "Đã tải " << document.file_name() << " (" << received << " byte, SHA-256 khớp) vào " << target << "\n";
  }
  return kExitOk;
}

}  // namespace

std::vector<Subcommand> DocumentSubcommands() {
  return {{"documents", "các tài liệu của một hồ sơ", kDocumentsHelp, RunDocuments},
          {"upload", "đính kèm một tệp vào hồ sơ (gửi từng phần)", kUploadHelp, RunUpload},
          {"download", "tải một tài liệu của hồ sơ (nhận từng phần)", kDownloadHelp, RunDownload}};
}

}  // namespace tdkt::tdktctl
