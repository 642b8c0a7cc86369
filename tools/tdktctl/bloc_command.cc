// `tdktctl bloc …`: emulation blocs and pledges (khối thi đua, giao ước thi đua) of tdkt-campaign's BlocService —
// create, add members, set the head, set and sign the pledge, score a member, close the scoring, show the bloc
// and its ranking. Organisations are given by their directory codes. A change is sent with the bloc's current
// version and a request id derived from what is asked, so that running the same command again on an unchanged
// bloc is the same request (the service answers as the first time).
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "base/sha256.h"
#include "tdkt/v1/bloc.grpc.pb.h"
#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/online_commands.h"

namespace tdkt::tdktctl {
namespace {

namespace v1 = tdkt::v1;

constexpr char kBlocHelp[] =
    "usage: tdktctl bloc create --manager MÃ --year NĂM --name \"TÊN KHỐI\" --member MÃ [--member …] [--head MÃ]\n"
    "         [--previous MÃ_KHỐI] [--award MÃ_KHEN_THƯỞNG] [--places N]\n"
    "       tdktctl bloc add-members <mã khối> --member MÃ [--member …]\n"
    "       tdktctl bloc set-head <mã khối> --head MÃ\n"
    "       tdktctl bloc pledge-set <mã khối> --criterion MÃ:TRỌNG_SỐ:ĐIỂM_TỐI_ĐA:\"TÊN\" [--criterion …]\n"
    "       tdktctl bloc sign <mã khối> --member MÃ\n"
    "       tdktctl bloc score <mã khối> --scorer MÃ --scored MÃ --score MÃ_TIÊU_CHÍ=ĐIỂM [--score …]\n"
    "       tdktctl bloc close <mã khối>\n"
    "       tdktctl bloc show|ranking <mã khối>\n"
    "Khối thi đua của một năm (tdkt-campaign, --campaign ADDR). Thành viên là đơn vị cấp dưới của đơn vị quản lý;\n"
    "khối trưởng luân phiên theo khối năm trước (--previous) nếu không chỉ định. Tổng trọng số các tiêu chí là 100.\n"
    "Mọi thành viên ký giao ước thì giao ước đóng băng và bắt đầu chấm điểm: mỗi thành viên chấm mỗi thành viên khác\n"
    "một lần; khối trưởng khóa sổ (close) để xếp hạng và đề nghị khen thưởng (mặc định 1 Cờ thi đua của tỉnh/khối).\n";

std::string StateVi(v1::BlocState state) {
  switch (state) {
    case v1::BLOC_STATE_OPEN:
      return "đang lập, chờ ký giao ước";
    case v1::BLOC_STATE_PLEDGED:
      return "đã ký giao ước, đang chấm điểm";
    case v1::BLOC_STATE_CLOSED:
      return "đã khóa sổ chấm điểm";
    default:
      return "—";
  }
}

std::string RequestId(const Session& session, const std::string& verb, const google::protobuf::Message& request) {
  return absl::StrCat("tdktctl-bloc-", verb, "-",
                      base::Sha256Hex(session.username() + "\n" + request.SerializeAsString()).substr(0, 32));
}

absl::StatusOr<std::string> OrgId(Session& session, const std::string& code) {
  absl::StatusOr<v1::Organization> org = session.OrganizationByCode(code);
  if (!org.ok()) return org.status();
  return org->id();
}

absl::StatusOr<v1::Bloc> Fetch(Session& session, const std::string& id) {
  v1::GetBlocRequest request;
  request.set_bloc_id(id);
  v1::GetBlocResponse response;
  const grpc::Status status = session.bloc().GetBloc(session.Context().get(), request, &response);
  if (!status.ok()) return FromGrpc("đọc khối thi đua " + id, status);
  return response.bloc();
}

void PrintBloc(Session& session, const v1::Bloc& b, std::ostream& out) {
  out << b.name_vi() << " — năm " << b.year() << " (" << b.id() << ", phiên bản " << b.version() << ")\n";
  out << "  Đơn vị quản lý: " << session.OrganizationLabel(b.manager_org_id()) << "; " << StateVi(b.state()) << "\n";
  out << "  Khối trưởng: " << (b.head_org_id().empty() ? "(chưa có)" : session.OrganizationLabel(b.head_org_id()))
      << "; đề nghị " << b.award_places() << " " << b.award_code() << "\n";
  out << "  Thành viên:\n";
  for (const v1::BlocMember& m : b.members()) {
    out << "    " << m.position() << ". " << session.OrganizationLabel(m.org_id())
        << (m.signed_by().empty() ? "  — chưa ký" : "  — đã ký") << "\n";
  }
  out << "  Giao ước (phiên bản " << b.pledge_version() << "):\n";
  for (const v1::BlocCriterion& c : b.criteria()) {
    out << "    " << c.code() << "  " << c.name_vi() << " — trọng số " << c.weight() << ", tối đa " << c.max_score()
        << " điểm\n";
  }
}

void PrintRanking(Session& session, const v1::BlocRanking& r, std::ostream& out) {
  out << "  Xếp hạng (" << r.scorings_received() << "/" << r.scorings_expected() << " lượt chấm):\n";
  for (const v1::BlocRankingRow& row : r.rows()) {
    out << "    " << row.rank() << ". " << session.OrganizationLabel(row.org_id()) << "  "
        << absl::StrFormat("%.2f", row.total()) << " điểm" << (row.proposed() ? "  ← đề nghị " + r.award_code() : "")
        << "\n";
  }
}

struct Verb {
  std::vector<OptionSpec> options;
  size_t positional;
  WordCheck check;
};

absl::Status Needs(const CommandLine& line, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (!line.Has(name)) return absl::InvalidArgumentError(absl::StrCat("cần ", name));
  }
  return absl::OkStatus();
}

int Create(Session& session, const CommandLine& line, std::ostream& out, std::ostream& err) {
  v1::CreateBlocRequest request;
  v1::Bloc& b = *request.mutable_bloc();
  b.set_name_vi(*line.Value("--name"));
  int number = 0;
  if (!absl::SimpleAtoi(*line.Value("--year"), &number)) {
    err << "tdktctl bloc create: --year cần một năm\n";
    return kExitUsage;
  }
  b.set_year(number);
  if (const auto places = line.Value("--places")) {
    if (!absl::SimpleAtoi(*places, &number)) {
      err << "tdktctl bloc create: --places cần một số\n";
      return kExitUsage;
    }
    b.set_award_places(number);
  }
  if (const auto award = line.Value("--award")) b.set_award_code(*award);
  if (const auto previous = line.Value("--previous")) b.set_previous_bloc_id(*previous);
  absl::StatusOr<std::string> id = OrgId(session, *line.Value("--manager"));
  if (!id.ok()) return Failed("bloc create", id.status(), err);
  b.set_manager_org_id(*id);
  for (const std::string& code : line.Values("--member")) {
    id = OrgId(session, code);
    if (!id.ok()) return Failed("bloc create", id.status(), err);
    b.add_members()->set_org_id(*id);
  }
  if (const auto head = line.Value("--head")) {
    id = OrgId(session, *head);
    if (!id.ok()) return Failed("bloc create", id.status(), err);
    b.set_head_org_id(*id);
  }
  request.set_request_id(RequestId(session, "create", request));
  v1::CreateBlocResponse response;
  const grpc::Status status = session.bloc().CreateBloc(session.Context().get(), request, &response);
  if (!status.ok()) return Failed("bloc create", FromGrpc("lập khối thi đua", status), err);
  out << "Đã lập khối thi đua " << response.bloc().id() << "\n";
  PrintBloc(session, response.bloc(), out);
  return kExitOk;
}

// A change of the stored bloc: `request` completed with the bloc's id, its version (or its pledge's, for a
// signature) as read now, and its request id; `call` sends it.
template <typename Request, typename Response, typename Call>
int Change(Session& session, const std::string& verb, const std::string& bloc_id, Request request, Call call,
           std::ostream& out, std::ostream& err) {
  absl::StatusOr<v1::Bloc> bloc = Fetch(session, bloc_id);
  if (!bloc.ok()) return Failed("bloc " + verb, bloc.status(), err);
  request.set_bloc_id(bloc_id);
  if constexpr (requires { request.set_expected_version(int64_t{}); }) request.set_expected_version(bloc->version());
  if constexpr (requires { request.set_pledge_version(int32_t{}); }) request.set_pledge_version(bloc->pledge_version());
  request.set_request_id(RequestId(session, verb, request));
  Response response;
  const grpc::Status status = (session.bloc().*call)(session.Context().get(), request, &response);
  if (!status.ok()) return Failed("bloc " + verb, FromGrpc("khối thi đua " + bloc_id, status), err);
  if constexpr (requires { response.bloc(); }) {
    PrintBloc(session, response.bloc(), out);
    if constexpr (requires { response.ranking(); }) PrintRanking(session, response.ranking(), out);
  } else {
    out << "Đã ghi nhận.\n";
  }
  return kExitOk;
}

int Show(Session& session, const std::string& bloc_id, bool ranking, std::ostream& out, std::ostream& err) {
  v1::GetBlocRankingRequest request;
  request.set_bloc_id(bloc_id);
  v1::GetBlocRankingResponse response;
  const grpc::Status status = session.bloc().GetBlocRanking(session.Context().get(), request, &response);
  if (!status.ok()) return Failed("bloc show", FromGrpc("đọc khối thi đua " + bloc_id, status), err);
  PrintBloc(session, response.bloc(), out);
  if (response.has_ranking()) PrintRanking(session, response.ranking(), out);
  if (ranking) {
    out << "  Các lượt chấm:\n";
    for (const v1::BlocScoring& s : response.scorings()) {
      out << "    " << session.OrganizationLabel(s.scorer_org_id()) << " → " << session.OrganizationLabel(s.scored_org_id())
          << ":";
      for (const v1::CriterionScore& c : s.scores()) out << " " << c.criterion_code() << "=" << c.score();
      out << "\n";
    }
  }
  return kExitOk;
}

int Run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::map<std::string, Verb> verbs = {
      {"create",
       {{{"--manager", kValue}, {"--year", kValue}, {"--name", kValue}, {"--member", kRepeated}, {"--head", kValue},
         {"--previous", kValue}, {"--award", kValue}, {"--places", kValue}},
        0,
        [](const CommandLine& l) { return Needs(l, {"--manager", "--year", "--name"}); }}},
      {"add-members", {{{"--member", kRepeated}}, 1, [](const CommandLine& l) { return Needs(l, {"--member"}); }}},
      {"set-head", {{{"--head", kValue}}, 1, [](const CommandLine& l) { return Needs(l, {"--head"}); }}},
      {"pledge-set", {{{"--criterion", kRepeated}}, 1, [](const CommandLine& l) { return Needs(l, {"--criterion"}); }}},
      {"sign", {{{"--member", kValue}}, 1, [](const CommandLine& l) { return Needs(l, {"--member"}); }}},
      {"score",
       {{{"--scorer", kValue}, {"--scored", kValue}, {"--score", kRepeated}},
        1,
        [](const CommandLine& l) { return Needs(l, {"--scorer", "--scored", "--score"}); }}},
      {"close", {{}, 1, nullptr}},
      {"show", {{}, 1, nullptr}},
      {"ranking", {{}, 1, nullptr}},
  };
  const auto verb = args.empty() ? verbs.end() : verbs.find(args[0]);
  if (verb == verbs.end()) {
    err << kBlocHelp;
    return kExitUsage;
  }
  const std::string& name = verb->first;
  CommandLine line(verb->second.options);
  LoggedInStart start = StartLoggedIn("bloc " + name, std::vector<std::string>(args.begin() + 1, args.end()), err,
                                      kBlocHelp, line, verb->second.positional, verb->second.positional,
                                      verb->second.check);
  if (start.exit_code != 0) return start.exit_code;
  Session& session = *start.session;
  if (name == "create") return Create(session, line, out, err);
  const std::string bloc_id = line.positional()[0];
  if (name == "show" || name == "ranking") return Show(session, bloc_id, name == "ranking", out, err);
  const auto org = [&](const char* option) { return OrgId(session, *line.Value(option)); };
  if (name == "add-members") {
    v1::AddBlocMembersRequest request;
    for (const std::string& code : line.Values("--member")) {
      absl::StatusOr<std::string> id = OrgId(session, code);
      if (!id.ok()) return Failed("bloc add-members", id.status(), err);
      request.add_org_ids(*id);
    }
    return Change<v1::AddBlocMembersRequest, v1::AddBlocMembersResponse>(
        session, name, bloc_id, request, &v1::BlocService::Stub::AddBlocMembers, out, err);
  }
  if (name == "set-head") {
    absl::StatusOr<std::string> id = org("--head");
    if (!id.ok()) return Failed("bloc set-head", id.status(), err);
    v1::SetBlocHeadRequest request;
    request.set_head_org_id(*id);
    return Change<v1::SetBlocHeadRequest, v1::SetBlocHeadResponse>(session, name, bloc_id, request,
                                                                   &v1::BlocService::Stub::SetBlocHead, out, err);
  }
  if (name == "pledge-set") {
    v1::SetBlocPledgeRequest request;
    for (const std::string& given : line.Values("--criterion")) {
      const std::vector<std::string> parts = absl::StrSplit(given, absl::MaxSplits(':', 3));
      v1::BlocCriterion* c = request.add_criteria();
      int weight = 0, max_score = 0;
      if (parts.size() != 4 || !absl::SimpleAtoi(parts[1], &weight) || !absl::SimpleAtoi(parts[2], &max_score)) {
        err << "tdktctl bloc pledge-set: --criterion cần MÃ:TRỌNG_SỐ:ĐIỂM_TỐI_ĐA:TÊN\n";
        return kExitUsage;
      }
      c->set_code(parts[0]);
      c->set_weight(weight);
      c->set_max_score(max_score);
      c->set_name_vi(parts[3]);
    }
    return Change<v1::SetBlocPledgeRequest, v1::SetBlocPledgeResponse>(session, name, bloc_id, request,
                                                                       &v1::BlocService::Stub::SetBlocPledge, out, err);
  }
  if (name == "sign") {
    absl::StatusOr<std::string> id = org("--member");
    if (!id.ok()) return Failed("bloc sign", id.status(), err);
    v1::SignBlocPledgeRequest request;
    request.set_member_org_id(*id);
    return Change<v1::SignBlocPledgeRequest, v1::SignBlocPledgeResponse>(session, name, bloc_id, request,
                                                                         &v1::BlocService::Stub::SignBlocPledge, out, err);
  }
  if (name == "score") {
    v1::ScoreBlocMemberRequest request;
    absl::StatusOr<std::string> scorer = org("--scorer"), scored = org("--scored");
    if (!scorer.ok()) return Failed("bloc score", scorer.status(), err);
    if (!scored.ok()) return Failed("bloc score", scored.status(), err);
    request.set_scorer_org_id(*scorer);
    request.set_scored_org_id(*scored);
    for (const std::string& given : line.Values("--score")) {
      const std::vector<std::string> parts = absl::StrSplit(given, absl::MaxSplits('=', 1));
      int score = 0;
      if (parts.size() != 2 || !absl::SimpleAtoi(parts[1], &score)) {
        err << "tdktctl bloc score: --score cần MÃ_TIÊU_CHÍ=ĐIỂM\n";
        return kExitUsage;
      }
      v1::CriterionScore* s = request.add_scores();
      s->set_criterion_code(parts[0]);
      s->set_score(score);
    }
    return Change<v1::ScoreBlocMemberRequest, v1::ScoreBlocMemberResponse>(
        session, name, bloc_id, request, &v1::BlocService::Stub::ScoreBlocMember, out, err);
  }
  v1::CloseBlocScoringRequest request;
  return Change<v1::CloseBlocScoringRequest, v1::CloseBlocScoringResponse>(
      session, name, bloc_id, request, &v1::BlocService::Stub::CloseBlocScoring, out, err);
}

}  // namespace

Subcommand BlocSubcommand() {
  return {"bloc", "khối thi đua, giao ước và chấm điểm: create | sign | score | close | ranking …", kBlocHelp, Run};
}

}  // namespace tdkt::tdktctl
