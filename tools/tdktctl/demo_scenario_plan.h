#pragma once
// The demo scenario's data: where it happens, whom it adds to the directory, and the dossiers it drives to a
// spread of states. Shared with tests/e2e, which checks that no nominee's name reaches the public status and
// no ID number reaches a log. All names and ID numbers are invented (ID numbers 0250…, outside people.csv).
#include <array>

#include "tdkt/v1/directory.pb.h"
#include "tdkt/v1/dossier.pb.h"

namespace tdkt::tdktctl::demo {

// The path through the 3-level chain: Trường Tiểu học Đồng Tân → UBND xã Đồng Tân → UBND tỉnh Phú Thọ.
inline constexpr char kUnitCode[] = "PT-DONGTAN-THDT";
inline constexpr char kCommuneCode[] = "PT-DONGTAN";
inline constexpr char kUnitSubmitter[] = "vt.dongtan.thdt";
inline constexpr char kCommuneAdmin[] = "qt.dongtan";
inline constexpr char kCommuneAppraiser[] = "vp.dongtan";
inline constexpr char kCommuneDecider[] = "ct.dongtan";  // also chairs the commune council
inline constexpr std::array<const char*, 3> kCommuneVoters = {"ct.dongtan", "uv.dongtan", "ct.donglien"};

// The unit level of the chain has its own standing body and council (the school's emulation council), which
// data/demo does not have: the scenario creates them through the directory as the commune's administrator.
struct UnitStaff {
  const char* username;
  const char* full_name;
  tdkt::v1::CouncilPosition position;
  const char* title_vi;
  bool appraiser;  // also the unit's standing body (ROLE_APPRAISER at the unit)
};
inline constexpr std::array<UnitStaff, 3> kUnitStaff = {{
    {"ht.dongtan.thdt", "Đặng Thị Thu Hà", tdkt::v1::COUNCIL_POSITION_CHAIR, "Hiệu trưởng", false},
    {"pht.dongtan.thdt", "Cao Văn Minh", tdkt::v1::COUNCIL_POSITION_VICE_CHAIR, "Phó Hiệu trưởng", true},
    {"cd.dongtan.thdt", "Lò Thị Hương", tdkt::v1::COUNCIL_POSITION_MEMBER, "Chủ tịch Công đoàn trường", false},
}};
inline constexpr char kUnitChair[] = "ht.dongtan.thdt";
inline constexpr char kUnitAppraiser[] = "pht.dongtan.thdt";

// Where each demo dossier stops.
enum class Target {
  kDraft,                 // DRAFT at the unit, documents still missing
  kSubmittedAtUnit,       // SUBMITTED, waiting for the unit's standing body
  kSubmittedAtCommune,    // passed the school's council, waiting for Đồng Tân's appraiser (vp.dongtan)
  kUnderReviewAtCommune,  // taken up by vp.dongtan
  kReturnedAtCommune,     // RETURNED_FOR_SUPPLEMENT by vp.dongtan
  kVotingAtCommune,       // COUNCIL_VOTING at Đồng Tân, two of three ballots cast
  kForwardedToProvince,   // passed Đồng Tân's council, SUBMITTED at the province (nv.tinh, tk.tinh)
  kPublished,             // decided by the commune chairman and published
};

struct DemoDossier {
  const char* key;  // request ids are "demo-<key>-<step>"
  const char* award_code;
  const char* nominee_name;
  const char* nominee_id_number;
  int birth_year;
  tdkt::v1::Gender gender;
  const char* position_vi;
  Target target;
};

inline constexpr int kYear = 2026;
inline constexpr std::array<DemoDossier, 8> kDossiers = {{
    {"nhap", "CSTD_CO_SO", "Nguyễn Thị Mai Anh", "025090001001", 1990, tdkt::v1::GENDER_FEMALE, "Giáo viên",
     Target::kDraft},
    {"don-vi", "CSTD_CO_SO", "Trần Văn Khánh", "025086001002", 1986, tdkt::v1::GENDER_MALE, "Giáo viên",
     Target::kSubmittedAtUnit},
    {"cho-xa", "CSTD_CO_SO", "Lê Thị Bích Ngọc", "025088001003", 1988, tdkt::v1::GENDER_FEMALE, "Tổ trưởng chuyên môn",
     Target::kSubmittedAtCommune},
    {"tham-dinh", "CSTD_CO_SO", "Phạm Quang Huy", "025084001004", 1984, tdkt::v1::GENDER_MALE, "Giáo viên",
     Target::kUnderReviewAtCommune},
    {"bo-sung", "CSTD_CO_SO", "Hoàng Thị Thanh Tâm", "025091001005", 1991, tdkt::v1::GENDER_FEMALE, "Giáo viên",
     Target::kReturnedAtCommune},
    {"hoi-dong", "CSTD_CO_SO", "Vũ Đức Thắng", "025083001006", 1983, tdkt::v1::GENDER_MALE, "Phó Hiệu trưởng",
     Target::kVotingAtCommune},
    {"len-tinh", "BANG_KHEN_TINH", "Đỗ Thị Lan Hương", "025079001007", 1979, tdkt::v1::GENDER_FEMALE, "Giáo viên",
     Target::kForwardedToProvince},
    {"cong-bo", "CSTD_CO_SO", "Ngô Văn Phúc", "025082001008", 1982, tdkt::v1::GENDER_MALE, "Giáo viên",
     Target::kPublished},
}};

}  // namespace tdkt::tdktctl::demo
