#pragma once
// How inbox, search and show print one dossier: the same Vietnamese lines everywhere.
#include <ostream>
#include <string>

#include "tdkt/v1/dossier.pb.h"
#include "tools/tdktctl/online_client.h"

namespace tdkt::tdktctl {

// "hạn 2026-12-07 (còn 3 ngày làm việc)", "hạn 2026-11-20 — QUÁ HẠN 2 ngày làm việc", "tạm dừng", "—".
std::string DeadlineText(const tdkt::v1::Dossier& dossier);

// A few indented lines: tracking code (and QUÁ HẠN), state and holder, award, nominee, deadline, id.
void PrintDossierSummary(const tdkt::v1::Dossier& dossier, Session& session, const std::string& data_dir,
                         std::ostream& out);

}  // namespace tdkt::tdktctl
