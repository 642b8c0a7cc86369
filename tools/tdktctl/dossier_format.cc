#include "tools/tdktctl/dossier_format.h"

#include "absl/strings/str_cat.h"

namespace tdkt::tdktctl {

std::string DeadlineText(const tdkt::v1::Dossier& dossier) {
  if (!dossier.has_deadline()) return "—";
  const tdkt::v1::AppraisalDeadline& deadline = dossier.deadline();
  if (deadline.paused()) {
    return absl::StrCat("tạm dừng (còn ", deadline.working_days_remaining(), " ngày làm việc khi nộp lại)");
  }
  if (deadline.overdue()) {
    return absl::StrCat("hạn ", FormatDate(deadline.due_date()), " — QUÁ HẠN ", -deadline.working_days_remaining(),
                        " ngày làm việc");
  }
  return absl::StrCat("hạn ", FormatDate(deadline.due_date()), " (còn ", deadline.working_days_remaining(),
                      " ngày làm việc)");
}

void PrintDossierSummary(const tdkt::v1::Dossier& dossier, Session& session, const std::string& data_dir,
                         std::ostream& out) {
  out << "• " << dossier.tracking_code() << (dossier.deadline().overdue() ? "  QUÁ HẠN" : "") << "\n";
  out << "    Trạng thái:   " << StateNameVi(dossier.state()) << " — cấp " << LevelNameVi(dossier.current_level())
      << ", " << session.OrganizationLabel(dossier.holding_org_id()) << "\n";
  out << "    Danh hiệu:    " << AwardNameVi(data_dir, dossier.award_code()) << " (" << dossier.award_code()
      << "), năm " << dossier.year() << "\n";
  out << "    Đề nghị cho:  " << dossier.nominee().name() << "\n";
  out << "    Hạn xử lý:    " << DeadlineText(dossier) << "\n";
  out << "    Mã hồ sơ:     " << dossier.id() << "\n";
}

}  // namespace tdkt::tdktctl
