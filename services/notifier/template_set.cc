#include "services/notifier/template_set.h"

#include <set>
#include <vector>

#include <google/protobuf/text_format.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "base/status_macros.h"
#include "services/common/proto_time.h"
#include "services/notifier/recipient_rules.h"
#include "tdkt/v1/templates.pb.h"
#include "workflow/loader/catalog_conversions.h"
#include "workflow/loader/text_proto_file.h"
#include "workflow/vietnam_time.h"

namespace tdkt::notifier {
namespace {

namespace v1 = tdkt::v1;
using workflow::loader::DataError;
using workflow::loader::LineOf;
using workflow::loader::NestedLocations;

// Which events provide a placeholder: `types` empty = every dossier event; `kind` UNSPECIFIED = any kind.
struct PlaceholderSpec {
  const char* name;
  std::vector<v1::EventType> types;
  v1::ReminderKind kind = v1::REMINDER_KIND_UNSPECIFIED;
};

const std::vector<PlaceholderSpec>& Placeholders() {
  static const std::vector<PlaceholderSpec>* const kPlaceholders = new std::vector<PlaceholderSpec>{
      {"award_name", {}},
      {"award_code", {}},
      {"year", {}},
      {"tracking_code", {}},
      {"nominee_name", {}},
      {"holder_org_name", {}},
      {"origin_org_name", {}},
      {"link", {}},
      {"reason", {v1::EVENT_TYPE_DOSSIER_RETURNED, v1::EVENT_TYPE_DOSSIER_REJECTED, v1::EVENT_TYPE_DOSSIER_WITHDRAWN}},
      {"missing_documents", {v1::EVENT_TYPE_DOSSIER_RETURNED}},
      {"decision_number", {v1::EVENT_TYPE_DOSSIER_DECIDED}},
      {"published_on", {v1::EVENT_TYPE_DOSSIER_PUBLISHED}},
      {"due_date", {v1::EVENT_TYPE_DEADLINE_REMINDER, v1::EVENT_TYPE_DOSSIER_ESCALATED}},
      {"days_before_due", {v1::EVENT_TYPE_DEADLINE_REMINDER}, v1::REMINDER_KIND_BEFORE_DUE},
      {"overdue_days", {v1::EVENT_TYPE_DOSSIER_ESCALATED}},
      {"overdue_days", {v1::EVENT_TYPE_DEADLINE_REMINDER}, v1::REMINDER_KIND_OVERDUE},
      {"vote_closes_at", {v1::EVENT_TYPE_VOTE_OPENED}},
      {"voted_count", {v1::EVENT_TYPE_VOTE_CAST}},
      {"eligible_count", {v1::EVENT_TYPE_VOTE_CAST}},
  };
  return *kPlaceholders;
}

bool Known(const std::string& name) {
  for (const PlaceholderSpec& spec : Placeholders()) {
    if (name == spec.name) return true;
  }
  return false;
}

bool Provided(const std::string& name, v1::EventType type, v1::ReminderKind kind) {
  for (const PlaceholderSpec& spec : Placeholders()) {
    if (name != spec.name) continue;
    const bool type_ok = spec.types.empty() ? type != v1::EVENT_TYPE_CAMPAIGN_REMINDER
                                            : std::find(spec.types.begin(), spec.types.end(), type) != spec.types.end();
    if (type_ok && (spec.kind == v1::REMINDER_KIND_UNSPECIFIED || spec.kind == kind)) return true;
  }
  return false;
}

// The placeholder names of `text`, or INVALID_ARGUMENT naming what is wrong.
absl::StatusOr<std::vector<std::string>> PlaceholdersIn(const std::string& text) {
  std::vector<std::string> names;
  for (size_t at = text.find('{'); at != std::string::npos; at = text.find('{', at + 1)) {
    const size_t close = text.find('}', at);
    if (close == std::string::npos) return absl::InvalidArgumentError("dấu { không được đóng (unclosed brace)");
    const std::string name = text.substr(at + 1, close - at - 1);
    if (name.empty() || name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat("chỗ điền không hợp lệ {", name, "} (bad placeholder)"));
    }
    names.push_back(name);
  }
  return names;
}

absl::Status CheckText(const std::string& text, v1::EventType type, v1::ReminderKind kind) {
  TDKT_ASSIGN_OR_RETURN(std::vector<std::string> names, PlaceholdersIn(text));
  for (const std::string& name : names) {
    if (!Known(name)) return absl::InvalidArgumentError(absl::StrCat("chỗ điền không có {", name, "} (unknown placeholder)"));
    if (!Provided(name, type, kind)) {
      return absl::InvalidArgumentError(absl::StrCat("sự kiện ", v1::EventType_Name(type),
                                                     " không có giá trị cho {", name,
                                                     "} (placeholder not provided by this event)"));
    }
  }
  return absl::OkStatus();
}

std::string Substitute(const std::string& text, const std::map<std::string, std::string>& values) {
  std::string out;
  size_t from = 0;
  for (size_t at = text.find('{'); at != std::string::npos; at = text.find('{', from)) {
    const size_t close = text.find('}', at);
    if (close == std::string::npos) break;
    out.append(text, from, at - from);
    auto value = values.find(text.substr(at + 1, close - at - 1));
    if (value != values.end()) out += value->second;
    from = close + 1;
  }
  out.append(text, from, std::string::npos);
  return out;
}

std::string OrUnstated(const std::string& text) { return text.empty() ? "(không nêu)" : text; }

absl::CivilDay DayOf(const v1::Date& date) { return absl::CivilDay(date.year(), date.month(), date.day()); }

}  // namespace

std::string VietnameseDate(absl::CivilDay day) {
  return absl::StrFormat("%02d/%02d/%04d", day.day(), day.month(), day.year());
}

absl::StatusOr<TemplateSet> TemplateSet::Load(const std::string& path) {
  TDKT_ASSIGN_OR_RETURN(std::string text, workflow::loader::ReadDataFile(path));
  return FromText(text, path);
}

absl::StatusOr<TemplateSet> TemplateSet::FromText(const std::string& text, const std::string& name) {
  v1::NotificationTemplateFile file;
  google::protobuf::TextFormat::ParseInfoTree locations;
  TDKT_RETURN_IF_ERROR(workflow::loader::ParseTextProtoWithLocations(text, name, &file, &locations));
  TemplateSet set;
  for (int i = 0; i < file.templates_size(); ++i) {
    const v1::NotificationTemplate& spec = file.templates(i);
    const int line = LineOf(&locations, file, "templates", i, 0);
    const auto* nested = NestedLocations(&locations, file, "templates", i);
    v1::EventType type = v1::EVENT_TYPE_UNSPECIFIED;
    if (!v1::EventType_Parse(spec.event_type(), &type) || type == v1::EVENT_TYPE_UNSPECIFIED) {
      return DataError(name, LineOf(nested, spec, "event_type", -1, line),
                       absl::StrCat("loại sự kiện không có: '", spec.event_type(), "' (unknown event_type)"));
    }
    v1::ReminderKind kind = v1::REMINDER_KIND_UNSPECIFIED;
    if (type == v1::EVENT_TYPE_DEADLINE_REMINDER) {
      if (!v1::ReminderKind_Parse(spec.reminder_kind(), &kind) || kind == v1::REMINDER_KIND_UNSPECIFIED) {
        return DataError(name, LineOf(nested, spec, "reminder_kind", -1, line),
                         absl::StrCat("nhắc hạn cần loại nhắc: '", spec.reminder_kind(), "' (unknown reminder_kind)"));
      }
    } else if (!spec.reminder_kind().empty()) {
      return DataError(name, LineOf(nested, spec, "reminder_kind", -1, line),
                       "reminder_kind chỉ dùng cho EVENT_TYPE_DEADLINE_REMINDER");
    }
    if (spec.title_vi().empty() || spec.body_vi().empty()) {
      return DataError(name, line, "thiếu tiêu đề hoặc nội dung (title_vi, body_vi required)");
    }
    if (spec.title_vi().find('\n') != std::string::npos) {
      return DataError(name, LineOf(nested, spec, "title_vi", -1, line), "tiêu đề phải trên một dòng (title on one line)");
    }
    for (const char* field : {"title_vi", "body_vi"}) {
      const std::string& value = std::string(field) == "title_vi" ? spec.title_vi() : spec.body_vi();
      if (absl::Status status = CheckText(value, type, kind); !status.ok()) {
        return DataError(name, LineOf(nested, spec, field, -1, line), std::string(status.message()));
      }
    }
    if (!set.texts_.emplace(std::pair<int, int>(type, kind), Texts{spec.title_vi(), spec.body_vi()}).second) {
      return DataError(name, line, absl::StrCat("hai mẫu cho cùng sự kiện ", spec.event_type(), " ", spec.reminder_kind(),
                                                " (duplicate template)"));
    }
  }
  for (int i = 0; i < file.document_kinds_size(); ++i) {
    set.document_names_[file.document_kinds(i).kind()] = file.document_kinds(i).name_vi();
  }
  // Every event type that has recipients needs its text (each reminder kind its own).
  for (const AudienceRule& rule : RecipientRules()) {
    std::vector<int> kinds = {0};
    if (rule.event_type == v1::EVENT_TYPE_DEADLINE_REMINDER) {
      kinds = {v1::REMINDER_KIND_BEFORE_DUE, v1::REMINDER_KIND_DUE_TODAY, v1::REMINDER_KIND_OVERDUE};
    }
    for (int kind : kinds) {
      if (set.texts_.count({rule.event_type, kind}) == 0) {
        return DataError(name, 0, absl::StrCat("thiếu mẫu cho sự kiện ", v1::EventType_Name(rule.event_type),
                                               kind != 0 ? " " + v1::ReminderKind_Name(static_cast<v1::ReminderKind>(kind))
                                                         : std::string(),
                                               " (missing template)"));
      }
    }
  }
  set.digest_subject_ = file.digest_subject_vi();
  set.digest_intro_ = file.digest_intro_vi();
  if (set.digest_subject_.empty() || set.digest_intro_.empty()) {
    return DataError(name, 0, "thiếu tiêu đề hoặc lời mở đầu thư tổng hợp (digest_subject_vi, digest_intro_vi)");
  }
  return set;
}

absl::StatusOr<RenderedText> TemplateSet::Render(const v1::EventEnvelope& event, const TemplateNames& names) const {
  const int kind = event.type() == v1::EVENT_TYPE_DEADLINE_REMINDER ? event.deadline_reminder().kind() : 0;
  auto found = texts_.find({event.type(), kind});
  if (found == texts_.end()) return absl::NotFoundError(absl::StrCat("no template for ", v1::EventType_Name(event.type())));

  std::map<std::string, std::string> values = {
      {"award_name", names.award_name.empty() ? event.award_code() : names.award_name},
      {"award_code", event.award_code()},
      {"year", absl::StrCat(event.year())},
      {"tracking_code", event.tracking_code()},
      {"nominee_name", event.nominee_name()},
      {"holder_org_name", names.holder_org_name},
      {"origin_org_name", names.origin_org_name},
      {"link", event.dossier_id().empty() ? std::string() : absl::StrCat("/dossiers/", event.dossier_id())},
  };
  switch (event.payload_case()) {
    case v1::EventEnvelope::kDossierReturned: {
      values["reason"] = OrUnstated(event.dossier_returned().reason_vi());
      std::vector<std::string> missing;
      for (const std::string& kind_code : event.dossier_returned().missing_document_kinds()) {
        auto known = document_names_.find(kind_code);
        missing.push_back(known != document_names_.end() ? known->second : kind_code);
      }
      values["missing_documents"] = OrUnstated(absl::StrJoin(missing, ", "));
      break;
    }
    case v1::EventEnvelope::kDossierRejected:
      values["reason"] = OrUnstated(event.dossier_rejected().reason_vi());
      break;
    case v1::EventEnvelope::kDossierWithdrawn:
      values["reason"] = OrUnstated(event.dossier_withdrawn().reason_vi());
      break;
    case v1::EventEnvelope::kDossierDecided:
      values["decision_number"] = OrUnstated(event.dossier_decided().decision().number());
      break;
    case v1::EventEnvelope::kDossierPublished:
      values["published_on"] = event.dossier_published().has_published_on()
                                   ? VietnameseDate(DayOf(event.dossier_published().published_on()))
                                   : VietnameseDate(workflow::VietnamDate(common::FromProtoTime(event.occurred_at())));
      break;
    case v1::EventEnvelope::kDeadlineReminder: {
      const v1::DeadlineReminder& r = event.deadline_reminder();
      values["due_date"] = VietnameseDate(DayOf(r.due_date()));
      values["days_before_due"] = absl::StrCat(r.working_days_before_due());
      values["overdue_days"] = absl::StrCat(r.overdue_working_days());
      break;
    }
    case v1::EventEnvelope::kDossierEscalated: {
      const v1::DossierEscalated& e = event.dossier_escalated();
      values["due_date"] = e.has_deadline_due_date() ? VietnameseDate(DayOf(e.deadline_due_date())) : "(không nêu)";
      values["overdue_days"] = absl::StrCat(e.overdue_working_days());
      break;
    }
    case v1::EventEnvelope::kVoteOpened:
      values["vote_closes_at"] =
          event.vote_opened().has_closes_at()
              ? absl::FormatTime("%H:%M %d/%m/%Y", common::FromProtoTime(event.vote_opened().closes_at()),
                                 workflow::VietnamTimeZone())
              : "(không nêu)";
      break;
    case v1::EventEnvelope::kVoteCast:
      values["voted_count"] = absl::StrCat(event.vote_cast().voted_count());
      values["eligible_count"] = absl::StrCat(event.vote_cast().eligible_count());
      break;
    default:
      break;
  }
  return RenderedText{Substitute(found->second.title, values), Substitute(found->second.body, values), values["link"]};
}

std::string TemplateSet::DigestSubject(int count, absl::CivilDay day) const {
  return Substitute(digest_subject_, {{"count", absl::StrCat(count)}, {"date", VietnameseDate(day)}});
}

std::string TemplateSet::DigestIntro(int count, absl::CivilDay day) const {
  return Substitute(digest_intro_, {{"count", absl::StrCat(count)}, {"date", VietnameseDate(day)}});
}

}  // namespace tdkt::notifier
