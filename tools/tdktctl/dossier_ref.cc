#include "tools/tdktctl/dossier_ref.h"

#include <cstring>

namespace tdkt::tdktctl {

namespace v1 = tdkt::v1;

std::optional<std::string> CanonicalTrackingCode(const std::string& text) {
  static constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::string symbols;
  for (char c : text) {
    if (c == '-' || c == ' ') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == 'I' || c == 'L') c = '1';
    if (c == 'O') c = '0';
    if (c == '\0' || std::strchr(kCrockford, c) == nullptr || symbols.size() == 16) return std::nullopt;
    symbols += c;
  }
  if (symbols.size() != 16) return std::nullopt;
  std::string code;
  for (size_t i = 0; i < symbols.size(); ++i) {
    if (i > 0 && i % 4 == 0) code += '-';
    code += symbols[i];
  }
  return code;
}

absl::StatusOr<v1::GetDossierResponse> ReadDossier(Session& session, const OnlineOptions& options,
                                                   const std::string& id_or_code) {
  std::string dossier_id = id_or_code;
  if (const std::optional<std::string> code = CanonicalTrackingCode(id_or_code)) {
    v1::GetPublicStatusRequest status_request;
    status_request.set_tracking_code(*code);
    v1::GetPublicStatusResponse status;
    grpc::Status call = AnonymousDossierStub(options)->GetPublicStatus(AnonymousContext().get(), status_request,
                                                                      &status);
    if (!call.ok()) return FromGrpc("tra cứu mã " + *code, call);
    v1::SearchDossiersRequest search;
    search.add_states(status.status().state());
    search.set_level(status.status().current_level());
    search.set_award_code(status.status().award_code());
    search.set_year(status.status().year());
    search.mutable_page()->set_page_size(200);
    dossier_id.clear();
    do {
      v1::SearchDossiersResponse found;
      call = session.dossier().SearchDossiers(session.Context().get(), search, &found);
      if (!call.ok()) return FromGrpc("tìm hồ sơ có mã " + *code, call);
      for (const v1::Dossier& d : found.dossiers()) {
        if (d.tracking_code() == *code) dossier_id = d.id();
      }
      search.mutable_page()->set_page_token(found.page().next_page_token());
    } while (dossier_id.empty() && !search.page().page_token().empty());
    if (dossier_id.empty()) {
      return absl::NotFoundError("không có hồ sơ mã " + *code + " trong các hồ sơ bạn được xem");
    }
  }
  v1::GetDossierRequest request;
  request.set_dossier_id(dossier_id);
  v1::GetDossierResponse response;
  const grpc::Status call = session.dossier().GetDossier(session.Context().get(), request, &response);
  if (!call.ok()) return FromGrpc("đọc hồ sơ " + id_or_code, call);
  return response;
}

}  // namespace tdkt::tdktctl
