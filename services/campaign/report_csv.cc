#include "services/campaign/report_csv.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "workflow/catalog/entry_validation.h"
#include "workflow/dossier_state.h"

namespace tdkt::campaign {
namespace {

namespace v1 = tdkt::v1;

std::string Quoted(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string LevelName(int level) {
  if (level < v1::ORG_LEVEL_UNIT || level > v1::ORG_LEVEL_CENTRAL) return "";
  return workflow::catalog::OrgLevelNameVi(static_cast<workflow::OrgLevel>(level - 1));
}

std::string StateName(int state) {
  if (state < v1::DOSSIER_STATE_DRAFT || state > v1::DOSSIER_STATE_FORWARDED_EXTERNAL) return "";
  return std::string(workflow::DossierStateNameVi(static_cast<workflow::DossierState>(state - 1)));
}

std::string Percent(double share) { return absl::StrFormat("%.1f", share * 100.0); }

class Csv {
 public:
  void Row(const std::vector<std::string>& fields) {
    std::vector<std::string> quoted;
    for (const std::string& f : fields) quoted.push_back(Quoted(f));
    text_ += absl::StrJoin(quoted, ",") + "\r\n";
  }
  std::string text() const { return text_; }

 private:
  std::string text_ = "\xEF\xBB\xBF";
};

void ShareRows(Csv& csv, const v1::RecipientShare& share) {
  csv.Row({"Tỷ lệ khen thưởng", "", "", "", share.label_vi() + " (số khen thưởng)", absl::StrCat(share.counted())});
  csv.Row({"Tỷ lệ khen thưởng", "", "", "", share.label_vi() + " (trên tổng số)", absl::StrCat(share.of())});
  csv.Row({"Tỷ lệ khen thưởng", "", "", "", share.label_vi() + " (%)", Percent(share.share())});
  if (share.has_rule()) {
    csv.Row({"Tỷ lệ khen thưởng", "", "", "",
             share.label_vi() + (share.strictly_above() ? " (yêu cầu trên, %)" : " (yêu cầu tối thiểu, %)"),
             Percent(share.min_share())});
    csv.Row({"Tỷ lệ khen thưởng", "", "", "", share.label_vi() + " (đạt yêu cầu)", share.met() ? "Có" : "Không"});
  }
}

}  // namespace

std::string ReportCsv(const v1::Report& r) {
  Csv csv;
  csv.Row({"Nhóm", "Cấp", "Trạng thái", "Danh hiệu / hình thức", "Chỉ tiêu", "Giá trị"});
  csv.Row({"Hồ sơ", "", "", "", "Tổng số hồ sơ", absl::StrCat(r.dossiers_total())});
  for (const v1::DossierCount& c : r.dossiers()) {
    csv.Row({"Hồ sơ", LevelName(c.level()), StateName(c.state()), c.award_code(), "Số hồ sơ",
             absl::StrCat(c.dossiers())});
  }
  csv.Row({"Khen thưởng đã quyết định", "", "", "", "Tổng số", absl::StrCat(r.awards_decided())});
  for (const v1::AwardCount& a : r.awards()) {
    csv.Row({"Khen thưởng đã quyết định", "", "", a.award_code(), "Số khen thưởng", absl::StrCat(a.decided())});
    csv.Row({"Khen thưởng đã quyết định", "", "", a.award_code(), "Cho cá nhân", absl::StrCat(a.to_individuals())});
    csv.Row({"Khen thưởng đã quyết định", "", "", a.award_code(), "Cho nữ", absl::StrCat(a.to_women())});
    csv.Row({"Khen thưởng đã quyết định", "", "", a.award_code(), "Cho công nhân, nông dân, lao động trực tiếp",
             absl::StrCat(a.to_direct_workers())});
  }
  for (const v1::TargetProgress& t : r.targets()) {
    const std::string codes = absl::StrJoin(t.target().award_codes(), " + ");
    csv.Row({"Chỉ tiêu kế hoạch", "", "", codes, t.target().label_vi() + " (đã quyết định)", absl::StrCat(t.decided())});
    csv.Row({"Chỉ tiêu kế hoạch", "", "", codes, t.target().label_vi() + " (chỉ tiêu tối thiểu)",
             absl::StrCat(t.target().min())});
    if (t.target().has_max()) {
      csv.Row({"Chỉ tiêu kế hoạch", "", "", codes, t.target().label_vi() + " (chỉ tiêu tối đa)",
               absl::StrCat(t.target().max())});
    }
    csv.Row({"Chỉ tiêu kế hoạch", "", "", codes, t.target().label_vi() + " (đạt chỉ tiêu)", t.reached() ? "Có" : "Không"});
  }
  ShareRows(csv, r.direct_worker_share());
  ShareRows(csv, r.women_share());
  for (const v1::LevelAppraisal& a : r.appraisals()) {
    const std::string level = LevelName(a.level());
    csv.Row({"Thẩm định", level, "", "", "Số hồ sơ thẩm định xong", absl::StrCat(a.appraisals())});
    csv.Row({"Thẩm định", level, "", "", "Số hồ sơ quá hạn", absl::StrCat(a.overdue())});
    csv.Row({"Thẩm định", level, "", "", "Thời gian thẩm định bình quân (ngày làm việc)",
             absl::StrFormat("%.1f", a.average_working_days())});
    csv.Row({"Thẩm định", level, "", "", "Thời gian thẩm định P90 (ngày làm việc)",
             absl::StrCat(a.p90_working_days())});
  }
  csv.Row({"Khiếu nại", "", "", "", "Số khiếu nại đã nhận", absl::StrCat(r.complaints().received())});
  csv.Row({"Khiếu nại", "", "", "", "Số khiếu nại đã giải quyết", absl::StrCat(r.complaints().resolved())});
  return csv.text();
}

std::string ReportCsvFileName(const v1::Report& r) {
  return absl::StrFormat("bao-cao-%s-%04d-%02d-%04d-%02d.csv", r.org_id(), r.from().year(), r.from().month(),
                         r.until().year(), r.until().month());
}

}  // namespace tdkt::campaign
