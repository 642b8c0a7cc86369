#include "services/campaign/campaign_rules.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/common/request_checks.h"

namespace tdkt::campaign {
namespace {

using common::CheckDate;
using common::CheckEnum;
using common::CheckIdentifier;
using common::CheckText;
using common::Presence;

absl::CivilDay DayOf(const tdkt::v1::Date& date) { return absl::CivilDay(date.year(), date.month(), date.day()); }

absl::Status Invalid(const std::string& message) { return absl::InvalidArgumentError(message); }

// An award code of the catalogue with an entry valid on some day of [from, until].
const workflow::AwardDefinition* AwardDuring(const workflow::catalog::Catalog& catalog, const std::string& code,
                                             absl::CivilDay from, absl::CivilDay until) {
  for (const workflow::AwardDefinition& award : catalog.awards()) {
    if (award.code == code && award.valid_from <= until && (!award.valid_until || from <= *award.valid_until)) {
      return &award;
    }
  }
  return nullptr;
}

absl::Status CheckCodes(const std::string& field, const google::protobuf::RepeatedPtrField<std::string>& codes,
                        const workflow::catalog::Catalog& catalog, absl::CivilDay from, absl::CivilDay until) {
  for (int i = 0; i < codes.size(); ++i) {
    const std::string where = absl::StrCat(field, "[", i, "]");
    TDKT_RETURN_IF_ERROR(CheckIdentifier(absl::StrCat("mã khen thưởng (", where, ")"), codes[i]));
    if (AwardDuring(catalog, codes[i], from, until) == nullptr) {
      return Invalid(absl::StrCat("Mã khen thưởng (", where,
                                  ") không có trong danh mục khen thưởng trong thời gian của phong trào"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckTexts(const tdkt::v1::Campaign& c) {
  TDKT_RETURN_IF_ERROR(
      CheckText("tên phong trào (campaign.name_vi)", c.name_vi(), {.max_chars = 300, .presence = Presence::kRequired}));
  TDKT_RETURN_IF_ERROR(CheckText("chủ đề (campaign.theme_vi)", c.theme_vi(), {.max_chars = 1000}));
  TDKT_RETURN_IF_ERROR(CheckText("cơ quan ban hành (campaign.issuer_vi)", c.issuer_vi(), {.max_chars = 200}));
  TDKT_RETURN_IF_ERROR(CheckText("số, ký hiệu văn bản (campaign.document_number)", c.document_number(), {.max_chars = 60}));
  if (c.has_document_date()) {
    TDKT_RETURN_IF_ERROR(CheckDate("ngày ban hành (campaign.document_date)", c.document_date()).status());
  }
  TDKT_RETURN_IF_ERROR(CheckIdentifier("đơn vị ban hành (campaign.issuing_org_id)", c.issuing_org_id()));
  return CheckIdentifier("đơn vị áp dụng (campaign.covers_org_id)", c.covers_org_id(), Presence::kOptional);
}

absl::Status CheckRounds(const tdkt::v1::Campaign& c, absl::CivilDay from, absl::CivilDay until) {
  if (c.rounds_size() > 24) return Invalid("Phong trào có quá nhiều đợt thi đua (rounds): tối đa 24");
  struct Span {
    absl::CivilDay starts, ends;
    int index;
  };
  std::vector<Span> spans;
  for (int i = 0; i < c.rounds_size(); ++i) {
    const tdkt::v1::PlanRoundSpec& round = c.rounds(i);
    const std::string where = absl::StrCat("đợt thi đua thứ ", i + 1, " (rounds[", i, "])");
    TDKT_RETURN_IF_ERROR(CheckText(absl::StrCat("tên ", where), round.name_vi(), {.max_chars = 200}));
    if (!round.has_starts_on() || !round.has_ends_on()) {
      return Invalid(absl::StrCat("Cần ngày bắt đầu và ngày kết thúc của ", where));
    }
    TDKT_ASSIGN_OR_RETURN(const absl::CivilDay starts, CheckDate(absl::StrCat("ngày bắt đầu ", where), round.starts_on()));
    TDKT_ASSIGN_OR_RETURN(const absl::CivilDay ends, CheckDate(absl::StrCat("ngày kết thúc ", where), round.ends_on()));
    if (ends < starts) return Invalid(absl::StrCat("Ngày kết thúc của ", where, " trước ngày bắt đầu"));
    if (starts < from || ends > until) {
      return Invalid(absl::StrCat("Thời gian của ", where, " nằm ngoài thời gian của phong trào (valid_from, valid_until)"));
    }
    spans.push_back({starts, ends, i});
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.starts < b.starts; });
  for (size_t i = 1; i < spans.size(); ++i) {
    if (spans[i].starts <= spans[i - 1].ends) {
      const int a = std::min(spans[i - 1].index, spans[i].index), b = std::max(spans[i - 1].index, spans[i].index);
      return Invalid(absl::StrCat("Đợt thi đua thứ ", a + 1, " (rounds[", a, "]) và đợt thứ ", b + 1, " (rounds[", b,
                                  "]) trùng thời gian với nhau"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckTargets(const tdkt::v1::Campaign& c, const workflow::catalog::Catalog& catalog, absl::CivilDay from,
                          absl::CivilDay until) {
  if (c.targets_size() > 100) return Invalid("Phong trào có quá nhiều chỉ tiêu (targets): tối đa 100");
  for (int i = 0; i < c.targets_size(); ++i) {
    const tdkt::v1::AwardTargetSpec& target = c.targets(i);
    const std::string where = absl::StrCat("chỉ tiêu thứ ", i + 1, " (targets[", i, "])");
    TDKT_RETURN_IF_ERROR(
        CheckText(absl::StrCat("tên ", where), target.label_vi(), {.max_chars = 300, .presence = Presence::kRequired}));
    if (target.award_codes().empty() || target.award_codes_size() > 20) {
      return Invalid(absl::StrCat("Cần từ 1 đến 20 mã khen thưởng cho ", where));
    }
    TDKT_RETURN_IF_ERROR(CheckCodes(absl::StrCat("targets[", i, "].award_codes"), target.award_codes(), catalog, from, until));
    if (target.min() < 0) return Invalid(absl::StrCat("Số tối thiểu (min) của ", where, " không được âm"));
    if (target.has_max() && target.max() < target.min()) {
      return Invalid(absl::StrCat("Số tối thiểu (min) của ", where, " lớn hơn số tối đa (max)"));
    }
  }
  if (c.has_direct_worker_share()) {
    const tdkt::v1::RecipientShareSpec& share = c.direct_worker_share();
    TDKT_RETURN_IF_ERROR(CheckText("tên tỷ lệ (direct_worker_share.label_vi)", share.label_vi(), {.max_chars = 300}));
    if (!(share.min_share() >= 0.0 && share.min_share() <= 1.0)) {
      return Invalid("Tỷ lệ tối thiểu (direct_worker_share.min_share) phải từ 0 đến 1");
    }
    TDKT_RETURN_IF_ERROR(CheckCodes("direct_worker_share.award_codes", share.award_codes(), catalog, from, until));
  }
  return absl::OkStatus();
}

absl::Status CheckDueDates(const tdkt::v1::Campaign& c, absl::CivilDay from, absl::CivilDay until) {
  std::set<int> kinds;
  for (int i = 0; i < c.due_dates_size(); ++i) {
    const tdkt::v1::PlanDueDateSpec& due = c.due_dates(i).due();
    const std::string where = absl::StrCat("hạn thứ ", i + 1, " (due_dates[", i, "])");
    TDKT_RETURN_IF_ERROR(CheckEnum(absl::StrCat("loại ", where), due.kind(), tdkt::v1::PlanDueKind_IsValid));
    if (!kinds.insert(due.kind()).second) return Invalid(absl::StrCat("Loại của ", where, " đã có ở một hạn khác"));
    if (!due.has_due_on()) return Invalid(absl::StrCat("Cần ngày hết hạn (due_on) của ", where));
    TDKT_ASSIGN_OR_RETURN(const absl::CivilDay due_on, CheckDate(absl::StrCat("ngày hết hạn ", where), due.due_on()));
    if (due_on < from || due_on > until) {
      return Invalid(absl::StrCat("Ngày hết hạn của ", where, " nằm ngoài thời gian của phong trào (valid_from, valid_until)"));
    }
    if (due.has_opens_on()) {
      TDKT_ASSIGN_OR_RETURN(const absl::CivilDay opens, CheckDate(absl::StrCat("ngày mở ", where), due.opens_on()));
      if (opens > due_on) return Invalid(absl::StrCat("Ngày mở (opens_on) của ", where, " sau ngày hết hạn"));
      if (opens < from) return Invalid(absl::StrCat("Ngày mở của ", where, " trước khi phong trào bắt đầu"));
    }
    TDKT_RETURN_IF_ERROR(CheckEnum(absl::StrCat("cấp áp dụng của ", where), due.applies_to_level(),
                                   tdkt::v1::OrgLevel_IsValid, Presence::kOptional));
    TDKT_RETURN_IF_ERROR(CheckText(absl::StrCat("ghi chú của ", where), due.note_vi(), {.max_chars = 300}));
  }
  return absl::OkStatus();
}

bool SubjectMatches(const workflow::AwardDefinition& award, tdkt::v1::NomineeKind kind) {
  const workflow::AwardSubject wanted = kind == tdkt::v1::NOMINEE_KIND_INDIVIDUAL   ? workflow::AwardSubject::kIndividual
                                        : kind == tdkt::v1::NOMINEE_KIND_COLLECTIVE ? workflow::AwardSubject::kCollective
                                                                                    : workflow::AwardSubject::kHousehold;
  return std::find(award.subjects.begin(), award.subjects.end(), wanted) != award.subjects.end();
}

absl::Status CheckNominee(const tdkt::v1::Nominee& n, absl::CivilDay until) {
  TDKT_RETURN_IF_ERROR(CheckEnum("loại đối tượng (registration.nominee.kind)", n.kind(), tdkt::v1::NomineeKind_IsValid));
  TDKT_RETURN_IF_ERROR(CheckText("tên đối tượng (registration.nominee.name)", n.name(),
                                 {.max_chars = 200, .presence = Presence::kRequired}));
  if (!n.id_number().empty()) {
    return Invalid("Đăng ký thi đua không ghi số định danh cá nhân (registration.nominee.id_number phải để trống)");
  }
  if (n.birth_year() != 0 && (n.birth_year() < 1900 || n.birth_year() > until.year())) {
    return Invalid("Năm sinh (registration.nominee.birth_year) không hợp lệ");
  }
  TDKT_RETURN_IF_ERROR(CheckEnum("giới tính (registration.nominee.gender)", n.gender(), tdkt::v1::Gender_IsValid,
                                 Presence::kOptional));
  TDKT_RETURN_IF_ERROR(CheckText("chức vụ (registration.nominee.position_vi)", n.position_vi(), {.max_chars = 200}));
  TDKT_RETURN_IF_ERROR(CheckText("đơn vị công tác (registration.nominee.unit_name_vi)", n.unit_name_vi(), {.max_chars = 300}));
  TDKT_RETURN_IF_ERROR(CheckEnum("nhóm nghề nghiệp (registration.nominee.occupation)", n.occupation(),
                                 tdkt::v1::OccupationCategory_IsValid, Presence::kOptional));
  if (n.member_count() < 0 || n.female_member_count() < 0 || n.female_member_count() > n.member_count()) {
    return Invalid("Số thành viên (registration.nominee.member_count, female_member_count) không hợp lệ");
  }
  return CheckIdentifier("mã cá nhân (registration.nominee.person_id)", n.person_id(), Presence::kOptional);
}

}  // namespace

absl::CivilDay PeriodStart(const tdkt::v1::Campaign& campaign) { return DayOf(campaign.valid_from()); }
absl::CivilDay PeriodEnd(const tdkt::v1::Campaign& campaign) { return DayOf(campaign.valid_until()); }

absl::Status CheckCampaign(const tdkt::v1::Campaign& campaign, const workflow::catalog::Catalog& catalog) {
  TDKT_RETURN_IF_ERROR(CheckTexts(campaign));
  if (!campaign.has_valid_from() || !campaign.has_valid_until()) {
    return Invalid("Cần thời gian của phong trào: từ ngày (valid_from) và đến ngày (valid_until)");
  }
  TDKT_ASSIGN_OR_RETURN(const absl::CivilDay from, CheckDate("từ ngày (campaign.valid_from)", campaign.valid_from()));
  TDKT_ASSIGN_OR_RETURN(const absl::CivilDay until, CheckDate("đến ngày (campaign.valid_until)", campaign.valid_until()));
  if (until < from) return Invalid("Đến ngày (valid_until) của phong trào trước từ ngày (valid_from)");
  if (until - from > kMaxCampaignDays) return Invalid("Thời gian của phong trào dài quá 5 năm (valid_from, valid_until)");
  TDKT_RETURN_IF_ERROR(CheckRounds(campaign, from, until));
  TDKT_RETURN_IF_ERROR(CheckTargets(campaign, catalog, from, until));
  return CheckDueDates(campaign, from, until);
}

absl::Status CheckRegistration(const tdkt::v1::Registration& registration, const tdkt::v1::Campaign& campaign,
                               const workflow::catalog::Catalog& catalog) {
  const absl::CivilDay from = PeriodStart(campaign), until = PeriodEnd(campaign);
  TDKT_RETURN_IF_ERROR(CheckNominee(registration.nominee(), until));
  const auto& codes = registration.award_codes();
  if (codes.empty() || codes.size() > 20) return Invalid("Cần từ 1 đến 20 danh hiệu đăng ký (registration.award_codes)");
  TDKT_RETURN_IF_ERROR(CheckCodes("registration.award_codes", codes, catalog, from, until));
  std::set<std::string> seen;
  for (int i = 0; i < codes.size(); ++i) {
    if (!seen.insert(codes[i]).second) {
      return Invalid(absl::StrCat("Danh hiệu (registration.award_codes[", i, "]) đã đăng ký ở trên"));
    }
    // Some entry valid during the period must be for this kind of nominee (LĐTT is for individuals, …).
    bool fits = false;
    for (const workflow::AwardDefinition& award : catalog.awards()) {
      if (award.code == codes[i] && award.valid_from <= until && (!award.valid_until || from <= *award.valid_until) &&
          SubjectMatches(award, registration.nominee().kind())) {
        fits = true;
      }
    }
    if (!fits) {
      return Invalid(absl::StrCat("Danh hiệu (registration.award_codes[", i,
                                  "]) không xét tặng cho loại đối tượng này (nominee.kind)"));
    }
  }
  return CheckText("nội dung đăng ký (registration.pledge_vi)", registration.pledge_vi(),
                   {.max_chars = 4000, .multiline = true});
}

std::optional<absl::CivilDay> DueOn(const tdkt::v1::Campaign& campaign, tdkt::v1::PlanDueKind kind) {
  for (const tdkt::v1::CampaignDueDate& due : campaign.due_dates()) {
    if (due.due().kind() == kind) return DayOf(due.due().due_on());
  }
  return std::nullopt;
}

bool IsLateRegistration(const tdkt::v1::Campaign& campaign, absl::CivilDay day) {
  const std::optional<absl::CivilDay> due = DueOn(campaign, tdkt::v1::PLAN_DUE_KIND_REGISTRATION);
  return due.has_value() && day > *due;
}

}  // namespace tdkt::campaign
