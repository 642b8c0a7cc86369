#pragma once
// The campaign subcommands of tdktctl (gRPC to tdkt-campaign, 127.0.0.1:7105; --campaign ADDR or
// TDKT_CAMPAIGN_ADDR say otherwise), with the global options of online_client.h:
//
//   tdktctl campaigns list --user nv.tinh [--year 2024] [--org PT-DONGTAN]   campaigns I may read
//   tdktctl campaigns show --user vp.dongtan <campaign id | plan id>         rounds, targets, due dates, registrations
//   tdktctl register --user vt.dongtan.thdt <campaign id | plan id> --org PT-DONGTAN-THDT
//       --name "Trường Tiểu học Đồng Tân" [--individual | --household] --award TAP_THE_LDTT [--award …]
//       [--pledge "…"]                                                      prints whether it is late
//
// `register` sends the same request id for the same registration, so running it again answers the first result.
// Exit codes: 0 done; 1 a call failed (one line on stderr); 2 bad usage.
#include <ostream>
#include <string>
#include <vector>

namespace tdkt::tdktctl {

int RunCampaignsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunRegisterCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace tdkt::tdktctl
