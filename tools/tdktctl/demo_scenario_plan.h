#pragma once
// The demo scenario's data: where it happens, whom it adds to the directory, the 200 dossiers it drives to a
// spread of every state at every level of the 3-level chain (unit → commune → province), and one emulation bloc. Shared with tests/e2e,
// which computes from it what the demo must leave behind and checks that no nominee's name reaches the public
// status and no ID number a log. All names and ID numbers are invented (ID numbers 0250…, outside people.csv).
#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "tdkt/v1/directory.pb.h"
#include "tdkt/v1/dossier.pb.h"

namespace tdkt::tdktctl::demo {

inline constexpr int kYear = 2026;
// LĐTT holders of kYear the scenario imports into each unit's award history (tdktctl demo-scenario): the CSTĐCS cap
// of 15 % then allows 30 per unit, more than the plan's CSTĐCS dossiers of any unit ever count against it.
inline constexpr int kLdttHolders = 200;
inline constexpr char kPassword[] = "tdkt-demo-2025";  // every demo user's (data/demo/README.md)

// The unit level of the chain has its own standing body and council (each unit's emulation council), which
// data/demo does not have: data/demo-units adds them (deploy/local/demo-data imports both). The head chairs the
// council and decides the unit's own awards (LĐTT, Giấy khen), the deputy is the standing body (APPRAISER). The
// names here are those of data/demo-units/people.csv.
struct UnitStaff {
  const char* username;
  const char* full_name;
  tdkt::v1::CouncilPosition position;
  const char* title_vi;
};
struct Unit {
  const char* key;        // in request ids: "demo-hoi-dong-<key>"
  const char* code;       // data/demo/organizations.csv
  const char* name_vi;
  const char* submitter;  // data/demo: the unit's SUBMITTER
  const char* commune;    // the code of its commune (kCommunes)
  std::array<UnitStaff, 3> staff;  // head (chair, DECIDER), deputy (vice-chair, APPRAISER), union chair (member)
  const char* council_decision;    // the decision establishing its council: "12/QĐ-THĐT"
};

struct Commune {
  const char* code;
  const char* appraiser;                 // the standing body (APPRAISER)
  const char* chair;                     // chairs the council and decides (DECIDER)
  std::array<const char*, 3> voters;     // the council's voting members (nullptr: fewer)
};

inline constexpr std::array<Commune, 3> kCommunes = {{
    {"PT-DONGTAN", "vp.dongtan", "ct.dongtan", {"ct.dongtan", "uv.dongtan", "ct.donglien"}},
    {"PT-THUCLUYEN", "vp.thucluyen", "ct.thucluyen", {"ct.thucluyen", "uv.thucluyen", nullptr}},
    {"PT-KIMTHUONG", "vp.kimthuong", "ct.kimthuong", {"ct.kimthuong", "uv.kimthuong", nullptr}},
}};

inline constexpr char kProvinceCode[] = "PT";
inline constexpr char kProvinceAppraiser[] = "nv.tinh";
inline constexpr char kProvinceSecondAppraiser[] = "tk.tinh";
inline constexpr char kProvinceChair[] = "ct.tinh";  // chairs the council and decides
inline constexpr std::array<const char*, 3> kProvinceVoters = {"ct.tinh", "nv.tinh", "uv.tinh"};
inline constexpr char kProvinceAdmin[] = "qt.tinh";  // named in the demo's output as its administrator

inline constexpr std::array<Unit, 5> kUnits = {{
    {"thdt", "PT-DONGTAN-THDT", "Trường Tiểu học Đồng Tân", "vt.dongtan.thdt", "PT-DONGTAN",
     {{{"ht.dongtan.thdt", "Đặng Thị Thu Hà", tdkt::v1::COUNCIL_POSITION_CHAIR, "Hiệu trưởng"},
       {"pht.dongtan.thdt", "Cao Văn Minh", tdkt::v1::COUNCIL_POSITION_VICE_CHAIR, "Phó Hiệu trưởng"},
       {"cd.dongtan.thdt", "Lò Thị Hương", tdkt::v1::COUNCIL_POSITION_MEMBER, "Chủ tịch Công đoàn trường"}}},
     "12/QĐ-THĐT"},
    {"tyt", "PT-DONGTAN-TYT", "Trạm Y tế xã Đồng Tân", "vt.dongtan.tyt", "PT-DONGTAN",
     {{{"tt.dongtan.tyt", "Hà Văn Sơn", tdkt::v1::COUNCIL_POSITION_CHAIR, "Trưởng Trạm Y tế"},
       {"ptt.dongtan.tyt", "Đinh Thị Yến", tdkt::v1::COUNCIL_POSITION_VICE_CHAIR, "Phó Trưởng Trạm Y tế"},
       {"cd.dongtan.tyt", "Triệu Văn Lực", tdkt::v1::COUNCIL_POSITION_MEMBER, "Chủ tịch Công đoàn trạm"}}},
     "05/QĐ-TYT"},
    {"mn", "PT-DONGLIEN-MN", "Trường Mầm non Đồng Liên", "vt.donglien.mn", "PT-DONGTAN",
     {{{"ht.donglien.mn", "Bùi Thị Nga", tdkt::v1::COUNCIL_POSITION_CHAIR, "Hiệu trưởng"},
       {"pht.donglien.mn", "Mai Thị Thoa", tdkt::v1::COUNCIL_POSITION_VICE_CHAIR, "Phó Hiệu trưởng"},
       {"cd.donglien.mn", "Quách Văn Toàn", tdkt::v1::COUNCIL_POSITION_MEMBER, "Chủ tịch Công đoàn trường"}}},
     "08/QĐ-MNĐL"},
    {"thcs", "PT-THUCLUYEN-THCS", "Trường THCS Thục Luyện", "vt.thucluyen.thcs", "PT-THUCLUYEN",
     {{{"ht.thucluyen.thcs", "Nguyễn Đức Thịnh", tdkt::v1::COUNCIL_POSITION_CHAIR, "Hiệu trưởng"},
       {"pht.thucluyen.thcs", "Lê Thị Phượng", tdkt::v1::COUNCIL_POSITION_VICE_CHAIR, "Phó Hiệu trưởng"},
       {"cd.thucluyen.thcs", "Hoàng Văn Khải", tdkt::v1::COUNCIL_POSITION_MEMBER, "Chủ tịch Công đoàn trường"}}},
     "21/QĐ-THCS"},
    {"th", "PT-KIMTHUONG-TH", "Trường Tiểu học Kim Thượng", "vt.kimthuong.th", "PT-KIMTHUONG",
     {{{"ht.kimthuong.th", "Phùng Văn Đông", tdkt::v1::COUNCIL_POSITION_CHAIR, "Hiệu trưởng"},
       {"pht.kimthuong.th", "Tạ Thị Ánh", tdkt::v1::COUNCIL_POSITION_VICE_CHAIR, "Phó Hiệu trưởng"},
       {"cd.kimthuong.th", "Vi Văn Chiến", tdkt::v1::COUNCIL_POSITION_MEMBER, "Chủ tịch Công đoàn trường"}}},
     "17/QĐ-THKT"},
}};

// The demo's emulation bloc (khối thi đua) of kYear: the first three units (all of Đồng Tân commune since July 2025),
// set up by the commune's standing body (kCommunes[0].appraiser) with its pledge; every member's head but the last's
// has signed it. The console's walk (tests/browser) signs for the last member, scores and closes. The award is the
// commune chairman's Giấy khen for one leader. ASSUMPTION: the sources name blocs of the province and of districts
// (docs/architecture.md §14), not a commune's; a commune bloc keeps the demo small, with the demo's own units.
struct BlocCriterion {
  const char* code;
  const char* name_vi;
  int weight;
  int max_score;
};
inline constexpr char kBlocName[] = "Khối thi đua các đơn vị sự nghiệp xã Đồng Tân";
inline constexpr char kBlocAward[] = "GIAY_KHEN";
inline constexpr size_t kBlocMembers = 3;  // kUnits[0..2]; the first is the head
inline constexpr size_t kBlocSigned = 2;   // kUnits[0..1] signed by their heads (staff[0])
inline constexpr std::array<BlocCriterion, 3> kBlocCriteria = {{
    {"NHIEM-VU", "Hoàn thành nhiệm vụ chuyên môn được giao", 50, 10},
    {"PHONG-TRAO", "Tổ chức phong trào thi đua, nhân rộng điển hình", 30, 10},
    {"KY-CUONG", "Kỷ luật, kỷ cương hành chính", 20, 10},
}};

inline const Commune& CommuneOf(const Unit& unit) {
  for (const Commune& c : kCommunes) {
    if (std::string(c.code) == unit.commune) return c;
  }
  return kCommunes[0];
}

// Where each demo dossier stops. Every one is driven there by the users who would take each step.
enum class Target {
  // At the unit (its standing body and council).
  kDraft,                   // DRAFT, its last document still missing
  kWithdrawnDraft,          // withdrawn before it was ever submitted
  kSubmittedAtUnit,         // SUBMITTED, waiting for the unit's standing body
  kReviewAtUnit,            // UNDER_REVIEW at the unit
  kReturnedAtUnit,          // RETURNED_FOR_SUPPLEMENT by the unit's standing body
  kVotingAtUnit,            // COUNCIL_VOTING at the unit, two of three ballots cast
  kRejectedAtUnit,          // REJECTED by the unit's standing body
  kWithdrawnAtUnit,         // WITHDRAWN after submission
  kAwaitingAtUnit,          // AWAITING_DECISION by the unit's head (LĐTT, Giấy khen)
  kDecidedAtUnit,           // DECIDED by the unit's head
  kPublishedAtUnit,         // PUBLISHED by the unit's head
  // At the commune (passed the unit's council).
  kSubmittedAtCommune,      // SUBMITTED, waiting for the commune's appraiser
  kReviewAtCommune,         // UNDER_REVIEW at the commune
  kReturnedAtCommune,       // RETURNED_FOR_SUPPLEMENT by the commune's appraiser
  kResubmittedAtCommune,    // returned, supplemented, resubmitted: UNDER_REVIEW again
  kVotingAtCommune,         // COUNCIL_VOTING at the commune, all ballots but one cast
  kVoteFailedAtCommune,     // the commune's council voted no: REJECTED
  kRejectedAtCommune,       // REJECTED by the commune's appraiser
  kComplaintAtCommune,      // rejected by the commune's appraiser, then a complaint: UNDER_REVIEW again
  kAwaitingAtCommune,       // AWAITING_DECISION by the commune's chairman (CSTĐCS)
  kDecidedAtCommune,        // DECIDED by the commune's chairman
  kPublishedAtCommune,      // PUBLISHED by the commune's chairman
  // At the province (passed the unit's and the commune's councils).
  kSubmittedAtProvince,     // SUBMITTED, waiting for the province's appraisers
  kReviewAtProvince,        // UNDER_REVIEW at the province
  kReturnedAtProvince,      // RETURNED_FOR_SUPPLEMENT by the province's appraiser
  kVotingAtProvince,        // COUNCIL_VOTING at the province, two of three ballots cast
  kRejectedAtProvince,      // REJECTED by the province's appraiser
  kAwaitingAtProvince,      // AWAITING_DECISION by the province's chairman (Bằng khen)
  kDecidedAtProvince,       // DECIDED by the province's chairman
  kPublishedAtProvince,     // PUBLISHED by the province's chairman
  kForwardedExternal,       // Bằng khen of the Prime Minister: sent beyond the province, FORWARDED_EXTERNAL
  kExternalGranted,         // … and granted there: DECIDED, recorded by the province's appraiser
};

// How many dossiers go to each target, with which award, and how many of them take every step four weeks in the
// past (`past`: run by `tdktctl demo-scenario --past` against services whose clock is set back, see
// deploy/local/demo; their appraisal deadlines are overdue now). The past ones are all the school's
// (Trường Tiểu học Đồng Tân), so that few people act in the past: the services run slowly with their clock set back
// (libfaketime turns every timed wait of theirs into a busy one).
struct Recipe {
  Target target;
  const char* award_code;
  int count;
  int past;
};

inline constexpr std::array<Recipe, 32> kRecipes = {{
    {Target::kDraft, "CSTD_CO_SO", 10, 0},
    {Target::kWithdrawnDraft, "LDTT", 3, 0},
    {Target::kSubmittedAtUnit, "CSTD_CO_SO", 10, 2},
    {Target::kReviewAtUnit, "LDTT", 8, 1},
    {Target::kReturnedAtUnit, "LDTT", 5, 0},
    {Target::kVotingAtUnit, "GIAY_KHEN", 5, 0},
    {Target::kRejectedAtUnit, "LDTT", 4, 0},
    {Target::kWithdrawnAtUnit, "CSTD_CO_SO", 3, 0},
    {Target::kAwaitingAtUnit, "LDTT", 5, 0},
    {Target::kDecidedAtUnit, "GIAY_KHEN", 5, 0},
    {Target::kPublishedAtUnit, "LDTT", 15, 0},
    {Target::kSubmittedAtCommune, "CSTD_CO_SO", 10, 2},
    {Target::kReviewAtCommune, "CSTD_CO_SO", 8, 1},
    {Target::kReturnedAtCommune, "CSTD_CO_SO", 6, 0},
    {Target::kResubmittedAtCommune, "CSTD_CO_SO", 4, 0},
    {Target::kVotingAtCommune, "CSTD_CO_SO", 5, 0},
    {Target::kVoteFailedAtCommune, "CSTD_CO_SO", 3, 0},
    {Target::kRejectedAtCommune, "CSTD_CO_SO", 3, 0},
    {Target::kComplaintAtCommune, "CSTD_CO_SO", 2, 0},
    {Target::kAwaitingAtCommune, "CSTD_CO_SO", 5, 0},
    {Target::kDecidedAtCommune, "CSTD_CO_SO", 5, 0},
    {Target::kPublishedAtCommune, "CSTD_CO_SO", 25, 0},
    {Target::kSubmittedAtProvince, "BANG_KHEN_TINH", 8, 0},
    {Target::kReviewAtProvince, "BANG_KHEN_TINH", 6, 0},
    {Target::kReturnedAtProvince, "BANG_KHEN_TINH", 3, 0},
    {Target::kVotingAtProvince, "BANG_KHEN_TINH", 3, 0},
    {Target::kRejectedAtProvince, "BANG_KHEN_TINH", 3, 0},
    {Target::kAwaitingAtProvince, "BANG_KHEN_TINH", 4, 0},
    {Target::kDecidedAtProvince, "BANG_KHEN_TINH", 4, 0},
    {Target::kPublishedAtProvince, "BANG_KHEN_TINH", 15, 0},
    {Target::kForwardedExternal, "BANG_KHEN_THU_TUONG", 3, 0},
    {Target::kExternalGranted, "BANG_KHEN_THU_TUONG", 2, 0},
}};

// The days the past dossiers' steps are set back (deploy/local/demo and the e2e test run the services that long
// ago for `--past`): four weeks are 20 working days, some 13 in a Tết month: past the 10 a unit or commune has.
inline constexpr int kPastDays = 28;

struct DemoDossier {
  std::string key;  // request ids are "demo-<key>-<step>"
  const Unit* unit;
  const char* award_code;
  Target target;
  bool past;
  std::string nominee_name;
  std::string nominee_id_number;
  int birth_year;
  tdkt::v1::Gender gender;
  const char* position_vi;
};

// Every dossier of the plan, in a fixed order (d001 … d200): the recipes in turn, each recipe's dossiers spread
// over the units in turn, the first `past` of a recipe the past ones (at the school). Names are made of common
// Vietnamese parts.
inline std::vector<DemoDossier> Dossiers() {
  static constexpr std::array<const char*, 14> kFamily = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ",
                                                          "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"};
  static constexpr std::array<const char*, 6> kMiddleMale = {"Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh"};
  static constexpr std::array<const char*, 6> kMiddleFemale = {"Thị", "Thu", "Ngọc", "Thanh", "Kim", "Bích"};
  static constexpr std::array<const char*, 12> kGivenMale = {"An", "Bình", "Cường", "Dũng", "Hùng", "Khánh",
                                                             "Long", "Nam", "Phúc", "Quân", "Sơn", "Tuấn"};
  static constexpr std::array<const char*, 12> kGivenFemale = {"Anh", "Hoa", "Hương", "Lan", "Linh", "Mai",
                                                               "Ngọc", "Phương", "Tâm", "Thảo", "Trang", "Yến"};
  static constexpr std::array<const char*, 4> kPositions = {"Giáo viên", "Tổ trưởng chuyên môn", "Nhân viên",
                                                            "Phó Hiệu trưởng"};
  std::vector<DemoDossier> dossiers;
  int n = 0;
  for (const Recipe& recipe : kRecipes) {
    for (int i = 0; i < recipe.count; ++i, ++n) {
      const bool female = n % 2 == 0;
      const bool past = i < recipe.past;
      char key[16];
      std::snprintf(key, sizeof key, "d%03d", n + 1);
      char id_number[32];
      std::snprintf(id_number, sizeof id_number, "0250%02d%06d", 70 + n % 30, 1000 + n);
      DemoDossier d{
          .key = key,
          .unit = past ? &kUnits[0] : &kUnits[static_cast<size_t>(n) % kUnits.size()],
          .award_code = recipe.award_code,
          .target = recipe.target,
          .past = past,
          .nominee_name = std::string(kFamily[static_cast<size_t>(n) % kFamily.size()]) + " " +
                          (female ? kMiddleFemale : kMiddleMale)[static_cast<size_t>(n / 3) % 6] + " " +
                          (female ? kGivenFemale : kGivenMale)[static_cast<size_t>(n / 2) % 12],
          .nominee_id_number = id_number,
          .birth_year = 1970 + n % 30,
          .gender = female ? tdkt::v1::GENDER_FEMALE : tdkt::v1::GENDER_MALE,
          .position_vi = kPositions[static_cast<size_t>(n) % kPositions.size()],
      };
      dossiers.push_back(std::move(d));
    }
  }
  return dossiers;
}

}  // namespace tdkt::tdktctl::demo
