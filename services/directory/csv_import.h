#pragma once
// ImportCsv: the directory's CSV files (organisations, people, role assignments, councils) applied in one
// transaction, all or nothing. Columns (header row required; order free; extra columns marked * are
// optional and not in directory.proto):
//   organisations:     code,name_vi,level,parent_code,valid_from,valid_until,successor_code[,short_name_vi*]
//   people:            username,full_name,id_number,email,phone[,gender*,birth_year*]
//   role assignments:  username,org_code,role,valid_from,valid_until
//   councils:          org_code,term_from,term_until,username,position,title_vi,voting
//                      [,name_vi*,establishing_decision*]   — one row per member; a council is its
//                      (org_code, term_from); name_vi defaults to "Hội đồng Thi đua – Khen thưởng" + org name
// level: UNIT|COMMUNE|DISTRICT|PROVINCE|CENTRAL (or the ORG_LEVEL_ name); role: SUBMITTER|APPRAISER|DECIDER|
// ADMIN (or ROLE_…); position: CHAIR|STANDING_VICE_CHAIR|VICE_CHAIR|MEMBER|SECRETARY (or COUNCIL_POSITION_…);
// voting: true/false (also 1/0, yes/no, có/không); gender: F|M|"" ; dates YYYY-MM-DD, empty = open-ended.
// parent_code names the parent valid on valid_from (it must exist or come earlier in the file); successor_code
// the organisation valid the day after valid_until (anywhere in the file). Rows match existing records by
// (code, valid_from), username, (person, org, role, valid_from) and (org, term_from), and update them.
#include "absl/status/status.h"
#include "services/directory/stores.h"

namespace tdkt::directory {

// Sizes and kinds, before any parsing: at most 16 files, 16 MiB in total.
absl::Status CheckImportRequest(const tdkt::v1::ImportDirectoryCsvRequest& request);

// INVALID_ARGUMENT naming the first errors as "<file>:<line>: <reason>", with every error (≤ 1000) in
// `failure`; the caller's transaction must then roll back.
absl::Status ImportCsv(const DirectoryStores& stores, Tx& tx, const tdkt::v1::ImportDirectoryCsvRequest& request,
                       tdkt::v1::ImportDirectoryCsvResponse* response, tdkt::v1::CsvImportFailure* failure);

}  // namespace tdkt::directory
